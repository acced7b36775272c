/**
 * Giving-day settings of a campaign: a matching challenge (`match`) and a deadline (`endsAt`).
 * The math is in match-rule.ts (no zod, so the widgets can bundle it).
 */
import * as z from 'zod/mini';
import { INSTANT, isRealInstant, MATCH_RATIO_MAX, ratioHundredths } from './match-rule.js';
import { bounded } from './primitives.js';

const MAX_MINOR = 100_000_000_000;

/**
 * An instant in ISO 8601 with its offset, e.g. "2026-12-03T18:00:00-05:00" or "2026-12-03T23:00:00Z".
 * The offset is required: "midnight" without a zone means a different instant to every server and donor.
 */
export const Instant = z.string().check(
  z.regex(INSTANT, 'must be an ISO 8601 instant with its offset, such as "2026-12-03T18:00:00-05:00" or "2026-12-03T23:00:00Z"'),
  z.refine(isRealInstant, 'is not a real date and time'),
);

/**
 * `match` on a campaign: a matching challenge. Every counted gift to this campaign or to any campaign
 * below it, paid in [startsAt, endsAt), adds `min(floor(gift x ratio), cap - matched)` to `matched`
 * (minor units, the campaign's currency), in the same transaction that counts the gift; a refund,
 * lost dispute or void takes that gift's match back out. Matched money is not in `raised`.
 */
export const MatchConfig = z
  .strictObject({
    /** Matched money per unit given: 1 doubles every gift, 0.5 adds half; at most two decimals, at most 10. */
    ratio: z.number().check(
      z.positive('must be positive'),
      z.maximum(MATCH_RATIO_MAX, `must be at most ${MATCH_RATIO_MAX}`),
      z.refine((r) => ratioHundredths(r) !== undefined, 'must have at most two decimals, such as 1, 0.5 or 1.25'),
    ),
    /** The pool: the most this challenge matches in total, minor units. */
    cap: z.int().check(z.positive('must be a positive whole number of minor units'), z.maximum(MAX_MINOR)),
    /** First instant a payment counts toward the match (inclusive). */
    startsAt: Instant,
    /** End of the window (exclusive). */
    endsAt: Instant,
    /** Who matches, as it reads after "matched by": "the Kim Family Foundation" ("$1,200 matched by the Kim Family Foundation"). */
    label: bounded(120),
  })
  .check(z.refine((m) => Date.parse(m.startsAt) < Date.parse(m.endsAt), { message: 'startsAt must be before endsAt', path: ['endsAt'] }));
export type MatchConfig = z.infer<typeof MatchConfig>;
