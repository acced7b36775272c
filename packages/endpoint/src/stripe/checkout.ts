/**
 * POST /v1/checkout core: the business rules the server enforces before any
 * Stripe call, and the exact Checkout Session parameters (typed by the SDK).
 */
import type Stripe from 'stripe';
import {
  DEFAULT_FEE_RATES,
  STRIPE_MAXIMUM_CHARGE,
  formatMoney,
  offerBounds,
  quoteGift,
  stripeMinimumCharge,
  type CampaignConfig,
  type CheckoutRequest,
  type CheckoutResponse,
  type FeeQuote,
  type FeeRate,
} from '@rescuekit/schema';
import { CheckoutFailure, type CheckoutFailureCode } from '../checkout-failure.js';

/** Stripe metadata keys rescuekit writes on sessions, PaymentIntents and subscriptions. */
export const METADATA = {
  /** Campaign id: the attribution key webhooks count by. Namespaced: the Stripe account may serve other apps. */
  campaign: 'rescuekit_campaign',
  frequency: 'rescuekit_frequency',
  /** The donor's chosen gift, minor units. */
  gift: 'gift_amount',
  /** What cover-fees added on top, minor units. */
  fee: 'fee_amount',
  tributeKind: 'tribute_kind',
  tributeName: 'tribute_name',
  page: 'source_page',
  /** The donor's answer to the monthly upsell (`accepted` | `declined`), when one was offered. */
  upsell: 'rescuekit_upsell',
} as const;

/** The campaign fields checkout reads (a `CampaignConfig`, before or after the `feeRate` merge). */
export type CheckoutCampaign = Pick<CampaignConfig, 'id' | 'title' | 'currency' | 'minAmount' | 'maxAmount' | 'allowedOrigins' | 'upsell'> & {
  feeRate?: FeeRate | undefined;
};

export interface CheckoutContext {
  /** Idempotency key for the create call (see `deriveIdempotencyKey`). */
  idempotencyKey: string;
  /** The request's `Origin` header, when a browser sent one; it must be allowed too. */
  origin?: string | null | undefined;
  /** Origins allowed for every campaign (top-level `allowedOrigins`). */
  allowedOrigins?: readonly string[] | undefined;
  /** Endpoint-wide fee rate, used when the campaign has none. */
  feeRate?: FeeRate | undefined;
  /** Locale for the fee line shown on Stripe's page. Default `en`. */
  locale?: string | undefined;
}

/** A checked request, ready to send: made once per checkout, by {@link planCheckout}. */
export interface CheckoutPlan {
  uiMode: CheckoutRequest['uiMode'];
  params: Stripe.Checkout.SessionCreateParams;
  options: { idempotencyKey: string; timeout?: number; maxNetworkRetries?: number };
  /** Gift, covered fee and total charged, minor units of `currency`. */
  quote: FeeQuote;
}

/** The fee rate that applies to a campaign, or undefined when none is known for its currency. */
export function feeRateFor(campaign: CheckoutCampaign, fallback?: FeeRate): FeeRate | undefined {
  return campaign.feeRate ?? fallback ?? DEFAULT_FEE_RATES[campaign.currency];
}

const rule = (code: CheckoutFailureCode, field: string, detail: string) => new CheckoutFailure(code, { field, detail });

/**
 * Checks every business rule, then builds the session parameters. Throws `CheckoutFailure`.
 * The browser's Origin comes first: until the page's origin is allowed nothing else can work.
 */
export function planCheckout(campaign: CheckoutCampaign, request: CheckoutRequest, ctx: CheckoutContext): CheckoutPlan {
  if (request.campaign !== campaign.id) throw rule('campaign_mismatch', 'campaign', 'campaign: does not match the campaign being given to');
  if (ctx.origin != null) assertAllowedOrigin(campaign, ctx, ctx.origin, 'origin');
  if (request.currency !== campaign.currency) {
    throw rule('currency_mismatch', 'currency', `currency: this campaign takes gifts in ${campaign.currency.toUpperCase()}`);
  }
  const money = (n: number) => formatMoney(n, campaign.currency, ctx.locale ?? 'en');
  const min = Math.max(campaign.minAmount ?? 1, stripeMinimumCharge(campaign.currency) ?? 1);
  if (request.amount < min) throw rule('amount_too_small', 'amount', `amount: the smallest gift is ${money(min)}`);
  if (campaign.maxAmount !== undefined && request.amount > campaign.maxAmount) {
    throw rule('amount_too_large', 'amount', `amount: the largest gift is ${money(campaign.maxAmount)}`);
  }
  if (request.upsell === 'accepted') assertUpsellOffer(campaign, request, min, money);
  assertAllowedOrigin(campaign, ctx, request.returnUrl, 'returnUrl');

  let quote: FeeQuote;
  if (request.coverFees) {
    const rate = feeRateFor(campaign, ctx.feeRate);
    if (!rate) throw rule('fees_not_configured', 'coverFees', 'coverFees: fee coverage is not available for this campaign');
    quote = quoteGift(request.amount, rate, true);
  } else {
    quote = { gift: request.amount, fee: 0, total: request.amount, processorFee: 0, net: request.amount };
  }
  if (quote.total > STRIPE_MAXIMUM_CHARGE) {
    throw rule('amount_too_large', 'amount', `amount: the largest single payment is ${money(STRIPE_MAXIMUM_CHARGE)}`);
  }
  return { uiMode: request.uiMode, params: sessionParams(campaign, request, quote, money), options: { idempotencyKey: ctx.idempotencyKey }, quote };
}

