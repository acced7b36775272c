/**
 * `POST /v1/checkout`: the server decides what is charged. Every check runs
 * before the one Stripe call: body shape, campaign, Origin, amount and currency rules,
 * return URL, Stripe configured, human check, per-client rate limit. The request is
 * planned once; that plan is what Stripe receives.
 */
import type { Hono } from 'hono';
import type Stripe from 'stripe';
import { CheckoutRequest, describeIssue, type CampaignConfig, type FeeRate } from '@rescuekit/schema';
import { CheckoutFailure, stripeFailure, type CheckoutFailureCode } from './failure.js';
import { HumanCheckUnavailableError, type HumanCheck } from '../guard/human-check.js';
import { clientKeyForIp, type CheckoutLimiter } from '../guard/rate-limit.js';
import { isJsonContentType, parseIdempotencyKey, parseJsonBody, readBody } from '../http.js';
import { HttpProblem, type EndpointProblemCode } from '../problem.js';
import { deriveIdempotencyKey } from './idempotency.js';
import { planCheckout } from './rules.js';
import { openCheckoutSession, type CheckoutPlan } from './session.js';
import { checkoutCors, limitBody, type AppEnv } from '../routes/middleware.js';

const CHECKOUT_BODY_LIMIT = 16 * 1024;
/**
 * A donor who pressed Give hears back within this, even when Stripe accepts the connection and
 * never answers: two tries of {@link CHECKOUT_STRIPE_TRY_MS}, the whole call capped here.
 */
const CHECKOUT_DEADLINE_MS = 8_000;
const CHECKOUT_STRIPE_TRY_MS = 3_500;

