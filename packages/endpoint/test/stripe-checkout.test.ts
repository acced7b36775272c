import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Stripe from 'stripe';
import { STRIPE_API_VERSION, createStripeClient, stripeHostOptions } from '../src/stripe/client.js';
import { CheckoutFailure, stripeFailure } from '../src/checkout/failure.js';
import { checkoutProblem } from '../src/checkout/route.js';
import { deriveIdempotencyKey } from '../src/checkout/idempotency.js';
import { planCheckout, type CheckoutCampaign, type CheckoutContext } from '../src/checkout/rules.js';
import { openCheckoutSession, withSessionIdPlaceholder } from '../src/checkout/session.js';
import { CheckoutRequest } from '@rescuekit/schema';

/** A request's session parameters, every rule checked first. */
const buildCheckoutSessionParams = (c: CheckoutCampaign, r: CheckoutRequest, ctx: CheckoutContext) => planCheckout(c, r, ctx).params;
/** Plans a request and opens its session, as the route does; a refused request is a rejection, as before. */
const createCheckoutSession = async (stripe: Stripe, c: CheckoutCampaign, r: CheckoutRequest, ctx: CheckoutContext) => openCheckoutSession(stripe, planCheckout(c, r, ctx));
import { startStripeServer, type StripeServer } from './support/stripe-server.js';

const campaign: CheckoutCampaign = {
  id: 'the-hundred',
  title: 'The Hundred: 100 rescues to freedom',
  currency: 'usd',
  minAmount: 100,
  maxAmount: 10_000_000,
  allowedOrigins: ['https://chapter.example.org'],
};
const globalOrigins = ['http://localhost:8787'];
/** The public status and problem code a Stripe SDK error becomes at the route's edge. */
const stripeErrorStatus = (e: unknown) => {
  const p = checkoutProblem(stripeFailure(e));
  return { status: p.status, code: p.code };
};
const body = (over: Record<string, unknown> = {}) =>
  CheckoutRequest.parse({
    campaign: 'the-hundred',
    amount: 2700,
    currency: 'usd',
    frequency: 'once',
    coverFees: true,
    uiMode: 'embedded',
    returnUrl: 'http://localhost:8787/give#thanks',
    tribute: { kind: 'honour', name: 'Min-jun' },
    source: { utm_source: 'newsletter', utm_campaign: 'winter', page: 'http://localhost:8787/' },
    ...over,
  });
const ctx = (idempotencyKey = 'rescuekit-checkout-v1-test') => ({ idempotencyKey, allowedOrigins: globalOrigins });

