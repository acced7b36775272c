/**
 * The approval queue across a subtree: `GET /v1/approvals?campaign=:id` lists the team cash waiting
 * below a campaign, oldest first, to whoever may approve it (the admin, or an organiser above the
 * recording campaign); `POST /v1/approvals` approves or rejects up to 100 gifts, each answered on
 * its own, so one refused gift does not undo the rest. A rejected gift is never counted and reads
 * `rejected` from then on.
 */
import type { Hono } from 'hono';
import { ApprovalDecision } from '@rescuekit/schema';
import { below, within } from '../guard/people.js';
import { HttpProblem } from '../problem.js';
import { parseBody } from './campaign-admin.js';
import { limitBody, type Actor, type AppEnv } from './middleware.js';
import { actorRef, mayApprove, type OfflineGiftContext } from './cash-context.js';
import { forbidden, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS } });

type Outcome = 'approved' | 'rejected' | 'already_approved' | 'already_rejected' | 'voided' | 'not_found' | 'forbidden' | 'own_gift';

/** Who may see and decide the queue below `campaign`. */
function requireApprover(actor: Actor, campaign: string, ctx: OfflineGiftContext): void {
  if (actor.kind === 'admin') return;
  if (actor.kind === 'person' && actor.role === 'organiser' && ctx.parentOf && within(actor.campaign, campaign, ctx.parentOf)) return;
  throw forbidden('The approval queue is for the admin and for organisers, over their own campaign and below.');
}

export function approvalRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: OfflineGiftContext): void {
  app.get('/v1/approvals', teamOrAdmin(auth), async (c) => {
    const actor = c.get('actor');
    const campaign = c.req.query('campaign');
    if (!campaign) throw new HttpProblem(400, 'invalid_request', { field: 'campaign', detail: 'campaign: required (?campaign=<id>)' });
    requireApprover(actor, campaign, ctx);
    if (!ctx.campaigns.get(campaign)) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    const me = actorRef(actor);
    const gifts = (await ctx.store.listPendingGifts(ctx.campaigns.subtree?.(campaign) ?? [campaign]))
      // An organiser approves only below its own campaign; the admin everything.
      .filter((g) => actor.kind === 'admin' || (actor.kind === 'person' && ctx.parentOf !== undefined && below(actor.campaign, g.campaign, ctx.parentOf)))
      .map((g) => ({
        id: g.id, campaign: g.campaign, amount: g.amount, currency: g.currency, donors: g.donors ?? 1, category: g.category, note: g.note,
        recordedBy: g.recordedBy, createdAt: g.createdAt, mine: g.recordedBy === me,
      }));
    return json(200, { campaign, gifts });
  });

  app.post('/v1/approvals', teamOrAdmin(auth), limitBody(16 * 1024), async (c) => {
    const actor = c.get('actor');
    if (actor.kind === 'team') throw forbidden('A team key cannot approve cash: the admin or an organiser above the campaign approves it.');
    const { gifts, decision, reason } = await parseBody(c.req.raw, ApprovalDecision);
    const results: { id: string; campaign?: string; outcome: Outcome }[] = [];
    for (const id of new Set(gifts)) {
      const campaign = await ctx.store.offlineGiftCampaign(id);
      if (!campaign) {
        results.push({ id, outcome: 'not_found' });
        continue;
      }
      if (!mayApprove(actor, campaign, ctx)) {
        results.push({ id, campaign, outcome: 'forbidden' });
        continue;
      }
      results.push({ id, campaign, outcome: decision === 'approve' ? await approve(actor, campaign, id, ctx) : await reject(actor, campaign, id, reason, ctx) });
    }
    ctx.log(JSON.stringify({ level: 'info', msg: 'approval decisions', decision, by: actorRef(actor), outcomes: results.map((r) => `${r.id}:${r.outcome}`) }));
    return json(200, { decision, results });
  });
}

async function approve(actor: Actor, campaign: string, giftId: string, ctx: OfflineGiftContext): Promise<Outcome> {
  const result = await ctx.store.approveOfflineGift({ campaign, giftId, approvedBy: actorRef(actor) });
  if (result.outcome === 'own_gift' || result.outcome === 'not_found' || result.outcome === 'voided') return result.outcome;
  ctx.hub.install(result.changed);
  if (result.outcome === 'already_approved') return 'already_approved';
  ctx.hub.publish(result.totals);
  const currency = ctx.campaigns.get(campaign)?.currency;
  if (currency) ctx.metrics?.gift('offline', result.amount, currency);
  return 'approved';
}

async function reject(actor: Actor, campaign: string, giftId: string, reason: string | undefined, ctx: OfflineGiftContext): Promise<Outcome> {
  const result = await ctx.store.voidOfflineGift({
    id: ctx.newId(), campaign, giftId, note: reason ? `rejected: ${reason}` : 'rejected', recordedBy: actorRef(actor), byTeam: actor.kind !== 'admin', mayVoidApproved: false, reject: true,
  });
  switch (result.outcome) {
    case 'not_found':
      return 'not_found';
    case 'forbidden':
      return 'forbidden';
    case 'not_pending':
      return result.status === 'counted' ? 'already_approved' : 'already_rejected';
    case 'already_voided':
      return 'voided';
    case 'approved':
      return 'already_approved';
    case 'voided':
      ctx.hub.install(result.changed);
      ctx.hub.publish(result.totals);
      return 'rejected';
  }
}
