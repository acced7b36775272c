import { INSTANT, isRealInstant, MATCH_RATIO_MAX, ratioHundredths, type MatchConfig, type Progress } from '@rescuekit/schema';

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
const amount = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 1e11;
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
 * The optional fields the widgets read: the campaign's amount rules and Allies goal, its matching
 * challenge (`match`; `matched` and `matchLeft` are any whole numbers, as in the contract) and deadline.
 */
const OPTIONAL: Record<string, (v: never) => boolean> = {
  minAmount: amount,
  maxAmount: amount,
  alliesGoal: amount,
  match,
  matched: Number.isSafeInteger,
  matchLeft: Number.isSafeInteger,
  endsAt: instant,
};

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
  // Optional fields, each checked as the zod `Progress` checks it; a malformed one rejects the document, as there.
  for (const [key, ok] of Object.entries(OPTIONAL)) {
    const v = (input as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (!ok(v as never)) return;
    out[key] = v;
  }
  return out as Progress;
}
