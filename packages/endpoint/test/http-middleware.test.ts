/**
 * The HTTP concerns every route shares (405s from the registered routes, the admin
 * bearer token, body limits, CORS and the one error handler), through the Fetch
 * handler and, where the transport matters, over real HTTP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Problem } from '@rescuekit/schema';
import { createApp } from '../src/app.js';
import { startServer } from '../src/node.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ADMIN, CONFIG, giftRequest, memoryApp } from './helpers.js';

const ORIGIN = 'https://chapter.example.org';
const WITH_ORIGINS = { ...CONFIG, allowedOrigins: [ORIGIN] };

test('405 with Allow for every registered route, derived from the routes themselves', async () => {
  const { app, close } = await memoryApp();
  const cases: [string, string, string][] = [
    ['GET', '/v1/checkout', 'POST, OPTIONS'],
    ['DELETE', '/v1/campaigns/team/events', 'GET, HEAD, OPTIONS'],
    ['GET', '/v1/campaigns/team/offline-gifts/gift_1/void', 'POST'],
    ['GET', '/v1/webhooks/stripe', 'POST'],
    ['OPTIONS', '/healthz', 'GET, HEAD'],
  ];
  for (const [method, path, allow] of cases) {
    const res = await app.fetch(new Request(`http://rk.test${path}`, { method }));
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
    const body = Problem.parse(await res.json());
    assert.equal(body.code, 'method_not_allowed');
    assert.equal(body.detail, `Allowed: ${allow}.`);
  }
  const nf = await app.fetch(new Request('http://rk.test/v1/campaigns/team/nope', { method: 'DELETE' }));
  assert.equal(nf.status, 404, 'an unknown path is a 404 whatever the method');
  await close();
});

test('admin routes: every missing, malformed or wrong bearer token is the same 401 problem, checked before the campaign', async () => {
  const { app, close } = await memoryApp();
  const gift = { amount: 4500, currency: 'usd' };
  const attempts: [string, Record<string, string>][] = [
    ['no header', {}],
    ['another scheme', { authorization: `Basic ${ADMIN}` }],
    ['bare scheme', { authorization: 'Bearer' }],
    ['two tokens', { authorization: `Bearer ${ADMIN} ${ADMIN}` }],
    ['characters no bearer token has', { authorization: `Bearer ${ADMIN}!` }],
    ['wrong token', { authorization: 'Bearer test-admin-token-0123456788' }],
  ];
  for (const campaign of ['team', 'no-such-campaign']) {
    for (const [name, headers] of attempts) {
      const req = new Request(`http://rk.test/v1/campaigns/${campaign}/offline-gifts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(gift),
      });
      const res = await app.fetch(req);
      assert.equal(res.status, 401, `${campaign}: ${name}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const expected = 'authorization' in headers ? 'Bearer realm="rescuekit", error="invalid_token"' : 'Bearer realm="rescuekit"';
      assert.equal(res.headers.get('www-authenticate'), expected, name);
      const body = Problem.parse(await res.json());
      assert.deepEqual([body.code, body.status], ['unauthorized', 401]);
      assert.match(body.detail!, /Authorization: Bearer <ADMIN_TOKEN>/);
    }
  }
  const lower = giftRequest('team', gift, { token: null });
  lower.headers.set('authorization', `bearer ${ADMIN}`);
  assert.equal((await app.fetch(lower)).status, 201, 'the scheme is case-insensitive');
  assert.equal((await app.fetch(giftRequest('no-such-campaign', gift))).status, 404, 'with the token, an unknown campaign is a 404');
  await close();
});

test('createApp refuses an admin token that is empty, could never be sent as a bearer token, or is under 32 characters', () => {
  const store = openSqliteStore(':memory:');
  for (const adminToken of ['', 'has space inside-0123456789abcdefghijk', 'pässwort-0123456789abcdefghijklmnopq', 'semi;colon-0123456789abcdefghijklmno']) {
    assert.throws(() => createApp({ config: CONFIG, store, adminToken, logger: () => {} }), /admin token/, JSON.stringify(adminToken));
  }
  for (const adminToken of ['a', 'x'.repeat(31)]) {
    assert.throws(() => createApp({ config: CONFIG, store, adminToken, logger: () => {} }), /at least 32 characters.*rescuekit token/, adminToken);
  }
  const ok = createApp({ config: CONFIG, store, adminToken: 'aB3-._~+/xyz0123456789abcdefghi==', logger: () => {} });
  void ok.ready.then(() => ok.close()).then(() => store.close());
});

test('body limits: 413 problem+json before the route reads the body; checkout\'s stays readable cross-origin', async () => {
  const { app, store, close } = await memoryApp(WITH_ORIGINS);
  const checkout = await app.fetch(
    new Request('http://rk.test/v1/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ campaign: 'team', pad: 'x'.repeat(16 * 1024) }),
    }),
  );
  assert.equal(checkout.status, 413);
  assert.equal(checkout.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(Problem.parse(await checkout.json()).code, 'payload_too_large');

  const hook = await app.fetch(
    new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: { 'stripe-signature': 't=1,v1=x' }, body: 'x'.repeat(1024 * 1024 + 1) }),
  );
  assert.equal(hook.status, 413);
  assert.equal(Problem.parse(await hook.json()).detail, 'The request body must be at most 1048576 bytes.');

  const gift = await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd', note: 'x'.repeat(16 * 1024) }));
  assert.equal(gift.status, 413);
  assert.equal(await store.countLedger(), 0);
  await close();
});

/** A POST over real HTTP with a chunked body (no Content-Length): the limit counts the bytes as they come. */
function chunkedPost(base: string, path: string, headers: Record<string, string>, chunks: string[]) {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

test('over HTTP: a chunked body over the limit is refused (413), one at the limit is read; the preflights answer', async () => {
  const server = await startServer({ config: WITH_ORIGINS, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env: {} });
  try {
    const auth = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': 'chunked-1' };
    const over = await chunkedPost(server.url, '/v1/campaigns/team/offline-gifts', auth, ['{"amount":4500,', `"currency":"usd","note":"${'x'.repeat(9000)}`, `${'x'.repeat(9000)}"}`]);
    assert.equal(over.status, 413);
    assert.equal(JSON.parse(over.body).code, 'payload_too_large');
    const body = JSON.stringify({ amount: 4500, currency: 'usd', note: 'bake sale' });
    const fits = await chunkedPost(server.url, '/v1/campaigns/team/offline-gifts', auth, [body.slice(0, 10), body.slice(10)]);
    assert.equal(fits.status, 201);
    assert.equal(JSON.parse(fits.body).progress.raised, 4500);

    const preflight = (path: string, origin: string) =>
      fetch(`${server.url}${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, idempotency-key' } });
    const read = await preflight('/v1/campaigns/team', 'https://anyone.example');
    assert.equal(read.status, 204);
    assert.equal(read.headers.get('access-control-allow-origin'), '*');
    const foreign = await preflight('/v1/checkout', 'https://partner.example');
    assert.equal(foreign.status, 204);
    assert.equal(foreign.headers.get('access-control-allow-origin'), 'https://partner.example');
    assert.equal(foreign.headers.get('access-control-max-age'), '600');

    const refused = await fetch(`${server.url}/v1/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://partner.example' },
      body: JSON.stringify({ campaign: 'team', amount: 900, currency: 'usd', returnUrl: `${ORIGIN}/give` }),
    });
    assert.equal(refused.status, 403, 'refused before "not configured": the origin comes first');
    assert.equal(refused.headers.get('access-control-allow-origin'), 'https://partner.example');
    assert.equal(((await refused.json()) as { code: string }).code, 'origin_not_allowed');
  } finally {
    await server.close();
  }
});

test('an unexpected error in checkout is a generic 500 the page can still read, and the operator log has it', async () => {
  const store = openSqliteStore(':memory:');
  const logs: string[] = [];
  const humanCheck = { enabled: true, verify: async () => { throw new Error('SECRET-provider-bug'); } };
  const app = createApp({ config: WITH_ORIGINS, store, adminToken: ADMIN, logger: (l) => logs.push(l), humanCheck, stripe: {} as never });
  await app.ready;
  const res = await app.fetch(
    new Request('http://rk.test/v1/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ campaign: 'team', amount: 900, currency: 'usd', returnUrl: `${ORIGIN}/give` }),
    }),
  );
  assert.equal(res.status, 500);
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  const text = await res.text();
  assert.doesNotMatch(text, /SECRET/);
  assert.equal(JSON.parse(text).code, 'internal');
  assert.ok(logs.some((l) => l.includes('SECRET-provider-bug')));
  await app.close();
  await store.close();
});
