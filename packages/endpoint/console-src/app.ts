import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { Role } from '@rescuekit/schema';
import { Api, ApiError } from './api.js';
import { atLeast, explain, type Ctx } from './context.js';
import { forgetKey, isConsoleKey, loadKey, saveKey } from './session.js';
import { pickLang, strings, type Lang, type Strings } from './strings.js';

type Me = { kind: 'person'; person: { id: string; campaign: string; role: Role; label: string | null } } | { kind: 'admin' } | { kind: 'team'; campaign: string };
type Screen = 'busy' | 'join' | 'signin' | 'home';
type ViewName = 'cash' | 'approvals' | 'fundraisers' | 'people' | 'page' | 'share' | 'onboard' | 'tree' | 'server';

const GONE: Record<string, keyof Strings> = { invite_used: 'inviteUsed', invite_expired: 'inviteExpired', invite_revoked: 'inviteRevoked' };

/**
 * The console: joins by invite link (the code read from the fragment, then wiped from the address
 * bar), signs in with a pasted key, and shows only the screens the key's role may use.
 */
export class ConsoleApp extends LitElement {
  static override properties = {
    screen: { state: true },
    view: { state: true },
    ctx: { state: true },
    news: { state: true },
    problem: { state: true },
    canShare: { state: true },
  };
  declare screen: Screen;
  declare view: ViewName;
  declare ctx: Ctx | undefined;
  declare news: string;
  declare problem: string;
  declare canShare: boolean;
  private readonly locale: Lang = pickLang(location.search, navigator.languages);
  private readonly t: Strings = strings(this.locale);
  /** The invite code, held in memory only once it is out of the address bar. */
  private code: string | undefined;

  constructor() {
    super();
    this.screen = 'busy';
    this.view = 'cash';
    this.news = '';
    this.problem = '';
    this.canShare = false;
  }

  protected override createRenderRoot(): HTMLElement {
    this.replaceChildren(); // the page's no-script message
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = this.locale;
    document.title = this.t.title;
    if (/\/join$/.test(location.pathname)) {
      const code = location.hash.slice(1);
      // At once, before anything else can read or log the address: the code is a credential.
      history.replaceState(null, '', location.pathname + location.search);
      this.code = code || undefined;
      if (!this.code) this.problem = this.t.joinNoCode;
      this.show('join');
      return;
    }
    const saved = loadKey();
    if (saved) void this.signIn(saved.key, saved.remember, true);
    else this.show('signin');
  }

  private status = (text: string) => ((this.problem = ''), (this.news = text));
  private alert = (text: string) => ((this.news = ''), (this.problem = text));

  private show(screen: Screen, view: ViewName = 'cash'): void {
    this.screen = screen;
    this.view = view;
    document.title = screen === 'home' && this.ctx ? `${this.t.views[view]} · ${this.ctx.title} · ${this.t.title}` : this.t.title;
    void this.updateComplete.then(async () => {
      // A screen may hold screens of its own: its heading is there once they have rendered.
      await Promise.all([...this.querySelectorAll('main > *')].map((el) => (el as Partial<LitElement>).updateComplete));
      const target = screen === 'home' ? this.querySelector<HTMLElement>('main h2') : this.querySelector<HTMLElement>('main h1');
      target?.focus();
    });
  }