/**
 * A monthly gift the donor accepted in place of a one-time `upsellFrom`: the campaign must make
 * that offer (`upsell.monthly`), the one-time gift must be one it takes, and the monthly amount
 * must lie within the rule's bounds for it (`offerBounds`; which presets the element offered is
 * not known here).
 */
function assertUpsellOffer(campaign: CheckoutCampaign, request: CheckoutRequest, min: number, money: (n: number) => string): void {
  const from = request.upsellFrom ?? 0; // the schema requires it with "accepted"
  if (!campaign.upsell?.monthly) throw rule('upsell_not_offered', 'upsell', 'upsell: this campaign makes no monthly offer');
  if (from < min || (campaign.maxAmount !== undefined && from > campaign.maxAmount)) {
    throw rule('upsell_not_offered', 'upsellFrom', 'upsellFrom: not a one-time gift this campaign takes');
  }
  const [floor, top] = offerBounds(from, campaign.currency, campaign.upsell, min);
  if (request.amount < floor || request.amount > top) {
    throw rule('upsell_not_offered', 'amount', floor > top
      ? `amount: a one-time gift of ${money(from)} has no monthly offer`
      : `amount: the monthly offer for a one-time gift of ${money(from)} is ${money(floor)}${Math.floor(top) > floor ? ` to ${money(Math.floor(top))}` : ''}`);
  }
}

/** The exact `checkout.sessions.create` parameters for a valid request (rules checked first). */
export function buildCheckoutSessionParams(
  campaign: CheckoutCampaign,
  request: CheckoutRequest,
  ctx: CheckoutContext,
): Stripe.Checkout.SessionCreateParams {
  return planCheckout(campaign, request, ctx).params;
}

function sessionParams(
  campaign: CheckoutCampaign,
  request: CheckoutRequest,
  quote: FeeQuote,
  money: (n: number) => string,
): Stripe.Checkout.SessionCreateParams {
  const monthly = request.frequency === 'monthly';
  const metadata = attributionMetadata(campaign, request, quote);
  const priceData: Stripe.Checkout.SessionCreateParams.LineItem.PriceData = {
    currency: campaign.currency,
    unit_amount: quote.total,
    product_data: {
      name: `${monthly ? 'Monthly gift' : 'Gift'} to ${campaign.title}`,
      ...(quote.fee > 0 ? { description: `Includes ${money(quote.fee)} to cover processing fees` } : {}),
    },
    ...(monthly ? { recurring: { interval: 'month' as const } } : {}),
  };
  const returnTo = withSessionIdPlaceholder(request.returnUrl);
  const ui: Stripe.Checkout.SessionCreateParams =
    request.uiMode === 'embedded'
      ? // In this API version "embedded" is spelled `embedded_page` and redirect is `hosted_page`.
        { ui_mode: 'embedded_page', return_url: returnTo }
      : { ui_mode: 'hosted_page', success_url: returnTo, cancel_url: withQuery(request.returnUrl, 'checkout', 'cancelled') };
  const base: Stripe.Checkout.SessionCreateParams = {
    line_items: [{ quantity: 1, price_data: priceData }],
    metadata,
    ...(request.email ? { customer_email: request.email } : {}),
    // Charge exactly the campaign's currency and amount: webhooks count `amount_total` as is.
    adaptive_pricing: { enabled: false },
    ...ui,
  };
  return monthly
    ? { ...base, mode: 'subscription', subscription_data: { metadata } }
    : { ...base, mode: 'payment', submit_type: 'donate', payment_intent_data: { metadata } };
}

/** Campaign, amounts and attribution as Stripe metadata (strings; keys in `METADATA`). */
export function attributionMetadata(campaign: CheckoutCampaign, request: CheckoutRequest, quote: FeeQuote): Record<string, string> {
  const m: Record<string, string> = {
    [METADATA.campaign]: campaign.id,
    [METADATA.frequency]: request.frequency,
    [METADATA.gift]: String(quote.gift),
    [METADATA.fee]: String(quote.fee),
  };
  if (request.upsell) m[METADATA.upsell] = request.upsell;
  if (request.tribute) {
    m[METADATA.tributeKind] = request.tribute.kind;
    m[METADATA.tributeName] = request.tribute.name;
  }
  const s = request.source;
  if (s) {
    for (const k of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const) {
      const v = s[k];
      if (v) m[k] = v;
    }
    if (s.page) m[METADATA.page] = s.page;
  }
  return m;
}

