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
import { tempDir } from './helpers.js';

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
