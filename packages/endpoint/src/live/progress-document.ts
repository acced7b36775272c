/**
 * One campaign's progress, ready to send: the `Progress` document built from its config and
 * totals, its JSON bytes, ETag, response headers and SSE frame, made once per change and shared
 * by every response and stream.
 */
import { rescuesFunded, type CampaignConfig, type Progress } from '@rescuekit/schema';
import { bodyHash as hash } from '../http.js';
import type { CampaignTotals } from '../store/types.js';

/** Everything a read of one campaign's progress needs, precomputed. */
export interface ProgressEntry {
  readonly campaign: string;
  readonly version: number;
  readonly progress: Progress;
  readonly json: string;
  /** UTF-8 bytes of `json`, shared by every response. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Strong validator: version plus a hash of the body, so a config edit (same version) still changes it. */
  readonly etag: string;
  /** Headers of a 200 (a 304 sends the same minus content-type/length). */
  readonly headers: Readonly<Record<string, string>>;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  /** `event: progress` frame, encoded. */
  readonly sseFrame: Uint8Array;
}

/**
 * Browsers may reuse a response for 5 s; shared caches too, then serve stale for 30 s while
 * revalidating (cheap: 304) and for 10 min if we are down, so a thermometer never breaks.
 */
export const PROGRESS_CACHE_CONTROL = 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=600';

/** What every cached read (progress, teams, recent gifts) is sent with besides its ETag. */
export const FEED_HEADERS = Object.freeze({
  'cache-control': PROGRESS_CACHE_CONTROL,
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
  'x-content-type-options': 'nosniff',
});

const encoder = new TextEncoder();

/** What a document says beyond the config and totals: the endpoint-wide giving link, and whether the store has gone quiet. */
export interface DocumentContext {
  manageGivingUrl: string | undefined;
  stale: boolean;
}

function progressDocument(c: CampaignConfig, t: CampaignTotals, ctx: DocumentContext): Progress {
  const progress: Progress = {
    campaign: c.id,
    title: c.title,
    currency: c.currency,
    goal: c.goal,
    raised: t.raised,
    donors: t.donors,
    rescueCost: c.rescueCost,
    rescuesFunded: rescuesFunded(t.raised, c.rescueCost),
    allies: t.allies,
    updatedAt: t.updatedAt,
    parent: c.parent ?? null,
  };
  if (t.pending) progress.pending = t.pending;
  // Like `pending`, only when there are any: a document without it means none are past due.
  if (t.alliesAtRisk) progress.alliesAtRisk = t.alliesAtRisk;
  const manage = c.manageGivingUrl ?? ctx.manageGivingUrl;
  if (manage) progress.manageGivingUrl = manage;
  // The campaign's own way to give when a checkout cannot be created (a fundraiser page's comes from its team).
  if (c.fallbackPaymentLink) progress.fallbackPaymentLink = c.fallbackPaymentLink;
  // The amount rules checkout enforces, so a widget can refuse before it calls.
  if (c.minAmount !== undefined) progress.minAmount = c.minAmount;
  if (c.maxAmount !== undefined) progress.maxAmount = c.maxAmount;
  if (c.alliesGoal !== undefined) progress.alliesGoal = c.alliesGoal;
  // Giving settings the picker and the donate button read: the monthly upsell (offers default to the presets) and impact lines.
  if (c.upsell?.monthly) progress.upsell = { ...c.upsell, ...(!c.upsell.amounts && c.presets ? { amounts: c.presets } : {}) };
  if (c.impact) progress.impact = c.impact;
  // Giving-day settings: the matching challenge (matched/matchLeft come from the totals) and the deadline.
  if (c.match) progress.match = c.match;
  // The pool's own matched money (kept after a challenge is removed), and what its cap still allows.
  const matched = t.matched ?? 0;
  if (c.match || matched > 0) progress.matched = matched;
  if (c.match) progress.matchLeft = Math.max(0, c.match.cap - matched);
  if (c.endsAt) progress.endsAt = c.endsAt;
  if (ctx.stale) progress.stale = true;
  return progress;
}

/** The document with its bytes, validator, headers and frame. */
export function progressEntry(c: CampaignConfig, t: CampaignTotals, ctx: DocumentContext): ProgressEntry {
  const progress = progressDocument(c, t, ctx);
  const json = JSON.stringify(progress);
  const bytes = encoder.encode(json);
  const etag = `"${t.version}-${hash(json)}"`;
  const common = { ...FEED_HEADERS, etag };
  return Object.freeze({
    campaign: c.id,
    version: t.version,
    progress,
    json,
    bytes,
    etag,
    headers: Object.freeze({ 'content-type': 'application/json', 'content-length': String(bytes.length), ...common }),
    notModifiedHeaders: Object.freeze(common),
    sseFrame: encoder.encode(`event: progress\nid: ${t.version}\ndata: ${json}\n\n`),
  });
}
