import { INSTANT, isRealInstant, MATCH_RATIO_MAX, ratioHundredths, type MatchConfig } from '@rescuekit/schema';
import { amount, type FieldRule } from '../feed/progress.js';

/** `Instant`: ISO 8601 with its offset, a real date and time. */
const instant = (v: unknown) => typeof v == 'string' && INSTANT.test(v) && isRealInstant(v);

/**
 * `MatchConfig`, a strict object: exactly its five fields, the window's start before its end.
 * (No separate object check: a string, number or array has no valid `ratio`.)
 */
const match = (m: MatchConfig) =>
  !!m &&
  Object.keys(m).length == 5 &&
  !!ratioHundredths(m.ratio) &&
  m.ratio <= MATCH_RATIO_MAX &&
  amount(m.cap) &&
  instant(m.startsAt) &&
  instant(m.endsAt) &&
  typeof m.label == 'string' &&
  m.label.length > 0 &&
  m.label.length <= 120 &&
  Date.parse(m.startsAt) < Date.parse(m.endsAt);

/**
 * The giving-day fields, each checked as the zod `Progress` checks it: the matching challenge
 * (`match`; `matched` and `matchLeft` are any whole numbers, as in the contract) and the deadline.
 */
export const givingDayRules: Record<string, FieldRule> = {
  match,
  matched: Number.isSafeInteger,
  matchLeft: Number.isSafeInteger,
  endsAt: instant,
};
