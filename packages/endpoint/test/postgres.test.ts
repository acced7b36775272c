/**
 * What only the Postgres store has: a pool of connections that the server may close under
 * it, and transactions that each hold one connection till their commit. Everything a store
 * promises is in store-contract.test.ts, run on both stores.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { PostgresDriver, openPostgresStore } from '../src/store/postgres.js';
import { StoreUnavailableError } from '../src/store/errors.js';
import { rows, type Program } from '../src/store/sql.js';
import type { RecordGiftInput, StripeEventInput } from '../src/store/types.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

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

/** Polls `check` every 50 ms until it is true; fails after `ms` (a generous bound, not a measurement). */
async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LINK = 'https://buy.stripe.com/test_outage';
/** The hosted page's line offering the campaign's Payment Link while the store is unavailable, if shown. */
const fallbackLineOf = async (app: { fetch(r: Request): Response | Promise<Response> }) =>
  /<p class="notice fallback">[^<]*<a href="([^"]+)" target="_blank" rel="noopener">/.exec(await (await app.fetch(new Request('http://rk.test/c/team?lang=en'))).text())?.[1];

test('a full database restart: health 503 with a reason, webhooks 503 (Stripe retries), progress served stale (the hosted page offers the Payment Link), then all recovers and counts exactly', { timeout: 90_000 }, async () => {
  const own = await startTestPostgres({ own: true });
  const SECRET = 'whsec_outage_0123456789';
  const store = await openPostgresStore(await own.freshDatabase(), { max: 3 });
  const app = createApp({
    config: { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000, fallbackPaymentLink: LINK }] },
    store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, staleAfterMs: 300,
  });
  try {
    await app.ready;
    const completed = (id: string, pi: string) =>
      stripeEvent('checkout.session.completed', {
        id: `cs_${id}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 1000, currency: 'usd', payment_intent: pi,
        metadata: { rescuekit_campaign: 'team', rescuekit_frequency: 'once', gift_amount: '1000', fee_amount: '0' },
      }, { id });
    const deliver = (event: unknown) => {
      const signed = signedWebhook(event, SECRET);
      return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }));
    };
    const progress = async () => (await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json()) as { raised: number; stale?: boolean };
    const health = () => app.fetch(new Request('http://rk.test/healthz'));
    const before = completed('evt_before', 'pi_before');
    const during = completed('evt_during', 'pi_during');
    assert.equal((await deliver(before)).status, 200);
    assert.equal(await fallbackLineOf(app), undefined, 'no line while the store answers');

    await own.halt();
    const down = await health();
    assert.equal(down.status, 503);
    assert.match(((await down.json()) as { detail: string }).detail, /database is not reachable/);
    const refused = await deliver(during);
    assert.equal(refused.status, 503, 'Stripe retries a 503');
    assert.ok(refused.headers.get('retry-after'));
    const cached = await progress();
    assert.equal(cached.raised, 1000, 'the last known totals are still served');
    await eventually('progress marked stale', async () => (await progress()).stale === true);
    assert.match(new TextDecoder().decode(app.hub.get('team')!.sseFrame), /"stale":true/, 'live streams say so too');
    assert.equal(await fallbackLineOf(app), LINK, 'the hosted page offers the Payment Link above the picker');
    assert.equal(app.hub.get('team')!.progress.fallbackPaymentLink, LINK);

    await own.resume();
    await eventually('health back to 200', async () => (await health()).status === 200);
    assert.equal((await deliver(during)).status, 200, "Stripe's retry after the outage counts");
    assert.equal((await deliver(before)).status, 200);
    await eventually('stale cleared', async () => (await progress()).stale === undefined);
    assert.equal(await fallbackLineOf(app), undefined, 'the line goes with the outage');
    assert.equal((await progress()).raised, 2000, 'each event counted exactly once');
    assert.equal(await store.countLedger(), 2);
  } finally {
    await app.close();
    await store.close().catch(() => {});
    await own.stop();
  }
});

test('a connection lost in the middle of a transaction: a 503-kind error for that write, the process lives, the next write gets a fresh connection', async () => {
  const url = await server.freshDatabase();
  const store = await openPostgresStore(url, { max: 2 }); // creates the tables
  await store.close();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  const driver = new PostgresDriver(pool);
  try {
    function* slow(): Program<number> {
      yield rows('SELECT 1');
      yield rows('SELECT pg_sleep(2)');
      return 1;
    }
    const inFlight = driver.transact(slow()).then(() => 'committed', (e: unknown) => e);
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    const database = new URL(url).pathname.slice(1);
    for (let i = 0; i < 50; i++) {
      const r = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()", [database]);
      if (r.rowCount) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    await admin.end();
    assert.ok((await inFlight) instanceof StoreUnavailableError, 'the lost connection is a store-unavailable error');
    await new Promise((r) => setTimeout(r, 100)); // any late 'error' event would have ended the process by now
    function* quick(): Program<number> {
      const [row] = (yield rows('SELECT 2 AS n')) as { n: number }[];
      return row!.n;
    }
    assert.equal(await driver.transact(quick()), 2);
  } finally {
    await pool.end();
  }
});

test('a statement cancelled at statement_timeout is a 503 (busy, retry in 1 s) that wrote nothing; the next write counts', async () => {
  const url = await server.freshDatabase();
  const setup = await openPostgresStore(url, { max: 1 });
  await setup.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  await setup.close();
  const timed = new URL(url);
  timed.searchParams.set('options', '-c statement_timeout=200');
  const store = await openPostgresStore(timed.toString(), { max: 2 });
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE campaign_totals IN ACCESS EXCLUSIVE MODE'); // the write below waits on this
    const error = await store.recordGift(gift(1)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof StoreUnavailableError, `a store-unavailable error, not ${String(error)}`);
    assert.deepEqual([error.reason, error.retryAfterSeconds], ['busy', 1]);
    await admin.query('ROLLBACK');
    assert.equal(await store.countLedger(), 0, 'the cancelled transaction wrote nothing');
    await store.recordGift(gift(2));
    assert.equal((await store.getTotals('team'))!.raised, 100);
  } finally {
    await admin.end();
    await store.close();
  }
});

test('a pool with no connection free within its connect bound: busy (503, retry in 1 s), not a 500', async () => {
  const url = await server.freshDatabase();
  const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 });
  pool.on('error', () => {});
  const driver = new PostgresDriver(pool);
  try {
    function* slow(): Program<number> {
      yield rows('SELECT pg_sleep(1)');
      return 1;
    }
    function* quick(): Program<number> {
      const [row] = (yield rows('SELECT 2 AS n')) as { n: number }[];
      return row!.n;
    }
    const holding = driver.transact(slow());
    const error = await driver.transact(quick()).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof StoreUnavailableError, `a store-unavailable error, not ${String(error)}`);
    assert.deepEqual([error.reason, error.retryAfterSeconds], ['busy', 1]);
    assert.equal(await holding, 1);
    assert.equal(await driver.transact(quick()), 2, 'the pool serves again once the connection is free');
  } finally {
    await pool.end();
  }
});
