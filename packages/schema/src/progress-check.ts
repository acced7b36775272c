/**
 * The progress document's check without zod, for the browser elements (`@rescuekit/schema/progress-check`).
 *
 * Why not `Progress.safeParse`: zod/mini alone is ~7 KB gzipped, the whole budget of
 * <rescue-thermometer>. This check mirrors the zod `Progress` contract field by field: every required
 * field always, and each optional field only when the caller names it with its rule. An element names
 * exactly the fields it reads (`progressCheck({ minAmount: amount, ... })`), so what it keeps never
 * depends on which other modules happen to be on the page, and it pays only for the rules it names.
 * An optional field not named is dropped like an unknown field, never passed on unchecked.
 *
 * `satisfies` below makes the required key set agree with the contract at compile time; the widgets'
 * tests run these checks and the zod schema on the same inputs to keep the behaviour in agreement.
 */
import type { FieldRule } from './progress-rules.js';
import type { Progress } from './wire.js';

// The rules live in a module of their own: a bundle splitting an element from its lazy parts then puts
// each rule beside the part that names it, not all of them beside the first check.
export { amount, flag, instant, int, matchConfig } from './progress-rules.js';

/** The contract's optional fields. */
export type OptionalProgressField = { [K in keyof Progress]-?: undefined extends Progress[K] ? K : never }[keyof Progress];

export type { FieldRule };

/** The optional fields a caller reads, each with its rule. */
export type FieldRules = { [K in OptionalProgressField]?: FieldRule };

const INT = 0;
const REQUIRED = {
  campaign: /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
  title: '',
  currency: /^[a-z]{3}$/,
  goal: INT,
  raised: INT,
  donors: INT,
  rescueCost: INT,
  rescuesFunded: INT,
  allies: INT,
  updatedAt: '',
} satisfies Record<Exclude<keyof Progress, OptionalProgressField>, RegExp | string | typeof INT>;

/**
 * A check of progress documents (GET /v1/campaigns/:id or an SSE `progress` event) as the shared zod
 * `Progress` schema makes it, keeping the `optional` fields named (each checked by its rule; a malformed
 * one rejects the document, as zod does). The check returns a copy holding only those fields and the
 * required ones (unknown fields are dropped, as zod does), or `undefined` when the input does not match.
 */
export const progressCheck =
  (optional: FieldRules = {}) =>
  (input: unknown): Progress | undefined => {
    if (!input || typeof input != 'object') return;
    const out: Record<string, unknown> = {};
    for (const [key, rule] of Object.entries(REQUIRED)) {
      const v = (input as Record<string, unknown>)[key];
      if (rule === INT ? !Number.isSafeInteger(v) : typeof v != 'string' || (typeof rule != 'string' && !rule.test(v))) return;
      out[key] = v;
    }
    for (const [key, ok] of Object.entries(optional)) {
      const v = (input as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (!ok(v as never)) return;
      out[key] = v;
    }
    return out as Progress;
  };
