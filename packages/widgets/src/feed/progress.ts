import type { Progress } from '@rescuekit/schema';

/*
 * Why not `Progress.safeParse` from @rescuekit/schema: zod/mini alone is
 * ~7 KB gzipped, the whole budget of <rescue-thermometer>. This check mirrors
 * the zod `Progress` contract field by field (`satisfies` below makes the key
 * set agree at compile time; rescue-thermometer.test.ts runs both on the same
 * inputs to keep the behaviour in agreement).
 */
const INT = 0;
const FIELDS = {
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
} satisfies Record<Exclude<keyof Progress, 'manageGivingUrl' | 'parent' | 'pending' | 'minAmount' | 'maxAmount' | 'stale' | 'alliesGoal' | 'upsell' | 'impact' | 'match' | 'matched' | 'matchLeft' | 'endsAt'>, RegExp | string | typeof INT>;

/** Whole minor units as `MinorAmount` takes them (positive, at most 1e11); also the Allies goal's rule. */
export const amount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 1e11;

/** The giving-day fields: only the thermometer reads them, and only once its giving-day module is loaded. */
export const GIVING_DAY_KEYS = ['match', 'matched', 'matchLeft', 'endsAt'] as const;

/** A field's check, as the zod `Progress` makes it. */
export type FieldRule = (v: never) => boolean;

/**
 * The optional fields an element on the page reads, each checked as the zod `Progress` checks it.
 * None by default: the thermometer reads none of them. The giving elements add the campaign's amount
 * rules and Allies goal (`giving-progress.ts`), the thermometer's giving-day module its fields; until a
 * module adds a field it is dropped like any unknown field, never passed on unchecked (its bytes are
 * paid only by the pages that read it).
 */
const OPTIONAL: Record<string, FieldRule> = {};

/** Adds optional fields to {@link parseProgress}, checked by their rules from now on (the giving elements and the giving-day module call it). */
export const extendProgress = (rules: Record<string, FieldRule>): void => void Object.assign(OPTIONAL, rules);

/**
 * Validates a progress document (GET /v1/campaigns/:id or an SSE `progress`
 * event) the way the shared zod `Progress` schema does. Returns a copy holding
 * only the contract's fields (unknown fields are dropped, as zod does), or
 * `undefined` when the input does not match. Optional fields are kept (and checked) once a module
 * that reads them has added their rules ({@link extendProgress}). The giving-day fields (`match`, `matched`,
 * `matchLeft`, `endsAt`) are kept, and checked, only once the thermometer's giving-day module is
 * loaded (a thermometer shown a document with one loads it); before that they are dropped.
 */
export function parseProgress(input: unknown): Progress | undefined {
  if (!input || typeof input != 'object') return;
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(FIELDS)) {
    const v = (input as Record<string, unknown>)[key];
    if (rule === INT ? !Number.isSafeInteger(v) : typeof v != 'string' || (typeof rule != 'string' && !rule.test(v))) return;
    out[key] = v;
  }
  // Optional fields, each checked as the zod `Progress` checks it; a malformed one rejects the document, as there.
  for (const [key, ok] of Object.entries(OPTIONAL)) {
    const v = (input as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (!ok(v as never)) return;
    out[key] = v;
  }
  return out as Progress;
}
