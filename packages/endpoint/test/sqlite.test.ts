import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createApp } from '../src/app.js';
import { MIGRATIONS } from '../src/store/migrations.js';
import { DatabaseUrlError, openStore, sqlitePath } from '../src/store/open.js';
import { migrate, openSqliteStore } from '../src/store/sqlite.js';
import type { RecordGiftInput } from '../src/store/types.js';
import { ADMIN, CONFIG, giftRequest, tempDir } from './helpers.js';

const gift = (id: string, amount: number, extra: Partial<RecordGiftInput> = {}): RecordGiftInput => ({
  id,
  campaign: 'team',
  currency: 'usd',
  amount,
  kind: 'offline',
  sourceRef: `ref-${id}`,
  donorDelta: 1,
  ...extra,
});

test('a real SQLite file keeps totals and ledger across close and reopen', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'nested', 'rk.db');
  const store = await openStore(`sqlite:${file}`);
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
  await app.ready;
  for (const amount of [4500, 900, 12_345]) assert.equal((await app.fetch(giftRequest('team', { amount, currency: 'usd' }))).status, 201);
  await app.close();
  await store.close();
  assert.ok(existsSync(file));
  assert.ok(!existsSync(`${file}-wal`) || (await import('node:fs')).statSync(`${file}-wal`).size === 0, 'WAL checkpointed on close');

  const again = await openStore(`sqlite:${file}`);
  const app2 = createApp({ config: CONFIG, store: again, adminToken: ADMIN, logger: () => {} });
  await app2.ready;
  const totals = await again.getTotals('team');
  assert.equal(totals!.raised, 4500 + 900 + 12_345);
  assert.equal(totals!.donors, 3);
  assert.equal(totals!.version, 3);
  assert.equal(await again.countLedger('team'), 3);
  const progress = await (await app2.fetch(new Request('http://rk.test/v1/campaigns/team'))).json();
  assert.equal(progress.raised, 17_745);
  await app2.close();
  await again.close();
});

test('the store uses WAL, foreign keys and STRICT integer amounts', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  const store = openSqliteStore(file);
  await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  await store.close();
  const db = new Database(file);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.throws(() => db.prepare("INSERT INTO ledger VALUES ('x','team','usd',1.5,'offline','r',NULL,'now')").run(), /cannot store REAL/);
  db.pragma('foreign_keys = ON');
  assert.throws(() => db.prepare("INSERT INTO ledger VALUES ('x','nope','usd',1,'offline','r',NULL,'now')").run(), /FOREIGN KEY/);
  db.close();
});

test('migrations are idempotent: reopening and re-running applies nothing twice', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  for (let i = 0; i < 3; i++) await (await openStore(`sqlite:${file}`)).close();
  const db = new Database(file);
  assert.equal(migrate(db), MIGRATIONS.at(-1)!.version);
  const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
  assert.deepEqual(rows.map((r) => r.version), MIGRATIONS.map((m) => m.version));
  // A database from a newer rescuekit is refused, not silently used.
  db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'now')").run();
  db.close();
  assert.throws(() => openSqliteStore(file), /newer than this rescuekit/);
});

test('recordGift: the same source_ref never counts twice; currency must match', async () => {
  const store = openSqliteStore(':memory:');
  await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  const a = await store.recordGift(gift('g1', 500, { sourceRef: 'pi_123' }));
  assert.equal(a.outcome, 'recorded');
  const b = await store.recordGift(gift('g2', 500, { sourceRef: 'pi_123' }));
  assert.equal(b.outcome, 'duplicate');
  await assert.rejects(store.recordGift(gift('g3', 500, { currency: 'eur' })), /currency/);
  await assert.rejects(store.recordGift(gift('g4', 500, { campaign: 'nope' })), /no totals row/);
  assert.equal((await store.getTotals('team'))!.raised, 500);
  assert.equal(await store.countLedger(), 1);
  await store.close();
});

test('a failure inside the transaction rolls everything back', async () => {
  const store = openSqliteStore(':memory:');
  await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  const failing = gift('g1', 500, {
    idempotency: { scope: 's', key: 'k', fingerprint: 'f' },
    respond: () => {
      throw new Error('boom after the ledger insert');
    },
  });
  await assert.rejects(store.recordGift(failing), /boom/);
  assert.equal((await store.getTotals('team'))!.raised, 0);
  assert.equal((await store.getTotals('team'))!.version, 0);
  assert.equal(await store.countLedger(), 0);
  assert.deepEqual(await store.lookupIdempotency({ scope: 's', key: 'k', fingerprint: 'f' }), { outcome: 'none' });
  await store.close();
});

test("ensureCampaigns: a campaign's currency may change only while nothing is counted", async () => {
  const store = openSqliteStore(':memory:');
  await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  await store.ensureCampaigns([{ id: 'team', currency: 'eur' }]);
  assert.equal((await store.getTotals('team'))!.currency, 'eur');
  await store.recordGift(gift('g1', 500, { currency: 'eur' }));
  await assert.rejects(store.ensureCampaigns([{ id: 'team', currency: 'usd' }]), /cannot change/);
  await store.close();
});

test('two connections on one file: data_version reveals the other one’s commits', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  const a = openSqliteStore(file);
  const b = openSqliteStore(file);
  await a.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  const before = await b.changeToken();
  assert.equal(await b.changeToken(), before, 'stable without writes');
  await b.recordGift(gift('own', 100));
  assert.equal(await b.changeToken(), before, 'own commits do not change it');
  await a.recordGift(gift('other', 100));
  assert.notEqual(await b.changeToken(), before);
  assert.equal((await b.getTotals('team'))!.raised, 200);
  await a.close();
  await b.close();
});

test('DATABASE_URL forms', async () => {
  assert.equal(sqlitePath('sqlite:./rk.db'), './rk.db');
  assert.equal(sqlitePath('sqlite:///var/lib/rk.db'), '/var/lib/rk.db');
  assert.equal(sqlitePath('sqlite::memory:'), ':memory:');
  assert.throws(() => sqlitePath('sqlite:'), DatabaseUrlError);
  await assert.rejects(openStore('postgres://u:secret@127.0.0.1:1/rk'), (e: Error) => {
    assert.match(e.message, /ECONNREFUSED/, 'a postgres:// URL opens the Postgres store, which reports the failed connection');
    assert.doesNotMatch(e.message, /secret/, 'never echo credentials');
    return true;
  });
  await assert.rejects(openStore('mysql://u:secret@x'), (e: Error) => {
    assert.ok(e instanceof DatabaseUrlError);
    assert.match(e.message, /must start with sqlite: .* or postgres:\/\//);
    assert.doesNotMatch(e.message, /secret/);
    return true;
  });
  const mem = await openStore('sqlite::memory:');
  await mem.ping();
  await mem.close();
});
