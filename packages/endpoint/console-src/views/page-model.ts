/**
 * The team page form's model, pure: a campaign's page fields as the form holds them (text as typed),
 * and back to the fields `PATCH /v1/campaigns/:id` takes, amounts parsed exactly into minor units by
 * the cash form's own parser. Only what changed is sent.
 */
import type { FundraiserIntake, ImpactLines, PosterFields } from '@rescuekit/schema';
import { moneyProblem, typed } from './amounts.js';
import { posterDraftOf, posterOf, samePoster, type PosterDraft } from './poster-model.js';
import type { Lang, Strings } from '../strings.js';

/** The page fields of a campaign, as `GET /v1/campaigns?under=` lists them. */
export interface PageFields {
  id: string;
  title: string;
  currency: string;
  goal: number;
  description?: string;
  locale?: Lang;
  impact?: ImpactLines;
  /** How the campaign takes supporters' own pages. */
  fundraisers?: FundraiserIntake;
  /** The poster's lower third. */
  poster?: PosterFields;
  /** Present on a supporter's own page (listed too, but never edited here). */
  fundraiser?: unknown;
}

export interface ImpactRow {
  /** Keeps a row's fields in place when another row is removed. */
  key: number;
  amount: string;
  en: string;
  ko: string;
  /** One of the amounts the page offers: always listed, its amount fixed. */
  preset: boolean;
}

export interface Draft {
  title: string;
  description: string;
  goal: string;
  locale: Lang;
  impact: ImpactRow[];
  poster: PosterDraft;
}

export interface Patch {
  title?: string;
  description?: string;
  goal?: number;
  locale?: Lang;
  impact?: ImpactLines;
  poster?: PosterFields;
}

export { moneyProblem, typed } from './amounts.js';

/** A field at fault: `title`, `description`, `goal`, `locale`, `impact`, one impact row (`impact-<key>`), or a poster field (`poster-why`, `price-<key>`). */
export interface Invalid {
  field: string;
  text: string;
}

/** The gift amounts the hosted page's picker offers (`<nine-lives-picker>`'s default `amounts`), minor units. */
export const PAGE_PRESETS: readonly number[] = [900, 2700, 4500, 9000];

let rows = 0;
export const newRow = (amount = '', en = '', ko = '', preset = false): ImpactRow => ({ key: ++rows, amount, en, ko, preset });

export function draftOf(c: PageFields, lang: Lang): Draft {
  return {
    title: c.title,
    description: c.description ?? '',
    goal: typed(c.goal, c.currency, lang),
    locale: c.locale ?? 'en',
    // A row for each amount the page offers, then any other amount the campaign has a line for.
    impact: [...new Set([...PAGE_PRESETS, ...Object.keys(c.impact ?? {}).map(Number)])]
      .sort((a, b) => a - b)
      .map((amount) => newRow(typed(amount, c.currency, lang), c.impact?.[amount]?.['en'] ?? '', c.impact?.[amount]?.['ko'] ?? '', PAGE_PRESETS.includes(amount))),
    poster: posterDraftOf(c.poster, c.currency, lang),
  };
}

/**
 * The impact lines a draft makes: each row's amount in minor units, its English and Korean lines,
 * and whatever other languages the campaign had for that amount (kept: the form shows two).
 */
export function impactOf(t: Strings, d: Draft, c: PageFields, lang: Lang): { impact: ImpactLines } | Invalid {
  const impact: ImpactLines = {};
  const seen = new Set<number>();
  for (const row of d.impact) {
    // A row left without a line says nothing (its amount, if any, has no line).
    if (!row.en.trim() && !row.ko.trim() && !row.amount.trim()) continue;
    const money = moneyProblem(t, row.amount, c.currency, lang);
    if ('text' in money) return { field: `impact-${row.key}`, text: money.text };
    if (seen.has(money.amount)) return { field: `impact-${row.key}`, text: t.impactTwice };
    seen.add(money.amount);
    const key = String(money.amount);
    const lines: Record<string, string> = { ...c.impact?.[key] };
    for (const l of ['en', 'ko'] as const) {
      if (row[l].trim()) lines[l] = row[l].trim();
      else delete lines[l];
    }
    if (Object.keys(lines).length) impact[key] = lines;
  }
  return { impact };
}

/** A canonical form for comparing impact lines (key order does not matter). */
const canonical = (lines: ImpactLines | undefined): string =>
  JSON.stringify(Object.entries(lines ?? {}).sort(([a], [b]) => Number(a) - Number(b)).map(([k, v]) => [k, Object.entries(v).sort()]));

/** What changed between the campaign and the draft (only those fields), or the first field at fault. */
export function changes(t: Strings, d: Draft, c: PageFields, lang: Lang): { patch: Patch } | Invalid {
  const patch: Patch = {};
  const title = d.title.trim();
  if (!title) return { field: 'title', text: t.pageTitleEmpty };
  if (title !== c.title) patch.title = title;
  const description = d.description.trim();
  if (description !== (c.description ?? '')) patch.description = description;
  const goal = moneyProblem(t, d.goal, c.currency, lang);
  if ('text' in goal) return { field: 'goal', ...goal };
  if (goal.amount !== c.goal) patch.goal = goal.amount;
  if (d.locale !== (c.locale ?? 'en')) patch.locale = d.locale;
  const impact = impactOf(t, d, c, lang);
  if ('field' in impact) return impact;
  if (canonical(impact.impact) !== canonical(c.impact)) patch.impact = impact.impact;
  const poster = posterOf(t, d.poster, c.currency, lang);
  if ('field' in poster) return poster;
  if (!samePoster(poster.poster, c.poster)) patch.poster = poster.poster;
  return { patch };
}
