/**
 * The exact Checkout Session a checked request opens, typed by the Stripe SDK's own parameter
 * types: line item, mode, return URLs and the attribution metadata webhooks count by.
 */
import type Stripe from 'stripe';
import { UTM_KEYS, type CampaignConfig, type CheckoutRequest, type CheckoutResponse, type FeeQuote, type FeeRate } from '@rescuekit/schema';

/** The campaign fields checkout reads (a `CampaignConfig`, before or after the `feeRate` merge). */
export type CheckoutCampaign = Pick<CampaignConfig, 'id' | 'title' | 'currency' | 'minAmount' | 'maxAmount' | 'allowedOrigins' | 'upsell' | 'adaptivePricing'> & {
  feeRate?: FeeRate | undefined;
};

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
  /**
   * SHA-256 of the starting browser's manage token (monthly gifts, when sent): `POST /v1/portal`
   * compares the token against it. On the session only, never copied to the subscription.
   */
  manage: 'rescuekit_manage',
} as const;

/** A checked request, ready to send: made once per checkout, by `planCheckout`. */
export interface CheckoutPlan {
  uiMode: CheckoutRequest['uiMode'];
  params: Stripe.Checkout.SessionCreateParams;
  options: { idempotencyKey: string; timeout?: number; maxNetworkRetries?: number };
  /** Gift, covered fee and total charged, minor units of `currency`. */
  quote: FeeQuote;
}

/** The `checkout.sessions.create` parameters for a request that kept every rule. */
export function sessionParams(
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
    metadata: monthly && request.manageTokenHash ? { ...metadata, [METADATA.manage]: request.manageTokenHash } : metadata,
    ...(request.email ? { customer_email: request.email } : {}),
    // The session stays in the campaign's currency either way (webhooks count `amount_total` as is);
    // with Adaptive Pricing the donor sees and pays a converted price (`presentment_details`).
    adaptive_pricing: { enabled: campaign.adaptivePricing === true },
    ...ui,
  };
  return monthly
    ? { ...base, mode: 'subscription', subscription_data: { metadata } }
    : { ...base, mode: 'payment', submit_type: 'donate', payment_intent_data: { metadata } };
}

/** Campaign, amounts and attribution as Stripe metadata (strings; keys in `METADATA`). */
function attributionMetadata(campaign: CheckoutCampaign, request: CheckoutRequest, quote: FeeQuote): Record<string, string> {
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
    for (const k of UTM_KEYS) {
      const v = s[k];
      if (v) m[k] = v;
    }
    if (s.page) m[METADATA.page] = s.page;
  }
  return m;
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