let server: StripeServer;
let stripe: Stripe;
before(async () => {
  server = await startStripeServer();
  stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_rescuekit', STRIPE_API_URL: server.url }, { version: '0.1.0', maxNetworkRetries: 1 })!;
});
after(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('Checkout Session creation through the real SDK', () => {
  test('$27 with covered fees: exact params, headers and response', async () => {
    const key = await deriveIdempotencyKey({ clientKey: 'give-1', request: body(), ip: '203.0.113.9', now: 0 });
    const res = await createCheckoutSession(stripe, campaign, body(), { ...ctx(key), origin: 'http://localhost:8787' });
    assert.equal(server.requests.length, 1);
    const [req] = server.requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.path, '/v1/checkout/sessions');
    assert.equal(req!.headers['idempotency-key'], key);
    assert.match(key, /^rescuekit-checkout-v1-[0-9a-f]{64}$/);
    assert.equal(req!.headers['stripe-version'], STRIPE_API_VERSION);
    assert.equal(req!.headers.authorization, 'Bearer sk_test_rescuekit');
    assert.match(String(req!.headers['user-agent']), /rescuekit\/0\.1\.0/);
    const metadata = {
      rescuekit_campaign: 'the-hundred',
      rescuekit_frequency: 'once',
      gift_amount: '2700',
      fee_amount: '112',
      tribute_kind: 'honour',
      tribute_name: 'Min-jun',
      utm_source: 'newsletter',
      utm_campaign: 'winter',
      source_page: 'http://localhost:8787/',
    };
    assert.deepEqual(req!.body, {
      line_items: [
        {
          quantity: '1',
          price_data: {
            currency: 'usd',
            unit_amount: '2812',
            product_data: { name: 'Gift to The Hundred: 100 rescues to freedom', description: 'Includes $1.12 to cover processing fees' },
          },
        },
      ],
      metadata,
      adaptive_pricing: { enabled: 'false' },
      ui_mode: 'embedded_page',
      return_url: 'http://localhost:8787/give?session_id={CHECKOUT_SESSION_ID}#thanks',
      mode: 'payment',
      submit_type: 'donate',
      payment_intent_data: { metadata },
    });
    const session = server.sessions.get(res.sessionId)!;
    assert.equal(session.amount_total, 2812);
    assert.ok('clientSecret' in res && res.clientSecret === session.client_secret);
    assert.deepEqual(res.quote, { gift: 2700, fee: 112, total: 2812, processorFee: 112, net: 2700 });
  });

  test('Adaptive Pricing: sent enabled only for a campaign that sets adaptivePricing, in the campaign\'s currency either way', () => {
    const on = buildCheckoutSessionParams({ ...campaign, adaptivePricing: true }, body(), ctx());
    assert.deepEqual(on.adaptive_pricing, { enabled: true });
    assert.equal(on.line_items?.[0]?.price_data?.currency, 'usd');
    assert.deepEqual(buildCheckoutSessionParams({ ...campaign, adaptivePricing: false }, body(), ctx()).adaptive_pricing, { enabled: false });
    assert.deepEqual(buildCheckoutSessionParams(campaign, body({ frequency: 'monthly' }), ctx()).adaptive_pricing, { enabled: false });
    assert.deepEqual(buildCheckoutSessionParams({ ...campaign, adaptivePricing: true }, body({ frequency: 'monthly' }), ctx()).adaptive_pricing, { enabled: true });
  });

  test('redirect mode: hosted page with success and cancel URLs, answers { url }', async () => {
    const res = await createCheckoutSession(stripe, campaign, body({ uiMode: 'redirect', coverFees: false, tribute: undefined, source: undefined, returnUrl: 'https://chapter.example.org/give?lang=ko' }), ctx('k-redirect'));
    const sent = server.requests[0]!.body;
    assert.equal(sent.ui_mode, 'hosted_page');
    assert.equal(sent.success_url, 'https://chapter.example.org/give?lang=ko&session_id={CHECKOUT_SESSION_ID}');
    assert.equal(sent.cancel_url, 'https://chapter.example.org/give?lang=ko&checkout=cancelled');
    assert.equal(sent.return_url, undefined);
    assert.deepEqual((sent.line_items as any)[0].price_data.unit_amount, '2700');
    assert.deepEqual(sent.metadata, { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '0' });
    assert.ok('url' in res && res.url.startsWith('https://checkout.stripe.com/c/pay/cs_test_'));
  });

  test('monthly: subscription mode, monthly recurring price, metadata on the subscription', async () => {
    await createCheckoutSession(stripe, campaign, body({ frequency: 'monthly', amount: 2500, tribute: undefined, source: undefined }), ctx('k-monthly'));
    const sent = server.requests[0]!.body as any;
    assert.equal(sent.mode, 'subscription');
    assert.deepEqual(sent.line_items[0].price_data.recurring, { interval: 'month' });
    assert.equal(sent.line_items[0].price_data.unit_amount, '2606'); // 2500 + fee
    assert.equal(sent.line_items[0].price_data.product_data.name, 'Monthly gift to The Hundred: 100 rescues to freedom');
    assert.deepEqual(sent.subscription_data.metadata, sent.metadata);
    assert.equal(sent.metadata.rescuekit_frequency, 'monthly');
    assert.equal(sent.submit_type, undefined);
    assert.equal(sent.payment_intent_data, undefined);
  });

  test('a retried POST with the same key gets the same session; changed params with that key -> 409', async () => {
    const a = await createCheckoutSession(stripe, campaign, body(), ctx('k-retry'));
    const b = await createCheckoutSession(stripe, campaign, body(), ctx('k-retry'));
    assert.equal(a.sessionId, b.sessionId);
    assert.equal(server.sessions.size >= 1, true);
    await assert.rejects(createCheckoutSession(stripe, campaign, body({ amount: 4500 }), ctx('k-retry')), (e: unknown) => {
      assert.deepEqual(stripeErrorStatus(e), { status: 409, code: 'idempotency_conflict' });
      return true;
    });
  });

  test('a 500 is retried by the SDK with the same idempotency key; a card error surfaces as 502', async () => {
    server.failNext({ status: 500 });
    const res = await createCheckoutSession(stripe, campaign, body(), ctx('k-500'));
    assert.ok(res.sessionId);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0]!.headers['idempotency-key'], 'k-500');
    assert.equal(server.requests[1]!.headers['idempotency-key'], 'k-500');
    server.failNext({ status: 402 });
    await assert.rejects(createCheckoutSession(stripe, campaign, body(), ctx('k-402')), (e: unknown) => {
      assert.ok(e instanceof Stripe.errors.StripeCardError);
      assert.deepEqual(stripeErrorStatus(e), { status: 502, code: 'internal' });
      return true;
    });
  });
});

