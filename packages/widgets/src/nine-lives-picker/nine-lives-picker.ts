import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { formatMoney, parseMoney } from '@rescuekit/schema';
import { amountRadios } from '../shared/amount-radios.js';
import { CheckoutController, checkoutStatus, isProblem } from '../shared/checkout/checkout-controller.js';
import { checkoutDialog } from '../shared/checkout/checkout-modal.js';
import { checkoutStrings } from '../shared/checkout/checkout.strings.js';
import { DEFAULT_FEE_RATES, STRIPE_MAXIMUM_CHARGE, quoteGift, stripeMinimumCharge, type FeeRate, type Frequency, type UiMode } from '@rescuekit/schema';
import { defineElement } from '../shared/define.js';
import { resolveLocale, translate } from '../shared/locale.js';
import { strings, type CustomAmountProblem } from './nine-lives-picker.strings.js';
import { styles } from './nine-lives-picker.styles.js';

const minorList = { fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0) };
const int = { fromAttribute: (v: string | null) => (v != null && /^\d+$/.test(v.trim()) ? Number(v) : undefined) };

/**
 * The "9 Lives" ask: one dollar for each of nine lives a North Korean could be
 * living, $9 preselected, multiples or a custom amount, once (or monthly, with
 * the `monthly` attribute), cover-the-fees with the exact amount, an optional
 * tribute. Anonymous: there is no name field for the donor. Give loads
 * Stripe.js only then and opens Stripe Embedded Checkout in a modal (redirect
 * to Stripe's hosted page with `mode="redirect"` or without a publishable key).
 *
 * @summary The $9 ask: nine lives, amount presets and custom, cover-fees, tribute, Stripe Checkout.
 *
 * @customElement nine-lives-picker
 *
 * @slot - No-JS fallback, e.g. `<a href="https://…/give">Give $9</a>`; shown again when checkout fails.
 * @slot life-1 - Replaces the first life ("Trafficked"); likewise `life-2` … `life-9` ("Free").
 *
 * @attr endpoint - Base URL of the rescuekit endpoint (default: `setDefaultEndpoint()`, then `<meta name="rescuekit:endpoint">`).
 * @attr campaign - Campaign id, e.g. `the-hundred`.
 * @attr currency - Lower-case ISO 4217 code of the campaign. Default `usd`.
 * @attr amounts - Presets in minor units, space-separated. Default `900 2700 4500 9000` ($9 preselected: the first).
 * @attr {boolean} monthly - Offer "monthly" beside "once" (hidden by default until the monthly flow lands).
 * @attr fee-percent-bps - Cover-fees rate, percent part in basis points (290 = 2.9 %); with `fee-fixed`.
 * @attr fee-fixed - Cover-fees rate, fixed part in minor units (30 = $0.30). Default: the schema's rate for the currency.
 * @attr {'embedded' | 'redirect'} mode - `redirect` always uses Stripe's hosted page. Default: embedded when a publishable key is known.
 * @attr publishable-key - Stripe publishable key for Embedded Checkout (or `<meta name="rescuekit:publishable-key">`).
 * @attr lang - Locale for words and money, inherited from the nearest `[lang]` (`en`, `ko`).
 *
 * @csspart base - The form.
 * @csspart lives - The list of nine lives.
 * @csspart life - One life.
 * @csspart amounts - The preset radiogroup.
 * @csspart amount - One preset (`role=radio`).
 * @csspart custom - The custom amount input.
 * @csspart cover-fees - The cover-fees checkbox.
 * @csspart give - The Give button.
 * @csspart status - The live status line (loading, rate-limited, not-configured, error, thanks).
 * @csspart dialog - The checkout modal (`<dialog>`).
 * @csspart checkout - Where Stripe's Embedded Checkout mounts.
 * @csspart close - The modal's close button.
 *
 * @cssproperty [--accent=var(--rescue-color-accent, #b3261e)] - Give button, checked preset, checkboxes.
 * @cssproperty [--on-accent=var(--rescue-color-on-accent, #fff)] - Text on the accent.
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=0.5rem] - Global token: corner radius.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 *
 * @fires {RescueGiveStartEvent} rescue-give-start - Give pressed; `detail` = campaign, amount, currency, frequency, coverFees, total.
 * @fires {RescueCheckoutOpenEvent} rescue-checkout-open - Checkout showing (`mode: embedded`) or the page is leaving for it (`redirect`).
 * @fires {RescueCheckoutCompleteEvent} rescue-checkout-complete - Checkout finished, or the page is a return with `session_id`.
 * @fires {RescueCheckoutErrorEvent} rescue-checkout-error - Checkout could not start; `detail.reason`, `detail.field`.
 */
