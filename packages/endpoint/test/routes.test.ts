import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Problem, Progress } from '@rescuekit/schema';
import { createApp } from '../src/app.js';
import { PROBLEM_BASE } from '../src/problem.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ADMIN, CONFIG, giftRequest, memoryApp } from './helpers.js';

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => new Request(`http://rk.test${path}`, { method, headers });

test('GET /v1/campaigns/:id returns progress in the wire shape with cache and CORS headers', async () => {
  const { app, close } = await memoryApp();
  const res = await app.fetch(get('/v1/campaigns/team'));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.match(res.headers.get('cache-control')!, /^public, max-age=5, s-maxage=5, stale-while-revalidate=30/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.equal(res.headers.get('access-control-expose-headers'), 'ETag');
  assert.match(res.headers.get('etag')!, /^"\d+-[0-9a-z]+"$/, 'strong ETag');
  const body = Progress.parse(await res.json());
  assert.deepEqual(
    { ...body, updatedAt: 'x' },
    { campaign: 'team', title: 'Rescue Team test', currency: 'usd', goal: 900_000, raised: 0, donors: 0, rescueCost: 300_000, rescuesFunded: 0, allies: 0, updatedAt: 'x', minAmount: 100, maxAmount: 900_000, parent: null },
  );
  assert.ok(!Number.isNaN(Date.parse(body.updatedAt)));
  await close();
});

test('If-None-Match with the current ETag gives 304 without a body; a gift changes the ETag', async () => {
  const { app, close } = await memoryApp();
  const first = await app.fetch(get('/v1/campaigns/team'));
  const etag = first.headers.get('etag')!;
  for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
    const res = await app.fetch(get('/v1/campaigns/team', { 'if-none-match': inm }));
    assert.equal(res.status, 304, inm);
    assert.equal(await res.text(), '');
    assert.equal(res.headers.get('etag'), etag);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
  }
  assert.equal((await app.fetch(get('/v1/campaigns/team', { 'if-none-match': '"other"' }))).status, 200);

  assert.equal((await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }))).status, 201);
  const after = await app.fetch(get('/v1/campaigns/team', { 'if-none-match': etag }));
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.get('etag'), etag);
  assert.equal((await after.json()).raised, 4500);
  await close();
});

test('rescuesFunded counts whole rescues only', async () => {
  const { app, close } = await memoryApp();
  await app.fetch(giftRequest('team', { amount: 299_999, currency: 'usd' }));
  assert.equal((await (await app.fetch(get('/v1/campaigns/team'))).json()).rescuesFunded, 0);
  await app.fetch(giftRequest('team', { amount: 1, currency: 'usd', note: 'x' }).clone());
  // minAmount is 100: the 1-unit gift was refused, so still 0 rescues.
  await app.fetch(giftRequest('team', { amount: 300_001, currency: 'usd' }));
  const p = await (await app.fetch(get('/v1/campaigns/team'))).json();
  assert.equal(p.raised, 600_000);
  assert.equal(p.rescuesFunded, 2);
  await close();
});

test('an unknown campaign is a 404 problem, still readable cross-origin', async () => {
  const { app, close } = await memoryApp();
  for (const path of ['/v1/campaigns/nope', '/v1/campaigns/nope/events']) {
    const res = await app.fetch(get(path));
    assert.equal(res.status, 404, path);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const body = Problem.parse(await res.json());
    assert.equal(body.code, 'not_found');
    assert.equal(body.type, `${PROBLEM_BASE}not_found`);
  }
  await close();
});

test('unknown routes are 404 and wrong methods are 405 with Allow', async () => {
  const { app, close } = await memoryApp();
  const nf = await app.fetch(get('/v2/whatever'));
  assert.equal(nf.status, 404);
  assert.equal((await nf.json()).code, 'not_found');
  const cases: [string, string, string][] = [
    ['DELETE', '/v1/campaigns/team', 'GET, HEAD, OPTIONS, PATCH'],
    ['POST', '/v1/campaigns/team', 'GET, HEAD, OPTIONS, PATCH'],
    ['PUT', '/v1/campaigns/team/offline-gifts', 'POST, GET, HEAD'],
    ['PUT', '/healthz', 'GET, HEAD'],
  ];
  for (const [method, path, allow] of cases) {
    const res = await app.fetch(get(path, {}, method));
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.get('allow'), allow);
    assert.equal((await res.json()).code, 'method_not_allowed');
  }
  await close();
});

