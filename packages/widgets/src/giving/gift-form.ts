import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { DEFAULT_FEE_RATES, formatAmount, parseMoney, quoteGift, type FeeRate } from '@rescuekit/schema';
import { amountRadios } from './amount-radios.js';
import type { Gift } from './checkout/checkout-client.js';
import { ManageGift } from './checkout/manage.js';
import type { AmountProblem } from './checkout/checkout.strings.js';
import type { GiftStrings } from './gift.strings.js';
import { GivingElement } from './giving-element.js';
import { impactLine } from './giving-progress.js';

/** Attribute converter: space- or comma-separated positive integers (minor units). */
export const minorList = { fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0) };
const int = { fromAttribute: (v: string | null) => (v != null && /^\d+$/.test(v.trim()) ? Number(v) : undefined) };

/** What the donor has chosen, priced: the chosen gift, its exact cover-fees amount, the total charged. */
export interface Quote {
  money(n: number): string;
  amount?: number | undefined;
  fee?: number | undefined;
  total?: number | undefined;
  /** Why the chosen amount is not a gift (shown once typed, or after Give). */
  problem?: AmountProblem | undefined;
}

/** What an element adds to the amount to make a gift: the frequency and its own fields. */
export type GiftExtras = Pick<Gift, 'frequency' | 'tribute' | 'email'>;

/**
 * The giving form <nine-lives-picker> and <monthly-ally-signup> share, on the giving base:
 * amount presets (a radiogroup) plus a custom amount, both held to the campaign's limits,
 * cover-fees with the exact fee, and the form around them. Subclasses render their own words
 * around {@link amountFields} and add fields through {@link extras}.
 */
export abstract class GiftForm extends GivingElement {
  // `attribute: false` beside `state: true` only keeps the manifest analyzer from listing internal state as attributes.
  static override properties: PropertyDeclarations = {
    _choice: { state: true, attribute: false },
    _custom: { state: true, attribute: false },
    _cover: { state: true, attribute: false },
    _checked: { state: true, attribute: false },
    feePercentBps: { attribute: 'fee-percent-bps', converter: int },
    feeFixed: { attribute: 'fee-fixed', converter: int },
  };

  declare feePercentBps?: number | undefined;
  declare feeFixed?: number | undefined;
  /** The checked preset, or `custom` while the donor types an amount. */
  declare protected _choice: number | 'custom';
  declare protected _custom: string;
  declare protected _cover: boolean;
  /** Give was pressed: show every field's problem. */
  declare protected _checked: boolean;

  constructor() {
    super();
    this._custom = '';
    this._cover = false;
    this._checked = false;
  }

  /** The element's locale and words (its own table, which includes the shared ones). */
  protected abstract words(): [locale: string, words: GiftStrings];

  /** The rest of the gift, or the selector of the first field the donor must fix. */
  protected extras(): GiftExtras | string {
    return { frequency: 'once' };
  }