describe('checkout business rules', () => {
  const cases: Array<[string, Record<string, unknown>, string, string, Partial<CheckoutCampaign>?]> = [
    ['below the campaign minimum', { amount: 99 }, 'amount', 'amount_too_small'],
    ['below Stripe minimum', { amount: 49 }, 'amount', 'amount_too_small', { minAmount: 1 }],
    ['above the campaign maximum', { amount: 10_000_001 }, 'amount', 'amount_too_large'],
    ['above Stripe maximum once fees are added', { amount: 99_999_000 }, 'amount', 'amount_too_large', { maxAmount: undefined }],
    ['wrong currency', { currency: 'eur' }, 'currency', 'currency_mismatch'],
    ['foreign returnUrl', { returnUrl: 'https://evil.example/give' }, 'returnUrl', 'origin_not_allowed'],
    ['lookalike returnUrl origin', { returnUrl: 'http://localhost:8788/give' }, 'returnUrl', 'origin_not_allowed'],
    ['other campaign', { campaign: 'rescue-team-demo' }, 'campaign', 'campaign_mismatch'],
    ['cover fees without a known rate', { currency: 'krw', amount: 9000 }, 'coverFees', 'fees_not_configured', { currency: 'krw', minAmount: 1000, maxAmount: undefined }],
  ];
  for (const [name, over, field, code, campaignOver] of cases) {
    test(`${name} -> CheckoutFailure on ${field}, and no Stripe call`, async () => {
      const c = { ...campaign, ...campaignOver };
      await assert.rejects(createCheckoutSession(stripe, c, body(over), ctx()), (e: unknown) => {
        assert.ok(e instanceof CheckoutFailure);
        assert.equal(e.field, field);
        assert.equal(e.code, code);
        assert.ok(e.detail.startsWith(`${field}: `));
        return true;
      });
      assert.equal(server.requests.length, 0);
    });
  }

  test('a browser Origin must be allowed too; server-to-server calls without one are fine', () => {
    assert.throws(() => planCheckout(campaign, body(), { ...ctx(), origin: 'https://evil.example' }), (e: unknown) => e instanceof CheckoutFailure && e.field === 'origin');
    assert.throws(() => planCheckout(campaign, body(), { ...ctx(), origin: 'null' }), CheckoutFailure);
    assert.ok(planCheckout(campaign, body(), { ...ctx(), origin: 'https://chapter.example.org' }));
    assert.throws(() => planCheckout({ ...campaign, allowedOrigins: undefined }, body(), { idempotencyKey: 'k' }), CheckoutFailure, 'no allowed origins: fail closed');
  });

  test('a campaign fee rate overrides the endpoint rate, which overrides the USD default', () => {
    const unit = (p: ReturnType<typeof buildCheckoutSessionParams>) => p.line_items![0]!.price_data!.unit_amount;
    assert.equal(unit(buildCheckoutSessionParams(campaign, body(), ctx())), 2812);
    assert.equal(unit(buildCheckoutSessionParams(campaign, body(), { ...ctx(), feeRate: { percentBps: 220, fixed: 30 } })), 2792);
    assert.equal(unit(buildCheckoutSessionParams({ ...campaign, feeRate: { percentBps: 0, fixed: 0 } }, body(), { ...ctx(), feeRate: { percentBps: 220, fixed: 30 } })), 2700);
  });
});

describe('idempotency keys, URLs and client config', () => {
  test('client keys are scoped by campaign; fingerprints by client and a time window', async () => {
    const r = body();
    const k = (o: Partial<Parameters<typeof deriveIdempotencyKey>[0]>) => deriveIdempotencyKey({ request: r, ip: '203.0.113.9', now: 60_000, ...o });
    assert.equal(await k({ clientKey: 'a' }), await k({ clientKey: 'a', ip: '198.51.100.1', now: 9e9 }));
    assert.notEqual(await k({ clientKey: 'a' }), await k({ clientKey: 'a', request: body({ campaign: 'rescue-team-demo' }) }));
    assert.notEqual(await k({ clientKey: 'a' }), await k({ clientKey: 'b' }));
    assert.equal(await k({}), await k({ now: 119_999 }), 'double click within the window');
    assert.notEqual(await k({}), await k({ now: 120_000 }));
    assert.notEqual(await k({}), await k({ ip: '198.51.100.1' }), 'two donors never share a session');
    assert.notEqual(await k({}), await k({ request: body({ amount: 4500 }) }));
    assert.equal(await k({}), await k({ request: CheckoutRequest.parse(JSON.parse(JSON.stringify({ ...body(), source: { page: 'http://localhost:8787/', utm_campaign: 'winter', utm_source: 'newsletter' } }))) }), 'key order does not matter');
  });

  test('the session-id placeholder stays literal, before any fragment, replacing a stale one', () => {
    assert.equal(withSessionIdPlaceholder('https://a.org/give'), 'https://a.org/give?session_id={CHECKOUT_SESSION_ID}');
    assert.equal(withSessionIdPlaceholder('https://a.org/give?x=1&session_id=old#t'), 'https://a.org/give?x=1&session_id={CHECKOUT_SESSION_ID}#t');
  });

  test('createStripeClient: null without a key; STRIPE_API_URL becomes host, port, protocol', () => {
    assert.equal(createStripeClient({}), null);
    assert.equal(createStripeClient({ STRIPE_SECRET_KEY: '  ' }), null);
    assert.ok(createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_x' }) instanceof Stripe);
    assert.deepEqual(stripeHostOptions('http://127.0.0.1:12111'), { host: '127.0.0.1', port: '12111', protocol: 'http' });
    assert.deepEqual(stripeHostOptions('https://stripe.internal/'), { host: 'stripe.internal', port: 443, protocol: 'https' });
    assert.throws(() => stripeHostOptions('ftp://x'), /http or https/);
    assert.throws(() => stripeHostOptions('http://x/v1'), /bare origin/);
    assert.throws(() => stripeHostOptions('not a url'), /absolute URL/);
  });
});
