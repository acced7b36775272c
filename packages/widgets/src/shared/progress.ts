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

/**
 * Validates a progress document (GET /v1/campaigns/:id or an SSE `progress`
 * event) the way the shared zod `Progress` schema does. Returns a copy holding
 * only the contract's fields (unknown fields are dropped, as zod does), or
 * `undefined` when the input does not match.
 */
export function parseProgress(input: unknown): Progress | undefined {
  if (!input || typeof input != 'object') return;
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(FIELDS)) {
    const v = (input as Record<string, unknown>)[key];
    if (rule === INT ? !Number.isSafeInteger(v) : typeof v != 'string' || (typeof rule != 'string' && !rule.test(v))) return;
    out[key] = v;
  }
  // Optional: the Allies' "manage my giving" link, only ever an https URL.
  const manage = (input as Record<string, unknown>).manageGivingUrl;
  if (typeof manage == 'string' && /^https:\/\/[^\s]+$/.test(manage)) out.manageGivingUrl = manage;
  // Optional: the campaign's amount rules, positive whole minor units (at most 1e11, as MinorAmount),
  // and its Allies goal, a positive whole number (the config's rule: at most 1e11 too).
  for (const key of ['minAmount', 'maxAmount', 'alliesGoal']) {
    const v = (input as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > 1e11) return;
    out[key] = v;
  }
  return out as Progress;
}
