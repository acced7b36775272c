/**
 * POST /v1/webhooks/stripe end to end through the Fetch handler: events signed
 * with the real SDK, applied to a real SQLite store, totals read back.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const SECRET = 'whsec_test_rescuekit_0123456789';
const CONFIG: RescuekitConfig = {
  campaigns: [{ id: 'the-hundred', title: 'The Hundred', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 }],
};
const meta = { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '112' };

async function makeApp(store: Store = openSqliteStore(':memory:'), secret: string | null = SECRET): Promise<{ app: App; store: Store }> {
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, webhookSecret: secret ?? undefined });
  await app.ready;
  return { app, store };
}

function deliver(app: App, event: unknown, opts: { secret?: string; timestamp?: number; headers?: Record<string, string>; body?: string } = {}) {
  const signed = signedWebhook(event, opts.secret ?? SECRET, opts.timestamp);
  return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: opts.headers ?? signed.headers, body: opts.body ?? signed.body }));
}

async function progress(app: App) {
  const res = await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred'));
  return (await res.json()) as { raised: number; donors: number; allies: number };
}

const session = (over: Record<string, unknown> = {}) => ({
  id: 'cs_test_1', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2812, currency: 'usd',
  payment_intent: 'pi_1', metadata: meta, ...over,
});
const completed = (over: Record<string, unknown> = {}, id = 'evt_completed_1') => stripeEvent('checkout.session.completed', session(over), { id });
const refunded = (amountRefunded: number, id: string) =>
  stripeEvent('charge.refunded', { id: 'ch_1', object: 'charge', amount: 2812, amount_refunded: amountRefunded, currency: 'usd', payment_intent: 'pi_1', metadata: {} }, { id });
const dispute = (type: 'charge.dispute.funds_withdrawn' | 'charge.dispute.funds_reinstated' | 'charge.dispute.closed', status: string, id: string) =>
  stripeEvent(type, { id: 'dp_1', object: 'dispute', amount: 2812, currency: 'usd', charge: 'ch_1', payment_intent: 'pi_1', status, metadata: {} }, { id });

async function rowCounts(store: Store) {
  return { ledger: await store.countLedger(), totals: (await store.getTotals('the-hundred'))! };
}

describe('one-time gifts', () => {
  test('one signed checkout.session.completed delivered 5 times in a row and 5 times concurrently counts once', async () => {
    const { app } = await makeApp();
    const event = completed();
    for (let i = 0; i < 5; i++) assert.equal((await deliver(app, event)).status, 200);
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => deliver(app, event)));
    assert.deepEqual(concurrent.map((r) => r.status), [200, 200, 200, 200, 200]);
    const p = await progress(app);
    assert.equal(p.raised, 2812);
    assert.equal(p.donors, 1);
  });

  test('5 concurrent first deliveries (one group commit) still count once', async () => {
    const { app } = await makeApp();
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(app, completed())));
    const bodies = await Promise.all(results.map((r) => r.json() as Promise<{ duplicate?: boolean }>));
    assert.equal(bodies.filter((b) => !b.duplicate).length, 1, 'exactly one delivery applied');
    assert.equal((await progress(app)).raised, 2812);
  });

  test('two different events for the same payment count once (completed + async_payment_succeeded)', async () => {
    const { app, store } = await makeApp();
    await deliver(app, completed({}, 'evt_a'));
    await deliver(app, stripeEvent('checkout.session.async_payment_succeeded', session(), { id: 'evt_b' }));
    assert.equal((await progress(app)).raised, 2812);
    assert.equal(await store.countLedger(), 1);
  });

  test('an unpaid session does not count; its async success later does', async () => {
    const { app } = await makeApp();
    await deliver(app, completed({ payment_status: 'unpaid' }, 'evt_unpaid'));
    assert.equal((await progress(app)).raised, 0);
    await deliver(app, stripeEvent('checkout.session.async_payment_succeeded', session(), { id: 'evt_paid_later' }));
    assert.equal((await progress(app)).raised, 2812);
  });

  test('partial then full refunds reduce the total exactly, in any order, redeliveries included', async () => {
    const { app } = await makeApp();
    await deliver(app, completed());
    await deliver(app, refunded(1000, 'evt_r1'));
    let p = await progress(app);
    assert.equal(p.raised, 1812);
    assert.equal(p.donors, 1, 'a partial refund keeps the donor');
    await deliver(app, refunded(2812, 'evt_r2'));
    await deliver(app, refunded(1000, 'evt_r1')); // redelivery of the older, smaller one
    await deliver(app, refunded(1000, 'evt_r1_late_copy'));
    p = await progress(app);
    assert.equal(p.raised, 0);
    assert.equal(p.donors, 0);
  });

  test('a refund that arrives before its payment is netted when the payment lands', async () => {
    const { app } = await makeApp();
    await deliver(app, refunded(500, 'evt_r_first'));
    assert.equal((await progress(app)).raised, 0);
    await deliver(app, completed());
    assert.equal((await progress(app)).raised, 2312);
  });

  test('a lost dispute takes the gift out; a won dispute puts it back', async () => {
    const { app } = await makeApp();
    await deliver(app, completed());
    await deliver(app, dispute('charge.dispute.funds_withdrawn', 'needs_response', 'evt_dw'));
    assert.equal((await progress(app)).raised, 0);
    await deliver(app, dispute('charge.dispute.closed', 'won', 'evt_won'));
    assert.equal((await progress(app)).raised, 2812);

    const other = await makeApp();
    await deliver(other.app, completed());
    await deliver(other.app, dispute('charge.dispute.closed', 'lost', 'evt_lost'));
    await deliver(other.app, dispute('charge.dispute.funds_withdrawn', 'needs_response', 'evt_dw_late'));
    assert.equal((await progress(other.app)).raised, 0, 'lost is final');
  });

  test('tampered body, wrong secret, missing header, stale timestamp -> 400 and nothing written', async () => {
    const { app, store } = await makeApp();
    const before = await rowCounts(store);
    const event = completed();
    const good = signedWebhook(event, SECRET);
    const cases: Array<[string, Promise<Response>]> = [
      ['tampered body', deliver(app, event, { headers: good.headers, body: good.body.replace('2812', '999999') })],
      ['wrong secret', deliver(app, event, { secret: 'whsec_wrong' })],
      ['missing header', deliver(app, event, { headers: { 'content-type': 'application/json' } })],
      ['timestamp older than 300 s', deliver(app, event, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
      ['garbage signature', deliver(app, event, { headers: { 'stripe-signature': 't=1,v1=abc' }, body: good.body })],
    ];
    for (const [name, pending] of cases) {
      const res = await pending;
      assert.equal(res.status, 400, name);
      assert.equal(res.headers.get('content-type'), 'application/problem+json', name);
      assert.equal(((await res.json()) as { code: string }).code, 'invalid_signature', name);
    }
    assert.deepEqual(await rowCounts(store), before);
    assert.equal((await deliver(app, event, { timestamp: Math.floor(Date.now() / 1000) - 290 })).status, 200, 'within tolerance');
  });

  test('no webhook secret configured -> 503 (Stripe keeps retrying), nothing written', async () => {
    const { app, store } = await makeApp(undefined, null);
    const res = await deliver(app, completed());
    assert.equal(res.status, 503);
    assert.match(((await res.json()) as { detail: string }).detail, /STRIPE_WEBHOOK_SECRET/);
    assert.equal(await store.countLedger(), 0);
  });

  test('a store failure -> 5xx with a generic body; the retry after recovery counts once', async () => {
    const inner = openSqliteStore(':memory:');
    let broken = true;
    const store: Store = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'applyStripeEvents' && broken) return async () => Promise.reject(new Error('disk I/O error'));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const { app } = await makeApp(store);
    const res = await deliver(app, completed());
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /disk I\/O/);
    assert.equal((await progress(app)).raised, 0);
    broken = false;
    assert.equal((await deliver(app, completed())).status, 200);
    assert.equal((await progress(app)).raised, 2812);
  });

  test('a counted gift is pushed to live subscribers (the SSE stream) right after the commit', async () => {
    const { app } = await makeApp();
    const frames: string[] = [];
    app.hub.subscribe('the-hundred', { send: (chunk) => frames.push(new TextDecoder().decode(chunk)), close: () => {} });
    await deliver(app, completed());
    assert.equal(frames.length, 1);
    assert.match(frames[0]!, /^event: progress\nid: \d+\ndata: \{.*"raised":2812/);
    await deliver(app, completed()); // a redelivery pushes nothing
    assert.equal(frames.length, 1);
  });

  test('livemode: a test-mode deployment acknowledges a live event (200, so Stripe stops) and never counts it; a live one the reverse', async () => {
    const lines: string[] = [];
    const store = openSqliteStore(':memory:');
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: (l) => lines.push(l), webhookSecret: SECRET });
    await app.ready;
    const live = stripeEvent('checkout.session.completed', session(), { id: 'evt_live_1', livemode: true });
    const res = await deliver(app, live);
    assert.equal(res.status, 200);
    assert.equal((await progress(app)).raised, 0);
    assert.equal(await store.countLedger(), 0);
    assert.ok(lines.some((l) => l.includes('other mode') && l.includes('evt_live_1')), 'logged for the operator');

    const liveApp = createApp({ config: CONFIG, store: openSqliteStore(':memory:'), adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, livemode: true });
    await liveApp.ready;
    assert.equal((await deliver(liveApp, completed({}, 'evt_test_1'))).status, 200);
    assert.equal((await progress(liveApp)).raised, 0, 'a test event does not count on a live deployment');
    assert.equal((await deliver(liveApp, live)).status, 200);
    assert.equal((await progress(liveApp)).raised, 2812, 'a live event does');
  });

  test('unhandled and foreign events are acknowledged and change nothing', async () => {
    const { app, store } = await makeApp();
    assert.equal((await deliver(app, stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }))).status, 200);
    assert.equal((await deliver(app, completed({ metadata: {} }, 'evt_other_app'))).status, 200);
    assert.equal(await store.countLedger(), 0);
  });
});

describe('monthly Allies', () => {
  const subMeta = { ...meta, rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' };
  // Event times in seconds: an Ally's statuses are ordered by them (the lifecycle below is one event a second).
  const T = 1_767_000_000;
  const sub = (type: 'customer.subscription.created' | 'customer.subscription.deleted', id: string) =>
    stripeEvent(type, { id: 'sub_1', object: 'subscription', status: type.endsWith('created') ? 'active' : 'canceled', metadata: subMeta }, { id, created: type.endsWith('created') ? T : T + 10 });
  const invoice = (n: number, type: 'invoice.paid' | 'invoice.payment_failed' = 'invoice.paid') =>
    stripeEvent(
      type,
      {
        id: `in_${n}`, object: 'invoice', amount_paid: type === 'invoice.paid' ? 2606 : 0, currency: 'usd',
        billing_reason: n === 1 ? 'subscription_create' : 'subscription_cycle', metadata: {},
        parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: subMeta } },
        payments: { object: 'list', data: type === 'invoice.paid' ? [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_in_${n}` } }] : [] },
      },
      { id: `evt_${type}_${n}`, created: T + n },
    );
  const lifecycle = () => [sub('customer.subscription.created', 'evt_sub_created'), invoice(1), invoice(2), invoice(4, 'invoice.payment_failed'), invoice(3), sub('customer.subscription.deleted', 'evt_sub_deleted')];

  test('three paid invoices add three months; the same invoice.paid 5 times counts once', async () => {
    const { app } = await makeApp();
    await deliver(app, sub('customer.subscription.created', 'evt_sub_created'));
    for (let i = 0; i < 5; i++) await deliver(app, invoice(1));
    await deliver(app, invoice(2));
    await deliver(app, invoice(3));
    const p = await progress(app);
    assert.equal(p.raised, 3 * 2606);
    assert.equal(p.donors, 1, 'an Ally is one donor, however many months');
    assert.equal(p.allies, 1);
  });

  test('a failed payment is recorded but counts nothing', async () => {
    const { app, store } = await makeApp();
    assert.equal((await deliver(app, invoice(4, 'invoice.payment_failed'))).status, 200);
    assert.equal((await progress(app)).raised, 0);
    assert.equal(await store.countLedger(), 0);
  });

  test('a cancelled subscription lowers allies by one and keeps the money counted', async () => {
    const { app } = await makeApp();
    await deliver(app, sub('customer.subscription.created', 'evt_sub_created'));
    await deliver(app, invoice(1));
    assert.equal((await progress(app)).allies, 1);
    await deliver(app, sub('customer.subscription.deleted', 'evt_sub_deleted'));
    const p = await progress(app);
    assert.equal(p.allies, 0);
    assert.equal(p.raised, 2606);
  });

  test('any shuffled delivery of a subscription\'s 6 events ends in the same totals and ally count as in order', async () => {
    const inOrder = await makeApp();
    for (const e of lifecycle()) await deliver(inOrder.app, e);
    const expected = await progress(inOrder.app);
    assert.deepEqual({ raised: expected.raised, donors: expected.donors, allies: expected.allies }, { raised: 3 * 2606, donors: 1, allies: 0 });

    // Ongoing subscription (no deletion) too: allies must be 1 whatever the order.
    const ongoing = lifecycle().slice(0, 5);
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(lifecycle(), { minLength: 6, maxLength: 6 }), fc.shuffledSubarray(ongoing, { minLength: 5, maxLength: 5 }), async (all, open) => {
        const a = await makeApp();
        for (const e of all) await deliver(a.app, e);
        const p = await progress(a.app);
        assert.deepEqual({ raised: p.raised, donors: p.donors, allies: p.allies }, { raised: expected.raised, donors: expected.donors, allies: expected.allies });
        const b = await makeApp();
        for (const e of open) await deliver(b.app, e);
        const q = await progress(b.app);
        assert.deepEqual({ raised: q.raised, donors: q.donors, allies: q.allies }, { raised: 3 * 2606, donors: 1, allies: 1 });
      }),
      { numRuns: 40 },
    );
  });

  test('a refund of an invoice\'s charge takes that month back out', async () => {
    const { app } = await makeApp();
    await deliver(app, invoice(1));
    await deliver(app, invoice(2));
    await deliver(
      app,
      stripeEvent('charge.refunded', { id: 'ch_in_2', object: 'charge', amount: 2606, amount_refunded: 2606, currency: 'usd', payment_intent: 'pi_in_2', metadata: {} }, { id: 'evt_refund_in_2' }),
    );
    assert.equal((await progress(app)).raised, 2606);
  });
});
