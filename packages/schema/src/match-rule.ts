/**
 * The matching challenge's arithmetic, shared by the endpoint and the widgets. Integers only:
 * the ratio is held in hundredths so a gift's match is exact in minor units. No zod here.
 */

/** An ISO 8601 instant with its offset ("2026-12-03T18:00:00-05:00", "2026-12-03T23:00:00Z"): its form only. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether an {@link INSTANT}-shaped string is a real date and time. Date.parse rolls 2026-02-30
 * over to March: the calendar date and the clock are checked here.
 */
export function isRealInstant(s: string): boolean {
  const [y, m, d, h, min] = s.split(/\D/).map(Number) as [number, number, number, number, number];
  return Number.isFinite(Date.parse(s)) && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && m <= 12 && h < 24 && min < 60;
}

/** The largest `match.ratio` a campaign may set. */
export const MATCH_RATIO_MAX = 10;

/** The ratio in whole hundredths (1 -> 100, 0.5 -> 50), or undefined when it has more than two decimals. */
export function ratioHundredths(ratio: number): number | undefined {
  const h = Math.round(ratio * 100);
  return Number.isFinite(ratio) && Math.abs(ratio * 100 - h) < 1e-6 && h > 0 ? h : undefined;
}

/** The match one gift earns before the cap: floor(amount x ratio), minor units. */
export function matchShare(amount: number, ratio: number): number {
  return Math.floor((amount * (ratioHundredths(ratio) ?? 0)) / 100);
}

/** What a gift of `amount` adds to a pool that has `matched` of `cap` used: min(share, cap left), never negative. */
export function matchFor(amount: number, ratio: number, cap: number, matched: number): number {
  return Math.max(0, Math.min(matchShare(amount, ratio), cap - matched));
}

/** Whether a payment made at `paidAt` (ms since epoch) falls in the window [startsAt, endsAt). */
export function inMatchWindow(paidAt: number, match: { startsAt: string; endsAt: string }): boolean {
  return paidAt >= Date.parse(match.startsAt) && paidAt < Date.parse(match.endsAt);
}
