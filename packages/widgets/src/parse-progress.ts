import type { Progress } from '@rescuekit/schema';
import { instant, int, matchConfig, progressCheck } from '@rescuekit/schema/progress-check';
import { parseGivingProgress } from './giving/giving-progress.js';

/** The giving day's fields, as the thermometer's giving-day module checks them (and the Allies past due, `alliesAtRisk`). */
const parseGivingDay = progressCheck({ match: matchConfig, matched: int, matchLeft: int, endsAt: instant, alliesAtRisk: int });

/**
 * Validates a progress document (`GET /v1/campaigns/:id` or a `progress` event) the way the shared
 * zod `Progress` schema does, every field an element reads included: the amount rules, the Allies
 * goal, its "manage my giving" link and the Allies past due, the monthly upsell and impact lines, and
 * the giving day (`match`, `matched`, `matchLeft`, `endsAt`). Returns a copy holding only those fields, or
 * `undefined` when the input does not match. (Each element checks only the fields it reads.)
 */
export const parseProgress = (input: unknown): Progress | undefined => {
  const day = parseGivingDay(input);
  const giving = day && parseGivingProgress(input);
  return giving && { ...giving, ...day };
};
