import { html, nothing, type PropertyValues } from 'lit';
import { defineElement } from '../base/define.js';
import { GiftForm, minorList, type GiftExtras } from '../giving/gift-form.js';
import { localize } from '../i18n/locale.js';
import { strings, type EmailProblem, type SignupStrings } from './monthly-ally-signup.strings.js';
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
 * million"). When the campaign has an Allies goal (its progress's `alliesGoal`, or the
 * `allies-goal` attribute) the counter reads "1,204 of 25 million Allies" (the goal in the
 * locale's compact words) over a bar, a `progressbar` with that sentence as its value text. Give runs the same checkout path as every giving element with
 * `frequency: "monthly"`: Stripe.js loads only then, Embedded Checkout opens
 * in a modal (redirect to Stripe's hosted page with `mode="redirect"` or
 * without a publishable key). Anonymous: no donor name is asked for or shown.
 * "Manage my giving" links to the endpoint's configured `manageGivingUrl`
 * (Stripe's customer-portal login) and is hidden when there is none. Right after
 * giving, the tab that gave also offers "Manage this gift" (`POST /v1/portal`).
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
 * @attr {number} allies-goal - How many monthly Allies the counter counts toward (a positive whole number); overrides the progress's `alliesGoal`.
 * @attr tiers - Monthly tiers in minor units, space-separated. Default `900 2500 5000 10000` ($9 preselected: the first).
 * @attr fee-percent-bps - Cover-fees rate, percent part in basis points (290 = 2.9 %); with `fee-fixed`.
 * @attr fee-fixed - Cover-fees rate, fixed part in minor units (30 = $0.30). Default: the schema's rate for the currency.
 * @attr {'embedded' | 'redirect'} mode - `redirect` always uses Stripe's hosted page. Default: embedded when a publishable key is known.
 * @attr publishable-key - Stripe publishable key for Embedded Checkout (or `<meta name="rescuekit:publishable-key">`).
 * @attr lang - Locale for words and money, from the nearest `[lang]` or `<html lang>`, followed live
 *   (`en`, `ko`, or a language added with `registerStrings`).
 *
 * @csspart base - The form.
 * @csspart allies - The ally counter (empty while loading or when progress is unavailable).
 * @csspart allies-bar - The Allies goal's bar (`role=progressbar`), shown when there is a goal.
 * @csspart allies-fill - Its fill (a sliver at least, once there is one Ally: a 25 million goal is far away).
 * @csspart manage - The "Manage my giving" link.
 * @csspart amounts - The tier radiogroup.
 * @csspart amount - One tier (`role=radio`).
 * @csspart custom - The custom amount input.
 * @csspart email - The email input.
 * @csspart cover-fees - The cover-fees checkbox.
 * @csspart give - The Give button.
 * @csspart status - The live status line (loading, rate-limited, not-configured, invalid, error, thanks).
 * @csspart fallback-link - The campaign's Stripe Payment Link in the status line, offered when checkout cannot be created (5xx, timeout, unreachable).
 * @csspart manage-gift - After a monthly gift from this tab, within the hour: the group of its three actions.
 * @csspart manage-portal - "Manage this gift": Stripe's Customer Portal for this gift's customer.
 * @csspart manage-card - "Update payment method".
 * @csspart manage-cancel - "Cancel monthly gift".
 * @csspart manage-note - Why the portal did not open (refused, or Stripe unreachable).
 * @csspart dialog - The checkout modal (`<dialog>`).
 * @csspart checkout - Where Stripe's Embedded Checkout mounts.
 * @csspart close - The modal's close button.
 *
 * @cssproperty [--accent=var(--rescue-color-accent, #b3261e)] - Give button, checked tier, checkboxes.
 * @cssproperty [--on-accent=var(--rescue-color-on-accent, #fff)] - Text on the accent.
 * @cssproperty [--rescue-color-surface=#fff] - Global token: the surface the widget sits on; inputs and the checkout dialog paint it.
 * @cssproperty [--rescue-color-on-surface=#1f1f1f] - Global token: text on the surface (the widget's own text inherits the page's unless set).
 * @cssproperty [--rescue-color-error=#b3261e] - Global token: messages and invalid fields (>= 4.5:1 on the surface).
 * @cssproperty [--rescue-color-border=#767676] - Global token: input borders (>= 3:1 on the surface).
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=0.5rem] - Global token: corner radius.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 * @cssproperty [--rescue-impact-lines=0] - Lines kept under each tier for the campaign's impact lines, which arrive with its
 *   progress after the first paint: set it (per width, in a media query) to the lines the longest one takes when the campaign
 *   writes `impact`, and nothing moves when they come. Set above 0 (or once lines show), a narrow card puts presets two to a row.
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
    alliesGoal: { attribute: 'allies-goal', type: Number },
  };

  /** Monthly tiers in minor units (attribute `tiers`); the first is preselected. */
  declare tiers: number[];
  /** How many Allies the counter counts toward (attribute `allies-goal`); default: the progress's `alliesGoal`. */
  declare alliesGoal?: number | undefined;
  declare private _email: string;
  /** The donor left the email field: show its problem. */
  declare private _left: boolean;

  constructor() {
    super();
    this.tiers = [900, 2500, 5000, 10000];
    this._email = '';
    this._left = false;
  }

  /** The bar's fill, 0–1, written through CSSOM after render (a strict CSP blocks style attributes). */
  #fill = 0;

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

  protected override words(): [string, SignupStrings] {
    return localize(this, 'monthly-ally-signup', strings);
  }

  override render() {
    const [locale, t] = this.words();
    const q = this.quote(locale);
    const p = this.progress;
    const problem = this._checked || (this._left && this._email) ? this.#emailProblem() : undefined;
    const refused = !problem && this.refusedFor('email');
    const num = (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o).format(n);
    const compact = (n: number) => num(n, { notation: 'compact', compactDisplay: 'long' });
    const own = this.alliesGoal;
    const goal = Number.isSafeInteger(own) && own! > 0 ? own : p?.alliesGoal;
    const counter = !p ? '' : goal ? t.alliesOf(p.allies, num(p.allies), compact(goal)) : t.allies(p.allies, num(p.allies), compact(ALLIES_GOAL));
    // A sliver once there is one Ally: 1,204 of 25 million would not show at all.
    this.#fill = p && goal ? Math.min(1, p.allies > 0 ? Math.max(p.allies / goal, 0.005) : 0) : 0;
    // prettier-ignore
    return this.form(html`<h2 id="t">${t.title}</h2><p>${t.intro}</p>
<p class="line"><span part="allies">${counter}</span>${p?.manageGivingUrl ? html`<a part="manage" href=${p.manageGivingUrl}>${t.manage}</a>` : nothing}${p && goal
  ? html`<span part="allies-bar" role="progressbar" aria-label=${t.alliesBar} aria-valuemin="0" aria-valuemax=${goal} aria-valuenow=${Math.min(p.allies, goal)} aria-valuetext=${counter}><span part="allies-fill"></span></span>`
  : nothing}</p>`, html`
${this.amountFields(t, q, locale)}
<div class="field"><label for="email">${t.email}</label><input id="email" part="email" type="email" required maxlength="254" autocomplete="email" spellcheck="false" .value=${this._email}
  aria-invalid=${problem || refused ? 'true' : 'false'} aria-describedby=${problem ? 'email-msg email-note' : refused ? 'status email-note' : 'email-note'}
  @input=${(e: Event) => (this._email = (e.target as HTMLInputElement).value)} @blur=${() => (this._left = true)}>
  <p id="email-msg" class="msg err" aria-live="polite">${problem ? t.emailProblem(problem) : ''}</p><p id="email-note" class="note">${t.emailNote}</p></div>
${this.coverFeesField(t, q)}`, t.give(q.total ? q.money(q.total) : undefined, true), t, locale);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.renderRoot.querySelector<HTMLElement>('[part=allies-fill]')?.style.setProperty('--_p', this.#fill + '');
  }
}

/** Registers the element as `name` (default `monthly-ally-signup`); does nothing if that name is taken. */
export function defineMonthlyAllySignup(name = 'monthly-ally-signup'): CustomElementConstructor {
  return defineElement(name, MonthlyAllySignup);
}
