/**
 * `POST /v1/portal`: a Stripe Customer Portal session for the customer of one completed monthly
 * Checkout Session, within {@link MANAGE_WINDOW_MS} of completion, for the browser holding the
 * token whose hash went with that checkout. The session id alone travels in return URLs,
 * referrers and analytics, so it is never enough; and the customer is never taken from the
 * request. Later changes go through Stripe's own portal login (`manageGivingUrl`).
 */
import type { Hono } from 'hono';
import type Stripe from 'stripe';
import { describeIssue, PortalRequest, type CampaignConfig, type PortalFlow } from '@rescuekit/schema';
import type { AttemptOutcome, CredentialGuard } from '../guard/credentials.js';
import { clientKeyForIp } from '../guard/rate-limit.js';
import { isJsonContentType, parseJsonBody, readBody } from '../http.js';
import { HttpProblem } from '../problem.js';
import { METADATA } from '../checkout/session.js';
import { checkoutCors, limitBody, type AppEnv } from '../routes/middleware.js';
import { decideGrant, MANAGE_WINDOW_MS, sha256Hex, type PortalGrant, type PortalRefusal } from './grant.js';

const PORTAL_BODY_LIMIT = 4 * 1024;
/** Each Stripe call; the donor is waiting. */
const PORTAL_STRIPE_TIMEOUT_MS = 5_000;

export interface PortalRouteContext {
  campaigns: { get(id: string): CampaignConfig | undefined };
  /** Top-level `allowedOrigins`, allowed for every campaign. */
  allowedOrigins: readonly string[];
  stripe: Stripe | null;
  /** Refused attempts (wrong token, unknown session) count toward the per-address credential limit. */
  guard: CredentialGuard;
  log: (line: string) => void;
  now: () => number;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** Stripe could not be asked: 503, never counted against the address. */
class StripeUnavailable extends Error {}

/** Registers the route and its CORS (the checkout's: any origin may ask, only an allowed one is answered). */
export function portalRoutes(app: Hono<AppEnv>, ctx: PortalRouteContext): void {
  app.on(['POST', 'OPTIONS'], '/v1/portal', checkoutCors, limitBody(PORTAL_BODY_LIMIT), (c) => handlePortal(c.req.raw, c.env?.ip ?? 'unknown', ctx));
}

async function handlePortal(req: Request, ip: string, ctx: PortalRouteContext): Promise<Response> {
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the portal request as Content-Type: application/json.' });
  }
  const parsed = PortalRequest.safeParse(parseJsonBody(await readBody(req)));
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw new HttpProblem(400, 'invalid_request', field === '(body)' ? { detail } : { field, detail });
  }
  const { session: sessionId, token, flow } = parsed.data;
  const stripe = ctx.stripe;
  if (!stripe) throw new HttpProblem(503, 'not_configured', { detail: 'Online giving is not set up on this endpoint yet: set STRIPE_SECRET_KEY.' });

  let refusal: PortalRefusal | 'not_found' = 'forbidden';
  const tokenHash = await sha256Hex(token);
  let outcome: AttemptOutcome<PortalGrant>;
  try {
    // Undefined is a refusal, counted against the address; `refusal` says which.
    outcome = await ctx.guard.attempt(clientKeyForIp(ip), async (): Promise<PortalGrant | undefined> => {
      const session = await retrieve(stripe, sessionId);
      if (!session) {
        refusal = 'not_found';
        return undefined;
      }
      assertAllowedOrigin(req.headers.get('origin'), ctx, session.metadata?.[METADATA.campaign]);
      const decision = decideGrant(session, tokenHash, ctx.now());
      if (typeof decision !== 'string') return decision;
      refusal = decision;
      return undefined;
    });
  } catch (e) {
    if (e instanceof StripeUnavailable) throw unavailable(ctx, 'portal: session lookup failed', sessionId, e.message);
    throw e;
  }
  if (!outcome.ok) {
    if (outcome.limited) {
      throw new HttpProblem(429, 'rate_limited', { detail: 'Too many refused attempts from this address. Please wait.', headers: { 'retry-after': String(outcome.retryAfterSeconds) } });
    }
    ctx.log(JSON.stringify({ level: 'info', msg: 'portal refused', session: sessionId, reason: refusal }));
    throw refusalProblem(refusal);
  }
  const grant = outcome.value;
  let url: string;
  try {
    const portal = await stripe.billingPortal.sessions.create(portalParams(grant, flow), { idempotencyKey: `rescuekit-portal-${crypto.randomUUID()}`, timeout: PORTAL_STRIPE_TIMEOUT_MS });
    url = portal.url;
  } catch (e) {
    throw unavailable(ctx, 'portal: session creation failed', sessionId, errorType(e));
  }
  ctx.log(JSON.stringify({ level: 'info', msg: 'portal session created', campaign: grant.campaign, session: sessionId, flow }));
  return new Response(JSON.stringify({ url }), { status: 200, headers: JSON_HEADERS });
}

