/**
 * POST /v1/portal through the Fetch handler, the real Stripe SDK talking to the local stand-in:
 * a Customer Portal session only ever for the customer of the completed monthly Checkout Session
 * whose manage hash the token matches, within 60 minutes of completion.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createStripeClient } from '../src/stripe/client.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const ORIGIN = 'https://chapter.example.org';
const CONFIG: RescuekitConfig = {
  campaigns: [{ id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000, allowedOrigins: [ORIGIN] }],
};
const START = Date.parse('2026-11-22T10:00:00Z');

let stripeServer: StripeServer;
before(async () => (stripeServer = await startStripeServer()));
after(() => stripeServer.close());
beforeEach(() => {
  stripeServer.requests.length = 0;
  stripeServer.portalSessions.length = 0;
});

interface Harness {
  app: App;
  clock: { now: number };
  logs: string[];
}

async function makeApp(over: { stripe?: boolean; credentialLimit?: { max: number; windowMs: number } } = {}): Promise<Harness> {
  const clock = { now: START };
  const logs: string[] = [];
  const stripe = over.stripe === false ? null : createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_portal', STRIPE_API_URL: stripeServer.url }, { maxNetworkRetries: 0 });
  const app = createApp({ config: CONFIG, store: openSqliteStore(':memory:'), adminToken: ADMIN, logger: (l) => logs.push(l), stripe, now: () => clock.now, credentialLimit: over.credentialLimit });
  await app.ready;
  return { app, clock, logs };
}

const newToken = () => randomBytes(16).toString('hex');
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function post(app: App, path: string, body: unknown, init: { ip?: string; origin?: string | null } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const origin = init.origin === undefined ? ORIGIN : init.origin;
  if (origin) headers.origin = origin;
  return app.fetch(new Request(`http://rk.test${path}`, { method: 'POST', headers, body: JSON.stringify(body) }), { ip: init.ip ?? '203.0.113.9' });
}

/** A checkout through the endpoint (monthly unless said), and the session Stripe holds for it. */
async function checkout(h: Harness, over: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await post(h.app, '/v1/checkout', {
    campaign: 'team', amount: 2500, currency: 'usd', frequency: 'monthly', uiMode: 'redirect', returnUrl: `${ORIGIN}/allies`, ...over,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return [...stripeServer.sessions.values()].at(-1)!;
}

/** A completed monthly gift whose starting browser holds `token`. */
async function completedMonthly(h: Harness, customer: string, completedAt = h.clock.now) {
  const token = newToken();
  const session = await checkout(h, { manageTokenHash: hashOf(token) });
  const subscription = `sub_${customer}`;
  stripeServer.completeSession(session.id, { customer, subscription, created: Math.floor(completedAt / 1000) });
  return { token, session: session.id as string, subscription };
}

const portal = (h: Harness, body: Record<string, unknown>, init?: { ip?: string; origin?: string | null }) => post(h.app, '/v1/portal', body, init);

describe('POST /v1/checkout with a manage token hash', () => {
  test('the hash goes on the monthly session only, never onto the subscription', async () => {
    const h = await makeApp();
    const hash = hashOf(newToken());
    const session = await checkout(h, { manageTokenHash: hash });
    assert.equal(session.metadata.rescuekit_manage, hash);
    const sent = stripeServer.requests.find((r) => r.path === '/v1/checkout/sessions')!.body as Record<string, any>;
    assert.equal(sent.subscription_data.metadata.rescuekit_manage, undefined);
  });

  test('a one-time gift cannot carry one; a malformed hash is refused', async () => {
    const h = await makeApp();
    for (const [over, field] of [
      [{ frequency: 'once', manageTokenHash: hashOf('x') }, 'manageTokenHash'],
      [{ manageTokenHash: 'ABC' }, 'manageTokenHash'],
    ] as const) {
      const base = { campaign: 'team', amount: 2500, currency: 'usd', frequency: 'monthly', uiMode: 'redirect', returnUrl: `${ORIGIN}/allies` };
      const res = await post(h.app, '/v1/checkout', { ...base, ...over });
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { field: string }).field, field);
    }
  });
});

