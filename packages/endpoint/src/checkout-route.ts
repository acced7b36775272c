/**
 * `POST /v1/checkout`: the server decides what is charged. Every check runs
 * before the one Stripe call: body shape, campaign, amount and currency rules,
 * return URL and Origin, Stripe configured, human check, per-client rate limit.
 */
import type Stripe from 'stripe';
import { CheckoutRequest, describeIssue, type CampaignConfig, type FeeRate } from '@rescuekit/schema';
import { isJsonContentType, parseIdempotencyKey, parseJsonBody, readBodyLimited } from './http.js';
import { HttpProblem } from './problem.js';
import { CheckoutRuleError, createCheckoutSession, deriveIdempotencyKey, planCheckout, stripeErrorStatus } from './stripe/checkout.js';
import { HumanCheckUnavailableError, type HumanCheck } from './guard/human-check.js';
import { clientKeyForIp, type SlidingWindowLimiter } from './guard/rate-limit.js';

export const CHECKOUT_BODY_LIMIT = 16 * 1024;

export interface CheckoutRouteContext {
  campaigns: ReadonlyMap<string, CampaignConfig>;
  /** Top-level `allowedOrigins`, allowed for every campaign. */
  allowedOrigins: readonly string[];
  feeRate: FeeRate | undefined;
  /** Null when STRIPE_SECRET_KEY is not set: checkout answers 503 saying so. */
  stripe: Stripe | null;
  limiter: SlidingWindowLimiter;
  humanCheck: HumanCheck;
  log: (line: string) => void;
  now: () => number;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export async function handleCheckout(req: Request, ip: string, ctx: CheckoutRouteContext): Promise<Response> {
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new HttpProblem(415, 'unsupported_media_type', { detail: 'Send the checkout request as Content-Type: application/json.' });
  }
  const clientKey = parseIdempotencyKey(req.headers.get('idempotency-key'));
  const raw = parseJsonBody(await readBodyLimited(req, CHECKOUT_BODY_LIMIT));
  const parsed = CheckoutRequest.safeParse(raw);
  if (!parsed.success) {
    const { field, detail } = describeIssue(parsed.error);
    throw new HttpProblem(400, 'invalid_request', field === '(body)' ? { detail } : { field, detail });
  }
  const request = parsed.data;
  const campaign = ctx.campaigns.get(request.campaign);
  if (!campaign) throw new HttpProblem(404, 'not_found', { field: 'campaign', detail: 'campaign: no campaign with this id' });

  const idempotencyKey = await deriveIdempotencyKey({ clientKey, request, ip, userAgent: req.headers.get('user-agent'), now: ctx.now() });
  const checkoutCtx = { idempotencyKey, origin: req.headers.get('origin'), allowedOrigins: ctx.allowedOrigins, feeRate: ctx.feeRate };
  try {
    planCheckout(campaign, request, checkoutCtx); // every business rule, before anything else happens
  } catch (e) {
    if (e instanceof CheckoutRuleError) throw new HttpProblem(400, 'invalid_request', { field: e.field, detail: e.detail });
    throw e;
  }
  if (!ctx.stripe) {
    throw new HttpProblem(503, 'not_configured', { detail: 'Online giving is not set up on this endpoint yet: set STRIPE_SECRET_KEY.' });
  }
  if (ctx.humanCheck.enabled) {
    let human: boolean;
    try {
      human = await ctx.humanCheck.verify(request.humanCheckToken, ip);
    } catch (e) {
      if (e instanceof HumanCheckUnavailableError) throw new HttpProblem(503, 'unavailable', { detail: 'The human check could not be verified. Please try again.' });
      throw e;
    }
    if (!human) throw new HttpProblem(403, 'human_check_failed', { field: 'humanCheckToken', detail: 'humanCheckToken: the human check did not pass' });
  }
  const decision = ctx.limiter.hit(clientKeyForIp(ip));
  if (!decision.ok) {
    throw new HttpProblem(429, 'rate_limited', {
      detail: 'Too many checkout attempts from this network. Please wait and try again.',
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    });
  }

  let session: Awaited<ReturnType<typeof createCheckoutSession>>;
  try {
    session = await createCheckoutSession(ctx.stripe, campaign, request, checkoutCtx);
  } catch (e) {
    const { status, code } = stripeErrorStatus(e);
    ctx.log(JSON.stringify({ level: 'error', msg: 'checkout session creation failed', campaign: campaign.id, stripeError: errorType(e) }));
    throw new HttpProblem(status, code, {
      detail: code === 'idempotency_conflict' ? 'This Idempotency-Key was used for a different gift.' : 'The payment provider did not answer. Please try again.',
    });
  }
  ctx.log(JSON.stringify({ level: 'info', msg: 'checkout session created', campaign: campaign.id, session: session.sessionId, total: session.quote.total, frequency: request.frequency }));
  const body = 'clientSecret' in session ? { clientSecret: session.clientSecret } : { url: session.url };
  return new Response(JSON.stringify(body), { status: 200, headers: { ...JSON_HEADERS } });
}

/** The Stripe error's type only (never its message, which may quote the request). */
function errorType(e: unknown): string {
  return typeof e === 'object' && e !== null && 'type' in e ? String((e as { type: unknown }).type) : e instanceof Error ? e.name : 'unknown';
}

/** Origins allowed to call checkout from a browser: every campaign's plus the top-level list. */
export function checkoutOrigins(allowed: readonly string[], campaigns: Iterable<CampaignConfig>): Set<string> {
  const out = new Set(allowed);
  for (const c of campaigns) for (const o of c.allowedOrigins ?? []) out.add(o);
  return out;
}
