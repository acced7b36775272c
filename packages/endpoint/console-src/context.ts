/**
 * What every view is given: the signed-in person's reach (campaign, role), the API, the words,
 * and the two ways to speak (a polite status line for what went well, an alert for what did not).
 */
import { formatMoney, type Role } from '@rescuekit/schema';
import { ApiError, type Api } from './api.js';
import type { Lang, Strings } from './strings.js';

export interface Ctx {
  api: Api;
  lang: Lang;
  t: Strings;
  /** The campaign the key belongs to, and everything below it is in reach. */
  campaign: string;
  title: string;
  currency: string;
  /** Monthly Allies of the campaign and below when signed in, and of them those past due (Stripe retrying their cards). */
  allies: { counted: number; atRisk: number };
  /** A team key acts as its team's treasurer. */
  role: Role;
  /** The signed-in person's id (none for a team key). */
  personId: string | undefined;
  /** A success or a piece of news: announced politely, never styled as an error. */
  status(text: string): void;
  /** Something went wrong: announced at once. */
  alert(text: string): void;
}

const RANK: Record<Role, number> = { recorder: 0, treasurer: 1, lead: 2, organiser: 3 };
export const atLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** The roles someone may grant: a lead up to lead, an organiser up to organiser. */
export const grantable = (role: Role): Role[] => (['organiser', 'lead', 'treasurer', 'recorder'] as const).filter((r) => atLeast(role, 'lead') && atLeast(role, r));

export const money = (ctx: Ctx, amount: number, currency = ctx.currency): string => formatMoney(amount, currency, ctx.lang, { alwaysShowMinor: true });

const dates = new Map<string, Intl.DateTimeFormat>();
export function when(ctx: Ctx, iso: string | null | undefined): string {
  if (!iso) return '';
  let f = dates.get(ctx.lang);
  if (!f) dates.set(ctx.lang, (f = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'medium', timeStyle: 'short' })));
  return f.format(new Date(iso));
}

const days = new Map<string, Intl.DateTimeFormat>();
/** A calendar day (`YYYY-MM-DD`, a birthday, a run) in the console's language, the same day everywhere. */
export function day(ctx: Ctx, date: string | null | undefined): string {
  if (!date) return '';
  let f = days.get(ctx.lang);
  if (!f) days.set(ctx.lang, (f = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'long', timeZone: 'UTC' })));
  return f.format(new Date(`${date}T00:00:00Z`));
}

/**
 * A supporter's text inside one of our sentences (the status line takes plain text), wrapped in
 * first-strong isolate ... pop directional isolate: right-to-left text cannot reorder the sentence
 * around it. The schema refuses these characters in supporter text, so the pair cannot be unbalanced.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** Words for a failed call: ours for the problems we know, else the endpoint's own explanation. */
export function explain(t: Strings, e: unknown): string {
  if (!(e instanceof ApiError)) return t.network;
  const { status, detail } = e.problem;
  if (status === 0) return t.network;
  if (status === 429) return t.tooMany;
  return detail || (status === 403 ? t.forbidden : `HTTP ${status}`);
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; the fallback does not). */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copies `text`; says whether it worked (the clipboard needs a secure context and focus). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The campaigns at and below the signed-in one, its own first: the server's subtree listing, or on
 * a server without it the teams feed (the campaigns right below). Never fails: at least its own.
 */
export async function campaignsInReach(ctx: Ctx): Promise<{ id: string; title: string }[]> {
  const id = encodeURIComponent(ctx.campaign);
  const below = await ctx.api
    .json<{ campaigns: { id: string; title: string; fundraiser?: unknown }[] }>('GET', `/v1/campaigns?under=${id}`)
    // A supporter's own page is no place to invite people or start teams.
    .then((r) => r.campaigns.filter((c) => !c.fundraiser).map(({ id, title }) => ({ id, title })))
    .catch(() => ctx.api.json<{ teams: { campaign: string; title: string }[] }>('GET', `/v1/campaigns/${id}/teams?limit=100`).then((r) => r.teams.map((c) => ({ id: c.campaign, title: c.title }))))
    .catch(() => []);
  return [{ id: ctx.campaign, title: ctx.title }, ...below.filter((c) => c.id !== ctx.campaign)];
}
