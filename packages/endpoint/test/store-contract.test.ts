/**
 * The Store contract, run against both stores: SQLite (a real file) and Postgres
 * (a throwaway server, see support/postgres.ts). Both must count exactly once under
 * retries, concurrency and two processes sharing one database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import type { RecordGiftInput, Store, StripeEventInput } from '../src/store/types.js';
import type { LedgerEffect } from '../src/stripe/webhook-events.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { ADMIN, CONFIG, giftRequest, tempDir } from './helpers.js';

let pgServer: TestPostgres;
let files: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  files = await tempDir();
  pgServer = await startTestPostgres();
});
after(async () => {
  await pgServer?.stop();
  await files?.cleanup();
});

let n = 0;
const backends: Array<[string, () => Promise<string>]> = [
  ['sqlite', async () => `sqlite:${join(files.dir, `contract-${++n}.db`)}`],
  ['postgres', () => pgServer.freshDatabase()],
];

const CAMPAIGNS = [{ id: 'team', currency: 'usd' }, { id: 'won', currency: 'krw' }];
const gift = (id: string, amount: number, over: Partial<RecordGiftInput> = {}): RecordGiftInput => ({
  id, campaign: 'team', currency: 'usd', amount, kind: 'offline', sourceRef: `offline:${id}`, donorDelta: 1,
  respond: (entry, totals) => ({ status: 201, body: JSON.stringify({ id: entry.id, raised: totals.raised }) }), ...over,
});
const payment = (i: number, over: Partial<Extract<LedgerEffect, { kind: 'payment' }>> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_${i}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${i}`, aliases: [`cs_${i}`],
    campaign: 'team', amount: 1000 + i, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});

for (const [name, newUrl] of backends) {
  describe(`${name} store`, () => {
    async function open(url?: string): Promise<{ store: Store; url: string }> {
      const u = url ?? (await newUrl());
      const store = await openStore(u);
      await store.ensureCampaigns(CAMPAIGNS);
      return { store, url: u };
    }

    test('totals start at zero; a currency may change only while nothing is counted', async () => {
      const { store } = await open();
      try {
        assert.deepEqual((await store.getAllTotals()).map((t) => [t.campaign, t.currency, t.raised, t.donors, t.allies]), [['team', 'usd', 0, 0, 0], ['won', 'krw', 0, 0, 0]]);
        await store.ensureCampaigns([{ id: 'won', currency: 'jpy' }]);
        assert.equal((await store.getTotals('won'))!.currency, 'jpy');
        await store.recordGift(gift('g1', 500));
        await assert.rejects(store.ensureCampaigns([{ id: 'team', currency: 'eur' }]), /cannot change/);
      } finally {
        await store.close();
      }
    });

    test('a gift moves the ledger and the totals together; a retried key replays byte for byte; another body conflicts', async () => {
      const { store } = await open();
      try {
        const idem = { scope: 'offline-gifts:team', key: 'k1', fingerprint: 'f1' };
        const first = await store.recordGift(gift('g1', 4500, { idempotency: idem, sourceRef: 'offline:team:key:k1' }));
        assert.equal(first.outcome, 'recorded');
        const again = await store.recordGift(gift('g2', 4500, { idempotency: idem, sourceRef: 'offline:team:key:k1' }));
        assert.deepEqual(again, { outcome: 'replayed', response: (first as { response: { status: number; body: string } }).response });
        assert.deepEqual(await store.lookupIdempotency({ ...idem, fingerprint: 'other' }), { outcome: 'conflict' });
        const t = (await store.getTotals('team'))!;
        assert.equal(t.raised, 4500);
        assert.equal(t.donors, 1);
        assert.equal(await store.countLedger('team'), 1);
      } finally {
        await store.close();
      }
    });

    test('voiding an offline gift: once, from both processes at the same time', async () => {
      const a = await open();
      const b = await open(a.url);
      try {
        await a.store.recordGift(gift('g1', 4500));
        await a.store.recordGift(gift('g2', 900));
        const results = await Promise.all([
          a.store.voidOfflineGift({ id: 'v1', campaign: 'team', giftId: 'g1', note: 'typo' }),
          b.store.voidOfflineGift({ id: 'v2', campaign: 'team', giftId: 'g1' }),
        ]);
        assert.deepEqual(results.map((r) => r.outcome).sort(), ['already_voided', 'voided']);
        const t = (await a.store.getTotals('team'))!;
        assert.equal(t.raised, 900);
        assert.equal(t.donors, 1);
        assert.equal((await a.store.voidOfflineGift({ id: 'v3', campaign: 'won', giftId: 'g2' })).outcome, 'not_found');
        assert.equal((await a.store.voidOfflineGift({ id: 'v4', campaign: 'team', giftId: 'v1' })).outcome, 'not_found', 'a reversal is not a gift');
      } finally {
        await a.store.close();
        await b.store.close();
      }
    });

    test('two "processes" (two stores on one database), 40 concurrent gifts, half of them retries: each counts once', async () => {
      const a = await open();
      const b = await open(a.url);
      try {
        const tokenBefore = await b.store.changeToken();
        const jobs = Array.from({ length: 40 }, (_, i) => {
          const k = `key-${i % 20}`;
          const s = i % 2 ? b.store : a.store;
          return s.recordGift(gift(`g${i}`, 100, { idempotency: { scope: 'offline-gifts:team', key: k, fingerprint: 'same' }, sourceRef: `offline:team:key:${k}` }));
        });
        const results = await Promise.all(jobs);
        assert.equal(results.filter((r) => r.outcome === 'recorded').length, 20);
        assert.equal(results.filter((r) => r.outcome === 'replayed').length, 20);
        assert.equal((await a.store.getTotals('team'))!.raised, 2000);
        assert.equal(await b.store.countLedger(), 20);
        assert.notEqual(await b.store.changeToken(), tokenBefore, 'the other process sees that something changed');
      } finally {
        await a.store.close();
        await b.store.close();
      }
    });

    test('Stripe batches: a duplicate in the batch counts once, a failing event rolls back alone', async () => {
      const { store } = await open();
      try {
        const results = await store.applyStripeEvents([payment(1), payment(1), payment(2, { campaign: 'ghost' }), payment(3)]);
        assert.deepEqual(results.map((r) => r.outcome), ['applied', 'duplicate', 'failed', 'applied']);
        const t = (await store.getTotals('team'))!;
        assert.equal(t.raised, 1001 + 1003);
        assert.equal(t.donors, 2);
        assert.equal(await store.countLedger(), 2);
        const retry = await store.applyStripeEvents([payment(2)]);
        assert.equal(retry[0]!.outcome, 'applied', 'the failed event was not marked processed');
        const refund: StripeEventInput = {
          effect: { kind: 'refund', eventId: 'evt_r', eventType: 'charge.refunded', created: 2, ref: 'pi_1', chargeId: 'ch_1', refundedTotal: 1001, currency: 'usd', campaignHint: null },
        };
        await store.applyStripeEvents([refund]);
        assert.equal((await store.getTotals('team'))!.raised, 1002 + 1003);
        const ally: StripeEventInput = { effect: { kind: 'ally', eventId: 'evt_s', eventType: 'customer.subscription.created', created: 3, subscriptionId: 'sub_1', campaign: 'team', stage: 'started' } };
        await store.applyStripeEvents([ally, ally]);
        assert.equal((await store.getTotals('team'))!.allies, 1);
      } finally {
        await store.close();
      }
    });

    test('two processes apply the same Stripe events concurrently: counted once', async () => {
      const a = await open();
      const b = await open(a.url);
      try {
        const batch = Array.from({ length: 10 }, (_, i) => payment(100 + i));
        const [ra, rb] = await Promise.all([a.store.applyStripeEvents(batch), b.store.applyStripeEvents([...batch].reverse())]);
        const applied = [...ra, ...rb].filter((r) => r.outcome === 'applied').length;
        assert.equal(applied, 10);
        assert.equal([...ra, ...rb].filter((r) => r.outcome === 'failed').length, 0);
        assert.equal((await a.store.getTotals('team'))!.raised, batch.reduce((s, e) => s + (e.effect as { amount: number }).amount, 0));
      } finally {
        await a.store.close();
        await b.store.close();
      }
    });

    test('the endpoint on this store: offline gift, signed webhook x5 concurrently, and a second server sees both', async () => {
      const url = await newUrl();
      const storeA = await openStore(url);
      const storeB = await openStore(url);
      const app = createApp({ config: CONFIG, store: storeA, adminToken: ADMIN, logger: () => {}, webhookSecret: 'whsec_contract' });
      const other = createApp({ config: CONFIG, store: storeB, adminToken: ADMIN, logger: () => {} });
      try {
        await app.ready;
        await other.ready;
        assert.equal((await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }, { key: 'bake-1' }))).status, 201);
        const event = stripeEvent('checkout.session.completed', {
          id: 'cs_c', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2812, currency: 'usd', payment_intent: 'pi_c', metadata: { rescuekit_campaign: 'team' },
        });
        const deliveries = await Promise.all(
          Array.from({ length: 5 }, () => {
            const { body, headers } = signedWebhook(event, 'whsec_contract');
            return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
          }),
        );
        assert.deepEqual(deliveries.map((r) => r.status), [200, 200, 200, 200, 200]);
        await other.hub.poll();
        assert.equal(other.hub.get('team')!.progress.raised, 4500 + 2812);
        assert.equal(other.hub.get('team')!.progress.donors, 2);
      } finally {
        await app.close();
        await other.close();
        await storeA.close();
        await storeB.close();
      }
    });
  });
}