/** The portal for the grant's customer only; a flow opens straight on its form. */
export function portalParams(grant: PortalGrant, flow: PortalFlow): Stripe.BillingPortal.SessionCreateParams {
  const back = grant.returnUrl;
  const params: Stripe.BillingPortal.SessionCreateParams = { customer: grant.customer, ...(back ? { return_url: back } : {}) };
  if (flow === 'portal') return params;
  const after: Stripe.BillingPortal.SessionCreateParams.FlowData.AfterCompletion = back
    ? { type: 'redirect', redirect: { return_url: back } }
    : { type: 'portal_homepage' };
  const flowData: Stripe.BillingPortal.SessionCreateParams.FlowData =
    flow === 'subscription_cancel'
      ? { type: 'subscription_cancel', subscription_cancel: { subscription: grant.subscription }, after_completion: after }
      : { type: 'payment_method_update', after_completion: after };
  return { ...params, flow_data: flowData };
}

/** The session with its subscription, or undefined when Stripe has no such session. */
async function retrieve(stripe: Stripe, id: string): Promise<Stripe.Checkout.Session | undefined> {
  try {
    return await stripe.checkout.sessions.retrieve(id, { expand: ['subscription'] }, { timeout: PORTAL_STRIPE_TIMEOUT_MS });
  } catch (e) {
    const err = e as { statusCode?: number; code?: string };
    if (err.statusCode === 404 || err.code === 'resource_missing') return undefined;
    throw new StripeUnavailable(errorType(e));
  }
}

/** A browser's Origin, when sent, must be allowed for the gift's campaign (or every campaign). */
function assertAllowedOrigin(origin: string | null, ctx: PortalRouteContext, campaign: string | undefined): void {
  if (origin == null) return;
  const allowed = [...((campaign && ctx.campaigns.get(campaign)?.allowedOrigins) || []), ...ctx.allowedOrigins];
  if (origin !== 'null' && allowed.includes(origin)) return;
  throw new HttpProblem(403, 'origin_not_allowed', { field: 'origin', detail: `origin: ${origin} is not an allowed origin for this gift's campaign` });
}

function refusalProblem(refusal: PortalRefusal | 'not_found'): HttpProblem {
  if (refusal === 'not_found') return new HttpProblem(404, 'not_found', { field: 'session', detail: 'session: no checkout with this id' });
  if (refusal === 'not_completed') return new HttpProblem(409, 'conflict', { field: 'session', detail: 'session: this checkout is not a completed monthly gift' });
  return new HttpProblem(403, 'forbidden', {
    detail: `This gift can be managed here only from the browser that gave it, within ${MANAGE_WINDOW_MS / 60_000} minutes. Use "Manage my giving" to sign in with your email.`,
  });
}

function unavailable(ctx: PortalRouteContext, msg: string, session: string, stripeError: string): HttpProblem {
  ctx.log(JSON.stringify({ level: 'error', msg, session, stripeError }));
  return new HttpProblem(503, 'unavailable', { detail: 'Stripe could not be reached. Please try again in a moment.' });
}

/** The Stripe error's type only (never its message, which may quote the request). */
function errorType(e: unknown): string {
  return typeof e === 'object' && e !== null && 'type' in e ? String((e as { type: unknown }).type) : e instanceof Error ? e.name : 'unknown';
}
