/**
 * The poster's lower third in the team page form, pure: the campaign's `poster` fields as typed
 * (why, date, place, and price rows with amounts in the campaign's currency) and back to what
 * `PATCH /v1/campaigns/:id` takes, amounts parsed exactly into minor units.
 */
import type { PosterFields } from '@rescuekit/schema';
import type { Lang, Strings } from '../strings.js';
import { moneyProblem, typed } from './amounts.js';

/** A field at fault and what to say beside it. */
interface Invalid {
  field: string;
  text: string;
}

export interface PriceRow {
  /** Keeps a row's fields in place when another row is removed. */
  key: number;
  item: string;
  amount: string;
}

export interface PosterDraft {
  why: string;
  date: string;
  place: string;
  prices: PriceRow[];
}

/** At most this many prices (the schema's limit). */
export const MAX_PRICES = 6;

let rows = 0;
export const newPrice = (item = '', amount = ''): PriceRow => ({ key: ++rows, item, amount });

export function posterDraftOf(poster: PosterFields | undefined, currency: string, lang: Lang): PosterDraft {
  return {
    why: poster?.why ?? '', date: poster?.date ?? '', place: poster?.place ?? '',
    prices: (poster?.prices ?? []).map((p) => newPrice(p.item, typed(p.amount, currency, lang))),
  };
}

/** The poster fields a draft makes (empty texts and empty rows left out), or the first field at fault (`poster-why`, `price-<key>`). */
export function posterOf(t: Strings, d: PosterDraft, currency: string, lang: Lang): { poster: PosterFields } | Invalid {
  const poster: PosterFields = {};
  for (const f of ['why', 'date', 'place'] as const) if (d[f].trim()) poster[f] = d[f].trim();
  const prices: NonNullable<PosterFields['prices']> = [];
  for (const row of d.prices) {
    if (!row.item.trim() && !row.amount.trim()) continue;
    if (!row.item.trim()) return { field: `price-${row.key}`, text: t.posterItemEmpty };
    const money = moneyProblem(t, row.amount, currency, lang);
    if ('text' in money) return { field: `price-${row.key}-amount`, text: money.text };
    prices.push({ item: row.item.trim(), amount: money.amount });
  }
  if (prices.length) poster.prices = prices;
  return { poster };
}

/** Whether two sets of poster fields say the same. */
export const samePoster = (a: PosterFields | undefined, b: PosterFields | undefined): boolean =>
  JSON.stringify([a?.why, a?.date, a?.place, a?.prices ?? []]) === JSON.stringify([b?.why, b?.date, b?.place, b?.prices ?? []]);

/** The form field a refusal of the endpoint names (`poster.why` -> `poster-why`; a price -> the price list). */
export function posterFieldOf(field: string): string | undefined {
  const [head, name] = field.split('.');
  if (head !== 'poster') return undefined;
  return name === 'why' || name === 'date' || name === 'place' ? `poster-${name}` : 'poster-prices';
}
