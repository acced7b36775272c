/**
 * People instead of shared keys. Whoever may invite makes an invite link for a role on a campaign
 * (`POST /v1/campaigns/:id/invites`); its code travels in the link's fragment, so no server or log
 * sees it, and taking it once (`POST /v1/invites/accept`) makes a person with a key of their own.
 * Pending invites are listed and revoked; people are listed and revoked (refused on the next request,
 * on every server: keys are looked up in the store each time).
 *
 * Who may invite: the admin anyone anywhere; an organiser any role up to organiser in its subtree; a
 * lead a lead, treasurer or recorder on its own team. No invite grants more than its maker holds.
 */
import type { Hono } from 'hono';
import { InviteAccept, InviteCreate, type Role } from '@rescuekit/schema';
import { atLeast, hashSecret, INVITE_TTL_HOURS, newInviteCode, newPersonKey, personRef, within, type ParentOf } from '../guard/people.js';
import { clientKeyForIp } from '../guard/rate-limit.js';
import { HttpProblem } from '../problem.js';
import type { Store } from '../store/types.js';
import { parseBody } from './campaign-admin.js';
import { limitBody, type Actor, type AppEnv } from './middleware.js';
import { welcomePackRoutes } from './welcome-pack.js';
import { authenticate, forbidden, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

export interface PeopleContext {
  store: Store;
  log: (line: string) => void;
  parentOf: ParentOf;
  /** `root` and every campaign below it. */
  subtree: (root: string) => string[];
  /** Read at each request: invite links need the public address. */
  readonly publicUrl: string | undefined;
  /** The settings this server runs with, for the admin and organisers (no secret in them). */
  settings?: (() => Record<string, unknown>) | undefined;
  /** A campaign's title, undefined when there is no such campaign. */
  title: (id: string) => string | undefined;
  /** How long an invite link works, in hours (default 72). */
  inviteTtlHours?: number | undefined;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS } });
const gone = (code: 'invite_used' | 'invite_expired' | 'invite_revoked', detail: string) => new HttpProblem(410, code, { detail });

/** Who may manage people on `campaign` (invite, list, revoke), and up to which role. */
function mayManage(actor: Actor, campaign: string, parentOf: ParentOf): Role | undefined {
  if (actor.kind === 'admin') return 'organiser';
  if (actor.kind !== 'person') return undefined;
  if (actor.role === 'organiser' && within(actor.campaign, campaign, parentOf)) return 'organiser';
  if (actor.role === 'lead' && actor.campaign === campaign) return 'lead';
  return undefined;
}

function requireManage(actor: Actor, campaign: string, ctx: PeopleContext): Role {
  if (actor.kind === 'team') throw forbidden('A team key cannot invite or manage people; ask your lead or organiser for an invite.');
  const most = mayManage(actor, campaign, ctx.parentOf);
  if (!most) throw forbidden(`Only the admin, an organiser over ${campaign}, or its lead may manage its people.`);
  return most;
}