export class NineLivesPicker extends LitElement {
  static override styles = styles;
  // `static properties`, not decorators: same API, no decorator helpers in the bundle. `attribute: false`
  // beside `state: true` only keeps the manifest analyzer from listing internal state as attributes.
  static override properties = {
    _choice: { state: true, attribute: false },
    _custom: { state: true, attribute: false },
    _cover: { state: true, attribute: false },
    _tribute: { state: true, attribute: false },
    _checked: { state: true, attribute: false },
    endpoint: {},
    campaign: {},
    currency: {},
    amounts: { converter: minorList },
    monthly: { type: Boolean },
    feePercentBps: { attribute: 'fee-percent-bps', converter: int },
    feeFixed: { attribute: 'fee-fixed', converter: int },
    mode: {},
    publishableKey: { attribute: 'publishable-key' },
    frequency: {},
  };

  declare endpoint?: string;
  declare campaign?: string;
  /** Campaign currency (attribute `currency`), default `usd`. */
  declare currency: string;
  /** Presets in minor units (attribute `amounts`); the first is preselected. */
  declare amounts: number[];
  /** Show the once/monthly choice (attribute `monthly`). */
  declare monthly: boolean;
  declare feePercentBps?: number | undefined;
  declare feeFixed?: number | undefined;
  declare mode?: UiMode | undefined;
  declare publishableKey?: string | undefined;
  /** `once` (default) or `monthly`; `monthly` only takes effect while the `monthly` attribute is set. */
  declare frequency: Frequency;
  /** The checked preset, or `custom` while the donor types an amount. */
  declare private _choice: number | 'custom';
  declare private _custom: string;
  declare private _cover: boolean;
  /** Tribute: off, or its kind and name. */
  declare private _tribute: { kind: 'honour' | 'memory'; name: string } | undefined;
  /** Give was pressed: show every field's problem. */
  declare private _checked: boolean;

  /** The checkout path (state, modal, events). `checkout.state` may be set to render a state (stories, docs). */
  readonly checkout = new CheckoutController(this);

