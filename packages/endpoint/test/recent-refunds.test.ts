/**
 * The recent-gifts feed after refunds and disputes, on both stores: a fully refunded gift, or one
 * whose funds a dispute withdrew (or that it lost), leaves the feed; a partly refunded gift shows
 * what it still counts; a dispute won brings it back; a refund that arrives before its payment is
 * kept in mind; the Postgres bulk webhook path and the live `recent` frames agree.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentGifts, type RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { startServer } from '../src/node.js';
import { openStore } from '../src/store/open.js';
import type { StripeEventInput } from '../src/store/types.js';
import { ADMIN, openSse } from './helpers.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

const SECRET = 'whsec_recent_refunds_test';
const c = (id: string, title: string, parent?: string) => ({ id, title, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
const CONFIG: RescuekitConfig = { campaigns: [c('movement', 'The Movement'), c('seoul', 'Seoul chapter', 'movement')] };
const SECRETS = ['Kim Min-jun', 'minjun@example.org', 'stripe-event', 'evt_', 'cs_', 'pi_', 'ch_', 'dp_', 'assign:'];

let stop: () => Promise<void>;
before(async () => (stop = await startBackends()));
after(async () => stop());

let clock = 1_760_000_000;
const paid = (n: number, campaign: string, amount: number) =>
  stripeEvent('checkout.session.completed', {
    id: `cs_rf_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd',
    payment_intent: `pi_rf_${n}`, customer_details: { name: 'Kim Min-jun', email: 'minjun@example.org' },
    metadata: { rescuekit_campaign: campaign, donor_name: 'Kim Min-jun' },
  }, { id: `evt_rf_paid_${n}`, created: ++clock });
const refunded = (n: number, total: number) =>
  stripeEvent('charge.refunded', {
    id: `ch_rf_${n}`, object: 'charge', amount_refunded: total, currency: 'usd', payment_intent: `pi_rf_${n}`, metadata: {},
  }, { id: `evt_rf_refund_${n}_${total}`, created: ++clock });
const disputed = (n: number, amount: number, type: 'charge.dispute.funds_withdrawn' | 'charge.dispute.closed', status: 'needs_response' | 'won' | 'lost') =>
  stripeEvent(type, {
    id: `dp_rf_${n}`, object: 'dispute', amount, charge: `ch_rf_${n}`, currency: 'usd', payment_intent: `pi_rf_${n}`, metadata: {}, reason: 'fraudulent', status,
  }, { id: `evt_rf_dispute_${n}_${type}_${status}`, created: ++clock });

async function deliver(app: App, event: unknown): Promise<void> {
  const { body, headers } = signedWebhook(event, SECRET);
  const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
  assert.equal(res.status, 200, await res.clone().text());
}
async function feed(app: App, campaign = 'movement'): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 20));
  const res = await app.fetch(new Request(`http://rk.test/v1/campaigns/${campaign}/recent?limit=50`));
  assert.equal(res.status, 200);
  const text = await res.text();
  for (const s of SECRETS) assert.ok(!text.includes(s), `the feed shows "${s}": ${text}`);
  return RecentGifts.parse(JSON.parse(text)).gifts.map((g) => g.amount);
}
const raised = async (app: App) => ((await (await app.fetch(new Request('http://rk.test/v1/campaigns/movement'))).json()) as { raised: number }).raised;

type Pay = Extract<StripeEventInput['effect'], { kind: 'payment' }>;
const pay = (n: string, campaign: string, amount: number, over: Partial<Pay> = {}): StripeEventInput => ({
  effect: { kind: 'payment', eventId: `evt_p${n}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${n}`, aliases: [`cs_${n}`], campaign, amount, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over },
});
const refund = (id: string, n: string, total: number): StripeEventInput => ({
  effect: { kind: 'refund', eventId: id, eventType: 'charge.refunded', created: 2, ref: `pi_${n}`, chargeId: `ch_${n}`, refundedTotal: total, currency: 'usd', campaignHint: null },
});
const dispute = (id: string, n: string, amount: number, stage: 'withdrawn' | 'won' | 'lost'): StripeEventInput => ({
  effect: { kind: 'dispute', eventId: id, eventType: 'charge.dispute.closed', created: 3, ref: `pi_${n}`, disputeId: `dp_${n}`, stage, amount, currency: 'usd', campaignHint: null },
});

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    test('webhooks: full refund and lost dispute leave the feed, a partial refund shows the rest, a dispute won brings a gift back', async () => {
      const store = await openStore(await backend.fresh());
      const app = createApp({ config: CONFIG, store, adminToken: ADMIN, webhookSecret: SECRET, logger: () => {} });
      try {
        await app.ready;
        await deliver(app, paid(1, 'movement', 1000));
        await deliver(app, paid(2, 'seoul', 2000));
        await deliver(app, paid(3, 'movement', 3000));
        await deliver(app, paid(4, 'seoul', 4000));
        assert.deepEqual(await feed(app), [4000, 3000, 2000, 1000]);

        await deliver(app, refunded(1, 1000)); // fully refunded
        await deliver(app, refunded(2, 500)); // partly refunded: 1500 still counts
        assert.deepEqual(await feed(app), [4000, 3000, 1500]);
        assert.deepEqual(await feed(app, 'seoul'), [4000, 1500]);

        await deliver(app, disputed(3, 3000, 'charge.dispute.funds_withdrawn', 'needs_response'));
        await deliver(app, disputed(4, 4000, 'charge.dispute.funds_withdrawn', 'needs_response'));
        assert.deepEqual(await feed(app), [1500]);
        await deliver(app, disputed(3, 3000, 'charge.dispute.closed', 'won'));
        await deliver(app, disputed(4, 4000, 'charge.dispute.closed', 'lost'));
        assert.deepEqual(await feed(app), [3000, 1500], 'the dispute won brings its gift back in its place; the lost one stays out');
        assert.equal(await raised(app), 4500, 'the feed agrees with the totals');

        // Refund before payment: the payment counts (and shows) only what is left, or nothing.
        await deliver(app, refunded(5, 600));
        await deliver(app, refunded(6, 700));
        await deliver(app, paid(5, 'movement', 2500));
        await deliver(app, paid(6, 'seoul', 700));
        assert.deepEqual(await feed(app), [1900, 3000, 1500]);
        await deliver(app, refunded(5, 2500));
        assert.deepEqual(await feed(app), [3000, 1500]);
        assert.equal(await raised(app), 4500);
      } finally {
        await app.close();
        await store.close();
      }
    });

    test('a batch of events (the Postgres bulk path) and an assigned payment: the feed shows what each payment counts', async () => {
      const store = await openStore(await backend.fresh());
      try {
        await store.seedCampaigns(CONFIG.campaigns);
        const bulk = store.ingestStats!.bulk;
        const results = await store.applyStripeEvents([
          refund('evt_r7_early', '7', 300), pay('7', 'seoul', 1000), pay('8', 'movement', 2000), pay('9', 'seoul', 3000),
          refund('evt_r8', '8', 2000), dispute('evt_d9', '9', 3000, 'withdrawn'), pay('10', 'ghost', 5000),
        ]);
        assert.ok(results.every((r) => r.outcome === 'applied'), JSON.stringify(results));
        assert.equal(store.ingestStats!.bulk, bulk + 1, 'decided in bulk, not one at a time');
        const amounts = async () => (await store.recentGifts('movement', 50)).map((r) => [r.campaign, r.amount]);
        assert.deepEqual(await amounts(), [['seoul', 700]]);
        await store.applyStripeEvents([dispute('evt_d9_won', '9', 3000, 'won'), refund('evt_r7', '7', 400)]);
        assert.deepEqual(await amounts(), [['seoul', 3000], ['seoul', 600]]);

        assert.equal((await store.assignUnassigned('pi_10', 'movement')).outcome, 'assigned');
        assert.deepEqual((await amounts())[0], ['movement', 5000]);
        await store.applyStripeEvents([refund('evt_r10', '10', 1200)]);
        assert.deepEqual((await amounts())[0], ['movement', 3800]);
        await store.applyStripeEvents([refund('evt_r10_all', '10', 5000)]);
        assert.deepEqual(await amounts(), [['seoul', 3000], ['seoul', 600]]);
        assert.equal((await store.getTotals('movement'))?.raised, 3600);
      } finally {
        await store.close();
      }
    });

    test('live: `recent` frames follow a refund and a dispute won delivered by webhook', async () => {
      const store = await openStore(await backend.fresh());
      const server = await startServer({ config: CONFIG, store, databaseUrl: '', adminToken: ADMIN, port: 0, host: '127.0.0.1', log: () => {}, env: { STRIPE_WEBHOOK_SECRET: SECRET } });
      const send = async (event: unknown) => {
        const { body, headers } = signedWebhook(event, SECRET);
        const res = await fetch(`${server.url}/v1/webhooks/stripe`, { method: 'POST', body, headers });
        assert.equal(res.status, 200, await res.text());
      };
      const live = await openSse(`${server.url}/v1/campaigns/movement/events?recent=5`);
      try {
        const frames = () => live.events.filter((e) => e.event === 'recent').map((e) => RecentGifts.parse(JSON.parse(e.data)).gifts.map((g) => g.amount));
        const next = async (n: number) => {
          for (let i = 0; i < 150 && frames().length < n; i++) await new Promise((r) => setTimeout(r, 20));
          return frames();
        };
        assert.deepEqual(await next(1), [[]]);
        await send(paid(11, 'seoul', 900));
        assert.deepEqual(await next(2), [[], [900]]);
        await send(refunded(11, 300));
        assert.deepEqual(await next(3), [[], [900], [600]]);
        await send(disputed(11, 600, 'charge.dispute.funds_withdrawn', 'needs_response'));
        assert.deepEqual(await next(4), [[], [900], [600], []]);
        await send(disputed(11, 600, 'charge.dispute.closed', 'won'));
        assert.deepEqual(await next(5), [[], [900], [600], [], [600]]);
        assert.ok(live.events.every((e) => !e.data.includes('Kim Min-jun') && !e.data.includes('pi_')));
      } finally {
        await live.close();
        await server.close();
        await store.close();
      }
    });
  });
}
