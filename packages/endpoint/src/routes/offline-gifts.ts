/**
 * `POST /v1/campaigns/:id/offline-gifts`: cash and cheques counted by a Rescue Team.
 * Every check runs before the one write; the 201 leaves only after the commit.
 */
import type { Hono } from 'hono';
import { OfflineGift, VoidOfflineGift, describeIssue, type CampaignConfig } from '@rescuekit/schema';
import { maxGift, minGift } from '../config.js';
import { canonicalJson, isJsonContentType, parseIdempotencyKey, parseJsonBody, readBody, sha256Hex } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { ProgressHub } from '../progress-hub.js';
import type { StoredResponse, Store, IdempotencyRef } from '../store/types.js';
import { adminOnly, limitBody, type AppEnv } from './middleware.js';

/** Largest accepted request body. */
export const OFFLINE_GIFT_BODY_LIMIT = 16 * 1024;

export interface OfflineGiftContext {
  campaigns: ReadonlyMap<string, CampaignConfig>;
  store: Store;
  hub: ProgressHub;
  log: (line: string) => void;
  newId: () => string;
}

// Always spread into a fresh object: @hono/node-server writes Content-Length into a plain headers object it is given.
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function replay(stored: StoredResponse): Response {
  return new Response(stored.body, { status: stored.status, headers: { ...JSON_HEADERS, 'idempotent-replayed': 'true' } });
}

function conflict(): HttpProblem {
  return new HttpProblem(422, 'idempotency_conflict', {
    field: 'Idempotency-Key',
    detail: 'This Idempotency-Key was already used with a different request body. Use a new key for a new gift.',
  });
}

function invalid(field: string, detail: string): HttpProblem {
  // '(body)' is describeIssue's name for the whole document: no single field is at fault.
  return new HttpProblem(400, 'invalid_request', field === '(body)' ? { detail } : { field, detail });
}

/**
 * Registers recording and voiding. The admin token is checked first (an unknown caller learns
 * nothing, not even whether a campaign exists), then the body size.
 */
export function offlineGiftRoutes(app: Hono<AppEnv>, adminToken: string, ctx: OfflineGiftContext): void {
  const guard = [adminOnly(adminToken), limitBody(OFFLINE_GIFT_BODY_LIMIT)] as const;
  app.post('/v1/campaigns/:id/offline-gifts', ...guard, (c) => handleOfflineGift(c.req.raw, c.req.param('id'), ctx));
  app.post('/v1/campaigns/:id/offline-gifts/:giftId/void', ...guard, (c) => handleVoidGift(c.req.raw, c.req.param('id'), c.req.param('giftId'), ctx));
}

function campaignOf(campaignId: string, ctx: OfflineGiftContext): CampaignConfig {
  const campaign = ctx.campaigns.get(campaignId);
  if (!campaign) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
  return campaign;
}

async function handleOfflineGift(req: Request, campaignId: string, ctx: OfflineGiftContext): Promise<Response> {
  const campaign = campaignOf(campaignId, ctx);
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the gift as Content-Type: application/json.' });
  }
  const key = parseIdempotencyKey(req.headers.get('idempotency-key'));
  const raw = parseJsonBody(await readBody(req));

  const idempotency: IdempotencyRef | undefined = key
    ? { scope: `offline-gifts:${campaign.id}`, key, fingerprint: sha256Hex(canonicalJson(raw)) }
    : undefined;
  // A retry of a gift already counted replays even if the rules changed since (a lowered maxAmount).
  if (idempotency) {
    const seen = await ctx.store.lookupIdempotency(idempotency);
    if (seen.outcome === 'replayed') return replay(seen.response);
    if (seen.outcome === 'conflict') throw conflict();
  }

  const parsed = OfflineGift.safeParse(raw);
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw invalid(field, detail);
  }
  const gift = parsed.data;
  if (gift.currency !== campaign.currency) {
    throw invalid('currency', `currency: this campaign counts gifts in "${campaign.currency}"`);
  }
  if (gift.amount < minGift(campaign)) throw invalid('amount', `amount: must be at least ${minGift(campaign)} minor units`);
  if (gift.amount > maxGift(campaign)) throw invalid('amount', `amount: must be at most ${maxGift(campaign)} minor units`);

  const id = ctx.newId();
  const result = await ctx.store.recordGift({
    id,
    campaign: campaign.id,
    currency: gift.currency,
    amount: gift.amount,
    kind: 'offline',
    // With a key, the key itself is the payment's identity; without one, every POST is a new gift.
    sourceRef: idempotency ? `offline:${campaign.id}:key:${idempotency.key}` : `offline:${id}`,
    note: gift.note,
    donorDelta: 1,
    idempotency,
    respond: (entry, totals) => {
      const progress = ctx.hub.preview(totals);
      const giftOut: Record<string, unknown> = { id: entry.id, amount: entry.amount, currency: entry.currency };
      if (entry.note !== undefined) giftOut['note'] = entry.note;
      return { status: 201, body: `{"gift":${JSON.stringify(giftOut)},"progress":${progress}}` };
    },
  });
  switch (result.outcome) {
    case 'recorded':
      ctx.hub.publish(result.totals);
      ctx.log(JSON.stringify({ level: 'info', msg: 'offline gift recorded', campaign: campaign.id, id, amount: gift.amount, currency: gift.currency }));
      return new Response(result.response!.body, { status: 201, headers: { ...JSON_HEADERS } });
    case 'replayed':
      return replay(result.response);
    case 'conflict':
      throw conflict();
    case 'duplicate':
      throw new Error(`offline gift source_ref already counted without its idempotency row (campaign ${campaign.id})`);
  }
}

/**
 * `POST /v1/campaigns/:id/offline-gifts/:giftId/void`: takes a recorded gift back out (a mistyped
 * amount, a bounced cheque). Appends a reversing ledger row; voiding twice changes nothing.
 * Optional body `{ "reason": "…" }`.
 */
async function handleVoidGift(req: Request, campaignId: string, giftId: string, ctx: OfflineGiftContext): Promise<Response> {
  const campaign = campaignOf(campaignId, ctx);
  const bytes = await readBody(req);
  let reason: string | undefined;
  if (bytes.byteLength) {
    if (!isJsonContentType(req.headers.get('content-type'))) {
      throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the reason as Content-Type: application/json.' });
    }
    const parsed = VoidOfflineGift.safeParse(parseJsonBody(bytes));
    if (!parsed.success) {
      const { field, detail } = describeIssue(parsed.error);
      throw invalid(field, detail);
    }
    reason = parsed.data.reason;
  }
  const result = await ctx.store.voidOfflineGift({ id: ctx.newId(), campaign: campaign.id, giftId, note: reason });
  if (result.outcome === 'not_found') throw new HttpProblem(404, 'not_found', { detail: 'No offline gift with this id in this campaign.' });
  const entry = result.outcome === 'voided' ? ctx.hub.publish(result.totals) : ctx.hub.get(campaign.id);
  if (result.outcome === 'voided') {
    ctx.log(JSON.stringify({ level: 'info', msg: 'offline gift voided', campaign: campaign.id, gift: giftId, amount: result.amount }));
  }
  const progress = entry?.json ?? ctx.hub.preview(result.totals);
  const gift = { id: giftId, amount: result.amount, currency: campaign.currency, voided: true };
  return new Response(`{"gift":${JSON.stringify(gift)},"progress":${progress}}`, { status: 200, headers: { ...JSON_HEADERS } });
}
