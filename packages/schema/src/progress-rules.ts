/**
 * The rules of the progress document's optional fields, as the zod `Progress` makes them, for
 * `progressCheck` (`@rescuekit/schema/progress-check`, which re-exports them). No zod here.
 */
import { INSTANT, isRealInstant, MATCH_RATIO_MAX, ratioHundredths } from './match-rule.js';
import type { MatchConfig } from './giving-day.js';

/** A field's check, as the zod `Progress` makes it (called with whatever the document holds). */
export type FieldRule = (v: never) => boolean;

/** Any whole number (`z.int()`): `matched`, `matchLeft`, `pending`. */
export const int: FieldRule = Number.isSafeInteger;

/** Whole minor units as `MinorAmount` takes them (positive, at most 1e11): `minAmount`, `maxAmount`; also the Allies goal's rule. */
export const amount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 1e11;

/** A boolean: `stale`. */
export const flag = (v: unknown): boolean => typeof v == 'boolean';

/** `Instant`: ISO 8601 with its offset, a real date and time (`endsAt`). */
export const instant = (v: unknown): boolean => typeof v == 'string' && INSTANT.test(v) && isRealInstant(v);

/**
 * `MatchConfig`, a strict object: exactly its five fields, the window's start before its end.
 * (No separate object check: a string, number or array has no valid `ratio`.)
 */
export const matchConfig = (m: MatchConfig): boolean =>
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
