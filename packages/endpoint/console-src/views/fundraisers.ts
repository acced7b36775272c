import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FundraiserInfo } from '@rescuekit/schema';
import { copyText, explain } from '../context.js';
import { FundraiserActions } from './fundraiser-actions.js';

/** Whether the public sees the page: the schema's `isPublicState`, whose module would bring its validators into the bundle. */
const isPublic = (p: FundraiserInfo): boolean => p.state === 'approved' || p.state === 'closed';

/**
 * Every supporter page under the signed-in campaign, newest first: its state, what it raised of its
 * goal, its public page once it is public; take it down, or make its owner a new link (the old one
 * stops working), shown once with Copy.
 */
export class FundraisersView extends FundraiserActions {
  static override properties = { pages: { state: true }, made: { state: true } };
  declare pages: FundraiserInfo[] | undefined;
  /** The owner's link just made, for the page `id`. */
  declare made: { id: string; url: string } | undefined;
  protected readonly scope = 'pages';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const { fundraisers } = await this.ctx.api.json<{ fundraisers: FundraiserInfo[] }>('GET', `/v1/fundraisers?under=${encodeURIComponent(this.ctx.campaign)}`);
      this.pages = [...fundraisers].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    } catch (e) {
      this.ctx.alert(explain(this.ctx.t, e));
    }
  }

  /** The card stays, in its new state; the focus goes to its name. */
  protected async decided(_before: FundraiserInfo, after: FundraiserInfo): Promise<void> {
    this.pages = this.pages?.map((p) => (p.id === after.id ? after : p));
    if (this.made?.id === after.id) this.made = undefined;
    await this.updateComplete;
    this.querySelector<HTMLElement>(`#${this.idOf(after, 'h')}`)?.focus();
  }

  protected override async linked(page: FundraiserInfo, url: string): Promise<void> {
    this.made = { id: page.id, url };
    await this.updateComplete;
    this.querySelector<HTMLInputElement>('#pages-link')?.focus();
  }

  private async copy(): Promise<void> {
    const { t } = this.ctx;
    if (this.made && (await copyText(this.made.url))) this.ctx.status(t.copied);
    else {
      this.querySelector<HTMLInputElement>('#pages-link')?.select();
      this.ctx.alert(t.copyFailed);
    }
  }

  protected override render(): TemplateResult {
    const { t } = this.ctx;
    const pages = this.pages;
    return html`<section aria-labelledby="pages-h">
      <h2 id="pages-h" tabindex="-1">${t.frAllTitle}</h2>
      <p class="hint">${t.frAllIntro}</p>
      ${pages === undefined
        ? html`<p class="hint">${t.loading}</p>`
        : pages.length === 0
          ? html`<p class="empty">${t.frAllEmpty}</p>`
          : html`<ul class="cards fr-list">${repeat(pages, (p) => p.id, (p) => this.card(p))}</ul>`}
      ${this.dialog()}
    </section>`;
  }

  private card(p: FundraiserInfo): TemplateResult {
    const { t } = this.ctx;
    const open = this.idOf(p, 'open');
    return html`<li class=${`card fr-card ${p.state}`}>
      <div class="card-head">
        <h3 id=${this.idOf(p, 'h')} tabindex="-1" dir="auto">${p.displayName}</h3>
        <span class=${`badge ${p.state}`}>${t.frStates[p.state]}</span>
        ${p.proposed ? html`<span class="badge pending">${t.frEdits}</span>` : nothing}
      </div>
      ${this.facts(p, { raised: true })}
      <details><summary>${t.frStory}</summary><p class="story" dir="auto">${p.story}</p></details>
      ${isPublic(p)
        ? html`<p><a id=${open} href=${p.url} target="_blank" rel="noopener" aria-labelledby=${`${open} ${this.idOf(p, 'h')}`}>${t.frOpenPage}</a></p>`
        : nothing}
      <div class="actions">
        ${p.state === 'taken_down' ? nothing : this.button(p, 'take-down', t.frTakeDown, t.frTakingDown, () => void this.ask('take-down', p))}
        ${this.button(p, 'link', t.frNewLink, t.frNewLinkBusy, () => void this.ask('link', p))}
      </div>
      ${this.made?.id === p.id
        ? html`<div class="made">
            <label for="pages-link">${t.frLinkLabel}</label>
            <div class="copy-row">
              <input id="pages-link" readonly .value=${this.made.url} aria-describedby="pages-link-once" @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
              <button type="button" @click=${this.copy}>${t.copy}</button>
            </div>
            <p id="pages-link-once" class="hint">${t.frLinkOnce}</p>
          </div>`
        : nothing}
      ${this.error(p)}
    </li>`;
  }
}
