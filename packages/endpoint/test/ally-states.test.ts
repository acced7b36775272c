/**
 * Allies follow their subscription's status as Stripe names it, on both stores, through the real
 * webhook route: counted while active or past due, at risk while past due, gone for good at
 * canceled, unpaid or incomplete_expired, whatever order the events arrive in (duplicates and
 * redeliveries included), at the team and at every campaign above it. Two statuses of the same
 * second are settled by the subscription Stripe holds (`GET /v1/subscriptions/:id`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CampaignConfig, Progress } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { reconcile } from '../src/reconcile.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { createStripeClient } from '../src/stripe/client.js';
import { HANDLED_EVENT_TYPES } from '../src/stripe/webhook-events.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { ADMIN } from './helpers.js';

const SECRET = 'whsec_test_ally_states_0123456789';
const camp = (id: string, parent?: string): CampaignConfig => ({ id, title: id, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
/** movement > region > team: an Ally of the team counts at all three. */
const TREE = [camp('movement'), camp('region', 'movement'), camp('team', 'region')];
const CHAIN = ['team', 'region', 'movement'];
const subMeta = { rescuekit_campaign: 'team', rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' };
const T = 1_767_000_000;
const AMOUNT = 2606;

type Status = 'incomplete' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused' | 'incomplete_expired';
type SubType = 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted';

/** Events of one subscription; `key` keeps each run's ids apart, so one store holds many runs. */
function events(key: string) {
  const sub = `sub_${key}`;
  const subscription = (type: SubType, status: Status, at: number, name = `${type.split('.').at(-1)}_${status}_${at}`) =>
    stripeEvent(type, { id: sub, object: 'subscription', status, metadata: subMeta }, { id: `evt_${key}_${name}`, created: T + at });
  const invoice = (type: 'invoice.paid' | 'invoice.payment_failed', n: number, at: number) =>
    stripeEvent(type, {
      id: `in_${key}_${n}`, object: 'invoice', amount_paid: type === 'invoice.paid' ? AMOUNT : 0, currency: 'usd', metadata: {},
      billing_reason: n === 1 ? 'subscription_create' : 'subscription_cycle',
      parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: subMeta } },
      payments: { object: 'list', data: type === 'invoice.paid' ? [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_${key}_${n}` } }] : [] },
    }, { id: `evt_${key}_${type}_${n}_${at}`, created: T + at });
  return {
    sub,
    created: (status: Status = 'active', at = 0) => subscription('customer.subscription.created', status, at),
    updated: (status: Status, at: number) => subscription('customer.subscription.updated', status, at),
    deleted: (at: number, status: Status = 'canceled') => subscription('customer.subscription.deleted', status, at),
    paid: (n: number, at: number) => invoice('invoice.paid', n, at),
    failed: (n: number, at: number) => invoice('invoice.payment_failed', n, at),
  };
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) return yield [...items];
  for (let i = 0; i < items.length; i++) for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i]!, ...rest];
}

async function deliver(app: App, event: unknown): Promise<number> {
  const signed = signedWebhook(event, SECRET);
  return (await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }))).status;
}

/** Each campaign's counts as its progress document says them (`alliesAtRisk` absent: none). */
async function counts(app: App) {
  const out: Record<string, { allies: number; alliesAtRisk: number; raised: number }> = {};
  for (const id of CHAIN) {
    const p = (await (await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`))).json()) as Progress;
    out[id] = { allies: p.allies, alliesAtRisk: p.alliesAtRisk ?? 0, raised: p.raised };
  }
  return out;
}
const everywhere = (c: { allies: number; alliesAtRisk: number; raised: number }) => Object.fromEntries(CHAIN.map((id) => [id, c]));

let stop: (() => Promise<void>) | undefined;
let stripe: StripeServer;
before(async () => {
  stop = await startBackends();
  stripe = await startStripeServer();
});
after(async () => {
  await stripe.close();
  await stop?.();
});

test('customer.subscription.updated is subscribed to', () => {
  assert.ok((HANDLED_EVENT_TYPES as readonly string[]).includes('customer.subscription.updated'));
});

const METRICS = 'metrics-token-ally-states-0123456789';

