import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Progress } from '@rescuekit/schema';
import { startServer } from '../src/node.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ADMIN, CONFIG, countingStore, openSse, tempDir } from './helpers.js';

const post = (url: string, campaign: string, amount: number, key?: string) =>
  fetch(`${url}/v1/campaigns/${campaign}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': key ?? crypto.randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd' }),
  });

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('SSE over HTTP: initial progress, then new progress after each gift; closing removes the subscriber', async () => {
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {} });
  try {
    const sse = await openSse(`${server.url}/v1/campaigns/team/events`);
    assert.equal(sse.res.status, 200);
    assert.equal(sse.res.headers.get('content-type'), 'text/event-stream');
    assert.equal(sse.res.headers.get('access-control-allow-origin'), '*');
    assert.match(sse.res.headers.get('cache-control')!, /no-cache/);
    const [first] = await sse.waitFor(1);
    assert.equal(sse.retry, '2000');
    assert.equal(first!.event, 'progress');
    assert.equal(first!.id, '0');
    assert.equal(Progress.parse(JSON.parse(first!.data)).raised, 0);
    assert.equal(server.app.hub.subscriberCount('team'), 1);

    assert.equal((await post(server.url, 'team', 4500)).status, 201);
    const [, second] = await sse.waitFor(2);
    assert.equal(second!.id, '1');
    assert.equal(JSON.parse(second!.data).raised, 4500);

    // A gift to another campaign is not sent on this stream.
    await post(server.url, 'big', 700);
    await post(server.url, 'team', 500);
    const events = await sse.waitFor(3);
    assert.equal(JSON.parse(events[2]!.data).raised, 5000);
    assert.equal(events.length, 3);

    await sse.close();
    await until(() => server.app.hub.subscriberCount() === 0);
  } finally {
    await server.close();
  }
});

test('SSE honours Last-Event-ID: no repeat of a version the client has, the current state if newer', async () => {
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {} });
  try {
    await post(server.url, 'team', 4500);
    const upToDate = await openSse(`${server.url}/v1/campaigns/team/events`, { 'last-event-id': '1' });
    const behind = await openSse(`${server.url}/v1/campaigns/team/events`, { 'last-event-id': '0' });
    const [b] = await behind.waitFor(1);
    assert.equal(b!.id, '1');
    await post(server.url, 'team', 100);
    const [u] = await upToDate.waitFor(1);
    assert.equal(u!.id, '2', 'the first event after reconnecting is the next change, not a repeat');
    await upToDate.close();
    await behind.close();
  } finally {
    await server.close();
  }
});

for (const subscribers of [1, 25]) {
  test(`SSE fan-out: ${subscribers} subscriber(s) cost the same store work per change`, async () => {
    const counting = countingStore(openSqliteStore(':memory:'));
    const server = await startServer({ config: CONFIG, databaseUrl: 'unused:', store: counting.store, adminToken: ADMIN, port: 0, log: () => {}, streamsPerClient: 100 }); // one test machine, many viewers
    try {
      const clients = await Promise.all(Array.from({ length: subscribers }, () => openSse(`${server.url}/v1/campaigns/team/events`)));
      await Promise.all(clients.map((c) => c.waitFor(1)));
      const calls = new Map(counting.calls);
      const builds = server.app.hub.stats.builds;

      for (let i = 1; i <= 3; i++) {
        assert.equal((await post(server.url, 'team', 1000 * i)).status, 201);
        await Promise.all(clients.map((c) => c.waitFor(1 + i)));
      }
      const delta = (name: string) => counting.count(name) - (calls.get(name) ?? 0);
      // One transaction per gift; the hub serves everyone from the totals that transaction returned.
      assert.equal(delta('recordGift'), 3);
      assert.equal(delta('getTotals'), 0);
      assert.equal(delta('getAllTotals'), 0);
      assert.equal(server.app.hub.stats.builds - builds, 3, 'one serialization per change');
      for (const c of clients) assert.equal(JSON.parse(c.events.at(-1)!.data).raised, 6000);
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await server.close();
    }
  });
}

test('writes by another process on the same file reach subscribers within ~1 s, with one read per change', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const file = join(dir, 'rk.db');
  const counting = countingStore(openSqliteStore(file));
  const server = await startServer({ config: CONFIG, databaseUrl: 'unused:', store: counting.store, adminToken: ADMIN, port: 0, log: () => {} });
  const other = openSqliteStore(file); // stands in for a second server process
  try {
    const clients = await Promise.all(Array.from({ length: 10 }, () => openSse(`${server.url}/v1/campaigns/team/events`)));
    await Promise.all(clients.map((c) => c.waitFor(1)));
    const readsBefore = counting.count('getAllTotals');
    const started = Date.now();
    await other.recordGift({ id: 'ext-1', campaign: 'team', currency: 'usd', amount: 2500, kind: 'offline', sourceRef: 'ext-1', donorDelta: 1 });
    await Promise.all(clients.map((c) => c.waitFor(2, 4000)));
    assert.ok(Date.now() - started < 2000, 'visible to a live thermometer in under 2 s');
    for (const c of clients) assert.equal(JSON.parse(c.events[1]!.data).raised, 2500);
    assert.equal(counting.count('getAllTotals') - readsBefore, 1, 'one read for the change, not one per subscriber');
    const progress = await (await fetch(`${server.url}/v1/campaigns/team`)).json();
    assert.equal(progress.raised, 2500);
    await Promise.all(clients.map((c) => c.close()));
  } finally {
    await other.close();
    await server.close();
  }
});

test('close() ends open SSE streams and closes the store', async () => {
  const counting = countingStore(openSqliteStore(':memory:'));
  const server = await startServer({ config: CONFIG, databaseUrl: 'unused:', store: counting.store, adminToken: ADMIN, port: 0, log: () => {} });
  const sse = await openSse(`${server.url}/v1/campaigns/team/events`);
  await sse.waitFor(1);
  const started = Date.now();
  await server.close();
  await sse.done; // the stream ended from the server side
  assert.ok(Date.now() - started < 2000);
  assert.equal(counting.count('close'), 1);
  await assert.rejects(counting.store.ping());
});

test('stream caps: per client address (behind a trusted proxy) 429, server-wide 503, both with Retry-After; health and progress still answer; a closed stream frees its slot', async () => {
  const server = await startServer({
    config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {},
    trustProxyHops: 1, streamsPerClient: 3, streamsTotal: 5,
  });
  const open: Awaited<ReturnType<typeof openSse>>[] = [];
  try {
    const url = `${server.url}/v1/campaigns/team/events`;
    const from = async (ip: string) => {
      const sse = await openSse(url, { 'x-forwarded-for': ip });
      open.push(sse);
      return sse;
    };
    for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.1')).res.status, 200);
    const fourth = await from('198.51.100.1');
    assert.equal(fourth.res.status, 429);
    assert.equal(fourth.res.headers.get('retry-after'), '30');
    for (let i = 0; i < 2; i++) assert.equal((await from('198.51.100.2')).res.status, 200, 'another address has its own allowance');
    const full = await from('198.51.100.3');
    assert.equal(full.res.status, 503);
    assert.equal(full.res.headers.get('retry-after'), '30');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const progress = await fetch(`${server.url}/v1/campaigns/team`, { headers: { 'x-forwarded-for': '198.51.100.1' } });
    assert.equal(progress.status, 200, 'a refused widget still reads the totals');
    assert.deepEqual(server.app.streams.refused, { perClient: 1, total: 1 });

    await open[0]!.close();
    await until(() => server.app.streams.open === 4);
    assert.equal((await from('198.51.100.3')).res.status, 200, 'the slot is free again');
  } finally {
    await Promise.all(open.map((s) => s.close()));
    await server.close();
  }
});
