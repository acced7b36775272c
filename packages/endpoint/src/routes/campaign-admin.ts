/**
 * Campaigns as data: `POST /v1/campaigns`, `PATCH /v1/campaigns/:id`, `GET /v1/campaigns[?under=:id]`
 * for the admin, and for people within their reach: a lead edits its team's page fields, an organiser
 * creates, moves (both ends inside its subtree), archives and edits campaigns below its own. Fields
 * that move money or trust stay the admin's (`ADMIN_ONLY_FIELDS`). Then, for the admin only,
 * and the money kept for campaigns not known yet: `GET /v1/unassigned`,
 * `POST /v1/unassigned/:ref/assign`. Every server on the database picks a change up on its
 * next poll; this one serves it at once.
 */
import type { Hono } from 'hono';
import { AssignUnassigned, CampaignCreate, CampaignPatch, describeIssue, type CampaignConfig } from '@rescuekit/schema';
import { maxGift } from '../config.js';
import { isJsonContentType, parseJsonBody, readBody } from '../http.js';
import { CampaignRuleError } from '../ledger/errors.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { Store } from '../store/types.js';
import { limitBody, type Actor, type AppEnv } from './middleware.js';
import { adminActor, forbidden, requireCampaign, teamOrAdmin, type TeamAuthContext } from './team-auth.js';
import { atLeast, below, within, type ParentOf } from '../guard/people.js';

export interface CampaignAdminContext {
  store: Store;
  hub: LiveProgress;
  log: (line: string) => void;
}

/** What only the admin sets: money limits, matching, fees, approval, origins, links donors are sent to. */
export const ADMIN_ONLY_FIELDS = ['allowedOrigins', 'match', 'cashNeedsApproval', 'feeRate', 'minAmount', 'maxAmount', 'offlineMaxAmount', 'manageGivingUrl', 'fallbackPaymentLink', 'upsell', 'adaptivePricing'] as const;
/** What a lead may change on its own team: its page. */
export const LEAD_FIELDS = ['title', 'description', 'goal', 'locale', 'impact', 'fundraisers', 'poster'] as const;

/** Refuses a person's change of a field their role does not hold (403 naming it); the admin may change anything. */
function requireFields(actor: Actor, fields: readonly string[], campaign: string, parentOf: ParentOf): void {
  if (actor.kind === 'admin') return;
  if (actor.kind !== 'person') throw forbidden('A team key cannot change campaigns; ask your lead or organiser.');
  const organiser = actor.role === 'organiser' && below(actor.campaign, campaign, parentOf);
  const lead = atLeast(actor.role, 'lead') && actor.campaign === campaign;
  if (!organiser && !lead) throw forbidden(`Only the admin, an organiser above ${campaign}, or its lead may change it.`);
  const allowed: readonly string[] | undefined = organiser ? undefined : LEAD_FIELDS;
  for (const f of fields) {
    if ((ADMIN_ONLY_FIELDS as readonly string[]).includes(f) || (allowed && !allowed.includes(f))) {
      throw new HttpProblem(403, 'forbidden', { field: f, detail: `${f}: ${(ADMIN_ONLY_FIELDS as readonly string[]).includes(f) ? 'only the admin sets this' : `a lead changes only ${LEAD_FIELDS.join(', ')}`}` });
    }
  }
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS } });

/** Parses a JSON body with a zod schema into a 400 naming the field. */
export async function parseBody<T>(req: Request, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: Parameters<typeof describeIssue>[0] } }): Promise<T> {
  if (!isJsonContentType(req.headers.get('content-type'))) throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send Content-Type: application/json.' });
  const parsed = schema.safeParse(parseJsonBody(await readBody(req)));
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw new HttpProblem(400, 'invalid_request', field === '(body)' ? { detail } : { field, detail });
  }
  return parsed.data;
}

/** A tree or currency rule the store refused: a 400 naming the field, nothing written. */
function ruleProblem(e: unknown): never {
  if (e instanceof CampaignRuleError) throw new HttpProblem(400, 'invalid_request', { field: e.field, detail: e.detail.startsWith(`${e.field}:`) ? e.detail : `${e.field}: ${e.detail}` });
  throw e;
}

/** Every campaign below `root` that this server knows. */
function allBelow(root: string, ctx: CampaignAdminContext): string[] {
  return ctx.hub.directory.subtree(root).slice(1);
}

function checkAmounts(c: CampaignConfig): void {
  if (c.minAmount !== undefined && c.minAmount > maxGift(c)) {
    throw new HttpProblem(400, 'invalid_request', { field: 'minAmount', detail: 'minAmount: must not exceed maxAmount (or the goal when maxAmount is unset)' });
  }
}

