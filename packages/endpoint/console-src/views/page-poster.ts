import { html, nothing, type TemplateResult } from 'lit';
import type { Strings } from '../strings.js';
import { MAX_PRICES, newPrice, type PosterDraft, type PriceRow } from './poster-model.js';

/** What the poster fieldset needs of the page view: its draft, how to change it, and the field at fault. */
export interface PosterFieldsetInput {
  t: Strings;
  currency: string;
  draft: PosterDraft;
  edit: (change: Partial<PosterDraft>) => void;
  invalid: { field: string; text: string } | undefined;
}

/**
 * The poster's lower third in the team page form: why, date, place and a price list (at most six),
 * each refused field named beside it (`aria-invalid`, `aria-describedby`).
 */
export function posterFieldset({ t, currency, draft: d, edit, invalid }: PosterFieldsetInput): TemplateResult {
  const bad = (name: string) => invalid?.field === name;
  const message = (name: string) => (bad(name) ? html`<p id=${`${name}-error`} class="field-error">${invalid!.text}</p>` : nothing);
  const text = (name: 'why' | 'date' | 'place', label: string, max: number) => {
    const field = `poster-${name}`;
    return html`<label for=${field}>${label}</label>
      <input id=${field} data-field=${field} maxlength=${max} autocomplete="off" aria-invalid=${bad(field) ? 'true' : 'false'} aria-describedby=${bad(field) ? `${field}-error` : nothing}
        .value=${d[name]} @input=${(e: Event) => edit({ [name]: (e.target as HTMLInputElement).value })} />
      ${message(field)}`;
  };
  const editRow = (key: number, change: Partial<PriceRow>) => edit({ prices: d.prices.map((r) => (r.key === key ? { ...r, ...change } : r)) });
  return html`<fieldset class="poster-fields" aria-describedby="poster-hint">
    <legend>${t.posterTitle}</legend>
    <p id="poster-hint" class="hint">${t.posterIntro}</p>
    ${text('why', t.posterWhy, 140)} ${text('date', t.posterDate, 60)} ${text('place', t.posterPlace, 80)}
    <fieldset class="prices" aria-describedby=${bad('poster-prices') ? 'poster-prices-error' : nothing}>
      <legend>${t.posterPrices}</legend>
      ${message('poster-prices')}
      ${d.prices.map((row, i) => {
        const item = `price-${row.key}`;
        const amount = `${item}-amount`;
        return html`<div class="price-row">
          <label for=${item}>${t.posterItem(i + 1)}</label>
          <input id=${item} data-field=${item} maxlength="40" autocomplete="off" aria-invalid=${bad(item) ? 'true' : 'false'} aria-describedby=${bad(item) ? `${item}-error` : nothing}
            .value=${row.item} @input=${(e: Event) => editRow(row.key, { item: (e.target as HTMLInputElement).value })} />
          ${message(item)}
          <label for=${amount}>${t.posterPrice(currency.toUpperCase())}</label>
          <input id=${amount} data-field=${amount} class="amount" inputmode="decimal" autocomplete="off" aria-invalid=${bad(amount) ? 'true' : 'false'} aria-describedby=${bad(amount) ? `${amount}-error` : nothing}
            .value=${row.amount} @input=${(e: Event) => editRow(row.key, { amount: (e.target as HTMLInputElement).value })} />
          ${message(amount)}
          <button type="button" class="secondary" @click=${() => edit({ prices: d.prices.filter((r) => r.key !== row.key) })}>${t.posterRemove(i + 1)}</button>
        </div>`;
      })}
      ${d.prices.length < MAX_PRICES ? html`<button type="button" class="secondary" data-field="poster-prices" @click=${() => edit({ prices: [...d.prices, newPrice()] })}>${t.posterAdd}</button>` : nothing}
    </fieldset>
  </fieldset>`;
}
