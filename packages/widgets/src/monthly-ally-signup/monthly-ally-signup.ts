import { html, nothing, type PropertyValues } from 'lit';
import type { Progress } from '@rescuekit/schema';
import { checkoutStrings } from '../shared/checkout/checkout.strings.js';
import { defineElement } from '../shared/define.js';
import { resolveEndpoint } from '../shared/endpoint.js';
import { GiftForm, minorList, type GiftExtras } from '../shared/gift-form.js';
import { resolveLocale, translate } from '../shared/locale.js';
import { parseProgress } from '../shared/progress.js';
import { strings, type EmailProblem } from './monthly-ally-signup.strings.js';
import { styles } from './monthly-ally-signup.styles.js';

/** The movement's aim: one Ally for every North Korean. */
const ALLIES_GOAL = 25_000_000;
/** The shape CheckoutRequest's `email` accepts (mirrored: zod itself is too big for the bundle). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Recurring giving: a donor becomes a monthly "Ally". Monthly tiers or a
 * custom amount, an email for Stripe's receipts (sent to Stripe only, never
 * shown), cover-the-fees with the exact amount, and the ally counter read from
 * the campaign's progress ("12 Allies — one for every North Korean is 25
 * million"). Give runs the same checkout path as every giving element with
 * `frequency: "monthly"`: Stripe.js loads only then, Embedded Checkout opens
 * in a modal (redirect to Stripe's hosted page with `mode="redirect"` or
 * without a publishable key). Anonymous: no donor name is asked for or shown.
 * "Manage my giving" links to the endpoint's configured `manageGivingUrl`
 * (Stripe's customer-portal login) and is hidden when there is none.
 *
 * @summary Monthly Ally signup: tiers and custom amount, email, cover-fees, ally counter, manage link, Stripe Checkout.
 *
 * @customElement monthly-ally-signup
 *
 * @slot - No-JS fallback, e.g. `<a href="https://…/allies">Become an Ally</a>`; shown again when checkout fails.
 *
 * @attr endpoint - Base URL of the rescuekit endpoint (default: `setDefaultEndpoint()`, then `<meta name="rescuekit:endpoint">`).
 * @attr campaign - Campaign id, e.g. `the-hundred`; the ally counter and manage link come from its progress.
 * @attr currency - Lower-case ISO 4217 code of the campaign. Default `usd`.
 * @attr tiers - Monthly tiers in minor units, space-separated. Default `900 2500 5000 10000` ($9 preselected: the first).
 * @attr fee-percent-bps - Cover-fees rate, percent part in basis points (290 = 2.9 %); with `fee-fixed`.
 * @attr fee-fixed - Cover-fees rate, fixed part in minor units (30 = $0.30). Default: the schema's rate for the currency.
 * @attr {'embedded' | 'redirect'} mode - `redirect` always uses Stripe's hosted page. Default: embedded when a publishable key is known.
 * @attr publishable-key - Stripe publishable key for Embedded Checkout (or `<meta name="rescuekit:publishable-key">`).
 * @attr lang - Locale for words, numbers and money, inherited from the nearest `[lang]` (`en`, `ko`).
 *
 * @csspart base - The form.
 * @csspart allies - The ally counter (empty while loading or when progress is unavailable).
 * @csspart manage - The "Manage my giving" link.
 * @csspart amounts - The tier radiogroup.
 * @csspart amount - One tier (`role=radio`).
 * @csspart custom - The custom amount input.
 * @csspart email - The email input.
 * @csspart cover-fees - The cover-fees checkbox.
 * @csspart give - The Give button.
 * @csspart status - The live status line (loading, rate-limited, not-configured, invalid, error, thanks).
 * @csspart dialog - The checkout modal (`<dialog>`).
 * @csspart checkout - Where Stripe's Embedded Checkout mounts.
 * @csspart close - The modal's close button.
 *
 * @cssproperty [--accent=var(--rescue-color-accent, #b3261e)] - Give button, checked tier, checkboxes.
 * @cssproperty [--on-accent=var(--rescue-color-on-accent, #fff)] - Text on the accent.
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=0.5rem] - Global token: corner radius.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 *
 * @fires {RescueGiveStartEvent} rescue-give-start - Give pressed; `detail` = campaign, amount, currency, frequency (`monthly`), coverFees, total. Never the email.
 * @fires {RescueCheckoutOpenEvent} rescue-checkout-open - Checkout showing (`mode: embedded`) or the page is leaving for it (`redirect`).
 * @fires {RescueCheckoutCompleteEvent} rescue-checkout-complete - Checkout finished, or the page is a return with `session_id`.
 * @fires {RescueCheckoutErrorEvent} rescue-checkout-error - Checkout could not start; `detail.reason`, `detail.field`.
 */