  /** Checks `key` (who it is, its campaign), keeps it and opens the console; `joined`: the role just taken by invite. */
  private async signIn(key: string, remember: boolean, saved: boolean, joined?: Role): Promise<void> {
    this.screen = 'busy';
    const probe = new Api(key);
    try {
      const me = await probe.json<Me>('GET', '/v1/people/me');
      if (me.kind === 'admin') throw new ApiError({ status: 401, code: 'admin', detail: '' });
      const campaign = me.kind === 'person' ? me.person.campaign : me.campaign;
      const progress = await probe.json<{ title: string; currency: string; allies?: number; alliesAtRisk?: number }>('GET', `/v1/campaigns/${encodeURIComponent(campaign)}`);
      saveKey({ key, remember });
      const api = new Api(key, () => this.revoked());
      // A view's late answer after sign-out must not speak over the sign-out's own message.
      const ctx: Ctx = {
        api, lang: this.locale, t: this.t, campaign, title: progress.title, currency: progress.currency,
        allies: { counted: progress.allies ?? 0, atRisk: progress.alliesAtRisk ?? 0 },
        role: me.kind === 'person' ? me.person.role : 'treasurer', personId: me.kind === 'person' ? me.person.id : undefined,
        status: (text) => this.ctx === ctx && this.status(text),
        alert: (text) => this.ctx === ctx && this.alert(text),
      };
      this.ctx = ctx;
      if (joined) this.status(this.t.joined(this.t.roles[joined], progress.title));
      else this.news = this.problem = '';
      // The share panel appears where the server offers the campaign's pack; a lead who just joined
      // starts there (the team's welcome pack), everyone else on the cash screen.
      const pack = api.json('GET', `/v1/campaigns/${encodeURIComponent(campaign)}/pack`).then(() => (this.canShare = true), () => false);
      this.show('home', joined === 'lead' && (await pack) ? 'share' : 'cash');
    } catch (e) {
      const refused = e instanceof ApiError && e.problem.status === 401;
      if (refused || !saved) forgetKey();
      this.alert(e instanceof ApiError && e.problem.code === 'admin' ? this.t.adminKey : refused ? (saved ? this.t.revoked : this.t.keyRefused) : explain(this.t, e));
      this.show('signin');
    }
  }

  private revoked(): void {
    forgetKey();
    this.ctx = undefined;
    this.canShare = false;
    this.alert(this.t.revoked);
    this.show('signin');
  }

  private signOut(): void {
    forgetKey();
    this.ctx = undefined;
    this.canShare = false;
    this.status(this.t.signedOut);
    this.show('signin');
  }

  private async onJoin(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const remember = (this.querySelector('#remember') as HTMLInputElement).checked;
    this.screen = 'busy';
    try {
      const taken = await new Api(undefined).json<{ key: string; person: { role: Role } }>('POST', '/v1/invites/accept', { code: this.code });
      this.code = undefined;
      // Kept before anything else can fail: the invite is spent, and this key is the only way back in.
      saveKey({ key: taken.key, remember });
      history.replaceState(null, '', location.pathname.replace(/join$/, '') + location.search);
      await this.signIn(taken.key, remember, true, taken.person.role);
    } catch (err) {
      const code = err instanceof ApiError ? err.problem.code : '';
      const known = GONE[code];
      this.alert(known ? (this.t[known] as string) : code === 'invite_not_found' || code === 'invalid_request' ? this.t.inviteNotFound : explain(this.t, err));
      if (known || code === 'invite_not_found') this.code = undefined;
      this.show('join');
    }
  }

  private onSignIn(e: SubmitEvent): void {
    e.preventDefault();
    const input = this.querySelector('#key') as HTMLInputElement;
    const key = input.value.trim();
    if (!isConsoleKey(key)) {
      input.setAttribute('aria-invalid', 'true');
      this.alert(this.t.keyShape);
      input.focus();
      return;
    }
    void this.signIn(key, (this.querySelector('#remember') as HTMLInputElement).checked, false);
  }

  protected override render(): TemplateResult {
    const { t, ctx } = this;
    const who = ctx && t.whoAmI(ctx.personId ? t.roles[ctx.role] : t.teamKey, ctx.title);
    return html`
      <header class="top">
        <p class="brand">${t.title}</p>
        ${this.screen === 'join' ? nothing : html`<a class="lang" href=${t.langSwitchHref} lang=${this.locale === 'ko' ? 'en' : 'ko'}>${t.langSwitch}</a>`}
        ${this.screen === 'home' && ctx ? html`<p class="who">${who}</p><button type="button" class="secondary" @click=${this.signOut}>${t.signOut}</button>` : nothing}
      </header>
      ${this.screen === 'home' && ctx ? this.nav(ctx) : nothing}
      <main>
        ${this.heading()}
        <p role="status" class="status">${this.news}</p>
        <div role="alert" class="alert">${this.problem}</div>
        ${this.body()}
      </main>
    `;
  }