export function peopleRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: PeopleContext): void {
  welcomePackRoutes(app, auth, { get publicUrl() { return ctx.publicUrl; }, title: ctx.title });
  app.post('/v1/campaigns/:id/invites', teamOrAdmin(auth), limitBody(4096), async (c) => {
    const actor = c.get('actor');
    const campaign = c.req.param('id');
    const most = requireManage(actor, campaign, ctx);
    const { role, label } = await parseBody(c.req.raw, InviteCreate);
    if (!atLeast(most, role)) throw forbidden(`You may invite up to ${most}; ${role} needs someone above you.`);
    const base = ctx.publicUrl?.replace(/\/+$/, '');
    if (!base) throw new HttpProblem(400, 'invalid_request', { field: 'publicUrl', detail: 'publicUrl: set it in the config; invite links point to <publicUrl>/console/join.' });
    const code = newInviteCode();
    const expiresAt = new Date(Date.now() + (ctx.inviteTtlHours ?? INVITE_TTL_HOURS) * 3_600_000).toISOString();
    const invitedBy = actor.kind === 'admin' ? 'admin' : personRef((actor as Extract<Actor, { kind: 'person' }>).personId);
    const info = await ctx.store.createInvite({ id: code.id, campaign, role, label: label ?? null, hash: code.hash, invitedBy, expiresAt });
    if (!info) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    ctx.log(JSON.stringify({ level: 'info', msg: 'invite created', campaign, invite: info.id, role, by: invitedBy }));
    return json(201, { ...info, code: code.token, url: `${base}/console/join#${code.token}` });
  });

  app.get('/v1/campaigns/:id/invites', teamOrAdmin(auth), async (c) => {
    const campaign = c.req.param('id');
    requireManage(c.get('actor'), campaign, ctx);
    return json(200, { invites: await ctx.store.listInvites(ctx.subtree(campaign)) });
  });

  app.delete('/v1/invites/:inviteId', teamOrAdmin(auth), async (c) => {
    const found = await ctx.store.findInvite(c.req.param('inviteId'));
    if (!found) throw new HttpProblem(404, 'not_found', { detail: 'No invite with this id.' });
    requireManage(c.get('actor'), found.campaign, ctx);
    const info = await ctx.store.revokeInvite(found.id);
    if (info?.usedAt) throw new HttpProblem(409, 'conflict', { detail: 'This invite was already used; revoke the person it made instead (DELETE /v1/people/:id).' });
    ctx.log(JSON.stringify({ level: 'info', msg: 'invite revoked', campaign: found.campaign, invite: found.id }));
    return json(200, info);
  });

  // Taking an invite needs no key: the code is the credential, so the guessing limit covers it.
  app.post('/v1/invites/accept', limitBody(1024), async (c) => {
    const { code } = await parseBody(c.req.raw, InviteAccept);
    const person = newPersonKey();
    const outcome = await auth.guard.attempt(clientKeyForIp(c.env?.ip ?? 'unknown'), async () => {
      const taken = await ctx.store.acceptInvite(hashSecret(code), { id: person.id, hash: person.hash });
      return taken.outcome === 'unknown' ? undefined : taken;
    });
    if (!outcome.ok) {
      if (outcome.limited) throw new HttpProblem(429, 'rate_limited', { detail: 'Too many failed attempts from this address. Please wait.', headers: { 'retry-after': String(outcome.retryAfterSeconds) } });
      throw new HttpProblem(404, 'invite_not_found', { detail: 'No invite with this code. Check the link, or ask for a new one.' });
    }
    const taken = outcome.value;
    if (taken.outcome === 'used') throw gone('invite_used', 'This invite was already used. Ask whoever sent it for a new one.');
    if (taken.outcome === 'expired') throw gone('invite_expired', 'This invite has expired. Ask whoever sent it for a new one.');
    if (taken.outcome === 'revoked') throw gone('invite_revoked', 'This invite was withdrawn. Ask whoever sent it for a new one.');
    if (taken.outcome !== 'accepted') throw new Error(`unexpected invite outcome ${taken.outcome}`);
    ctx.log(JSON.stringify({ level: 'info', msg: 'invite accepted', campaign: taken.person.campaign, person: taken.person.id, role: taken.person.role }));
    return json(201, { key: person.token, person: taken.person });
  });

  app.get('/v1/settings', teamOrAdmin(auth), (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'admin' && !(actor.kind === 'person' && actor.role === 'organiser')) throw forbidden('The server settings are shown to the admin and to organisers.');
    return json(200, ctx.settings?.() ?? {});
  });

  app.get('/v1/people', teamOrAdmin(auth), async (c) => {
    const campaign = c.req.query('campaign');
    if (!campaign) throw new HttpProblem(400, 'invalid_request', { field: 'campaign', detail: 'campaign: required (?campaign=<id>)' });
    requireManage(c.get('actor'), campaign, ctx);
    return json(200, { people: await ctx.store.listPeople(ctx.subtree(campaign)) });
  });

  // Who am I: the console asks this with a key it holds.
  app.get('/v1/people/me', async (c) => {
    const actor = await authenticate(c.req.header('authorization'), c.env?.ip, auth);
    if (actor.kind !== 'person') return json(200, actor.kind === 'admin' ? { kind: 'admin' } : { kind: 'team', campaign: actor.campaign });
    return json(200, { kind: 'person', person: await ctx.store.findPersonById(actor.personId) });
  });

  app.delete('/v1/people/:personId', teamOrAdmin(auth), async (c) => {
    const found = await ctx.store.findPersonById(c.req.param('personId'));
    if (!found) throw new HttpProblem(404, 'not_found', { detail: 'No person with this id.' });
    const actor = c.get('actor');
    const most = requireManage(actor, found.campaign, ctx);
    if (!atLeast(most, found.role)) throw forbidden(`A ${found.role} is revoked by someone above them.`);
    const info = await ctx.store.revokePerson(found.id);
    ctx.log(JSON.stringify({ level: 'info', msg: 'person revoked', campaign: found.campaign, person: found.id }));
    return json(200, info);
  });
}