export class MonthlyAllySignup extends GiftForm {
  static override styles = styles;
  static override properties = {
    _email: { state: true, attribute: false },
    _left: { state: true, attribute: false },
    tiers: { converter: minorList },
    progress: { attribute: false },
  };

  /** Monthly tiers in minor units (attribute `tiers`); the first is preselected. */
  declare tiers: number[];
  /**
   * The campaign's progress (`GET {endpoint}/v1/campaigns/{campaign}`), fetched
   * when `campaign` is set; `undefined` while loading, `null` when it could not
   * be read (the counter hides; signing up still works). Set it to supply the
   * data yourself.
   */
  declare progress: Progress | null | undefined;
  declare private _email: string;
  /** The donor left the email field: show its problem. */
  declare private _left: boolean;
  #abort?: AbortController | undefined;

  constructor() {
    super();
    this.tiers = [900, 2500, 5000, 10000];
    this._email = '';
    this._left = false;
  }

  protected override get presets(): readonly number[] {
    return this.tiers;
  }

  #emailProblem(): EmailProblem | undefined {
    const v = this._email.trim();
    return !v ? 'empty' : v.length > 254 || !EMAIL.test(v) ? 'invalid' : undefined;
  }

  protected override extras(): GiftExtras | string {
    return this.#emailProblem() ? '#email' : { frequency: 'monthly', email: this._email.trim() };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && this.progress === undefined) this.#load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort?.abort();
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('campaign') || changed.has('endpoint')) && !changed.has('progress')) this.#load();
  }

  /** Reads the campaign's progress for the counter and the manage link; a failure only hides them. */
  async #load(): Promise<void> {
    this.#abort?.abort();
    if (!this.campaign) return;
    const { signal } = (this.#abort = new AbortController());
    try {
      const res = await fetch(`${resolveEndpoint(this, this.endpoint)}/v1/campaigns/${encodeURIComponent(this.campaign)}`, { signal });
      const p = res.ok ? parseProgress(await res.json()) : undefined;
      if (!signal.aborted) this.progress = p ?? null;
    } catch {
      if (!signal.aborted) this.progress = null;
    }
  }

  override render() {
    const locale = resolveLocale(this);
    const t = translate(strings, locale);
    const q = this.quote(locale);
    const p = this.progress;
    const problem = this._checked || (this._left && this._email) ? this.#emailProblem() : undefined;
    const num = (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o).format(n);
    // prettier-ignore
    return this.form(html`<h2 id="t">${t.title}</h2><p>${t.intro}</p>
<p class="line"><span part="allies">${p ? t.allies(p.allies, num(p.allies), num(ALLIES_GOAL, { notation: 'compact', compactDisplay: 'long' })) : ''}</span>${p?.manageGivingUrl ? html`<a part="manage" href=${p.manageGivingUrl}>${t.manage}</a>` : nothing}</p>
${this.checkout.state == 'thanks' ? nothing : html`
${this.amountFields(t, q, locale)}
<div class="field"><label for="email">${t.email}</label><input id="email" part="email" type="email" required maxlength="254" autocomplete="email" spellcheck="false" .value=${this._email}
  aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'email-msg email-note' : 'email-note'}
  @input=${(e: Event) => (this._email = (e.target as HTMLInputElement).value)} @blur=${() => (this._left = true)}>
  <p id="email-msg" class="msg" aria-live="polite">${problem ? t.emailProblem(problem) : ''}</p><p id="email-note" class="note">${t.emailNote}</p></div>
${this.coverFeesField(t, q)}
${this.giveButton(t.give(q.total ? q.money(q.total) : undefined, true))}
<p class="note">${t.anonymous}</p>`}`, { ...translate(checkoutStrings, locale), thanks: t.thanks }, locale);
  }
}

/** Registers the element as `name` (default `monthly-ally-signup`); does nothing if that name is taken. */
export function defineMonthlyAllySignup(name = 'monthly-ally-signup'): CustomElementConstructor {
  return defineElement(name, MonthlyAllySignup);
}
