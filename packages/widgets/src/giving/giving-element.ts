import { LitElement, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DEFAULT_FEE_RATES, formatAmount, giftLimits, monthlyOffer, quoteGift, type FeeRate, type Progress, type UiMode } from '@rescuekit/schema';
import type { Gift } from './checkout/checkout-client.js';
import { CheckoutController, isProblem } from './checkout/checkout-controller.js';
import { checkoutDialog } from './checkout/checkout-modal.js';
import type { AmountProblem, CheckoutStrings } from './checkout/checkout.strings.js';
import { watchLang } from '../i18n/locale.js';
import { GIVING_PROGRESS, httpsLink } from './giving-progress.js';
import { ProgressFeed } from '../feed/progress-feed.js';

/** A one-time gift held while the donor answers the monthly upsell, and the monthly amount offered. */
interface Offer {
  gift: Gift;
  total: number;
  monthly: number;
}

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
    fallbackLink: { attribute: 'fallback-link' },
    progress: { attribute: false },
    _offer: { state: true, attribute: false },
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
   * A Stripe Payment Link (https) offered when checkout cannot be created: the endpoint answers 5xx, times
   * out or cannot be reached (attribute `fallback-link`). The campaign's own `fallbackPaymentLink`, from its
   * progress, comes first; this one is for when progress never loads.
   */
  declare fallbackLink?: string | undefined;
  /**
   * The campaign's progress (`GET {endpoint}/v1/campaigns/{campaign}`), read when `campaign` is
   * set: its `minAmount`/`maxAmount` are checked before checkout is called. `undefined` while
   * loading, `null` when it could not be read (giving still works; the endpoint checks again).
   * Set it to supply the data yourself.
   */
  declare progress: Progress | null | undefined;

  /** The checkout path (state, modal, events). `checkout.state` may be set to render a state (stories, docs). */
  readonly checkout = new CheckoutController(this);
  #feed: ProgressFeed<Progress, 'progress'> = new ProgressFeed(this, 'progress', GIVING_PROGRESS, (p) => {
    // A failed refresh keeps what was read (or set) before.
    if (p || !this.progress) this.progress = p ?? null;
  });
  /** The monthly upsell step is showing for this one-time gift. */
  declare protected _offer: Offer | undefined;
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
    return giftLimits({ currency: this.currency, minAmount: p?.minAmount, maxAmount: p?.maxAmount });
  }

  /** Why `amount` is outside the limits, if it is. */
  protected outOfRange(amount: number): AmountProblem | undefined {
    const [min, max] = this.limits();
    return amount < min ? 'too-small' : amount > max ? 'too-large' : undefined;
  }

  /** The words for an amount problem, with the limits formatted. */
  protected amountText(t: CheckoutStrings, problem: AmountProblem, locale: string): string {
    const money = (n: number) => formatAmount(n, this.currency, locale);
    const [min, max] = this.limits();
    return t.amountProblem(problem, money(min), money(max));
  }

  /** The fee rate cover-fees adds: the schema's default for the currency (the picker's attributes may set another). */
  get feeRate(): FeeRate | undefined {
    return DEFAULT_FEE_RATES[this.currency];
  }

  /** Presets the monthly upsell may offer besides the campaign's own (the element's amount buttons). */
  protected get presets(): readonly number[] {
    return [];
  }

  /**
   * Starts checkout for `gift`, or refuses it here (`invalid` at `amount`) when the amount is outside
   * the limits. A one-time gift first shows the monthly upsell step when the campaign enables it
   * and an offer fits (see `monthlyOffer`).
   */
  protected give(gift: Gift, total: number, opener?: HTMLElement): void {
    this.checkout.clear();
    const problem = (this.#refused = this.outOfRange(gift.amount));
    const rule = this.progress?.currency == this.currency ? this.progress.upsell : undefined;
    const monthly = !problem && gift.frequency == 'once' && !gift.upsell && rule?.monthly ? monthlyOffer(gift.amount, this.currency, rule, this.presets, this.limits()[0]) : undefined;
    if (problem) this.checkout.refuse(gift, total, 'amount');
    else if (monthly) {
      this._offer = { gift, total, monthly };
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part~=upsell-yes]')?.focus());
    } else void this.checkout.give(gift, total, opener);
  }

  /** The donor answered the upsell: give monthly (the offer, fees covered as chosen) or once, as chosen. */
  async #answer(yes: boolean): Promise<void> {
    if (!this._offer) return; // a second press before the step went away
    const { gift, total, monthly } = this._offer;
    const rate = this.feeRate;
    this._offer = undefined;
    await this.updateComplete;
    const opener = this.renderRoot.querySelector<HTMLElement>('[part~=give]') ?? undefined;
    opener?.focus();
    if (!yes) return this.give({ ...gift, upsell: 'declined' }, total, opener);
    const cover = gift.coverFees && rate;
    this.give({ ...gift, amount: monthly, frequency: 'monthly', upsell: 'accepted', upsellFrom: gift.amount }, cover ? quoteGift(monthly, rate, true).total : monthly, opener);
  }

  /** The upsell step, in place of the Give button: a named group, Yes first; Escape answers No. */
  #upsellStep(t: CheckoutStrings, o: Offer, locale: string) {
    const money = (n: number) => formatAmount(n, this.currency, locale);
    const esc = (e: KeyboardEvent) => e.key == 'Escape' && (e.preventDefault(), void this.#answer(false));
    // prettier-ignore
    return html`<div part="upsell" role="group" aria-labelledby="up-t" @keydown=${esc}><p id="up-t">${t.upsellAsk(money(o.monthly))}</p>
<button part="upsell-yes" type="button" @click=${() => this.#answer(true)}>${t.upsellYes(money(o.monthly))}</button><button part="upsell-no" type="button" @click=${() => this.#answer(false)}>${t.upsellNo(money(o.gift.amount))}</button></div>`;
  }

  /**
   * The Give button: a submit button in a form, or a plain one calling `onClick`. Busy while checkout
   * opens. While the monthly upsell is asked, the upsell step stands in its place.
   */
  protected giveButton(label: string, onClick?: (e: Event) => void, t?: CheckoutStrings, locale?: string) {
    if (this._offer && t) return this.#upsellStep(t, this._offer, locale!);
    const busy = this.checkout.busy ? 'true' : 'false';
    // prettier-ignore
    return html`<button part="give" type=${onClick ? 'button' : 'submit'} aria-disabled=${busy} aria-busy=${busy} aria-describedby="status" @click=${onClick}>${this.checkout.busy ? html`<span class="spin"></span>` : nothing}${label}</button>`;
  }

  /**
   * The status line: a polite live region, always rendered so announcements are heard, holding
   * the one message of the moment (a new one replaces the old); a problem brings the no-JS
   * fallback link (the default slot) beside it. When the endpoint could not take the checkout,
   * the campaign's Payment Link (else the `fallback-link` attribute's) is offered in a new tab,
   * the next stop after Give for the keyboard.
   */
  protected status(t: CheckoutStrings, locale: string) {
    const c = this.checkout;
    const s = c.state;
    const problem = isProblem(s);
    const link = s == 'error' && c.unreachable ? [this.progress?.fallbackPaymentLink, this.fallbackLink].find(httpsLink) : undefined;
    const text =
      s == 'loading' ? t.loading
      : s == 'rate-limited' ? t.rateLimited(c.retryAfter, (c.retryAfter ?? 0).toLocaleString(locale))
      : s == 'not-configured' ? t.notConfigured
      : s == 'invalid' ? (c.field == 'amount' && this.#refused ? this.amountText(t, this.#refused, locale) : t.invalid(c.field))
      : s == 'error' ? (link ? t.fallback : t.error)
      : s == 'thanks' ? t.thanks
      : '';
    // prettier-ignore
    return html`<p part="status" id="status" class=${problem ? 'err' : ''} role="status">${text}${link ? html` <a part="fallback-link" href=${link} target="_blank" rel="noopener">${t.fallbackLink}</a>` : nothing}${problem ? html` <slot></slot>` : nothing}</p>`;
  }

  /** The checkout dialog (render once). */
  protected dialog(t: CheckoutStrings) {
    return checkoutDialog(t);
  }
}
