import type { Progress } from '@rescuekit/schema';
import { givingDayRules } from './rescue-thermometer/giving-day.rules.js';
import { parseGivingProgress } from './giving/giving-progress.js';
import { extendProgress } from './feed/progress.js';

// Every optional field the contract has: the giving elements' (registered by giving-progress.js) and the giving day's.
extendProgress(givingDayRules);

/**
 * Validates a progress document (`GET /v1/campaigns/:id` or a `progress` event) the way the shared
 * zod `Progress` schema does, every field an element reads included: the amount rules, the Allies
 * goal and its "manage my giving" link, the monthly upsell and impact lines, and the giving day
 * (`match`, `matched`, `matchLeft`, `endsAt`). Returns a copy holding only those fields, or
 * `undefined` when the input does not match. (Each element checks only the fields it reads.)
 */
export const parseProgress = (input: unknown): Progress | undefined => parseGivingProgress(input);
