import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ADMIN, exitOf, openSse, spawnCli, tempDir, writeConfig } from './helpers.js';

const CAMPAIGN = 'big'; // goal 1e9, no minAmount: every test amount is acceptable

function postGift(url: string, amount: number, key: string) {
  return fetch(`${url}/v1/campaigns/${CAMPAIGN}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ amount, currency: 'usd', note: `crash test ${key}` }),
  });
}

/** Runs `work(i)` for i in 0..n-1 with `concurrency` workers, until `stop()` says so. */
async function pool(n: number, concurrency: number, work: (i: number) => Promise<void>, stop = () => false): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n && !stop()) await work(next++);
    }),
  );
}

test('crash test: SIGKILL mid-burst, restart, resend everything: every gift counts exactly once', { timeout: 60_000 }, async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const config = await writeConfig(dir);
  const env = { DATABASE_URL: `sqlite:${join(dir, 'crash.db')}`, ADMIN_TOKEN: ADMIN };
  const N = 500;
  const amounts = Array.from({ length: N }, (_, i) => 100 + i * 7); // distinct
  const keys = amounts.map((_, i) => `crash-${i}`);
  const expectedRaised = amounts.reduce((a, b) => a + b, 0);

  // Run 1: a burst of 25 concurrent POSTs, killed without warning after ~150 answers.
  const first = await spawnCli(['serve', '--config', config, '--port', '0'], env);
  const answered = new Map<number, string>(); // i -> gift id
  let killed = false;
  await pool(
    N,
    25,
    async (i) => {
      try {
        const res = await postGift(first.url, amounts[i]!, keys[i]!);
        const body = await res.json();
        assert.equal(res.status, 201);
        answered.set(i, body.gift.id);
        if (answered.size >= 150 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      } catch (e) {
        if (!killed) throw e; // connection errors are expected only after the kill
      }
    },
    () => killed,
  );
  assert.equal((await exitOf(first.child)).signal, 'SIGKILL');
  assert.ok(answered.size >= 150 && answered.size < N, `answered ${answered.size}`);

  // Run 2: same file, same keys, everything again.
  const second = await spawnCli(['serve', '--config', config, '--port', '0'], env);
  let replayed = 0;
  await pool(N, 25, async (i) => {
    const res = await postGift(second.url, amounts[i]!, keys[i]!);
    assert.equal(res.status, 201, `gift ${i}`);
    const body = await res.json();
    if (res.headers.get('idempotent-replayed') === 'true') replayed++;
    if (answered.has(i)) {
      assert.equal(res.headers.get('idempotent-replayed'), 'true', `gift ${i} was acknowledged before the crash`);
      assert.equal(body.gift.id, answered.get(i), 'the replay names the same gift');
    }
  });
  assert.ok(replayed >= answered.size);
  t.diagnostic(`acknowledged before the kill: ${answered.size}; replayed after restart: ${replayed} (the difference committed but never answered)`);

  const progress = await (await fetch(`${second.url}/v1/campaigns/${CAMPAIGN}`)).json();
  assert.equal(progress.raised, expectedRaised);
  assert.equal(progress.donors, N);

  second.child.kill('SIGTERM');
  assert.equal((await exitOf(second.child)).code, 0);
  const store = openSqliteStore(join(dir, 'crash.db'));
  assert.equal(await store.countLedger(), N);
  assert.equal(await store.countLedger(CAMPAIGN), N);
  assert.equal((await store.getTotals(CAMPAIGN))!.raised, expectedRaised);
  await store.close();
});

test('SIGTERM: streams end, exit code 0, WAL checkpointed, totals intact on reopen', { timeout: 30_000 }, async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  const config = await writeConfig(dir);
  const run = await spawnCli(['serve', '--config', config, '--port', '0'], { DATABASE_URL: `sqlite:${file}`, ADMIN_TOKEN: ADMIN });
  const sse = await openSse(`${run.url}/v1/campaigns/${CAMPAIGN}/events`);
  await sse.waitFor(1);
  assert.equal((await postGift(run.url, 4500, 'before-shutdown')).status, 201);
  await sse.waitFor(2);

  run.child.kill('SIGTERM');
  const { code } = await exitOf(run.child);
  assert.equal(code, 0);
  await sse.done; // the server ended the stream
  assert.match(run.output(), /SIGTERM, shutting down/);
  assert.ok(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0, 'WAL folded into the database');

  const store = openSqliteStore(file);
  assert.equal((await store.getTotals(CAMPAIGN))!.raised, 4500);
  await store.close();
});

test('a second signal forces the exit while a request holds the shutdown', { timeout: 30_000 }, async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const config = await writeConfig(dir);
  const run = await spawnCli(['serve', '--config', config, '--port', '0'], { DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: ADMIN });
  const { hostname, port } = new URL(run.url);
  // A request whose body never finishes keeps the graceful shutdown waiting.
  const req = request({ hostname, port, path: `/v1/campaigns/${CAMPAIGN}/offline-gifts`, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100', authorization: `Bearer ${ADMIN}` } });
  req.on('error', () => {});
  req.write('{"amount":');
  await new Promise((r) => setTimeout(r, 200));
  run.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(run.child.exitCode, null, 'still draining');
  const started = Date.now();
  run.child.kill('SIGTERM');
  const { code } = await exitOf(run.child);
  assert.equal(code, 1);
  assert.ok(Date.now() - started < 1000);
  assert.match(run.output(), /again, exiting now/);
  req.destroy();
});

test('without ADMIN_TOKEN the CLI prints a token for this run only, and it works', { timeout: 30_000 }, async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const config = await writeConfig(dir);
  const env = { DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: '' };
  const run = await spawnCli(['serve', '--config', config, '--port', '0'], env);
  let out = run.output();
  for (let i = 0; i < 50 && !/THIS RUN ONLY[^\n]*\n\s+(\S+)/.test(out); i++) await new Promise((r) => setTimeout(r, 20)), (out = run.output());
  const token = /THIS RUN ONLY[^\n]*\n\s+(\S+)/.exec(out)?.[1];
  assert.ok(token && token.length >= 32, out);
  const res = await fetch(`${run.url}/v1/campaigns/${CAMPAIGN}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'cli-token-1' },
    body: '{"amount":900,"currency":"usd"}',
  });
  assert.equal(res.status, 201);
  run.child.kill('SIGINT');
  assert.equal((await exitOf(run.child)).code, 0);
});