  constructor() {
    super();
    this.currency = 'usd';
    this.amounts = [900, 2700, 4500, 9000];
    this.monthly = false;
    this.frequency = 'once';
    this._custom = '';
    this._cover = false;
    this._checked = false;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('amounts') && (this._choice === undefined || (this._choice != 'custom' && !this.amounts.includes(this._choice)))) {
      this._choice = this.amounts[0] ?? 'custom';
    }
  }

  /** The fee rate shown and sent: the attribute pair, else the schema's default for the currency. */
  get feeRate(): FeeRate | undefined {
    const { feePercentBps: p, feeFixed: f } = this;
    return p != null && f != null && p < 10_000 ? { percentBps: p, fixed: f } : DEFAULT_FEE_RATES[this.currency];
  }

  /** The chosen gift in minor units, or why the typed amount is not one. */
  #gift(): { amount: number } | { problem: CustomAmountProblem } {
    if (this._choice != 'custom') return { amount: this._choice };
    const r = parseMoney(this._custom, this.currency, resolveLocale(this));
    if (!r.ok) return { problem: r.reason };
    if (r.amount < (stripeMinimumCharge(this.currency) ?? 1)) return { problem: 'too-small' };
    return r.amount > STRIPE_MAXIMUM_CHARGE ? { problem: 'too-large' } : { amount: r.amount };
  }

  override render() {
    const locale = resolveLocale(this);
    const t = translate(strings, locale);
    const ct = translate(checkoutStrings, locale);
    const c = this.checkout;
    const money = (n: number) => formatMoney(n, this.currency, locale);
    const gift = this.#gift();
    const rate = this.feeRate;
    const amount = 'amount' in gift ? gift.amount : undefined;
    const fee = amount && rate ? quoteGift(amount, rate, true).fee : undefined;
    const total = amount && (this._cover && fee ? amount + fee : amount);
    const monthly = this.monthly && this.frequency == 'monthly';
    const problem = 'problem' in gift && (this._checked || gift.problem != 'empty') ? gift.problem : undefined;
    const tributeMissing = this._checked && this._tribute && !this._tribute.name.trim();
    const busy = c.busy;
    // prettier-ignore
    return html`<form part="base" novalidate @submit=${this.#submit} aria-labelledby="t">
<h2 id="t">${t.title}</h2><p>${t.intro}</p>
<ol part="lives">${t.lives.map((life, i) => html`<li part="life"><slot name="life-${i + 1}">${life}</slot></li>`)}</ol>
${c.state == 'thanks' ? nothing : html`
<p id="al">${t.amountLabel}</p>
${amountRadios({ amounts: this.amounts, selected: this._choice == 'custom' ? undefined : this._choice, currency: this.currency, locale, labelledby: 'al', onSelect: (a) => (this._choice = a) })}
<div class="field"><label for="custom">${t.other}</label><input id="custom" part="custom" type="text" inputmode="decimal" autocomplete="off" .value=${this._custom}
  aria-invalid=${problem ? 'true' : 'false'} aria-describedby=${problem ? 'custom-msg' : nothing} @input=${this.#typed} @focus=${this.#typed}>
  ${problem ? html`<p id="custom-msg" class="msg">${t.customProblem(problem, money(stripeMinimumCharge(this.currency) ?? 1), money(STRIPE_MAXIMUM_CHARGE))}</p>` : nothing}</div>
${this.monthly ? html`<fieldset @change=${(e: Event) => (this.frequency = (e.target as HTMLInputElement).value as Frequency)}><legend>${t.frequency}</legend>
  <label><input type="radio" name="freq" value="once" .checked=${!monthly}>${t.once}</label><label><input type="radio" name="freq" value="monthly" .checked=${monthly}>${t.monthly}</label></fieldset>` : nothing}
${rate && fee ? html`<label><input type="checkbox" part="cover-fees" .checked=${this._cover} @change=${(e: Event) => (this._cover = (e.target as HTMLInputElement).checked)}>${t.coverFees(money(fee))}</label>` : nothing}
<label><input type="checkbox" .checked=${!!this._tribute} @change=${(e: Event) => (this._tribute = (e.target as HTMLInputElement).checked ? { kind: 'honour', name: '' } : undefined)}>${t.tribute}</label>
${this._tribute ? this.#tributeFields(t, !!tributeMissing) : nothing}
<div><button part="give" aria-disabled=${busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'} aria-describedby="status">${busy ? html`<span class="spin"></span>` : nothing}${t.give(total ? money(total) : undefined, monthly)}</button></div>
<p class="note">${t.anonymous}</p>`}
<div id="status">${checkoutStatus(c, ct, locale)}</div>${isProblem(c.state) ? html`<slot></slot>` : nothing}
</form>${checkoutDialog(ct)}`;
  }

  #tributeFields(t: (typeof strings)['en'], missing: boolean) {
    const tr = this._tribute!;
    // prettier-ignore
    return html`<fieldset @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v == 'honour' || v == 'memory') this._tribute = { ...tr, kind: v }; }}>
<legend class="sr">${t.tribute}</legend>
<label><input type="radio" name="tk" value="honour" .checked=${tr.kind == 'honour'}>${t.honour}</label><label><input type="radio" name="tk" value="memory" .checked=${tr.kind == 'memory'}>${t.memory}</label>
<div class="field"><label for="tn">${t.tributeName}</label><input id="tn" type="text" maxlength="80" autocomplete="off" .value=${tr.name}
  aria-invalid=${missing ? 'true' : 'false'} aria-describedby=${missing ? 'tn-msg' : nothing} @input=${(e: Event) => (this._tribute = { ...tr, name: (e.target as HTMLInputElement).value })}>
${missing ? html`<p id="tn-msg" class="msg">${t.tributeNameMissing}</p>` : nothing}</div></fieldset>`;
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
    const gift = this.#gift();
    const tr = this._tribute;
    const root = this.renderRoot;
    if (!('amount' in gift)) return void root.querySelector<HTMLElement>('#custom')?.focus();
    if (tr && !tr.name.trim()) return void root.querySelector<HTMLElement>('#tn')?.focus();
    const rate = this.feeRate;
    const coverFees = this._cover && !!rate;
    const frequency = this.monthly ? this.frequency : 'once';
    const total = coverFees ? quoteGift(gift.amount, rate!, true).total : gift.amount;
    const tribute = tr ? { kind: tr.kind, name: tr.name.trim() } : undefined;
    void this.checkout.give({ campaign: this.campaign ?? '', amount: gift.amount, currency: this.currency, frequency, coverFees, tribute }, total, root.querySelector<HTMLElement>('[part=give]') ?? undefined);
  };
}

/** Registers the element as `name` (default `nine-lives-picker`); does nothing if that name is taken. */
export function defineNineLivesPicker(name = 'nine-lives-picker'): CustomElementConstructor {
  return defineElement(name, NineLivesPicker);
}
