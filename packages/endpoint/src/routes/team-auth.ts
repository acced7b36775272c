/**
 * Who may touch a campaign's cash: the admin token, or a team key of that campaign. Keys are
 * looked up in the store on every request (by SHA-256, a read), so a revocation holds on every
 * server at once. The failed-attempt limit is asked first: after 20 refusals a minute from one
 * address every credential from it gets 429, the right one included. Every refusal is the same 401.
 */
import type { MiddlewareHandler } from 'hono';
import { sameToken } from '../guard/admin-token.js';
import type { CredentialGuard } from '../guard/credentials.js';
import type { KeyUsage } from '../guard/key-usage.js';
import { clientKeyForIp } from '../guard/rate-limit.js';
import { hashTeamKey, isTeamKeyShape } from '../guard/team-keys.js';
import { atLeast, hashSecret, isPersonKeyShape, within, type ParentOf } from '../guard/people.js';
import type { Role } from '@rescuekit/schema';
import { HttpProblem } from '../problem.js';
import type { Store } from '../store/types.js';
import type { Actor, AppEnv } from './middleware.js';

export interface TeamAuthContext {
  adminToken: string;
  /** During a rotation, the old admin token: accepted too, each use logged. */
  previousAdminToken?: string | undefined;
  log?: (line: string) => void;
  store: Store;
  /** Refused credentials per address, asked before any credential is checked. */
  guard: CredentialGuard;
  /** When each team key was last used, written off the request path. */
  keyUsage: KeyUsage;
  /** A campaign's parent, for a person's reach over its subtree. */
  parentOf: ParentOf;
}


function unauthorized(sent: boolean): HttpProblem {
  return new HttpProblem(401, 'unauthorized', {
    detail: 'Send "Authorization: Bearer <ADMIN_TOKEN>", your own key (rk_person_…), or a team key of this campaign.',
    headers: { 'www-authenticate': sent ? 'Bearer realm="rescuekit", error="invalid_token"' : 'Bearer realm="rescuekit"' },
  });
}

/** Resolves the bearer token to an {@link Actor}, or throws 401 (429 while the address is over the failure limit). */
export async function authenticate(header: string | undefined, ip: string | undefined, ctx: TeamAuthContext): Promise<Actor> {
  const token = /^Bearer ([^\s]+)$/i.exec(header ?? '')?.[1];
  const outcome = await ctx.guard.attempt(clientKeyForIp(ip ?? 'unknown'), async (): Promise<Actor | undefined> => {
    if (!token) return undefined;
    if (sameToken(token, ctx.adminToken)) return { kind: 'admin' };
    if (ctx.previousAdminToken && sameToken(token, ctx.previousAdminToken)) {
      ctx.log?.(JSON.stringify({ level: 'warn', msg: 'admin request with ADMIN_TOKEN_PREVIOUS (rotation in progress): move it to the new ADMIN_TOKEN, then unset ADMIN_TOKEN_PREVIOUS' }));
      return { kind: 'admin' };
    }
    if (isPersonKeyShape(token)) {
      const person = await ctx.store.findPerson(hashSecret(token));
      return person && { kind: 'person', personId: person.id, campaign: person.campaign, role: person.role };
    }
    if (!isTeamKeyShape(token)) return undefined;
    const key = await ctx.store.findTeamKey(hashTeamKey(token));
    if (!key) return undefined;
    ctx.keyUsage.touch(key.id);
    return { kind: 'team', keyId: key.id, campaign: key.campaign };
  });
  if (outcome.ok) return outcome.value;
  if (outcome.limited) {
    throw new HttpProblem(429, 'rate_limited', {
      detail: 'Too many failed attempts from this address. Please wait.',
      headers: { 'retry-after': String(outcome.retryAfterSeconds) },
    });
  }
  throw unauthorized(header !== undefined);
}

/** The admin or a team key; the route checks which campaign a key may touch. */
export function teamOrAdmin(ctx: TeamAuthContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('actor', await authenticate(c.req.header('authorization'), c.env?.ip, ctx));
    await next();
  };
}

/** The admin only (a team key is refused with 403: it is valid, but not for this). */
export function adminActor(ctx: TeamAuthContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = await authenticate(c.req.header('authorization'), c.env?.ip, ctx);
    if (actor.kind !== 'admin') throw forbidden('Only the admin token may do this.');
    c.set('actor', actor);
    await next();
  };
}

export function forbidden(detail: string): HttpProblem {
  return new HttpProblem(403, 'forbidden', { detail });
}

/**
 * Whether the caller reaches `campaign`: the admin everywhere, a team key its own campaign only (not
 * its parent, children or siblings), a person their campaign and everything below it, with at least `role`.
 */
export function requireCampaign(actor: Actor, campaign: string, parentOf?: ParentOf, role: Role = 'recorder'): void {
  if (actor.kind === 'team' && actor.campaign !== campaign) throw forbidden('This team key belongs to another campaign.');
  if (actor.kind !== 'person') return;
  if (!parentOf || !within(actor.campaign, campaign, parentOf)) throw forbidden(`Your role is over ${actor.campaign} and the campaigns below it, not ${campaign}.`);
  if (!atLeast(actor.role, role)) throw forbidden(`This needs the ${role} role or above; you are a ${actor.role} of ${actor.campaign}.`);
}
