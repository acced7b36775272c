/**
 * What only the Postgres store has: a pool of connections that the server may close under
 * it, and transactions that each hold one connection till their commit. Everything a store
 * promises is in store-contract.test.ts, run on both stores.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres.js';
import type { RecordGiftInput, StripeEventInput } from '../src/store/types.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

let server: TestPostgres;
before(async () => (server = await startTestPostgres()));
after(() => server?.stop());

const gift = (i: number): RecordGiftInput => ({ id: `g${i}`, campaign: 'team', currency: 'usd', amount: 100, kind: 'offline', sourceRef: `offline:g${i}`, donorDelta: 1 });
const payment = (i: number): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_${i}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${i}`, aliases: [],
    campaign: 'team', amount: 1000, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true,
  },
});

test('connections the server drops (a restart, a failover) do not end the process; the next query opens another', async () => {
  const url = await server.freshDatabase();
  const store = await openPostgresStore(url, { max: 3 });
  try {
    await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
    await Promise.all([store.getAllTotals(), store.countLedger(), store.ping()]); // idle connections in the pool
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const database = new URL(url).pathname.slice(1);
    const dropped = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    await admin.end();
    assert.ok(dropped.rowCount! >= 1, 'the store had idle connections to drop');
    await new Promise((r) => setTimeout(r, 100)); // let the pool hear of it
    await store.recordGift(gift(1));
    assert.equal((await store.getTotals('team'))!.raised, 100);
  } finally {
    await store.close();
  }
});

test('a pool of one connection: each transaction holds it till its commit, the others queue', async () => {
  const store = await openPostgresStore(await server.freshDatabase(), { max: 1 });
  try {
    await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => store.recordGift(gift(i))),
      store.applyStripeEvents([payment(1), payment(2)]),
      store.applyStripeEvents([payment(2), payment(3)]),
      store.getTotals('team'),
    ]);
    assert.equal(results.length, 13);
    const t = (await store.getTotals('team'))!;
    assert.deepEqual([t.raised, t.donors, await store.countLedger()], [10 * 100 + 3 * 1000, 13, 13]);
  } finally {
    await store.close();
  }
});