  private nav(ctx: Ctx): TemplateResult {
    const views: ViewName[] = ['cash'];
    // A lead reviews its team's fundraiser pages there; cash waits for an organiser.
    if (atLeast(ctx.role, 'lead') && ctx.personId) views.push('approvals', 'fundraisers', 'people', 'page');
    if (this.canShare) views.push('share');
    if (atLeast(ctx.role, 'organiser') && ctx.personId) views.push('onboard', 'tree', 'server');
    if (views.length < 2) return html``;
    return html`<nav aria-label=${this.t.nav}>
      <ul>
        ${views.map((v) => html`<li><button type="button" aria-current=${this.view === v ? 'page' : 'false'} @click=${() => ((this.news = this.problem = ''), this.show('home', v))}>${this.t.views[v]}</button></li>`)}
      </ul>
    </nav>`;
  }

  private heading(): TemplateResult | typeof nothing {
    const { t, ctx } = this;
    if (this.screen === 'busy') return nothing;
    if (this.screen === 'join') return html`<h1 tabindex="-1">${t.joinTitle}</h1>`;
    if (this.screen === 'signin' || !ctx) return html`<h1 tabindex="-1">${t.signInTitle}</h1>`;
    // Monthly Allies, and those whose card failed while Stripe retries it: the number a lead may still save.
    const { counted, atRisk } = ctx.allies;
    return html`<h1>${ctx.title}</h1>${counted ? html`<p class="allies">${t.allies(counted, atRisk)}</p>` : nothing}`;
  }

  private body(): TemplateResult {
    const { t, ctx } = this;
    if (this.screen === 'busy') return html`<p class="hint">${t.loading}</p>`;
    if (this.screen === 'join') {
      return html`${this.code
          ? html`<p>${t.joinIntro}</p>
              <form @submit=${this.onJoin}>
                ${this.rememberBox()}
                <button type="submit" class="big">${t.joinButton}</button>
              </form>`
          : html`<p><button type="button" class="secondary" @click=${() => ((this.problem = ''), this.show('signin'))}>${t.signInInstead}</button></p>`}`;
    }
    if (this.screen === 'signin' || !ctx) {
      // A key kept from before that could not be checked (the server was out of reach): try it again.
      const kept = loadKey();
      return html`${kept ? html`<p><button type="button" class="big" @click=${() => this.signIn(kept.key, kept.remember, true)}>${t.retry}</button></p>` : nothing}
        <form @submit=${this.onSignIn} novalidate>
          <label for="key">${t.keyLabel}</label>
          <input id="key" type="password" autocomplete="off" spellcheck="false" aria-describedby="key-hint" @input=${(e: Event) => (e.target as HTMLElement).removeAttribute('aria-invalid')} />
          <p id="key-hint" class="hint">${t.signInIntro}</p>
          ${this.rememberBox()}
          <button type="submit" class="big">${t.signIn}</button>
        </form>`;
    }
    const view =
      this.view === 'approvals' ? html`<rk-approvals .ctx=${ctx}></rk-approvals>`
      : this.view === 'fundraisers' ? html`<rk-fundraisers .ctx=${ctx}></rk-fundraisers>`
      : this.view === 'people' ? html`<rk-people .ctx=${ctx}></rk-people>`
      : this.view === 'page' ? html`<rk-page .ctx=${ctx} @rk-renamed=${(e: CustomEvent<string>) => ((ctx.title = e.detail), this.requestUpdate())}></rk-page>`
      : this.view === 'share' ? html`<rk-share .ctx=${ctx}></rk-share>`
      : this.view === 'onboard' ? html`<rk-onboard .ctx=${ctx}></rk-onboard>`
      : this.view === 'tree' ? html`<rk-tree .ctx=${ctx}></rk-tree>`
      : this.view === 'server' ? html`<rk-server .ctx=${ctx}></rk-server>`
      : html`<div class="cash"><rk-record .ctx=${ctx} @rk-recorded=${() => this.querySelector<HTMLElement & { load(): void }>('rk-ledger')?.load()}></rk-record><rk-ledger .ctx=${ctx}></rk-ledger></div>`;
    return view;
  }

  private rememberBox(): TemplateResult {
    return html`<div class="check">
        <input type="checkbox" id="remember" aria-describedby="remember-hint" />
        <label for="remember">${this.t.remember}</label>
      </div>
      <p id="remember-hint" class="hint">${this.t.rememberHint}</p>`;
  }
}
