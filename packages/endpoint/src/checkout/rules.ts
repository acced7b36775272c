/**
 * `POST /v1/checkout`'s business rules, enforced before any Stripe call: the campaign, the page's
 * origin, the currency, the gift limits, the monthly offer, fee coverage. A request that keeps them
 * becomes a {@link CheckoutPlan} (`session.ts`); one that breaks one throws a `CheckoutFailure`.
 */
import {
  DEFAULT_FEE_RATES,
  STRIPE_MAXIMUM_CHARGE,
  formatMoney,
  offerBounds,
  quoteGift,
  giftLimits,
  type CheckoutRequest,
  type FeeQuote,
  type FeeRate,
} from '@rescuekit/schema';
import { CheckoutFailure, type CheckoutFailureCode } from './failure.js';
import { sessionParams, type CheckoutCampaign, type CheckoutPlan } from './session.js';

export type { CheckoutCampaign };

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

/** The fee rate that applies to a campaign, or undefined when none is known for its currency. */
function feeRateFor(campaign: CheckoutCampaign, fallback?: FeeRate): FeeRate | undefined {
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
  const [min] = giftLimits(campaign);
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
