import { html, nothing } from 'lit';
import { formatAmount, quoteGift, type Frequency } from '@rescuekit/schema';
import { defineElement } from '../base/define.js';
import { GivingElement } from '../giving/giving-element.js';
import { localize } from '../i18n/locale.js';
import { strings } from './rescue-donate-button.strings.js';
import { styles } from './rescue-donate-button.styles.js';

const int = { fromAttribute: (v: string | null) => (v != null && /^\d+$/.test(v.trim()) ? Number(v) : undefined) };

/**
 * One Give button for partner sites: a fixed amount to one campaign through
 * the same checkout path as `<nine-lives-picker>` (Stripe.js loaded on click,
 * Embedded Checkout in a modal, redirect fallback). Works alone on a page.
 *
 * @summary A single Give button for partner sites: Stripe Checkout in a modal, redirect fallback.
 *
 * @customElement rescue-donate-button
 *
 * @slot - No-JS fallback: a light-DOM link such as `<a href="https://…/give">Give $9</a>`, shown until
 *   the element upgrades and again when checkout fails.
 *
 * @attr endpoint - Base URL of the rescuekit endpoint (default: `setDefaultEndpoint()`, then `<meta name="rescuekit:endpoint">`).
 * @attr campaign - Campaign id.
 * @attr amount - The gift in minor units of `currency` (`900` = $9).
 * @attr currency - Lower-case ISO 4217 code of the campaign. Default `usd`.
 * @attr label - Button text instead of "Give $9".
 * @attr {'once' | 'monthly'} frequency - `monthly` makes a "Give $9 monthly" button that signs the donor up as an Ally. Default `once`.
 * @attr {boolean} cover-fees - Add the processing fee (the schema's default rate for the currency) to the charge.
 * @attr {'embedded' | 'redirect'} mode - `redirect` always uses Stripe's hosted page. Default: embedded when a publishable key is known.
 * @attr publishable-key - Stripe publishable key for Embedded Checkout (or `<meta name="rescuekit:publishable-key">`).
 * @attr lang - Locale for words and money, from the nearest `[lang]` or `<html lang>`, followed live
 *   (`en`, `ko`, or a language added with `registerStrings`).
 *
 * @csspart base - Wrapper of the button and status line.
 * @csspart give - The button.
 * @csspart upsell - The monthly upsell step (in place of Give, when the campaign enables it): the question and two buttons.
 * @csspart upsell-yes - "Yes, give $9 monthly".
 * @csspart upsell-no - "No, give $27 once".
 * @csspart status - The live status line (loading, rate-limited, not-configured, error, thanks).
 * @csspart fallback-link - The campaign's Stripe Payment Link in the status line, offered when checkout cannot be created (5xx, timeout, unreachable).
 * @csspart dialog - The checkout modal (`<dialog>`).
 * @csspart checkout - Where Stripe's Embedded Checkout mounts.
 * @csspart close - The modal's close button.
 *
 * @cssproperty [--accent=var(--rescue-color-accent, #b3261e)] - Button colour.
 * @cssproperty [--on-accent=var(--rescue-color-on-accent, #fff)] - Button text colour.
 * @cssproperty [--rescue-color-surface=#fff] - Global token: the surface the widget sits on; inputs and the checkout dialog paint it.
 * @cssproperty [--rescue-color-on-surface=#1f1f1f] - Global token: text on the surface (the widget's own text inherits the page's unless set).
 * @cssproperty [--rescue-color-error=#b3261e] - Global token: messages and invalid fields (>= 4.5:1 on the surface).
 * @cssproperty [--rescue-color-border=#767676] - Global token: input borders (>= 3:1 on the surface).
 * @cssproperty [--rescue-font=inherit] - Global token: font family.
 * @cssproperty [--rescue-radius=0.5rem] - Global token: corner radius.
 * @cssproperty [--rescue-color-focus=#1a56db] - Global token: focus ring.
 *
 * @fires {RescueGiveStartEvent} rescue-give-start - Pressed; `detail` = campaign, amount, currency, frequency, coverFees, total, and `upsell` (`accepted`/`declined`) when the monthly upsell was asked.
 * @fires {RescueCheckoutOpenEvent} rescue-checkout-open - Checkout showing (`mode: embedded`) or the page is leaving for it (`redirect`).
 * @fires {RescueCheckoutCompleteEvent} rescue-checkout-complete - Checkout finished, or the page is a return with `session_id`.
 * @fires {RescueCheckoutErrorEvent} rescue-checkout-error - Checkout could not start; `detail.reason`, `detail.field`.
 */
export class RescueDonateButton extends GivingElement {
  static override styles = styles;
  static override properties = {
    amount: { converter: int },
    label: {},
    coverFees: { attribute: 'cover-fees', type: Boolean },
    frequency: {},
  };

  /** The gift in minor units (attribute `amount`). */
  declare amount?: number | undefined;
  /** Button text (attribute `label`); default "Give $9" in the page's language. */
  declare label?: string | undefined;
  declare coverFees: boolean;
  /** `once` (default) or `monthly` (attribute `frequency`): a monthly button makes the donor an Ally. */
  declare frequency: Frequency;

  constructor() {
    super();
    this.coverFees = false;
    this.frequency = 'once';
  }

  override render() {
    const [locale, t] = localize(this, 'rescue-donate-button', strings);
    const amount = this.amount;
    const text = this.label || t.give(amount ? formatAmount(amount, this.currency, locale) : undefined, this.frequency == 'monthly');
    // prettier-ignore
    return html`<div part="base">${this.checkout.state == 'thanks' ? nothing : this.giveButton(text, this.#give, t, locale)}${this.status(t, locale)}</div>${this.dialog(t)}`;
  }

  override updated(): void {
    // The message bubble may take the room from the button to the far edge of the page, never more:
    // nothing scrolls sideways, wherever the partner put the button.
    const r = this.getBoundingClientRect();
    const room = getComputedStyle(this).direction == 'rtl' ? r.right : document.documentElement.clientWidth - r.left;
    this.renderRoot.querySelector<HTMLElement>('[part~=status]')?.style.setProperty('--_room', `${Math.max(room - 8, 96)}px`);
  }

  #give = (e: Event) => {
    const amount = this.amount ?? 0;
    const rate = this.feeRate;
    const coverFees = this.coverFees && !!rate && amount > 0;
    const total = coverFees ? quoteGift(amount, rate!, true).total : amount;
    const gift = { campaign: this.campaign ?? '', amount, currency: this.currency, frequency: this.frequency == 'monthly' ? ('monthly' as const) : ('once' as const), coverFees };
    if (!this.checkout.busy) this.give(gift, total, e.currentTarget as HTMLElement);
  };
}

/** Registers the element as `name` (default `rescue-donate-button`); does nothing if that name is taken. */
export function defineRescueDonateButton(name = 'rescue-donate-button'): CustomElementConstructor {
  return defineElement(name, RescueDonateButton);
}
