import { LitElement, html, nothing, type PropertyDeclarations } from 'lit';
import { DEFAULT_FEE_RATES, STRIPE_MAXIMUM_CHARGE, formatMoney, parseMoney, quoteGift, stripeMinimumCharge, type FeeRate, type UiMode } from '@rescuekit/schema';
import { amountRadios } from './amount-radios.js';
import type { Gift } from './checkout/checkout-client.js';
import { CheckoutController, checkoutStatus, isProblem } from './checkout/checkout-controller.js';
import { checkoutDialog } from './checkout/checkout-modal.js';
import type { CheckoutStrings } from './checkout/checkout.strings.js';
import type { CustomAmountProblem, GiftStrings } from './gift.strings.js';
import { resolveLocale } from './locale.js';

/** Attribute converter: space- or comma-separated positive integers (minor units). */
export const minorList = { fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0) };
const int = { fromAttribute: (v: string | null) => (v != null && /^\d+$/.test(v.trim()) ? Number(v) : undefined) };

/** What the donor has chosen, priced: the chosen gift, its exact cover-fees amount, the total charged. */
export interface Quote {
  money(n: number): string;
  amount?: number | undefined;
  fee?: number | undefined;
  total?: number | undefined;
  /** Why the typed amount is not a gift (shown once typed, or after Give). */
  problem?: CustomAmountProblem | undefined;
}

/** What an element adds to the amount to make a gift: the frequency and its own fields. */
export type GiftExtras = Pick<Gift, 'frequency' | 'tribute' | 'email'>;

/**
 * The giving form <nine-lives-picker> and <monthly-ally-signup> share: amount
 * presets (a radiogroup) plus a custom amount, cover-fees with the exact fee,
 * the Give button, the status line, the no-JS fallback and the checkout modal,
 * all on the one {@link CheckoutController}. Subclasses render their own words
 * around {@link amountFields} and add fields through {@link extras}.
 */
export class GiftForm extends LitElement {
  // `static properties`, not decorators: same API, no decorator helpers in the bundle. `attribute: false`
  // beside `state: true` only keeps the manifest analyzer from listing internal state as attributes.
  static override properties: PropertyDeclarations = {
    _choice: { state: true, attribute: false },
    _custom: { state: true, attribute: false },
    _cover: { state: true, attribute: false },
    _checked: { state: true, attribute: false },
    endpoint: {},
    campaign: {},
    currency: {},
    feePercentBps: { attribute: 'fee-percent-bps', converter: int },
    feeFixed: { attribute: 'fee-fixed', converter: int },
    mode: {},
    publishableKey: { attribute: 'publishable-key' },
  };

  declare endpoint?: string;
  declare campaign?: string;
  /** Campaign currency (attribute `currency`), default `usd`. */
  declare currency: string;
  declare feePercentBps?: number | undefined;
  declare feeFixed?: number | undefined;
  declare mode?: UiMode | undefined;
  declare publishableKey?: string | undefined;
  /** The checked preset, or `custom` while the donor types an amount. */
  declare protected _choice: number | 'custom';
  declare protected _custom: string;
  declare protected _cover: boolean;
  /** Give was pressed: show every field's problem. */
  declare protected _checked: boolean;

  /** The checkout path (state, modal, events). `checkout.state` may be set to render a state (stories, docs). */
  readonly checkout = new CheckoutController(this);

  constructor() {
    super();
    this.currency = 'usd';
    this._custom = '';
    this._cover = false;
    this._checked = false;
  }

  /** The presets offered, minor units; the first is preselected. */
  protected get presets(): readonly number[] {
    return [];
  }

  /** The rest of the gift, or the selector of the first field the donor must fix. */
  protected extras(): GiftExtras | string {
    return { frequency: 'once' };
  }

  override willUpdate(): void {
    const p = this.presets;
    if (this._choice != 'custom' && !p.includes(this._choice)) this._choice = p[0] ?? 'custom';
  }

  /** The fee rate shown and sent: the attribute pair, else the schema's default for the currency. */
  get feeRate(): FeeRate | undefined {
    const { feePercentBps: p, feeFixed: f } = this;
    return p != null && f != null && p < 10_000 ? { percentBps: p, fixed: f } : DEFAULT_FEE_RATES[this.currency];
  }