  override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const p = this.presets;
    if (this._choice != 'custom' && !p.includes(this._choice)) this._choice = p[0] ?? 'custom';
    // A changed gift is asked about again on the next Give.
    const c = changed as Map<string, unknown>;
    if (c.has('_choice') || c.has('_custom') || c.has('_cover')) this._offer = undefined;
  }

  /** The fee rate shown and sent: the attribute pair, else the schema's default for the currency. */
  override get feeRate(): FeeRate | undefined {
    const { feePercentBps: p, feeFixed: f } = this;
    return p != null && f != null && p < 10_000 ? { percentBps: p, fixed: f } : DEFAULT_FEE_RATES[this.currency];
  }

  /** The chosen gift in minor units, or why it is not one (typed wrong, or outside the campaign's limits). */
  protected gift(locale: string): { amount: number } | { problem: AmountProblem } {
    let amount = this._choice;
    if (amount == 'custom') {
      const r = parseMoney(this._custom, this.currency, locale);
      if (!r.ok) return { problem: r.reason };
      amount = r.amount;
    }
    const problem = this.outOfRange(amount);
    return problem ? { problem } : { amount };
  }

  protected quote(locale: string): Quote {
    const gift = this.gift(locale);
    const rate = this.feeRate;
    const amount = 'amount' in gift ? gift.amount : undefined;
    const fee = amount && rate ? quoteGift(amount, rate, true).fee : undefined;
    const problem = 'problem' in gift && (this._checked || gift.problem != 'empty') ? gift.problem : undefined;
    return { money: (n) => formatAmount(n, this.currency, locale), amount, fee, total: amount && (this._cover && fee ? amount + fee : amount), problem };
  }

  /**
   * True when the endpoint refused the last Give for one of `fields` (`amount`, `email`, …):
   * that input is marked invalid and described by the status line, which says why.
   */
  protected refusedFor(...fields: string[]): boolean {
    const c = this.checkout;
    return c.state == 'invalid' && fields.includes(c.field!);
  }

  /**
   * Label, presets and the custom amount. An amount problem sits under the custom amount and
   * marks (`aria-invalid`, `aria-describedby`) the control holding the choice: the input, or the
   * radiogroup when a preset is outside the campaign's limits.
   */
  protected amountFields(t: GiftStrings, q: Quote, locale: string) {
    const { problem } = q;
    const custom = this._choice == 'custom';
    const server = !problem && this.refusedFor('amount');
    const invalid = (mine: boolean) => (mine && (problem || server) ? 'true' : 'false');
    const describedby = (mine: boolean) => (!mine ? nothing : problem ? 'custom-msg' : server ? 'status' : nothing);
    // prettier-ignore
    return html`<p id="al">${t.amountLabel}</p>
${amountRadios({ amounts: this.presets, selected: this._choice == 'custom' ? undefined : this._choice, currency: this.currency, locale, labelledby: 'al', invalid: invalid(!custom), describedby: describedby(!custom), impact: (a) => impactLine(this.progress, a, locale), onSelect: (a) => (this.checkout.clear(), (this._choice = a)) })}
<div class="field"><label for="custom">${t.other}</label><input id="custom" part="custom" type="text" inputmode="decimal" autocomplete="off" .value=${this._custom}
  aria-invalid=${invalid(custom)} aria-describedby=${describedby(custom)} @input=${this.#typed} @focus=${this.#typed}>
  <p id="custom-msg" class="msg err">${problem ? this.amountText(t, problem, locale) : ''}</p></div>`;
  }

  /** The cover-fees checkbox, when there is a fee to cover. */
  protected coverFeesField(t: GiftStrings, q: Quote) {
    return q.fee
      ? html`<label><input type="checkbox" part="cover-fees" .checked=${this._cover} @change=${(e: Event) => (this._cover = (e.target as HTMLInputElement).checked)}>${t.coverFees(q.money(q.fee))}</label>`
      : nothing;
  }

  /**
   * The form: `head` (title, intro, …), then unless the gift is done `fields`, the Give button and
   * the anonymity note under it, then the status line (its room, held for a message, is the card's foot
   * rather than a gap under Give; once done: the thanks and "manage this gift" for a monthly gift from
   * this tab); then the checkout dialog. Any edit clears an
   * old problem message.
   */
  protected form(head: unknown, fields: unknown, give: string, t: GiftStrings, locale: string) {
    const clear = () => this.checkout.clear();
    const done = this.checkout.state == 'thanks';
    // prettier-ignore
    return html`<form part="base" novalidate @submit=${this.#submit} @input=${clear} @change=${clear} aria-labelledby="t">${head}
${done ? nothing : html`${fields}<div>${this.giveButton(give, undefined, t, locale)}</div><p class="note">${t.anonymous}</p>`}${this.status(t, locale)}${done ? this.#manage.render(t, this.checkout.session) : nothing}</form>${this.dialog(t)}`;
  }

  #manage = new ManageGift(this);

  #typed = (e: Event) => {
    const v = (e.target as HTMLInputElement).value;
    if (e.type == 'focus' && !v) return; // focusing an empty box keeps the preset
    this._custom = v;
    this._choice = 'custom';
  };

  #submit = (e: SubmitEvent) => {
    e.preventDefault();
    if (this.checkout.busy) return;
    this.checkout.clear();
    this._checked = true;
    const root = this.renderRoot;
    const gift = this.gift(this.words()[0]);
    const extras = 'amount' in gift ? this.extras() : this._choice == 'custom' ? '#custom' : '[aria-checked=true]';
    if (typeof extras == 'string' || !('amount' in gift)) return void root.querySelector<HTMLElement>(extras as string)?.focus();
    const rate = this.feeRate;
    const coverFees = this._cover && !!rate;
    const total = coverFees ? quoteGift(gift.amount, rate!, true).total : gift.amount;
    this.give({ campaign: this.campaign ?? '', amount: gift.amount, currency: this.currency, coverFees, ...extras }, total, root.querySelector<HTMLElement>('[part=give]') ?? undefined);
  };
}
