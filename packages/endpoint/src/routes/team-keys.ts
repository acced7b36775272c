/**
 * Team keys (admin): `POST /v1/campaigns/:id/keys` shows a new token once, `GET` lists a
 * campaign's keys (never a token), `DELETE /v1/keys/:keyId` revokes one everywhere at once.
 */
import type { Hono } from 'hono';
import { TeamKeyCreate } from '@rescuekit/schema';
import { newTeamKey } from '../guard/team-keys.js';
import { readBody } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { Store } from '../store/types.js';
import { parseBody } from './campaign-admin.js';
import { limitBody, type AppEnv } from './middleware.js';
import { adminActor, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS } });

export function teamKeyRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: { store: Store; log: (line: string) => void }): void {
  app.post('/v1/campaigns/:id/keys', adminActor(auth), limitBody(4096), async (c) => {
    const req = c.req.raw;
    const hasBody = req.headers.get('content-length') !== '0' && req.headers.has('content-type');
    const { label } = hasBody ? await parseBody(req, TeamKeyCreate) : (await readBody(req), { label: undefined });
    const key = newTeamKey();
    const info = await ctx.store.createTeamKey({ id: key.id, campaign: c.req.param('id'), label: label ?? null, hash: key.hash });
    if (!info) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    // The token goes to the caller once; the log names the key by id only.
    ctx.log(JSON.stringify({ level: 'info', msg: 'team key created', campaign: info.campaign, key: info.id }));
    return json(201, { ...info, token: key.token });
  });

  app.get('/v1/campaigns/:id/keys', adminActor(auth), async (c) => json(200, { keys: await ctx.store.listTeamKeys(c.req.param('id')) }));

  // A holder rotates their own key: the new token once, the old one refused from now on, on every server.
  app.post('/v1/keys/rotate', teamOrAdmin(auth), limitBody(0), async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'team') throw new HttpProblem(403, 'forbidden', { detail: 'Send the team key to rotate. An admin makes keys with POST /v1/campaigns/:id/keys.' });
    await readBody(c.req.raw);
    const key = newTeamKey();
    const info = await ctx.store.rotateTeamKey(actor.keyId, { id: key.id, hash: key.hash });
    if (!info) throw new HttpProblem(409, 'conflict', { detail: 'This key was already rotated or revoked; use the new one.' });
    ctx.log(JSON.stringify({ level: 'info', msg: 'team key rotated by its holder', campaign: info.campaign, key: info.id, replaces: actor.keyId }));
    return json(201, { ...info, token: key.token, replaces: actor.keyId });
  });

  app.delete('/v1/keys/:keyId', adminActor(auth), async (c) => {
    const info = await ctx.store.revokeTeamKey(c.req.param('keyId'));
    if (!info) throw new HttpProblem(404, 'not_found', { detail: 'No team key with this id.' });
    ctx.log(JSON.stringify({ level: 'info', msg: 'team key revoked', campaign: info.campaign, key: info.id }));
    return json(200, info);
  });
}