  /** The chosen gift in minor units, or why the typed amount is not one. */
  protected gift(locale: string): { amount: number } | { problem: CustomAmountProblem } {
    if (this._choice != 'custom') return { amount: this._choice };
    const r = parseMoney(this._custom, this.currency, locale);
    if (!r.ok) return { problem: r.reason };
    if (r.amount < (stripeMinimumCharge(this.currency) ?? 1)) return { problem: 'too-small' };
    return r.amount > STRIPE_MAXIMUM_CHARGE ? { problem: 'too-large' } : { amount: r.amount };
  }

  protected quote(locale: string): Quote {
    const gift = this.gift(locale);
    const rate = this.feeRate;
    const amount = 'amount' in gift ? gift.amount : undefined;
    const fee = amount && rate ? quoteGift(amount, rate, true).fee : undefined;
    const problem = 'problem' in gift && (this._checked || gift.problem != 'empty') ? gift.problem : undefined;
    return { money: (n) => formatMoney(n, this.currency, locale), amount, fee, total: amount && (this._cover && fee ? amount + fee : amount), problem };
  }

  /** Label, presets and the custom amount with its message. */
  protected amountFields(t: GiftStrings, q: Quote, locale: string) {
    const { problem, money } = q;
    // prettier-ignore
    return html`<p id="al">${t.amountLabel}</p>
${amountRadios({ amounts: this.presets, selected: this._choice == 'custom' ? undefined : this._choice, currency: this.currency, locale, labelledby: 'al', onSelect: (a) => (this._choice = a) })}
<div class="field"><label for="custom">${t.other}</label><input id="custom" part="custom" type="text" inputmode="decimal" autocomplete="off" .value=${this._custom}
  aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'custom-msg' : nothing} @input=${this.#typed} @focus=${this.#typed}>
  ${problem ? html`<p id="custom-msg" class="msg">${t.customProblem(problem, money(stripeMinimumCharge(this.currency) ?? 1), money(STRIPE_MAXIMUM_CHARGE))}</p>` : nothing}</div>`;
  }

  /** The cover-fees checkbox, when there is a fee to cover. */
  protected coverFeesField(t: GiftStrings, q: Quote) {
    return q.fee
      ? html`<label><input type="checkbox" part="cover-fees" .checked=${this._cover} @change=${(e: Event) => (this._cover = (e.target as HTMLInputElement).checked)}>${t.coverFees(q.money(q.fee))}</label>`
      : nothing;
  }

  protected giveButton(label: string) {
    const busy = this.checkout.busy ? 'true' : 'false';
    return html`<div><button part="give" aria-disabled=${busy} aria-busy=${busy} aria-describedby="status">${this.checkout.busy ? html`<span class="spin"></span>` : nothing}${label}</button></div>`;
  }

  /** The form around `content`, with the status line, the fallback slot on failure, and the checkout modal. */
  protected form(content: unknown, ct: CheckoutStrings, locale: string) {
    const c = this.checkout;
    // prettier-ignore
    return html`<form part="base" novalidate @submit=${this.#submit} aria-labelledby="t">${content}
<div id="status">${checkoutStatus(c, ct, locale)}</div>${isProblem(c.state) ? html`<slot></slot>` : nothing}</form>${checkoutDialog(ct)}`;
  }

  #typed = (e: Event) => {
    const v = (e.target as HTMLInputElement).value;
    if (e.type == 'focus' && !v) return; // focusing an empty box keeps the preset
    this._custom = v;
    this._choice = 'custom';
  };

  #submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (this.checkout.busy) return;
    this._checked = true;
    const root = this.renderRoot;
    const gift = this.gift(resolveLocale(this));
    const extras = 'amount' in gift ? this.extras() : '#custom';
    if (typeof extras == 'string' || !('amount' in gift)) return void root.querySelector<HTMLElement>(extras as string)?.focus();
    const rate = this.feeRate;
    const coverFees = this._cover && !!rate;
    const total = coverFees ? quoteGift(gift.amount, rate!, true).total : gift.amount;
    void this.checkout.give({ campaign: this.campaign ?? '', amount: gift.amount, currency: this.currency, coverFees, ...extras }, total, root.querySelector<HTMLElement>('[part=give]') ?? undefined);
  };
}
