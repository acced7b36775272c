/**
 * A database that refuses to store (a full disk, a read-only file, an I/O error) on both stores:
 * SQLite filled to its `max_page_count`, Postgres answering SQLSTATE 53100 (disk full) from the
 * server itself. Writes answer 503 `unavailable` with Retry-After, never 500; nothing acknowledged is
 * lost and nothing refused is counted; `/healthz` says why until a write succeeds again, and a held
 * lock is not such a refusal.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { LedgerStore, clock } from '../src/store/ledger-store.js';
import { openStore } from '../src/store/open.js';
import { postgresStorageFault } from '../src/store/postgres.js';
import { migrate } from '../src/store/programs.js';
import { SqliteDriver, sqliteStorageFault } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN = 'storage-faults-admin-token-0123456789abcdef';
const SECRET = 'whsec_storage';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900_000_000, rescueCost: 300_000 }] };

let dir = '';
let stop: (() => Promise<void>) | undefined;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rk-storage-'));
  stop = await startBackends();
});
after(async () => {
  await stop?.();
  await rm(dir, { recursive: true, force: true });
});

const gift = (app: App, amount: number) =>
  app.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd', note: 'bake sale' }),
  }));
let n = 0;
const webhook = (app: App, amount: number) => {
  n++;
  const { body, headers } = signedWebhook(stripeEvent('checkout.session.completed', {
    id: `cs_f${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd', payment_intent: `pi_f${n}`, metadata: { rescuekit_campaign: 'team' },
  }, { id: `evt_f${n}` }), SECRET);
  return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
};
const health = (app: App) => app.fetch(new Request('http://rk.test/healthz'));
const raised = async (app: App) => (await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json()).raised as number;

async function expect503(res: Response): Promise<void> {
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  assert.ok(Number(res.headers.get('retry-after')) >= 1, 'Retry-After');
  assert.equal((await res.json()).code, 'unavailable');
}

/** Fills the store, checks the answers, frees space, checks recovery. Same script for both stores. */
async function fullDiskScript(store: Store, fill: () => Promise<void>, free: () => Promise<void>, condition: RegExp): Promise<void> {
  const logs: string[] = [];
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, webhookSecret: SECRET, logger: (l) => logs.push(l) });
  await app.ready;
  try {
    assert.equal((await health(app)).status, 200);
    let acknowledged = 0;
    for (let i = 0; i < 3; i++) {
      assert.equal((await gift(app, 100)).status, 201);
      acknowledged += 100;
    }
    await fill();
    // Keep giving, by hand and through Stripe, until the database refuses both (SQLite has room left in some pages).
    let refusedGift: Response | undefined;
    let refusedWebhook: Response | undefined;
    for (let i = 0; i < 2_000 && !(refusedGift && refusedWebhook); i++) {
      if (!refusedGift) {
        const res = await gift(app, 100);
        if (res.status === 201) acknowledged += 100;
        else refusedGift = res;
      }
      if (!refusedWebhook) {
        const res = await webhook(app, 900);
        if (res.status === 200) acknowledged += 900;
        else refusedWebhook = res;
      }
    }
    assert.ok(refusedGift && refusedWebhook, 'the database refused both kinds of write');
    await expect503(refusedGift);
    await expect503(refusedWebhook);
    const sick = await health(app);
    assert.equal(sick.status, 503);
    assert.match((await sick.json()).detail, condition);
    assert.ok(logs.some((l) => JSON.parse(l).level === 'error' && JSON.parse(l).reason === 'storage'), 'the operator is told at error level');
    assert.ok(!logs.some((l) => /unhandled error/.test(l)), 'never a 500');
    assert.equal(await raised(app), acknowledged, 'every acknowledged gift counted, nothing refused counted');
    assert.equal((await store.getTotals('team'))!.raised, acknowledged);
    await free();
    assert.equal((await health(app)).status, 503, 'not a probe: health waits for a real write');
    assert.equal((await gift(app, 100)).status, 201);
    assert.equal((await health(app)).status, 200, 'healthy once a write succeeded');
    assert.equal((await webhook(app, 900)).status, 200);
    assert.equal(await raised(app), acknowledged + 1_000);
    assert.equal((await store.getTotals('team'))!.raised, acknowledged + 1_000);
  } finally {
    await app.close();
  }
}

describe('storage faults', () => {
  test('codes: SQLite FULL/READONLY/IOERR (extended too) and Postgres classes 53, 58 and 25006 are storage faults; locks and constraints are not', () => {
    const sqlite = ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE']
      .map((code) => sqliteStorageFault(Object.assign(new Error('x'), { code }))?.condition ?? null);
    assert.deepEqual(sqlite, ['disk_full', 'read_only', 'read_only', 'io_error', 'io_error', null, null]);
    const postgres = ['53100', '53200', '53300', '53400', '58030', '58P01', '25006', '40001', '23505', '57014']
      .map((code) => postgresStorageFault(Object.assign(new Error('x'), { code }))?.condition ?? null);
    assert.deepEqual(postgres, ['disk_full', 'out_of_memory', 'too_many_connections', 'out_of_resources', 'io_error', 'io_error', 'read_only', null, null, null]);
  });

  test('sqlite: a full database (max_page_count) answers 503 with Retry-After; health names it until a write succeeds', async () => {
    const db = new Database(join(dir, 'full.db'));
    db.pragma('journal_mode = WAL');
    const driver = new SqliteDriver(db);
    driver.transactSync(migrate(clock));
    const store = new LedgerStore(driver);
    try {
      await fullDiskScript(
        store,
        async () => void db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`),
        async () => void db.pragma('max_page_count = 1073741823'),
        /disk is full \(SQLITE_FULL\)/,
      );
    } finally {
      await store.close();
    }
  });

  test('postgres: disk full (53100, raised by the server) answers 503 with Retry-After; health names it until a write succeeds', async () => {
    const url = await BACKENDS.find((b) => b.name === 'postgres')!.fresh();
    const store = await openStore(url);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await fullDiskScript(
        store,
        async () => void (await admin.query(`
          CREATE FUNCTION rk_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$;
          CREATE TRIGGER rk_disk_full BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION rk_disk_full();`)),
        async () => void (await admin.query('DROP TRIGGER rk_disk_full ON ledger')),
        /disk is full \(53100\)/,
      );
    } finally {
      await admin.end();
      await store.close();
    }
  });

  test('sqlite: a held write lock is busy, not a fault: writes 503 after the wait, health stays 200', async () => {
    const file = join(dir, 'locked.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10'); // as the store sets it: longer waits are the driver's, on timers
    const driver = new SqliteDriver(db, { lockWaitMs: 50 });
    driver.transactSync(migrate(clock));
    const store = new LedgerStore(driver);
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
    await app.ready;
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect503(await gift(app, 100));
      assert.equal((await health(app)).status, 200);
      other.exec('ROLLBACK');
      assert.equal((await gift(app, 100)).status, 201);
    } finally {
      other.close();
      await app.close();
      await store.close();
    }
  });
});
