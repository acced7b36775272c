import type { RecentGift, RecentGifts } from '@rescuekit/schema';

/*
 * Why not `RecentGifts.safeParse` from @rescuekit/schema: zod/mini alone is ~7 KB gzipped (see
 * teams.ts). This check mirrors the zod contract field by field, and copies only its fields: a
 * name, note or email sent by mistake is dropped before anything renders.
 */
const KINDS = ['online', 'monthly', 'offline'];
const CATEGORIES = ['bake_sale', 'concert', 'cheque', 'other'];
const HOUR = /^\d{4}-\d\d-\d\dT\d\d:00:00Z$/;

function parseGift(input: unknown): RecentGift | undefined {
  const g = (input ?? {}) as Record<string, unknown>;
  const team = g.team;
  if (!Number.isSafeInteger(g.amount) || typeof g.currency != 'string' || !/^[a-z]{3}$/.test(g.currency)) return;
  if ((team !== null && typeof team != 'string') || typeof g.when != 'string' || !HOUR.test(g.when) || !KINDS.includes(g.kind as string)) return;
  const out: RecentGift = { amount: g.amount as number, currency: g.currency, team: team as string | null, when: g.when, kind: g.kind as RecentGift['kind'] };
  if (g.category !== undefined) {
    if (!CATEGORIES.includes(g.category as string)) return;
    out.category = g.category as RecentGift['category'];
  }
  return out;
}

/**
 * Validates a recent-gifts feed (GET /v1/campaigns/:id/recent or an SSE `recent` event) as the
 * shared zod `RecentGifts` schema does; returns a copy with only the contract's fields, or undefined.
 */
export function parseRecent(input: unknown): RecentGifts | undefined {
  const f = (input ?? {}) as Record<string, unknown>;
  if (typeof f.campaign != 'string' || !Array.isArray(f.gifts) || typeof f.updatedAt != 'string') return;
  const gifts = f.gifts.map(parseGift);
  if (gifts.includes(undefined)) return;
  return { campaign: f.campaign, gifts: gifts as RecentGift[], updatedAt: f.updatedAt } satisfies Record<keyof RecentGifts, unknown>;
}

const DAY = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A gift's hour as coarse words in `locale`: "this hour", "today", "yesterday", "3 days ago"
 * (the browser's `Intl.RelativeTimeFormat`, so every language has them). Never minutes.
 */
export function coarseTime(when: string, locale: string, now = Date.now()): string {
  const at = Date.parse(when);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (now - at < HOUR_MS) return rtf.format(0, 'hour');
  // Calendar days in the visitor's time zone, not 24-hour spans.
  const day = (t: number) => {
    const d = new Date(t);
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY;
  };
  return rtf.format(Math.min(0, day(at) - day(now)), 'day');
}