export interface CheckoutRouteContext {
  /** A campaign as it gives (a fundraiser page with its team's rules), and whether the public may see it. */
  campaigns: { get(id: string): CampaignConfig | undefined; isPublic(id: string): boolean };
  /** Top-level `allowedOrigins`, allowed for every campaign. */
  allowedOrigins: readonly string[];
  feeRate: FeeRate | undefined;
  /** Null when STRIPE_SECRET_KEY is not set: checkout answers 503 saying so. */
  stripe: Stripe | null;
  limiter: CheckoutLimiter;
  humanCheck: HumanCheck;
  log: (line: string) => void;
  now: () => number;
  /** Total time the Stripe call may take. Default {@link CHECKOUT_DEADLINE_MS}. */
  deadlineMs?: number | undefined;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/**
 * The edge: each failure's public status and problem `code` (the values widgets already know).
 * Rule failures are a 400 naming the body field, except the Origin header, which is the caller itself.
 */
const PUBLIC: Record<CheckoutFailureCode, readonly [number, EndpointProblemCode]> = {
  unknown_campaign: [404, 'not_found'],
  campaign_mismatch: [400, 'invalid_request'],
  currency_mismatch: [400, 'invalid_request'],
  amount_too_small: [400, 'invalid_request'],
  amount_too_large: [400, 'invalid_request'],
  fees_not_configured: [400, 'invalid_request'],
  upsell_not_offered: [400, 'invalid_request'],
  origin_not_allowed: [400, 'invalid_request'],
  stripe_not_configured: [503, 'not_configured'],
  human_check_failed: [403, 'human_check_failed'],
  human_check_unavailable: [503, 'unavailable'],
  rate_limited: [429, 'rate_limited'],
  idempotency_conflict: [409, 'idempotency_conflict'],
  stripe_busy: [503, 'rate_limited'],
  stripe_failed: [502, 'internal'],
};

/** The public problem for a checkout failure. */
export function checkoutProblem(failure: CheckoutFailure): HttpProblem {
  const [status, code] =
    failure.code === 'origin_not_allowed' && failure.field === 'origin' ? ([403, 'origin_not_allowed'] as const) : PUBLIC[failure.code];
  const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
  return new HttpProblem(status, code, { detail: failure.detail, field: failure.field, headers });
}

/** Registers the route and its CORS (see `checkoutCors`). */
export function checkoutRoutes(app: Hono<AppEnv>, ctx: CheckoutRouteContext): void {
  app.on(['POST', 'OPTIONS'], '/v1/checkout', checkoutCors, limitBody(CHECKOUT_BODY_LIMIT), async (c) => {
    try {
      return await handleCheckout(c.req.raw, c.env?.ip ?? 'unknown', ctx);
    } catch (e) {
      throw e instanceof CheckoutFailure ? checkoutProblem(e) : e;
    }
  });
}

async function handleCheckout(req: Request, ip: string, ctx: CheckoutRouteContext): Promise<Response> {
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the checkout request as Content-Type: application/json.' });
  }
  const clientKey = parseIdempotencyKey(req.headers.get('idempotency-key'));
  const parsed = CheckoutRequest.safeParse(parseJsonBody(await readBody(req)));
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw new HttpProblem(400, 'invalid_request', field === '(body)' ? { detail } : { field, detail });
  }
  const request = parsed.data;
  // A fundraiser page waiting for approval, rejected or taken down is, to a donor, no campaign at all.
  const campaign = ctx.campaigns.isPublic(request.campaign) ? ctx.campaigns.get(request.campaign) : undefined;
  if (!campaign) throw new CheckoutFailure('unknown_campaign', { field: 'campaign', detail: 'campaign: no campaign with this id' });
  if (campaign.archived) throw new HttpProblem(409, 'campaign_archived', { field: 'campaign', detail: 'campaign: this campaign is archived and takes no new gifts' });
  if (campaign.fundraiser?.state === 'closed') throw new HttpProblem(409, 'campaign_archived', { field: 'campaign', detail: 'campaign: this fundraiser page is closed and takes no new gifts' });

  const idempotencyKey = await deriveIdempotencyKey({ clientKey, request, ip, userAgent: req.headers.get('user-agent'), now: ctx.now() });
  const plan = planCheckout(campaign, request, { idempotencyKey, origin: req.headers.get('origin'), allowedOrigins: ctx.allowedOrigins, feeRate: ctx.feeRate });
  if (!ctx.stripe) {
    throw new CheckoutFailure('stripe_not_configured', { detail: 'Online giving is not set up on this endpoint yet: set STRIPE_SECRET_KEY.' });
  }
  await passHumanCheck(ctx.humanCheck, request.humanCheckToken, ip);
  const decision = await ctx.limiter.hit(clientKeyForIp(ip));
  if (!decision.ok) {
    throw new CheckoutFailure('rate_limited', {
      detail: 'Too many checkout attempts from this network. Please wait and try again.',
      retryAfterSeconds: decision.retryAfterSeconds,
    });
  }

  let session: Awaited<ReturnType<typeof openCheckoutSession>>;
  try {
    session = await withDeadline(openCheckoutSession(ctx.stripe, withTries(plan, ctx.stripe, ctx.deadlineMs ?? CHECKOUT_DEADLINE_MS)), ctx.deadlineMs ?? CHECKOUT_DEADLINE_MS);
  } catch (e) {
    ctx.log(JSON.stringify({ level: 'error', msg: 'checkout session creation failed', campaign: campaign.id, stripeError: errorType(e) }));
    throw stripeFailure(e);
  }
  ctx.log(JSON.stringify({ level: 'info', msg: 'checkout session created', campaign: campaign.id, session: session.sessionId, total: session.quote.total, frequency: request.frequency }));
  const body = 'clientSecret' in session ? { clientSecret: session.clientSecret } : { url: session.url };
  return new Response(JSON.stringify(body), { status: 200, headers: { ...JSON_HEADERS } });
}

/** Shorter tries than the client's default: the donor is waiting (webhooks and reconcile keep the long ones). */
function withTries(plan: CheckoutPlan, stripe: Stripe, deadlineMs: number): CheckoutPlan {
  const timeout = Math.min(CHECKOUT_STRIPE_TRY_MS, deadlineMs);
  return { ...plan, options: { ...plan.options, timeout, maxNetworkRetries: Math.min(stripe.getMaxNetworkRetries(), 1) } };
}

/** Rejects with a `StripeConnectionError`-typed error once `ms` pass; the late answer, if any, is dropped. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('Stripe did not answer in time'), { type: 'StripeConnectionError' })), ms);
  });
  work.catch(() => {}); // a failure after the deadline has no one to tell
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function passHumanCheck(check: HumanCheck, token: string | undefined, ip: string): Promise<void> {
  if (!check.enabled) return;
  let human: boolean;
  try {
    human = await check.verify(token, ip);
  } catch (e) {
    if (e instanceof HumanCheckUnavailableError) {
      throw new CheckoutFailure('human_check_unavailable', { detail: 'The human check could not be verified. Please try again.' });
    }
    throw e;
  }
  if (!human) throw new CheckoutFailure('human_check_failed', { field: 'humanCheckToken', detail: 'humanCheckToken: the human check did not pass' });
}

/** The Stripe error's type only (never its message, which may quote the request). */
function errorType(e: unknown): string {
  return typeof e === 'object' && e !== null && 'type' in e ? String((e as { type: unknown }).type) : e instanceof Error ? e.name : 'unknown';
}
