import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { STRIPE_MAXIMUM_CHARGE, formatMoney, stripeMinimumCharge, type Progress, type UiMode } from '@rescuekit/schema';
import type { Gift } from './checkout/checkout-client.js';
import { CheckoutController, isProblem } from './checkout/checkout-controller.js';
import { checkoutDialog } from './checkout/checkout-modal.js';
import type { AmountProblem, CheckoutStrings } from './checkout/checkout.strings.js';
import { watchLang } from './locale.js';
import { ProgressFeed } from './progress-feed.js';

/**
 * The internal base of every giving element (<nine-lives-picker>, <monthly-ally-signup>,
 * <rescue-donate-button>): the endpoint, campaign and currency, the campaign's progress (read
 * once through the shared progress feed: its amount rules, the ally counter), the checkout path,
 * the Give button, the one status line and the checkout dialog, and `lang` followed live.
 * Subclasses render their own fields around these pieces.
 */
export class GivingElement extends LitElement {
  // `static properties`, not decorators: same API, no decorator helpers in the bundle.
  static override properties: PropertyDeclarations = {
    endpoint: {},
    campaign: {},
    currency: {},
    mode: {},
    publishableKey: { attribute: 'publishable-key' },
    progress: { attribute: false },
  };

  /** Base URL of the rescuekit endpoint (attribute `endpoint`). */
  declare endpoint?: string;
  /** Campaign id (attribute `campaign`). */
  declare campaign?: string;
  /** Campaign currency (attribute `currency`), default `usd`. */
  declare currency: string;
  /** `redirect` forces Stripe's hosted page (attribute `mode`). */
  declare mode?: UiMode | undefined;
  /** Stripe publishable key for Embedded Checkout (attribute `publishable-key`). */
  declare publishableKey?: string | undefined;
  /**
   * The campaign's progress (`GET {endpoint}/v1/campaigns/{campaign}`), read when `campaign` is
   * set: its `minAmount`/`maxAmount` are checked before checkout is called. `undefined` while
   * loading, `null` when it could not be read (giving still works; the endpoint checks again).
   * Set it to supply the data yourself.
   */
  declare progress: Progress | null | undefined;

  /** The checkout path (state, modal, events). `checkout.state` may be set to render a state (stories, docs). */
  readonly checkout = new CheckoutController(this);
  #feed = new ProgressFeed(this, (p) => {
    // A failed refresh keeps what was read (or set) before.
    if (p || !this.progress) this.progress = p ?? null;
  });
  /** The element refused the last Give for its amount: shown in the status line. */
  #refused?: AmountProblem | undefined;

  constructor() {
    super();
    this.currency = 'usd';
    watchLang(this);
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('campaign') || changed.has('endpoint')) && !changed.has('progress')) this.#feed.start();
  }

  /** The smallest and largest gift: the campaign's `minAmount`/`maxAmount` (from its progress) within Stripe's limits. */
  protected limits(): [min: number, max: number] {
    const p = this.progress?.currency == this.currency ? this.progress : undefined;
    return [Math.max(p?.minAmount ?? 1, stripeMinimumCharge(this.currency) ?? 1), Math.min(p?.maxAmount ?? STRIPE_MAXIMUM_CHARGE, STRIPE_MAXIMUM_CHARGE)];
  }

  /** Why `amount` is outside the limits, if it is. */
  protected outOfRange(amount: number): AmountProblem | undefined {
    const [min, max] = this.limits();
    return amount < min ? 'too-small' : amount > max ? 'too-large' : undefined;
  }

  /** The words for an amount problem, with the limits formatted. */
  protected amountText(t: CheckoutStrings, problem: AmountProblem, locale: string): string {
    const money = (n: number) => formatMoney(n, this.currency, locale);
    const [min, max] = this.limits();
    return t.amountProblem(problem, money(min), money(max));
  }

  /** Starts checkout for `gift`, or refuses it here (`invalid` at `amount`) when the amount is outside the limits. */
  protected give(gift: Gift, total: number, opener?: HTMLElement): void {
    this.checkout.clear();
    const problem = (this.#refused = this.outOfRange(gift.amount));
    if (problem) this.checkout.refuse(gift, total, 'amount');
    else void this.checkout.give(gift, total, opener);
  }

  /** The Give button: a submit button in a form, or a plain one calling `onClick`. Busy while checkout opens. */
  protected giveButton(label: string, onClick?: (e: Event) => void) {
    const busy = this.checkout.busy ? 'true' : 'false';
    // prettier-ignore
    return html`<button part="give" type=${onClick ? 'button' : 'submit'} aria-disabled=${busy} aria-busy=${busy} aria-describedby="status" @click=${onClick}>${this.checkout.busy ? html`<span class="spin"></span>` : nothing}${label}</button>`;
  }

  /**
   * The status line: a polite live region, always rendered so announcements are heard, holding
   * the one message of the moment (a new one replaces the old); a problem brings the no-JS
   * fallback link (the default slot) beside it.
   */
  protected status(t: CheckoutStrings, locale: string) {
    const c = this.checkout;
    const s = c.state;
    const problem = isProblem(s);
    const text =
      s == 'loading' ? t.loading
      : s == 'rate-limited' ? t.rateLimited(c.retryAfter, (c.retryAfter ?? 0).toLocaleString(locale))
      : s == 'not-configured' ? t.notConfigured
      : s == 'invalid' ? (c.field == 'amount' && this.#refused ? this.amountText(t, this.#refused, locale) : t.invalid(c.field))
      : s == 'error' ? t.error
      : s == 'thanks' ? t.thanks
      : '';
    // prettier-ignore
    return html`<p part="status" id="status" class=${problem ? 'err' : ''} role="status">${text}${problem ? html` <slot></slot>` : nothing}</p>`;
  }

  /** The checkout dialog (render once). */
  protected dialog(t: CheckoutStrings) {
    return checkoutDialog(t);
  }
}
