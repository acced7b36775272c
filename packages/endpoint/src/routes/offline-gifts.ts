/**
 * `POST /v1/campaigns/:id/offline-gifts`: cash and cheques counted by a Rescue Team.
 * Every check runs before the one write; the 201 leaves only after the commit.
 */
import { canonicalJson } from '@rescuekit/schema';
import type { Hono } from 'hono';
import { ApproveOfflineGift, OfflineGift, VoidOfflineGift, describeIssue, type CampaignConfig, type Role } from '@rescuekit/schema';
import { minGift } from '../config.js';
import { isJsonContentType, parseIdempotencyKey, parseJsonBody, readBody, sha256Hex } from '../http.js';
import type { Metrics } from '../metrics.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { StoredResponse, Store, IdempotencyRef } from '../store/types.js';
import { limitBody, type Actor, type AppEnv } from './middleware.js';
import { forbidden, requireCampaign, teamOrAdmin, type TeamAuthContext } from './team-auth.js';
import { below, personRef, type ParentOf } from '../guard/people.js';
import { approvalRoutes } from './approvals.js';
import { actorRef, mayApprove, type OfflineGiftContext } from './cash-context.js';

export type { OfflineGiftContext } from './cash-context.js';

/** Largest accepted request body. */
const OFFLINE_GIFT_BODY_LIMIT = 16 * 1024;

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
 * Registers recording, listing, voiding and approving. The caller is checked first (the admin,
 * or a team key of this very campaign: an unknown caller learns nothing, not even whether a
 * campaign exists), then the body size.
 */
export function offlineGiftRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, context: OfflineGiftContext): void {
  const ctx: OfflineGiftContext = { ...context, parentOf: auth.parentOf };
  const guard = [teamOrAdmin(auth), limitBody(OFFLINE_GIFT_BODY_LIMIT)] as const;
  const path = '/v1/campaigns/:id/offline-gifts';
  app.post(path, ...guard, (c) => handleOfflineGift(c.req.raw, c.get('actor'), c.req.param('id'), ctx));
  app.get(path, teamOrAdmin(auth), async (c) => {
    const campaign = campaignOf(c.get('actor'), c.req.param('id'), ctx);
    const gifts = await ctx.store.listOfflineGifts(campaign.id);
    return new Response(JSON.stringify({ campaign: campaign.id, gifts }), { status: 200, headers: { ...JSON_HEADERS } });
  });
  app.post(`${path}/:giftId/void`, ...guard, (c) => handleVoidGift(c.req.raw, c.get('actor'), c.req.param('id'), c.req.param('giftId'), ctx));
  approvalRoutes(app, auth, ctx);
  app.post(`${path}/:giftId/approve`, teamOrAdmin(auth), limitBody(OFFLINE_GIFT_BODY_LIMIT), async (c) => {
    await optionalBody(c.req.raw, ApproveOfflineGift); // nothing to send; anything sent must be `{}`
    return handleApprove(c.get('actor'), c.req.param('id'), c.req.param('giftId'), ctx);
  });
}

/** An optional JSON body: none at all, or one the schema accepts whole (unknown fields are a 400 naming them). */
async function optionalBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: Parameters<typeof describeIssue>[0] } }): Promise<T | undefined> {
  const bytes = await readBody(req);
  if (!bytes.byteLength) return undefined;
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the body as Content-Type: application/json.' });
  }
  const parsed = schema.safeParse(parseJsonBody(bytes));
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw invalid(field, detail);
  }
  return parsed.data;
}

function campaignOf(actor: Actor, campaignId: string, ctx: OfflineGiftContext, role: Role = 'recorder'): CampaignConfig {
  requireCampaign(actor, campaignId, ctx.parentOf, role);
  const campaign = ctx.campaigns.get(campaignId);
  if (!campaign) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
  return campaign;
}