export function campaignAdminRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: CampaignAdminContext): void {
  const admin = [adminActor(auth), limitBody(64 * 1024)] as const;
  const people = [teamOrAdmin(auth), limitBody(64 * 1024)] as const;
  const { parentOf } = auth;

  app.get('/v1/campaigns', teamOrAdmin(auth), async (c) => {
    const actor = c.get('actor');
    const under = c.req.query('under');
    if (actor.kind !== 'admin') {
      if (!under) throw new HttpProblem(400, 'invalid_request', { field: 'under', detail: 'under: required (?under=<your campaign>) unless you are the admin' });
      requireCampaign(actor, under, parentOf);
    }
    const reach = under ? new Set([under, ...allBelow(under, ctx)]) : undefined;
    const totals = (await ctx.store.getAllTotals()).filter((t) => !reach || reach.has(t.campaign));
    return json(200, { campaigns: totals.map((t) => ({ ...(t.config ?? ctx.hub.directory.get(t.campaign) ?? { id: t.campaign, currency: t.currency }), raised: t.raised, pending: t.pending ?? 0 })) });
  });

  app.post('/v1/campaigns', ...people, async (c) => {
    const actor = c.get('actor');
    const organiser = actor.kind === 'person' && actor.role === 'organiser';
    if (actor.kind !== 'admin' && !organiser) throw forbidden('Only the admin, or an organiser naming a parent inside its own campaign, creates campaigns.');
    const config = await parseBody(c.req.raw, CampaignCreate);
    if (actor.kind !== 'admin') {
      // A person creates below a campaign they organise; the new campaign takes its parent's approval rule.
      if (actor.kind !== 'person' || actor.role !== 'organiser' || !config.parent || !within(actor.campaign, config.parent, parentOf)) {
        throw forbidden('Only the admin, or an organiser naming a parent inside its own campaign, creates campaigns.');
      }
      requireFields(actor, Object.keys(config).filter((f) => (ADMIN_ONLY_FIELDS as readonly string[]).includes(f)), config.parent, parentOf);
      if (ctx.hub.directory.get(config.parent)?.cashNeedsApproval) config.cashNeedsApproval = true;
    }
    checkAmounts(config);
    const result = await ctx.store.createCampaign(config).catch(ruleProblem);
    if (result.outcome === 'exists') throw new HttpProblem(409, 'conflict', { field: 'id', detail: `id: a campaign "${config.id}" exists already; change it with PATCH /v1/campaigns/${config.id}` });
    ctx.hub.install(result.changed); // ancestors included: the next read sees it at every level
    ctx.hub.publish(result.totals);
    ctx.log(JSON.stringify({ level: 'info', msg: 'campaign created', campaign: config.id, parent: config.parent ?? null }));
    return json(201, { campaign: result.totals.config ?? config, progress: ctx.hub.entry(config.id)?.progress });
  });

  app.patch('/v1/campaigns/:id', ...people, async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    requireFields(actor, [], id, parentOf); // who, before the body
    const patch = await parseBody(c.req.raw, CampaignPatch);
    requireFields(actor, Object.keys(patch), id, parentOf);
    // A move stays inside the organiser's subtree at both ends.
    if (actor.kind === 'person' && 'parent' in patch && (!patch.parent || !within(actor.campaign, patch.parent, parentOf))) {
      throw new HttpProblem(403, 'forbidden', { field: 'parent', detail: `parent: must be ${actor.campaign} or a campaign below it` });
    }
    const before = ctx.hub.directory.get(id);
    if (before) checkAmounts({ ...before, ...patch });
    const result = await ctx.store.patchCampaign(id, patch).catch(ruleProblem);
    if (result.outcome === 'not_found') throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    const config = result.totals.config!;
    ctx.hub.install(result.changed); // ancestors included: the next read sees it at every level
    ctx.hub.publish(result.totals);
    ctx.log(JSON.stringify({ level: 'info', msg: 'campaign changed', campaign: id, fields: Object.keys(patch).sort() }));
    return json(200, { campaign: config, progress: ctx.hub.entry(id)?.progress });
  });

  // Money for no known campaign belongs to no subtree: the admin, and organisers of a whole movement (a
  // campaign with no parent), may see it; assigning it stays the admin's.
  app.get('/v1/unassigned', teamOrAdmin(auth), async (c) => {
    const actor = c.get('actor');
    const movement = actor.kind === 'person' && actor.role === 'organiser' && !parentOf(actor.campaign);
    if (actor.kind !== 'admin' && !movement) throw forbidden('Unassigned money is shown to the admin and to organisers of a whole movement.');
    return json(200, { unassigned: await ctx.store.listUnassigned(c.req.query('all') === 'true') });
  });

  app.post('/v1/unassigned/:ref/assign', ...admin, async (c) => {
    const { campaign } = await parseBody(c.req.raw, AssignUnassigned);
    const result = await ctx.store.assignUnassigned(c.req.param('ref'), campaign).catch(ruleProblem);
    if (result.outcome === 'not_found') throw new HttpProblem(404, 'not_found', { detail: 'No unassigned payment with this reference.' });
    if (result.outcome === 'unknown_campaign') throw new HttpProblem(400, 'invalid_request', { field: 'campaign', detail: 'campaign: no campaign with this id' });
    if (result.outcome === 'already_assigned') return json(200, { payment: result.payment, alreadyAssigned: true });
    ctx.hub.install(result.changed); // ancestors included: the next read sees it at every level
    ctx.hub.publish(result.totals);
    ctx.log(JSON.stringify({ level: 'info', msg: 'unassigned payment assigned', ref: result.payment.ref, campaign, amount: result.payment.amount }));
    return json(200, { payment: result.payment, progress: ctx.hub.entry(campaign)?.progress });
  });
}