describe('POST /v1/portal', () => {
  test('happy path: exactly the session\'s customer, the plain portal and both flows', async () => {
    const h = await makeApp();
    const gift = await completedMonthly(h, 'cus_donor');
    h.clock.now += 59 * 60_000;
    const back = `${ORIGIN}/allies?session_id=${gift.session}`;
    for (const flow of [undefined, 'payment_method_update', 'subscription_cancel'] as const) {
      const res = await portal(h, { session: gift.session, token: gift.token, ...(flow ? { flow } : {}) });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const { url } = (await res.json()) as { url: string };
      assert.match(url, /^https:\/\/billing\.stripe\.com\/p\/session\//);
    }
    const [plain, card, cancel] = stripeServer.portalSessions;
    assert.equal(stripeServer.portalSessions.length, 3);
    for (const p of [plain, card, cancel]) {
      assert.equal(p!.customer, 'cus_donor');
      assert.equal(p!.return_url, back);
    }
    assert.equal(plain!.flow_data, undefined);
    assert.deepEqual(card!.flow_data, { type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: back } } });
    assert.deepEqual(cancel!.flow_data, {
      type: 'subscription_cancel', subscription_cancel: { subscription: 'sub_cus_donor' }, after_completion: { type: 'redirect', redirect: { return_url: back } },
    });
    const creates = stripeServer.requests.filter((r) => r.path === '/v1/billing_portal/sessions');
    assert.ok(creates.every((r) => /^rescuekit-portal-/.test(String(r.headers['idempotency-key']))), 'an idempotency key on every create');
    const lookups = stripeServer.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/checkout/sessions/'));
    assert.equal(lookups.length, 3);
    assert.ok(h.logs.every((l) => !l.includes(gift.token)), 'the token is never logged');
    assert.ok(h.logs.some((l) => l.includes('portal session created')));
  });

  test('no body field names a customer or an email: tampered bodies are refused before Stripe', async () => {
    const h = await makeApp();
    const gift = await completedMonthly(h, 'cus_donor');
    stripeServer.requests.length = 0;
    for (const extra of [{ customer: 'cus_other' }, { email: 'someone@example.org' }, { customer_email: 'someone@example.org' }, { subscription: 'sub_other' }]) {
      const res = await portal(h, { session: gift.session, token: gift.token, ...extra });
      assert.equal(res.status, 400);
      const body = (await res.json()) as { code: string; field: string };
      assert.equal(body.code, 'invalid_request');
      assert.equal(body.field, Object.keys(extra)[0]);
    }
    // A typed email alone opens nothing either: Stripe's own login link is the way in later.
    const res = await portal(h, { email: 'someone@example.org' });
    assert.equal(res.status, 400);
    assert.equal(stripeServer.requests.length, 0);
    assert.equal(stripeServer.portalSessions.length, 0);
  });

  test("another donor's session with this browser's token: refused, nothing created for either customer", async () => {
    const h = await makeApp();
    const mine = await completedMonthly(h, 'cus_mine');
    const theirs = await completedMonthly(h, 'cus_theirs');
    const res = await portal(h, { session: theirs.session, token: mine.token });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { code: string }).code, 'forbidden');
    assert.equal(stripeServer.portalSessions.length, 0);
  });

  test('a wrong token and the right one after 60 minutes get the same 403', async () => {
    const h = await makeApp();
    const gift = await completedMonthly(h, 'cus_donor');
    const wrong = await portal(h, { session: gift.session, token: newToken() });
    h.clock.now += 60 * 60_000 + 1_000;
    const late = await portal(h, { session: gift.session, token: gift.token, flow: 'subscription_cancel' });
    assert.equal(wrong.status, 403);
    assert.equal(late.status, 403);
    assert.deepEqual(await wrong.json(), await late.json(), 'the answer does not say which');
    assert.equal(stripeServer.portalSessions.length, 0);
  });

  test('the window runs from completion (the subscription), not from when checkout opened', async () => {
    const h = await makeApp();
    const gift = await completedMonthly(h, 'cus_slow', START + 30 * 60_000);
    h.clock.now = START + 85 * 60_000;
    assert.equal((await portal(h, { session: gift.session, token: gift.token })).status, 200);
    h.clock.now = START + 91 * 60_000;
    assert.equal((await portal(h, { session: gift.session, token: gift.token })).status, 403);
  });

  test('a one-time gift has no manage hash: 403, nothing created', async () => {
    const h = await makeApp();
    const session = await checkout(h, { frequency: 'once', amount: 2700 });
    stripeServer.completeSession(session.id, { customer: 'cus_once' });
    const res = await portal(h, { session: session.id, token: newToken() });
    assert.equal(res.status, 403);
    assert.equal(stripeServer.portalSessions.length, 0);
  });

  test('the right token on a monthly checkout not completed: 409', async () => {
    const h = await makeApp();
    const token = newToken();
    const session = await checkout(h, { manageTokenHash: hashOf(token) });
    const res = await portal(h, { session: session.id, token });
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { code: string }).code, 'conflict');
    assert.equal(stripeServer.portalSessions.length, 0);
  });

  test('an unknown session: 404; Stripe down: 503; no Stripe key: 503 not_configured', async () => {
    const h = await makeApp();
    const unknown = await portal(h, { session: 'cs_test_nosuchsession', token: newToken() });
    assert.equal(unknown.status, 404);
    assert.equal(((await unknown.json()) as { code: string }).code, 'not_found');
    const gift = await completedMonthly(h, 'cus_donor');
    stripeServer.failNext({ status: 500 });
    const down = await portal(h, { session: gift.session, token: gift.token });
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('content-type'), 'application/problem+json');
    stripeServer.requests.length = 0;
    const off = await makeApp({ stripe: false });
    const res = await portal(off, { session: gift.session, token: gift.token });
    assert.equal(res.status, 503);
    assert.equal(((await res.json()) as { code: string }).code, 'not_configured');
  });

  test('a page on another origin is refused; a server without Origin is not', async () => {
    const h = await makeApp();
    const gift = await completedMonthly(h, 'cus_donor');
    const res = await portal(h, { session: gift.session, token: gift.token }, { origin: 'https://elsewhere.example' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { code: string }).code, 'origin_not_allowed');
    assert.equal(stripeServer.portalSessions.length, 0);
    assert.equal((await portal(h, { session: gift.session, token: gift.token }, { origin: null })).status, 200);
  });

  test('refused attempts count toward the per-address credential limit', async () => {
    const h = await makeApp({ credentialLimit: { max: 3, windowMs: 60_000 } });
    const gift = await completedMonthly(h, 'cus_donor');
    for (let i = 0; i < 3; i++) assert.equal((await portal(h, { session: gift.session, token: newToken() })).status, 403);
    const limited = await portal(h, { session: gift.session, token: gift.token });
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await portal(h, { session: gift.session, token: gift.token }, { ip: '198.51.100.1' })).status, 200, 'another address is not held');
  });

  test('CORS preflight like checkout', async () => {
    const h = await makeApp();
    const res = await h.app.fetch(new Request('http://rk.test/v1/portal', {
      method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    }));
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
  });
});
