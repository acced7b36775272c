/**
 * Live updates across servers by push: two endpoint servers on one Postgres; a gift counted on A
 * reaches an SSE subscriber on B through NOTIFY/LISTEN, and still does after Postgres restarts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startServer, type RunningServer } from '../src/node.js';
import { ADMIN, CONFIG, openSse } from './helpers.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

let pgServer: TestPostgres;
let a: RunningServer;
let b: RunningServer;

before(async () => {
  pgServer = await startTestPostgres({ own: true });
  const databaseUrl = await pgServer.freshDatabase();
  const opts = { config: CONFIG, databaseUrl, adminToken: ADMIN, port: 0, log: () => {}, env: {} };
  a = await startServer(opts);
  b = await startServer(opts);
});

after(async () => {
  await a?.close();
  await b?.close();
  await pgServer?.stop();
});

async function give(server: RunningServer, amount: number): Promise<void> {
  const res = await fetch(`${server.url}/v1/campaigns/team/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd' }),
  });
  assert.equal(res.status, 201, await res.text());
}

test('a gift counted on server A reaches an SSE subscriber on server B by push (p99 over 50 gifts)', async () => {
  const sse = await openSse(`${b.url}/v1/campaigns/team/events`);
  try {
    await sse.waitFor(1);
    const pushesBefore = b.app.hub.stats.pushes;
    const latencies: number[] = [];
    for (let i = 1; i <= 50; i++) {
      const t0 = performance.now();
      await give(a, 100);
      await sse.waitFor(1 + i, 5000);
      latencies.push(performance.now() - t0);
      assert.equal((JSON.parse(sse.events.at(-1)!.data) as { raised: number }).raised, 100 * i);
    }
    latencies.sort((x, y) => x - y);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
    console.log(`cross-server live update (Postgres): p50 ${latencies[24]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over 50 gifts`);
    assert.ok(p99 < 1000, `p99 ${p99} ms`);
    assert.ok(b.app.hub.stats.pushes - pushesBefore >= 50, 'B heard each commit by NOTIFY');
    assert.equal(b.app.hub.stats.externalRefreshes, 0, 'no whole-store re-read by the poll');
  } finally {
    await sse.close();
  }
});

test('after a Postgres restart, B listens again (no crash) and pushes resume', async () => {
  const sse = await openSse(`${b.url}/v1/campaigns/team/events`);
  try {
    const [first] = await sse.waitFor(1);
    const raised = (JSON.parse(first!.data) as { raised: number }).raised;
    await pgServer.restart();
    // Gifts are retried until the pools reconnect; then B's new listener must hear the next one.
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await give(a, 500);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const events = await sse.waitFor(2, 15_000);
    assert.equal((JSON.parse(events.at(-1)!.data) as { raised: number }).raised, raised + 500);
    assert.equal((await fetch(`${b.url}/healthz`)).status, 200);
  } finally {
    await sse.close();
  }
});