function assertAllowedOrigin(campaign: CheckoutCampaign, ctx: CheckoutContext, value: string, field: 'origin' | 'returnUrl'): void {
  let origin: string;
  try {
    origin = new URL(value).origin;
  } catch {
    origin = 'null';
  }
  const allowed = [...(campaign.allowedOrigins ?? []), ...(ctx.allowedOrigins ?? [])];
  if (origin !== 'null' && allowed.includes(origin)) return;
  const what = origin === 'null' ? 'this' : origin;
  throw rule(
    'origin_not_allowed',
    field,
    `${field}: ${what} is not an allowed origin for campaign "${campaign.id}"; add it to "allowedOrigins" in the endpoint's config file (the campaign's, or the top-level list for every campaign)`,
  );
}

/** `returnUrl` plus `session_id={CHECKOUT_SESSION_ID}`, which Stripe fills in; the braces must stay unencoded. */
export function withSessionIdPlaceholder(returnUrl: string): string {
  return withQuery(returnUrl, 'session_id', '{CHECKOUT_SESSION_ID}');
}

function withQuery(url: string, key: string, rawValue: string): string {
  const u = new URL(url);
  u.searchParams.delete(key);
  const hash = u.hash;
  u.hash = '';
  const s = u.toString();
  return `${s}${u.search ? '&' : '?'}${encodeURIComponent(key)}=${rawValue}${hash}`;
}

export interface IdempotencyInput {
  /** The client's `Idempotency-Key` header, if any (a widget sends one per "Give" click). */
  clientKey?: string | null | undefined;
  request: CheckoutRequest;
  /** Client IP and user agent: without a client key, two donors must not share a session. */
  ip: string;
  userAgent?: string | null | undefined;
  /** Current time, ms. Without a client key, identical requests within one window share a session. */
  now: number;
  windowSeconds?: number;
}

/**
 * A deterministic idempotency key for `checkout.sessions.create`.
 * With a client key: scoped by campaign, so a retried POST returns the same
 * session and a reused key with different params gets Stripe's idempotency error.
 * Without: a fingerprint of the request, the client and a short time window,
 * which absorbs double clicks without ever merging two donors' sessions for long.
 */
export async function deriveIdempotencyKey(input: IdempotencyInput): Promise<string> {
  const r = input.request;
  const material = input.clientKey
    ? ['client', r.campaign, input.clientKey]
    : ['fp', input.ip, input.userAgent ?? '', String(Math.floor(input.now / 1000 / (input.windowSeconds ?? 60))), canonicalJson(r)];
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material.join('\n')));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `rescuekit-checkout-v1-${hex}`;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Sends a plan to Stripe and returns the wire response. Stripe's errors propagate (see `stripeFailure`). */
export async function openCheckoutSession(stripe: Stripe, plan: CheckoutPlan): Promise<CheckoutResponse & { sessionId: string; quote: FeeQuote }> {
  const session = await stripe.checkout.sessions.create(plan.params, plan.options);
  if (plan.uiMode === 'embedded') {
    if (!session.client_secret) throw new Error('Stripe returned an embedded session without client_secret');
    return { clientSecret: session.client_secret, sessionId: session.id, quote: plan.quote };
  }
  if (!session.url) throw new Error('Stripe returned a hosted session without url');
  return { url: session.url, sessionId: session.id, quote: plan.quote };
}

/** Plans and opens a session in one call, for callers that hold a request rather than a plan. */
export async function createCheckoutSession(
  stripe: Stripe,
  campaign: CheckoutCampaign,
  request: CheckoutRequest,
  ctx: CheckoutContext,
): Promise<CheckoutResponse & { sessionId: string; quote: FeeQuote }> {
  return openCheckoutSession(stripe, planCheckout(campaign, request, ctx));
}

/** What an error thrown while opening a session means for the donor. Never carries Stripe's message. */
export function stripeFailure(err: unknown): CheckoutFailure {
  const type = typeof err === 'object' && err !== null && 'type' in err ? (err as { type: unknown }).type : undefined;
  if (type === 'StripeIdempotencyError') return new CheckoutFailure('idempotency_conflict', { detail: 'This Idempotency-Key was used for a different gift.' });
  const detail = 'The payment provider did not answer. Please try again.';
  return new CheckoutFailure(type === 'StripeRateLimitError' ? 'stripe_busy' : 'stripe_failed', { detail });
}
