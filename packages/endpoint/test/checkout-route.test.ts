/**
 * POST /v1/checkout through the Fetch handler, with the real Stripe SDK talking
 * over HTTP to the local Stripe-compatible server (STRIPE_API_URL).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { createStripeClient } from '../src/stripe/client.js';
import type { HumanCheck } from '../src/guard/human-check.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const ORIGIN = 'https://chapter.example.org';
const CONFIG: RescuekitConfig = {
  allowedOrigins: ['http://localhost:8787'],
  campaigns: [
    { id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000, minAmount: 100, maxAmount: 900_000, allowedOrigins: [ORIGIN] },
    { id: 'won', title: 'KRW campaign', currency: 'krw', goal: 30_000_000, rescueCost: 4_000_000 },
  ],
};

let stripeServer: StripeServer;
before(async () => (stripeServer = await startStripeServer()));
after(() => stripeServer.close());
beforeEach(() => (stripeServer.requests.length = 0));

async function makeApp(over: { stripe?: boolean; humanCheck?: HumanCheck; now?: () => number } = {}): Promise<{ app: App; store: Store }> {
  const store = openSqliteStore(':memory:');
  const stripe = over.stripe === false ? null : createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_route', STRIPE_API_URL: stripeServer.url }, { maxNetworkRetries: 0 });
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, stripe, humanCheck: over.humanCheck, now: over.now });
  await app.ready;
  return { app, store };
}

const gift = (over: Record<string, unknown> = {}) => ({
  campaign: 'team',
  amount: 2700,
  currency: 'usd',
  frequency: 'once',
  coverFees: true,
  uiMode: 'embedded',
  returnUrl: `${ORIGIN}/give?utm_source=x`,
  source: { utm_source: 'newsletter', page: `${ORIGIN}/give` },
  ...over,
});

function post(app: App, body: unknown, init: { ip?: string; key?: string; origin?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: init.origin ?? ORIGIN };
  if (init.key) headers['idempotency-key'] = init.key;
  const req = new Request('http://rk.test/v1/checkout', { method: 'POST', headers, body: init.raw ?? JSON.stringify(body) });
  return app.fetch(req, { ip: init.ip ?? '203.0.113.7' });
}

describe('POST /v1/checkout', () => {
  test('$27 once with covered fees: exact params reach Stripe, the widget gets the client secret', async () => {
    const { app } = await makeApp();
    const res = await post(app, gift({ tribute: { kind: 'memory', name: 'Grandmother Kim' } }), { key: 'give-click-1' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    const body = (await res.json()) as { clientSecret: string };
    const [req] = stripeServer.requests;
    assert.equal(stripeServer.requests.length, 1);
    assert.equal(req!.path, '/v1/checkout/sessions');
    assert.equal(body.clientSecret, [...stripeServer.sessions.values()].at(-1)!.client_secret, 'the secret of the session Stripe created');
    assert.match(body.clientSecret, /^cs_test_\w+_secret_/);
    assert.match(String(req!.headers['idempotency-key']), /^rescuekit-checkout-v1-[0-9a-f]{64}$/);
    const b = req!.body as Record<string, any>;
    assert.equal(b.mode, 'payment');
    assert.equal(b.ui_mode, 'embedded_page');
    assert.equal(b.submit_type, 'donate');
    assert.equal(b.line_items[0].price_data.currency, 'usd');
    assert.equal(b.line_items[0].price_data.unit_amount, '2812', '$27 + 2.9 % + 30c, grossed up so the net is $27');
    assert.equal(b.line_items[0].quantity, '1');
    assert.equal(b.return_url, `${ORIGIN}/give?utm_source=x&session_id={CHECKOUT_SESSION_ID}`);
    assert.deepEqual(b.metadata, {
      rescuekit_campaign: 'team', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '112',
      tribute_kind: 'memory', tribute_name: 'Grandmother Kim', utm_source: 'newsletter', source_page: `${ORIGIN}/give`,
    });
    assert.deepEqual(b.payment_intent_data.metadata, b.metadata, 'the PaymentIntent carries the attribution too (refunds, disputes)');
  });

  test('a retried POST with the same Idempotency-Key gets the same session', async () => {
    const { app } = await makeApp();
    const a = (await (await post(app, gift(), { key: 'retry-me' })).json()) as { clientSecret: string };
    const b = (await (await post(app, gift(), { key: 'retry-me' })).json()) as { clientSecret: string };
    assert.equal(a.clientSecret, b.clientSecret);
    assert.equal(stripeServer.sessions.size > 0, true);
    assert.equal(stripeServer.requests[0]!.headers['idempotency-key'], stripeServer.requests[1]!.headers['idempotency-key']);
  });

  test('redirect mode returns Stripe\'s hosted page URL', async () => {
    const { app } = await makeApp();
    const res = await post(app, gift({ uiMode: 'redirect', coverFees: false }));
    assert.equal(res.status, 200);
    const { url } = (await res.json()) as { url: string };
    assert.match(url, /^https:\/\/checkout\.stripe\.com\//);
    const b = stripeServer.requests[0]!.body as Record<string, any>;
    assert.equal(b.ui_mode, 'hosted_page');
    assert.equal(b.line_items[0].price_data.unit_amount, '2700');
    assert.equal(b.cancel_url, `${ORIGIN}/give?utm_source=x&checkout=cancelled`);
  });

  test('monthly: a subscription-mode session, monthly recurring price, attribution on the subscription, email prefilled', async () => {
    const { app } = await makeApp();
    const res = await post(app, gift({ frequency: 'monthly', amount: 2500, email: 'ally@example.org' }));
    assert.equal(res.status, 200);
    const b = stripeServer.requests[0]!.body as Record<string, any>;
    assert.equal(b.mode, 'subscription');
    assert.deepEqual(b.line_items[0].price_data.recurring, { interval: 'month' });
    assert.equal(b.line_items[0].price_data.unit_amount, '2606', '$25 + fees');
    assert.equal(b.customer_email, 'ally@example.org');
    assert.equal(b.payment_intent_data, undefined);
    assert.deepEqual(b.subscription_data.metadata, {
      rescuekit_campaign: 'team', rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106',
      utm_source: 'newsletter', source_page: `${ORIGIN}/give`,
    });
  });

  const tampered: Array<[string, Record<string, unknown>, string]> = [
    ['amount 0', { amount: 0 }, 'amount'],
    ['negative amount', { amount: -2700 }, 'amount'],
    ['fractional amount', { amount: 27.5 }, 'amount'],
    ['amount as a string', { amount: '2700' }, 'amount'],
    ['above the campaign maximum', { amount: 900_001 }, 'amount'],
    ['below the campaign minimum', { amount: 99 }, 'amount'],
    ['wrong currency', { currency: 'eur' }, 'currency'],
    ['foreign returnUrl', { returnUrl: 'https://evil.example/steal' }, 'returnUrl'],
    ['unknown field', { admin: true }, 'admin'],
    ['bad email', { email: 'not-an-email' }, 'email'],
  ];
  for (const [name, over, field] of tampered) {
    test(`tampered body (${name}) -> 400 naming "${field}", no Stripe call`, async () => {
      const { app } = await makeApp();
      const res = await post(app, gift(over));
      assert.equal(res.status, 400);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const p = (await res.json()) as { code: string; field: string; detail: string };
      assert.equal(p.code, 'invalid_request');
      assert.equal(p.field, field);
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN, 'the widget can read why');
      assert.equal(stripeServer.requests.length, 0);
    });
  }

  test('a POST from an origin not on allowedOrigins: 403 origin_not_allowed the page can read, saying where to add it; no Stripe call', async () => {
    const { app } = await makeApp();
    for (const over of [{}, { amount: 0 }, { returnUrl: 'https://evil.example/give' }]) {
      const res = await post(app, gift(over), { origin: 'https://evil.example' });
      assert.equal(res.status, over.amount === 0 ? 400 : 403, JSON.stringify(over));
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://evil.example', 'readable by the refused page');
      assert.match(res.headers.get('vary') ?? '', /Origin/);
      if (res.status !== 403) continue;
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const p = (await res.json()) as { code: string; field: string; detail: string; status: number };
      assert.deepEqual([p.code, p.field, p.status], ['origin_not_allowed', 'origin', 403]);
      assert.match(p.detail, /^origin: https:\/\/evil\.example is not an allowed origin for campaign "team"; add it to "allowedOrigins"/);
    }
    // Allowed for another campaign is not allowed for this one.
    const other = await post(app, gift({ campaign: 'won', currency: 'krw', amount: 9000, coverFees: false }));
    assert.equal(other.status, 403);
    assert.equal(((await other.json()) as { code: string }).code, 'origin_not_allowed');
    assert.equal(stripeServer.requests.length, 0);
  });

  test('only allowed origins, or callers without a browser Origin, ever get a client secret or a checkout URL', async () => {
    const { app } = await makeApp();
    const pages = [ORIGIN, 'http://localhost:8787', 'https://evil.example', 'null', 'https://chapter.example.org.evil.example', undefined];
    for (const origin of pages) {
      for (const uiMode of ['embedded', 'redirect']) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (origin) headers['origin'] = origin;
        const res = await app.fetch(new Request('http://rk.test/v1/checkout', { method: 'POST', headers, body: JSON.stringify(gift({ uiMode })) }), { ip: '203.0.113.8' });
        const body = (await res.json()) as Record<string, unknown>;
        const allowed = origin === undefined || origin === ORIGIN || origin === 'http://localhost:8787';
        assert.equal(res.status, allowed ? 200 : 403, `${origin} ${uiMode}`);
        assert.equal('clientSecret' in body || 'url' in body, allowed, `${origin} ${uiMode}`);
        assert.equal(res.headers.get('access-control-allow-origin'), origin && origin !== 'null' ? origin : null);
      }
    }
    assert.equal(stripeServer.requests.length, 6, 'Stripe called for the allowed callers only');
  });

  test('unknown campaign -> 404; malformed JSON -> 400; wrong content type -> 415; no Stripe call', async () => {
    const { app } = await makeApp();
    assert.equal((await post(app, gift({ campaign: 'nope' }))).status, 404);
    assert.equal((await post(app, null, { raw: '{"campaign":' })).status, 400);
    const res = await app.fetch(new Request('http://rk.test/v1/checkout', { method: 'POST', body: 'amount=1' }), { ip: '1.1.1.1' });
    assert.equal(res.status, 415);
    assert.equal(stripeServer.requests.length, 0);
  });

  test('the 31st session creation from one IP within the window gets 429 with Retry-After; another IP is unaffected', async () => {
    let clock = 1_700_000_000_000;
    const { app } = await makeApp({ now: () => clock });
    for (let i = 0; i < 30; i++) {
      const res = await post(app, gift({ amount: 900 + i }), { ip: '198.51.100.1' });
      assert.equal(res.status, 200, `attempt ${i + 1}`);
    }
    const limited = await post(app, gift(), { ip: '198.51.100.1' });
    assert.equal(limited.status, 429);
    assert.equal(((await limited.json()) as { code: string }).code, 'rate_limited');
    assert.equal(limited.headers.get('retry-after'), '600');
    assert.equal(limited.headers.get('access-control-expose-headers'), 'Retry-After');
    assert.equal(stripeServer.requests.length, 30);
    assert.equal((await post(app, gift(), { ip: '198.51.100.2' })).status, 200, 'another IP');
    clock += 600_001;
    assert.equal((await post(app, gift({ amount: 1000 }), { ip: '198.51.100.1' })).status, 200, 'after the window');
  });

  test('no Stripe key -> 503 not_configured saying what to set; rules still checked first', async () => {
    const { app } = await makeApp({ stripe: false });
    const res = await post(app, gift());
    assert.equal(res.status, 503);
    const p = (await res.json()) as { code: string; detail: string };
    assert.equal(p.code, 'not_configured');
    assert.match(p.detail, /STRIPE_SECRET_KEY/);
    assert.equal((await post(app, gift({ amount: 0 }))).status, 400);
  });

  test('human check enabled: no or bad token -> 403, a good token passes', async () => {
    const humanCheck: HumanCheck = { enabled: true, verify: async (token) => token === 'good-token' };
    const { app } = await makeApp({ humanCheck });
    const missing = await post(app, gift());
    assert.equal(missing.status, 403);
    assert.equal(((await missing.json()) as { field: string }).field, 'humanCheckToken');
    assert.equal((await post(app, gift({ humanCheckToken: 'bot' }))).status, 403);
    assert.equal(stripeServer.requests.length, 0);
    assert.equal((await post(app, gift({ humanCheckToken: 'good-token' }))).status, 200);
  });

  test('Stripe failing -> 502 problem without Stripe\'s message', async () => {
    const { app } = await makeApp();
    stripeServer.failNext({ status: 500 }, 1);
    const res = await post(app, gift());
    assert.equal(res.status, 502);
    const text = await res.text();
    assert.doesNotMatch(text, /unknown error occurred/);
    assert.equal((JSON.parse(text) as { code: string }).code, 'internal');
  });

  test('Stripe accepting the connection and never answering: the donor still gets a 502 problem at the deadline', { timeout: 20_000 }, async () => {
    const store = openSqliteStore(':memory:');
    // The client's own defaults (20 s per try, 2 retries): the route's deadline must win over them.
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_route', STRIPE_API_URL: stripeServer.url });
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, stripe, checkoutDeadlineMs: 500 });
    await app.ready;
    stripeServer.failNext({ status: 'hang' }, 1);
    const res = await post(app, gift());
    assert.equal(res.status, 502);
    const body = (await res.json()) as { code: string; detail: string };
    assert.equal(body.code, 'internal');
    assert.match(body.detail, /did not answer/);
    assert.equal(stripeServer.requests.length, 1, 'one try so far; the hanging one is abandoned');
  });

  test('CORS preflight: any origin may ask (so a refusal is readable); POST, Content-Type and Idempotency-Key allowed', async () => {
    const { app } = await makeApp();
    const pre = (origin: string) =>
      app.fetch(new Request('http://rk.test/v1/checkout', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }));
    for (const origin of [ORIGIN, 'http://localhost:8787', 'https://evil.example']) {
      const res = await pre(origin);
      assert.equal(res.status, 204, origin);
      assert.equal(res.headers.get('access-control-allow-origin'), origin);
      assert.equal(res.headers.get('access-control-allow-methods'), 'POST');
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Idempotency-Key/);
      assert.match(res.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
      assert.match(res.headers.get('vary') ?? '', /Origin/);
    }
    assert.equal(stripeServer.requests.length, 0);
  });
});
