/**
 * `rescuekit backup` and `restore` on both stores: a backup taken while gifts keep arriving holds every
 * gift acknowledged before it began, restored into an empty database each total equals its ledger's
 * sum, a restore never goes over data, and a backup never overwrites a file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import type { RescuekitConfig } from '@rescuekit/schema';
import { runBackupCli } from '../src/cli-backup.js';
import { createApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { ADMIN, CLI } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
const dir = mkdtempSync(join(tmpdir(), 'rescuekit-backup-'));
before(async () => (stop = await startBackends()));
after(async () => (await stop?.(), rmSync(dir, { recursive: true, force: true })));

const CONFIG: RescuekitConfig = { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000 }] };
let n = 0;

/** Runs the CLI in-process against `url`; answers its exit code and what it wrote. */
async function cli(argv: string[], url: string) {
  let text = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((text += chunk), done()) });
  const code = await runBackupCli(argv, sink, sink, { ...process.env, DATABASE_URL: url });
  return { code, text };
}

/** Runs `rescuekit` as an operator does, in a process of its own (the server's writes go on meanwhile). */
function cliProcess(argv: string[], url: string): Promise<{ code: number | null; text: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...argv], { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, text })));
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: backup and restore`, () => {
    test('a backup under writes holds every gift acknowledged before it began; restored, totals equal the ledger', async () => {
      const url = await backend.fresh();
      const store = await openStore(url);
      const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
      const acked: string[] = [];
      let stopWriting = false;
      const gift = async (i: number) => {
        const res = await app.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': `backup-${backend.name}-${i}` },
          body: JSON.stringify({ amount: 100 + (i % 7), currency: 'usd', note: 'bake sale' }),
        }));
        assert.equal(res.status, 201);
        acked.push(((await res.json()) as { gift: { id: string } }).gift.id);
      };
      // Four writers until told to stop: the backup runs in the middle of them.
      let next = 0;
      const writers = Array.from({ length: 4 }, async () => {
        // Paced, so they are still writing when the backup's process has started.
        while (!stopWriting && next < 20_000) (await gift(next++), await new Promise((r) => setTimeout(r, 4)));
      });
      while (acked.length < 60) await new Promise((r) => setTimeout(r, 5));
      const before = [...acked];
      const file = join(dir, `backup-${backend.name}-${++n}.${backend.name === 'sqlite' ? 'db' : 'dump'}`);
      const made = await cliProcess(['backup', '--out', file], url);
      const during = acked.length - before.length;
      stopWriting = true;
      await Promise.all(writers);
      await app.close();
      await store.close();
      assert.equal(made.code, 0, made.text);
      assert.ok(during > 0, 'gifts kept arriving while the backup ran');

      const target = backend.name === 'sqlite' ? `sqlite:${join(dir, `restored-${++n}.db`)}` : await backend.fresh();
      const restored = await cli(['restore', file], target);
      assert.equal(restored.code, 0, restored.text);
      const raw = await backend.raw(target);
      try {
        const ids = new Set((await raw.all<{ id: string }>('SELECT id FROM ledger')).map((r) => r.id));
        const missing = before.filter((id) => !ids.has(id));
        assert.deepEqual(missing, [], 'every gift acknowledged before the backup began is in it');
        assert.ok(ids.size <= acked.length, 'and nothing that was never acknowledged');
        const [totals] = await raw.all<{ raised: number | string }>("SELECT raised FROM campaign_totals WHERE campaign = 'team'");
        const [sum] = await raw.all<{ s: number | string }>("SELECT COALESCE(SUM(amount), 0) AS s FROM ledger WHERE campaign = 'team'");
        assert.equal(Number(totals!.raised), Number(sum!.s), 'the total equals its ledger');
        assert.ok(Number(sum!.s) > 0);
      } finally {
        await raw.close();
      }
      // The restored database is one a server opens and counts on.
      const reopened = await openStore(target);
      try {
        assert.ok((await reopened.getTotals('team'))!.raised > 0);
      } finally {
        await reopened.close();
      }

      const again = await cli(['restore', file], target);
      assert.equal(again.code, 1, 'a restore never goes over data');
      assert.match(again.text, /new|not empty/);
      const over = await cli(['backup', '--out', file], url);
      assert.equal(over.code, 1, 'a backup never overwrites a file');
      assert.match(over.text, /exists/);
    });
  });
}

test('a file that is not a backup is refused before anything is made; bad usage says how', async () => {
  const junk = join(dir, 'junk.db');
  writeFileSync(junk, 'not a database');
  const target = `sqlite:${join(dir, 'never-made.db')}`;
  const r = await cli(['restore', junk], target);
  assert.equal(r.code, 1);
  assert.match(r.text, /not a database|damaged|file is not/i);
  assert.equal((await cli(['backup'], target)).code, 2);
  assert.equal((await cli(['restore'], target)).code, 2);
});
