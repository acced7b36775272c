/**
 * The HTTP concerns every route shares, as Hono's own middleware configured once:
 * CORS for open reads and for checkout, body limits and the admin bearer token.
 * Their refusals are problem+json like every other error.
 */
import type { Role } from '@rescuekit/schema';
import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { adminTokenProblem, type MIN_ADMIN_TOKEN_LENGTH } from '../guard/admin-token.js';
import { HttpProblem, problemResponse } from '../problem.js';

/** What the server adapter knows about a request beyond the Fetch `Request`. */
export interface RequestInfo {
  /** The client's address (the socket's peer, or the trusted proxy's X-Forwarded-For entry). */
  ip?: string | undefined;
}

/** The Hono environment of every route: `c.env` is the adapter's {@link RequestInfo}. */
export interface AppEnv {
  Bindings: RequestInfo;
  /** Set by `teamOrAdmin` (`team-auth.ts`): who is calling. */
  Variables: { actor: Actor };
}

/**
 * The caller of a team route: the admin, a team key of one campaign, or a person invited with a role
 * over a campaign and everything below it.
 */
export type Actor =
  | { kind: 'admin' }
  | { kind: 'team'; keyId: string; campaign: string }
  | { kind: 'person'; personId: string; campaign: string; role: Role };

/** Progress and its event stream: any page may read them, errors included, so widgets can show why. */
export const openReads: MiddlewareHandler<AppEnv> = cors({
  origin: '*',
  allowMethods: ['GET', 'HEAD', 'OPTIONS'],
  allowHeaders: ['If-None-Match', 'Last-Event-ID', 'Cache-Control'],
  exposeHeaders: ['ETag'],
  maxAge: 86400,
});

/**
 * Checkout answers every origin's preflight and lets it read the answer, so a page that is not on
 * `allowedOrigins` learns why (403 `origin_not_allowed`) instead of a bare CORS error. Only an allowed
 * origin can get past the route's origin rule, so only it ever reads a client secret or a checkout URL.
 */
export const checkoutCors: MiddlewareHandler<AppEnv> = cors({
  // `null` (sandboxed frames, file://) is never allowed, so there is nothing for it to read.
  origin: (origin) => (origin && origin !== 'null' ? origin : null),
  allowMethods: ['POST'],
  allowHeaders: ['Content-Type', 'Idempotency-Key'],
  exposeHeaders: ['Retry-After'],
  maxAge: 600,
});

/** Refuses (413) a body over `maxSize` bytes before the route reads it. */
export function limitBody(maxSize: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      // The unread rest of the body is still on the connection: end it, and say so, so the client opens a new one.
      throw new HttpProblem(413, 'payload_too_large', { detail: `The request body must be at most ${maxSize} bytes.`, headers: { connection: 'close' } });
    },
  });
}

/**
 * Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time by Hono's
 * `bearerAuth`. Every refusal is the same 401 problem, so a caller learns nothing about why.
 * @throws Error when `token` is empty, not a valid bearer token (it could never match) or shorter than
 * {@link MIN_ADMIN_TOKEN_LENGTH} characters; the message says how to make one (`rescuekit token`).
 */
export function adminOnly(token: string): MiddlewareHandler<AppEnv> {
  const problem = adminTokenProblem(token);
  if (problem) throw new Error(problem);
  const refuse = () =>
    problemResponse(new HttpProblem(401, 'unauthorized', { detail: 'Send the admin token as "Authorization: Bearer <ADMIN_TOKEN>".' }));
  const invalid = { message: refuse, wwwAuthenticateHeader: 'Bearer realm="rescuekit", error="invalid_token"' };
  return bearerAuth({
    token,
    noAuthenticationHeader: { message: refuse, wwwAuthenticateHeader: 'Bearer realm="rescuekit"' },
    invalidAuthenticationHeader: invalid,
    invalidToken: invalid,
  });
}
