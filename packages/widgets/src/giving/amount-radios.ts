import { html, nothing } from 'lit';
import { formatAmount } from '@rescuekit/schema';

export interface AmountRadiosOptions {
  /** Preset amounts, integer minor units of `currency`. */
  amounts: readonly number[];
  /** The checked amount; none checked when it is not a preset (a custom amount). */
  selected: number | undefined;
  currency: string;
  locale: string;
  /** Id of the element naming the group. */
  labelledby: string;
  /** `aria-invalid` of the group: a checked preset is outside the campaign's limits. */
  invalid: 'true' | 'false';
  /** Id of the message saying why, while invalid. */
  describedby: string | typeof nothing;
  onSelect(amount: number): void;
  /** The campaign's impact line for a preset, shown under its amount and part of its accessible name. */
  impact?: ((amount: number) => string | undefined) | undefined;
}

// The space before the line keeps the accessible name "$27 feeds a family…", not "$27feeds…".
const line = (o: AmountRadiosOptions, a: number) => {
  const text = o.impact?.(a);
  return text ? html` <span part="impact">${text}</span>` : nothing;
};

const STEP: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

/**
 * Amount presets as an ARIA radiogroup with a roving tabindex: one Tab stop
 * (the checked radio, else the first), arrow keys move and check (wrapping;
 * left/right follow the writing direction), Home/End jump, Space and Enter
 * check. Shared by every giving element.
 */
export function amountRadios(o: AmountRadiosOptions) {
  const stop = Math.max(0, o.amounts.indexOf(o.selected ?? NaN));
  const onKeydown = (e: KeyboardEvent) => {
    const radios = [...(e.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('[role=radio]')];
    const at = radios.indexOf(e.target as HTMLElement);
    let step = STEP[e.key];
    if (at < 0 || !(step || e.key == 'Home' || e.key == 'End')) return;
    e.preventDefault();
    // Left and right follow the writing direction; up and down do not.
    if ((e.key == 'ArrowLeft' || e.key == 'ArrowRight') && getComputedStyle(radios[at]!).direction == 'rtl') step = -step!;
    const n = radios.length;
    const next = e.key == 'Home' ? 0 : e.key == 'End' ? n - 1 : (at + step! + n) % n;
    o.onSelect(o.amounts[next]!);
    radios[next]!.focus();
  };
  return html`<div role="radiogroup" part="amounts" aria-labelledby=${o.labelledby} aria-invalid=${o.invalid} aria-describedby=${o.describedby} @keydown=${onKeydown}>${o.amounts.map(
    (a, i) =>
      html`<button type="button" role="radio" part="amount" aria-checked=${a === o.selected} tabindex=${i == stop ? 0 : -1} @click=${() => o.onSelect(a)}><span class="nw">${formatAmount(a, o.currency, o.locale)}</span>${line(o, a)}</button>`,
  )}</div>`;
}