async function handleOfflineGift(req: Request, actor: Actor, campaignId: string, ctx: OfflineGiftContext): Promise<Response> {
  const campaign = campaignOf(actor, campaignId, ctx);
  if (campaign.archived && actor.kind !== 'admin') {
    throw new HttpProblem(409, 'campaign_archived', { detail: 'This campaign is archived: it takes no new team-recorded cash (the admin may still record it).' });
  }
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the gift as Content-Type: application/json.' });
  }
  // Required: a volunteer's retry (a flaky phone, a double tap) must never count twice.
  const key = parseIdempotencyKey(req.headers.get('idempotency-key'));
  if (key === undefined) {
    throw new HttpProblem(400, 'invalid_request', {
      field: 'Idempotency-Key',
      detail: 'Idempotency-Key: required; send a new unique value (a UUID) per gift and the same one when retrying it',
    });
  }
  const raw = parseJsonBody(await readBody(req));

  const idempotency: IdempotencyRef = { scope: `offline-gifts:${campaign.id}`, key, fingerprint: sha256Hex(canonicalJson(raw)) };
  // A retry of a gift already counted replays even if the rules changed since (a lowered cap).
  const seen = await ctx.store.lookupIdempotency(idempotency);
  if (seen.outcome === 'replayed') return replay(seen.response);
  if (seen.outcome === 'conflict') throw conflict();

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
  // Cash has its own optional cap: a $10,000 cheque is normal, whatever the online maxAmount.
  if (campaign.offlineMaxAmount !== undefined && gift.amount > campaign.offlineMaxAmount) {
    throw invalid('amount', `amount: must be at most ${campaign.offlineMaxAmount} minor units (offlineMaxAmount)`);
  }
  const pending = actor.kind !== 'admin' && campaign.cashNeedsApproval === true;
  const donors = gift.donors ?? 1;

  const id = ctx.newId();
  const result = await ctx.store.recordGift({
    id,
    campaign: campaign.id,
    currency: gift.currency,
    amount: gift.amount,
    kind: 'offline',
    // The key itself is the payment's identity.
    sourceRef: `offline:${campaign.id}:key:${idempotency.key}`,
    note: gift.note,
    category: gift.category,
    donorDelta: donors,
    recordedBy: actorRef(actor),
    pending,
    idempotency,
    respond: (entry, totals) => {
      const progress = ctx.hub.preview(totals);
      const giftOut: Record<string, unknown> = { id: entry.id, amount: entry.amount, currency: entry.currency, donors };
      if (entry.note !== undefined) giftOut['note'] = entry.note;
      if (entry.category !== undefined) giftOut['category'] = entry.category;
      if (pending) giftOut['status'] = 'pending';
      return { status: 201, body: `{"gift":${JSON.stringify(giftOut)},"progress":${progress}}` };
    },
  });
  switch (result.outcome) {
    case 'recorded':
      ctx.hub.install(result.changed); // ancestors included: the next read sees it at every level
      ctx.hub.publish(result.totals);
      if (!pending) ctx.metrics?.gift('offline', gift.amount, gift.currency);
      ctx.log(JSON.stringify({ level: 'info', msg: 'offline gift recorded', campaign: campaign.id, id, amount: gift.amount, currency: gift.currency, by: actorRef(actor), pending }));
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
async function handleVoidGift(req: Request, actor: Actor, campaignId: string, giftId: string, ctx: OfflineGiftContext): Promise<Response> {
  const campaign = campaignOf(actor, campaignId, ctx, 'treasurer');
  const reason = (await optionalBody(req, VoidOfflineGift))?.reason;
  if (actor.kind === 'person' && !reason?.trim()) throw invalid('reason', 'reason: required; say why this gift is taken back (a mistyped amount, a bounced cheque)');
  const result = await ctx.store.voidOfflineGift({
    id: ctx.newId(), campaign: campaign.id, giftId, note: reason, recordedBy: actorRef(actor), byTeam: actor.kind !== 'admin',
    mayVoidApproved: actor.kind === 'person' && mayApprove(actor, campaign.id, ctx),
  });
  if (result.outcome === 'not_found') throw new HttpProblem(404, 'not_found', { detail: 'No offline gift with this id in this campaign.' });
  if (result.outcome === 'forbidden') throw forbidden('A team key or a person may void only cash recorded by a team key or a person, not by the admin.');
  if (result.outcome === 'approved') throw new HttpProblem(409, 'conflict', { detail: 'This gift was approved; only someone who could approve it (an organiser above this campaign, or the admin) can void it now.' });
  if (result.outcome === 'not_pending') throw new HttpProblem(409, 'conflict', { detail: `This gift is ${result.status}.` });
  ctx.hub.install(result.changed);
  const entry = result.outcome === 'voided' ? ctx.hub.publish(result.totals) : ctx.hub.entry(campaign.id);
  if (result.outcome === 'voided') {
    ctx.log(JSON.stringify({ level: 'info', msg: 'offline gift voided', campaign: campaign.id, gift: giftId, amount: result.amount }));
  }
  const progress = entry?.json ?? ctx.hub.preview(result.totals);
  const gift = { id: giftId, amount: result.amount, currency: campaign.currency, voided: true };
  return new Response(`{"gift":${JSON.stringify(gift)},"progress":${progress}}`, { status: 200, headers: { ...JSON_HEADERS } });
}

/**
 * `POST /v1/campaigns/:id/offline-gifts/:giftId/approve` (the admin, or an organiser above the campaign,
 * never the person who recorded the gift): counts pending team cash once, however often it is sent.
 */
async function handleApprove(actor: Actor, campaignId: string, giftId: string, ctx: OfflineGiftContext): Promise<Response> {
  if (actor.kind === 'team') throw forbidden('A team key cannot approve cash: the admin or an organiser above this campaign approves it.');
  const campaign = campaignOf(actor, campaignId, ctx);
  if (!mayApprove(actor, campaign.id, ctx)) throw forbidden('Approval comes from above: an organiser of a campaign above this one, or the admin.');
  const result = await ctx.store.approveOfflineGift({ campaign: campaign.id, giftId, approvedBy: actorRef(actor) });
  if (result.outcome === 'own_gift') throw forbidden('You recorded this gift; someone else above this campaign approves it.');
  if (result.outcome === 'not_found') throw new HttpProblem(404, 'not_found', { detail: 'No offline gift with this id in this campaign.' });
  if (result.outcome === 'voided') throw new HttpProblem(409, 'conflict', { detail: 'This gift was voided; it cannot be approved.' });
  ctx.hub.install(result.changed);
  const entry = result.outcome === 'approved' ? ctx.hub.publish(result.totals) : ctx.hub.entry(campaign.id);
  if (result.outcome === 'approved') {
    ctx.metrics?.gift('offline', result.amount, campaign.currency);
    ctx.log(JSON.stringify({ level: 'info', msg: 'offline gift approved', campaign: campaign.id, gift: giftId, amount: result.amount, by: actorRef(actor) }));
  }
  const progress = entry?.json ?? ctx.hub.preview(result.totals);
  const gift = { id: giftId, amount: result.amount, currency: campaign.currency, status: 'counted' };
  return new Response(`{"gift":${JSON.stringify(gift)},"progress":${progress}}`, { status: 200, headers: { ...JSON_HEADERS } });
}
