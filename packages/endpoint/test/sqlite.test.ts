/**
 * What only the SQLite store has: one file in WAL mode that a copy alone must be complete
 * in after close, and `data_version` as its change token. Everything a store promises is
 * in store-contract.test.ts, run on both stores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { RecordGiftInput } from '../src/store/types.js';
import { createApp } from '../src/app.js';
import { ADMIN, CONFIG, giftRequest, tempDir } from './helpers.js';

const gift = (id: string, amount: number): RecordGiftInput => ({ id, campaign: 'team', currency: 'usd', amount, kind: 'offline', sourceRef: `ref-${id}`, donorDelta: 1 });

test('one file in WAL mode with durable commits; close folds the WAL back into it', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'nested', 'rk.db');
  const store = openSqliteStore(file);
  await store.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  for (const amount of [4500, 900]) await store.recordGift(gift(`g${amount}`, amount));
  await store.close();
  await store.close(); // twice is harmless
  assert.ok(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0, 'WAL checkpointed on close');
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT raised, donors FROM campaign_totals').get(), { raised: 5400, donors: 2 });
  } finally {
    db.close();
  }
});

test('data_version: another connection’s commits change the token, its own do not', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  const a = openSqliteStore(file);
  const b = openSqliteStore(file);
  t.after(async () => (await a.close(), await b.close()));
  await a.ensureCampaigns([{ id: 'team', currency: 'usd' }]);
  const before = await b.changeToken();
  await b.recordGift(gift('own', 100));
  assert.equal(await b.changeToken(), before, 'own commits do not change it');
  await a.recordGift(gift('other', 100));
  assert.notEqual(await b.changeToken(), before);
});

/** Settles to 'pending' if `p` has not settled once a timer fires (a blocked event loop runs no timer first). */
const stateAfterTimer = <T>(p: Promise<T>, ms = 30) =>
  Promise.race([p.then(() => 'settled' as const, () => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

async function lockedApp(t: import('node:test').TestContext, lockWaitMs: number) {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'rk.db');
  const store = openSqliteStore(file, { lockWaitMs });
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
  await app.ready;
  // Another process's writer (say `rescuekit reconcile`) holding the write lock.
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  t.after(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await app.close();
    await store.close();
    await cleanup();
  });
  return { app, store, other };
}

test('a write waiting for another process\'s lock leaves the event loop free: health and progress answer meanwhile; past the bound, 503 with Retry-After', async (t) => {
  const { app, store } = await lockedApp(t, 400);
  const write = app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }));
  assert.equal(await stateAfterTimer(write), 'pending', 'a timer ran while the write waited');
  const health = await app.fetch(new Request('http://rk.test/healthz'));
  assert.equal(health.status, 200);
  const progress = await app.fetch(new Request('http://rk.test/v1/campaigns/team'));
  assert.equal(progress.status, 200);
  assert.equal(await stateAfterTimer(write, 0), 'pending', 'reads answered before the waiting write');
  const res = await write;
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '1');
  assert.equal(((await res.json()) as { code: string }).code, 'unavailable');
  assert.equal(await store.countLedger(), 0, 'nothing written');
});

test('a lock released within the bound: the waiting write goes through and counts once', async (t) => {
  const { app, store, other } = await lockedApp(t, 5000);
  const write = app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }, { key: 'locked-1' }));
  assert.equal(await stateAfterTimer(write, 100), 'pending');
  other.exec('COMMIT');
  assert.equal((await write).status, 201);
  assert.equal((await store.getTotals('team'))!.raised, 4500);
  assert.equal(await store.countLedger(), 1);
});
