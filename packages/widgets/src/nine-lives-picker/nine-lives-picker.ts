import { html, nothing } from 'lit';
import type { Frequency } from '@rescuekit/schema';
import { defineElement } from '../base/define.js';
import { GiftForm, minorList, type GiftExtras } from '../giving/gift-form.js';
import { localize } from '../i18n/locale.js';
import { strings, type PickerStrings } from './nine-lives-picker.strings.js';
import { styles } from './nine-lives-picker.styles.js';

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
 * @attr {boolean} monthly - Offer "monthly" beside "once"; monthly gifts check out as a monthly Ally subscription
 *   (`frequency: "monthly"`), the same path as `<monthly-ally-signup>`.
 * @attr {'once' | 'monthly'} frequency - The preselected frequency while `monthly` is set. Default `once`.
 * @attr fee-percent-bps - Cover-fees rate, percent part in basis points (290 = 2.9 %); with `fee-fixed`.
 * @attr fee-fixed - Cover-fees rate, fixed part in minor units (30 = $0.30). Default: the schema's rate for the currency.
 * @attr {'embedded' | 'redirect'} mode - `redirect` always uses Stripe's hosted page. Default: embedded when a publishable key is known.
 * @attr publishable-key - Stripe publishable key for Embedded Checkout (or `<meta name="rescuekit:publishable-key">`).
 * @attr lang - Locale for words and money, from the nearest `[lang]` or `<html lang>`, followed live
 *   (`en`, `ko`, or a language added with `registerStrings`).
 *
 * @csspart base - The form.
 * @csspart lives - The list of nine lives.
 * @csspart life - One life.
 * @csspart amounts - The preset radiogroup.
 * @csspart amount - One preset (`role=radio`).
 * @csspart custom - The custom amount input.
 * @csspart cover-fees - The cover-fees checkbox.
 * @csspart give - The Give button.
 * @csspart upsell - The monthly upsell step (in place of Give, when the campaign enables it): the question and two buttons.
 * @csspart upsell-yes - "Yes, give $9 monthly".
 * @csspart upsell-no - "No, give $27 once".
 * @csspart impact - A preset's impact line (the campaign's `impact` text), under its amount.
 * @csspart status - The live status line (loading, rate-limited, not-configured, error, thanks).
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
 * @cssproperty [--accent=var(--rescue-color-accent, #b3261e)] - Give button, checked preset, checkboxes.
 * @cssproperty [--on-accent=var(--rescue-color-on-accent, #fff)] - Text on the accent.
 * @cssproperty [--rescue-color-surface=#fff] - Global token: the surface the widget sits on; inputs and the checkout dialog paint it.
 * @cssproperty [--rescue-color-on-surface=#1f1f1f] - Global token: text on the surface (the widget's own text inherits the page's unless set).
 * @cssproperty [--rescue-color-error=#b3261e] - Global token: messages and invalid fields (>= 4.5:1 on the surface).
 * @cssproperty [--rescue-color-border=#767676] - Global token: input borders (>= 3:1 on the surface).
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=0.5rem] - Global token: corner radius.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 * @cssproperty [--rescue-impact-lines=0] - Lines kept under each preset for the campaign's impact lines, which arrive with its
 *   progress after the first paint: set it (per width, in a media query) to the lines the longest one takes when the campaign
 *   writes `impact`, and nothing moves when they come. Set above 0 (or once lines show), a narrow card puts presets two to a row.
 *
 * @fires {RescueGiveStartEvent} rescue-give-start - Give pressed; `detail` = campaign, amount, currency, frequency, coverFees, total, and `upsell` (`accepted`/`declined`) when the monthly upsell was asked.
 * @fires {RescueCheckoutOpenEvent} rescue-checkout-open - Checkout showing (`mode: embedded`) or the page is leaving for it (`redirect`).
 * @fires {RescueCheckoutCompleteEvent} rescue-checkout-complete - Checkout finished, or the page is a return with `session_id`.
 * @fires {RescueCheckoutErrorEvent} rescue-checkout-error - Checkout could not start; `detail.reason`, `detail.field`.
 */
export class NineLivesPicker extends GiftForm {
  static override styles = styles;
  static override properties = {
    _tribute: { state: true, attribute: false },
    amounts: { converter: minorList },
    monthly: { type: Boolean },
    frequency: {},
  };

  /** Presets in minor units (attribute `amounts`); the first is preselected. */
  declare amounts: number[];
  /** Show the once/monthly choice (attribute `monthly`). */
  declare monthly: boolean;
  /** `once` (default) or `monthly`; `monthly` only takes effect while the `monthly` attribute is set. */
  declare frequency: Frequency;
  /** Tribute: off, or its kind and name. */
  declare private _tribute: { kind: 'honour' | 'memory'; name: string } | undefined;

  constructor() {
    super();
    this.amounts = [900, 2700, 4500, 9000];
    this.monthly = false;
    this.frequency = 'once';
  }

  protected override get presets(): readonly number[] {
    return this.amounts;
  }

  protected override extras(): GiftExtras | string {
    const tr = this._tribute;
    if (tr && !tr.name.trim()) return '#tn';
    return { frequency: this.monthly ? this.frequency : 'once', tribute: tr && { kind: tr.kind, name: tr.name.trim() } };
  }

  protected override words(): [string, PickerStrings] {
    return localize(this, 'nine-lives-picker', strings);
  }

  override render() {
    const [locale, t] = this.words();
    const q = this.quote(locale);
    const monthly = this.monthly && this.frequency == 'monthly';
    const tr = this._tribute;
    const tributeMissing = this._checked && tr && !tr.name.trim();
    // prettier-ignore
    return this.form(html`<h2 id="t">${t.title}</h2><p>${t.intro}</p>
<ol part="lives">${t.lives.map((life, i) => html`<li part="life"><slot name="life-${i + 1}">${life}</slot></li>`)}</ol>`, html`
${this.amountFields(t, q, locale)}
${this.monthly ? html`<fieldset @change=${(e: Event) => (this.frequency = (e.target as HTMLInputElement).value as Frequency)}><legend>${t.frequency}</legend>
  <label><input type="radio" name="freq" value="once" .checked=${!monthly}>${t.once}</label><label><input type="radio" name="freq" value="monthly" .checked=${monthly}>${t.monthly}</label></fieldset>` : nothing}
${this.coverFeesField(t, q)}
<label><input type="checkbox" .checked=${!!tr} @change=${(e: Event) => (this._tribute = (e.target as HTMLInputElement).checked ? { kind: 'honour', name: '' } : undefined)}>${t.tribute}</label>
${tr ? this.#tributeFields(t, !!tributeMissing || this.refusedFor('tribute.name', 'tribute')) : nothing}`, t.give(q.total ? q.money(q.total) : undefined, monthly), t, locale);
  }

  /** Honour or memory, and the name; `invalid` when the name is missing (here) or was refused (by the endpoint). */
  #tributeFields(t: PickerStrings, invalid: boolean) {
    const tr = this._tribute!;
    const missing = !tr.name.trim();
    // prettier-ignore
    return html`<fieldset @change=${(e: Event) => { const v = (e.target as HTMLInputElement).value; if (v == 'honour' || v == 'memory') this._tribute = { ...tr, kind: v }; }}>
<legend class="sr">${t.tribute}</legend>
<label><input type="radio" name="tk" value="honour" .checked=${tr.kind == 'honour'}>${t.honour}</label><label><input type="radio" name="tk" value="memory" .checked=${tr.kind == 'memory'}>${t.memory}</label>
<div class="field"><label for="tn">${t.tributeName}</label><input id="tn" type="text" maxlength="80" autocomplete="off" .value=${tr.name}
  aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${!invalid ? nothing : missing ? 'tn-msg' : 'status'} @input=${(e: Event) => (this._tribute = { ...tr, name: (e.target as HTMLInputElement).value })}>
<p id="tn-msg" class="msg err">${invalid && missing ? t.tributeNameMissing : ''}</p></div></fieldset>`;
  }
}

/** Registers the element as `name` (default `nine-lives-picker`); does nothing if that name is taken. */
export function defineNineLivesPicker(name = 'nine-lives-picker'): CustomElementConstructor {
  return defineElement(name, NineLivesPicker);
}