for (const backend of BACKENDS) {
  describe(`${backend.name}: Ally states in any order`, () => {
    let store: Store;
    let app: App;
    before(async () => {
      store = await openStore(await backend.fresh());
      const client = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_ally_states', STRIPE_API_URL: stripe.url }, { maxNetworkRetries: 0 });
      app = createApp({ config: { campaigns: TREE }, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, stripe: client, metricsToken: METRICS });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    /**
     * Delivers every order of a run's events (each order a subscription of its own, so the totals add
     * up): the first event again in the middle, and the first two redelivered at the end. Each order
     * must move every campaign of the chain by `each`.
     */
    async function everyOrder(name: string, make: (e: ReturnType<typeof events>) => unknown[], each: { allies: number; alliesAtRisk: number; raised: number }) {
      const start = await counts(app);
      let orders = 0;
      for (const order of permutations(make(events(`${name}0`)).map((_, i) => i))) {
        const run = make(events(`${name}${++orders}`));
        const sent = order.map((i) => run[i]!);
        for (const [k, e] of [...sent.slice(0, 2), sent[0], ...sent.slice(2), ...sent.slice(0, 2)].entries()) {
          assert.equal(await deliver(app, e), 200, `delivery ${k}`);
        }
        const now = await counts(app);
        const want = Object.fromEntries(CHAIN.map((id) => [id, {
          allies: start[id]!.allies + orders * each.allies, alliesAtRisk: start[id]!.alliesAtRisk + orders * each.alliesAtRisk, raised: start[id]!.raised + orders * each.raised,
        }]));
        assert.deepEqual(now, want, `order ${order.join(', ')} of ${name}`);
      }
      return orders;
    }

    test('created, paid, past due twice (updated and invoice.payment_failed), an older active: past due in all 120 orders', async () => {
      const fresh = (await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json()) as Progress;
      assert.equal('alliesAtRisk' in fresh, false, 'progress names Allies at risk only when there are any');
      const orders = await everyOrder('due', (e) => [e.created('active', 0), e.paid(1, 1), e.updated('active', 5), e.updated('past_due', 10), e.failed(2, 10)], { allies: 1, alliesAtRisk: 1, raised: AMOUNT });
      assert.equal(orders, 120);
      // /metrics shows the movement's Allies and those at risk, as its progress has them.
      const movement = (await (await app.fetch(new Request(`http://rk.test/v1/campaigns/${CHAIN.at(-1)}`))).json()) as Progress;
      const text = await (await app.fetch(new Request('http://rk.test/metrics', { headers: { authorization: `Bearer ${METRICS}` } }))).text();
      assert.match(text, new RegExp(`^rescuekit_allies\\{state="counted"\\} ${movement.allies}$`, 'm'));
      assert.match(text, new RegExp(`^rescuekit_allies\\{state="at_risk"\\} ${movement.alliesAtRisk}$`, 'm'));
      assert.ok((movement.alliesAtRisk ?? 0) >= 120);
    });

    test('a recovered payment (invoice.paid, updated active after past due) is healthy again and counted once, in all 120 orders', async () => {
      const orders = await everyOrder('back', (e) => [e.created('active', 0), e.updated('past_due', 10), e.failed(2, 10), e.paid(2, 20), e.updated('active', 20)], { allies: 1, alliesAtRisk: 0, raised: AMOUNT });
      assert.equal(orders, 120);
    });

    test('the whole life (created, past due, failed, recovered, deleted) ends with no Ally in all 720 orders; the money stays', async () => {
      const orders = await everyOrder('life', (e) => [e.created('active', 0), e.updated('past_due', 10), e.failed(2, 10), e.paid(2, 20), e.updated('active', 20), e.deleted(30)], { allies: 0, alliesAtRisk: 0, raised: AMOUNT });
      assert.equal(orders, 720);
    });

    test('unpaid removes the Ally for good: a later payment or active update never revives it, in all 120 orders', async () => {
      await everyOrder('unpaid', (e) => [e.created('active', 0), e.updated('past_due', 5), e.updated('unpaid', 10), e.paid(3, 20), e.updated('active', 21)], { allies: 0, alliesAtRisk: 0, raised: AMOUNT });
    });

    test('incomplete, trialing and paused are not counted; incomplete_expired ends it', async () => {
      await everyOrder('trial', (e) => [e.created('trialing', 0), e.updated('paused', 10)], { allies: 0, alliesAtRisk: 0, raised: 0 });
      await everyOrder('signup', (e) => [e.created('incomplete', 0), e.failed(1, 1), e.updated('incomplete_expired', 2)], { allies: 0, alliesAtRisk: 0, raised: 0 });
      await everyOrder('late', (e) => [e.created('incomplete', 0), e.paid(1, 5), e.updated('active', 5)], { allies: 1, alliesAtRisk: 0, raised: AMOUNT });
    });

    test('two statuses of one second are settled by the subscription Stripe holds, in either order', async () => {
      const before = await counts(app);
      const asked = () => stripe.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/subscriptions/')).length;
      const first = asked();
      for (const [n, order] of [[0, 1], [1, 0]].entries()) {
        // A signup: the subscription made incomplete and its first invoice paid in the same second.
        const e = events(`signup-tie${n}`);
        stripe.subscriptions.set(e.sub, { status: 'active', metadata: subMeta });
        const pair = [e.created('incomplete', 0), e.paid(1, 0)];
        for (const i of order) assert.equal(await deliver(app, pair[i]), 200);
        // A renewal failing while an update of the same second still says active: Stripe says past due.
        const f = events(`renewal-tie${n}`);
        stripe.subscriptions.set(f.sub, { status: 'past_due', metadata: subMeta });
        const due = [f.updated('active', 0), f.failed(2, 0)];
        for (const i of order) assert.equal(await deliver(app, due[i]), 200);
        for (const i of order) assert.equal(await deliver(app, due[i]), 200, 'redelivered');
      }
      assert.equal(asked() - first, 4, 'asked once for each tie');
      const now = await counts(app);
      for (const id of CHAIN) {
        assert.deepEqual(now[id], { allies: before[id]!.allies + 4, alliesAtRisk: before[id]!.alliesAtRisk + 2, raised: before[id]!.raised + 2 * AMOUNT }, id);
      }
    });

    test('Stripe failing to answer a tie: 500, nothing counted; the redelivery counts it once', async () => {
      const before = await counts(app);
      const e = events('down');
      stripe.subscriptions.set(e.sub, { status: 'active', metadata: subMeta });
      assert.equal(await deliver(app, e.created('incomplete', 0)), 200);
      stripe.failNext({ status: 500 }, 2); // the request and its one retry
      assert.equal(await deliver(app, e.paid(1, 0)), 500);
      assert.deepEqual(await counts(app), before, 'the invoice is not processed yet');
      assert.equal(await deliver(app, e.paid(1, 0)), 200);
      assert.equal(await deliver(app, e.paid(1, 0)), 200);
      const now = await counts(app);
      for (const id of CHAIN) assert.deepEqual(now[id], { ...before[id]!, allies: before[id]!.allies + 1, raised: before[id]!.raised + AMOUNT }, id);
    });
  });
}

describe('ties without a Stripe client, and in reconcile', () => {
  test('no Stripe key: a tie is settled by Stripe\'s lifecycle order, the same in either order', async () => {
    for (const order of [[0, 1], [1, 0]]) {
      const store = await openStore(`sqlite::memory:`);
      const app = createApp({ config: { campaigns: TREE }, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET });
      await app.ready;
      const e = events(`rank${order.join('')}`);
      const pair = [e.updated('active', 0), e.failed(2, 0)];
      for (const i of order) assert.equal(await deliver(app, pair[i]), 200);
      assert.deepEqual(await counts(app), everywhere({ allies: 1, alliesAtRisk: 1, raised: 0 }), 'past due comes after active');
      await app.close();
      await store.close();
    }
  });

  test('rescuekit reconcile settles a tie by asking Stripe, as the webhook does', async () => {
    const store = await openStore(`sqlite::memory:`);
    try {
      const e = events('reconciled');
      stripe.subscriptions.set(e.sub, { status: 'active', metadata: subMeta });
      stripe.events.length = 0;
      stripe.events.push(e.created('incomplete', 0), e.paid(1, 0));
      const client = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_ally_states', STRIPE_API_URL: stripe.url }, { maxNetworkRetries: 0 })!;
      const report = await reconcile({ stripe: client, store, campaigns: TREE, since: T - 60 });
      assert.deepEqual([report.applied, report.failed], [2, 0], report.errors.join('; '));
      for (const id of CHAIN) {
        const t = (await store.getTotals(id))!;
        assert.deepEqual([t.allies, t.alliesAtRisk, t.raised], [1, 0, AMOUNT], id);
      }
    } finally {
      await store.close();
      stripe.events.length = 0;
    }
  });
});