test('OPTIONS preflight for reads allows any origin', async () => {
  const { app, close } = await memoryApp();
  const res = await app.fetch(get('/v1/campaigns/team', { origin: 'https://partner.example', 'access-control-request-method': 'GET' }, 'OPTIONS'));
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-allow-methods')!, /GET/);
  assert.match(res.headers.get('access-control-allow-headers')!, /If-None-Match/);
  await close();
});

test('HEAD on progress sends headers only', async () => {
  const { app, close } = await memoryApp();
  const res = await app.fetch(get('/v1/campaigns/team', {}, 'HEAD'));
  assert.equal(res.status, 200);
  assert.ok(res.headers.get('etag'));
  assert.equal(await res.text(), '');
  await close();
});

test('GET /healthz checks the store: 200 when it answers, 503 problem when it does not', async () => {
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: (l) => logs.push(l) });
  const ok = await app.fetch(get('/healthz'));
  assert.equal(ok.status, 200);
  assert.deepEqual(await ok.json(), { status: 'ok', store: 'ok' });
  await app.close();
  await store.close();
  const down = await app.fetch(get('/healthz'));
  assert.equal(down.status, 503);
  assert.equal(down.headers.get('content-type'), 'application/problem+json');
  const body = Problem.parse(await down.json());
  assert.doesNotMatch(JSON.stringify(body), /database|sqlite|stack/i, 'no internals in the body');
  assert.ok(logs.some((l) => l.includes('store failed')));
});

test('an unexpected error is a generic 500 that reveals nothing, and is logged', async () => {
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: (l) => logs.push(l) });
  await app.ready;
  const secret = 'SECRET-internal-detail';
  store.recordGift = async () => {
    throw new Error(secret);
  };
  const res = await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }));
  assert.equal(res.status, 500);
  const text = await res.text();
  assert.doesNotMatch(text, /SECRET|at |\.ts/);
  assert.equal(JSON.parse(text).code, 'internal');
  assert.ok(logs.some((l) => l.includes(secret)), 'the operator log has the real error');
  await app.close();
  await store.close();
});

test('createApp rejects an invalid config object naming the field', () => {
  const store = openSqliteStore(':memory:');
  const bad = { campaigns: [{ ...CONFIG.campaigns[0]!, goal: 1.5 }] };
  assert.throws(() => createApp({ config: bad as never, store, adminToken: ADMIN }), /campaigns\.0\.goal/);
  void store.close();
});

test('progress carries the Allies\' "manage my giving" link from the config; a campaign\'s own wins', async () => {
  const config = {
    manageGivingUrl: 'https://billing.stripe.com/p/login/org',
    campaigns: [
      { id: 'a', title: 'A', currency: 'usd', goal: 900_000, rescueCost: 300_000 },
      { id: 'b', title: 'B', currency: 'usd', goal: 900_000, rescueCost: 300_000, manageGivingUrl: 'https://billing.stripe.com/p/login/b' },
    ],
  };
  const { app, close } = await memoryApp(config);
  try {
    const read = async (id: string) => ((await (await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`))).json()) as { manageGivingUrl?: string });
    assert.equal((await read('a')).manageGivingUrl, 'https://billing.stripe.com/p/login/org');
    assert.equal((await read('b')).manageGivingUrl, 'https://billing.stripe.com/p/login/b');
  } finally {
    await close();
  }
  const plain = await memoryApp();
  try {
    const body = (await (await plain.app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json()) as Record<string, unknown>;
    assert.equal('manageGivingUrl' in body, false);
  } finally {
    await plain.close();
  }
});
