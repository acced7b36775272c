import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { Progress } from '@rescuekit/schema';
import { startServer } from '../src/node.js';
import { ADMIN, CONFIG, tempDir } from './helpers.js';

/** A raw GET (no URL normalisation, unlike fetch), for traversal attempts. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const HEADER_NAMES = ['content-type', 'content-length', 'cache-control', 'etag', 'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options'];

for (const fastPath of [true, false]) {
  test(`GET /v1/campaigns/:id over HTTP (${fastPath ? 'Node fast path' : 'Fetch/Hono path'}): headers, ETag/304, 404`, async () => {
    const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, fastPath });
    try {
      const res = await rawGet(server.url, '/v1/campaigns/team');
      assert.equal(res.status, 200);
      const expected = server.app.hub.get('team')!;
      for (const name of HEADER_NAMES) assert.equal(res.headers[name], expected.headers[name], name);
      assert.equal(res.body, expected.json);
      Progress.parse(JSON.parse(res.body));

      const nm = await rawGet(server.url, '/v1/campaigns/team', { 'if-none-match': expected.etag });
      assert.equal(nm.status, 304);
      assert.equal(nm.body, '');
      assert.equal(nm.headers['etag'], expected.etag);
      assert.equal(nm.headers['access-control-allow-origin'], '*');
      assert.equal(nm.headers['cache-control'], expected.headers['cache-control']);

      const nf = await rawGet(server.url, '/v1/campaigns/nope');
      assert.equal(nf.status, 404);
      assert.equal(JSON.parse(nf.body).code, 'not_found');
      assert.equal((await rawGet(server.url, '/v1/campaigns/team?x=1')).status, 200, 'queries take the full path and still work');
    } finally {
      await server.close();
    }
  });
}

test('static mounts: index.html, content types, no traversal, no dotfiles, never shadowing the API', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  const site = join(dir, 'site');
  const cdn = join(dir, 'cdn');
  await mkdir(join(site, 'sub'), { recursive: true });
  await mkdir(join(site, 'v1', 'campaigns'), { recursive: true });
  await mkdir(cdn);
  await writeFile(join(site, 'index.html'), '<h1>home</h1>');
  await writeFile(join(site, 'sub', 'index.html'), '<h1>sub</h1>');
  await writeFile(join(site, 'style.css'), 'body{}');
  await writeFile(join(site, '.env'), 'SECRET=1');
  await writeFile(join(site, 'healthz'), 'shadow');
  await writeFile(join(site, 'v1', 'campaigns', 'team'), 'shadow');
  await writeFile(join(dir, 'outside.txt'), 'outside');
  await symlink(join(dir, 'outside.txt'), join(site, 'link.txt'));
  await writeFile(join(cdn, 'rescuekit.js'), 'export {};');

  const server = await startServer({
    config: CONFIG,
    databaseUrl: 'sqlite::memory:',
    adminToken: ADMIN,
    port: 0,
    log: () => {},
    staticMounts: [
      { prefix: '/', dir: site },
      { prefix: '/cdn/', dir: cdn },
    ],
  });
  try {
    const home = await rawGet(server.url, '/');
    assert.equal(home.status, 200);
    assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(home.body, '<h1>home</h1>');
    assert.equal((await rawGet(server.url, '/sub/')).body, '<h1>sub</h1>');
    const redirect = await rawGet(server.url, '/sub?x=1');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers['location'], '/sub/?x=1');
    assert.equal((await rawGet(server.url, '/style.css')).headers['content-type'], 'text/css; charset=utf-8');
    const js = await rawGet(server.url, '/cdn/rescuekit.js');
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.body, 'export {};');
    const etag = js.headers['etag'] as string;
    assert.equal((await rawGet(server.url, '/cdn/rescuekit.js', { 'if-none-match': etag })).status, 304);
    const head = await rawGet(server.url, '/cdn/rescuekit.js', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');

    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/sub/..%2f..%2foutside.txt', '/cdn/..%2F..%2Foutside.txt', '/.env', '/%2eenv', '/link.txt', '/nope.html']) {
      const res = await rawGet(server.url, path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /outside|SECRET/, path);
    }
    // The API always wins over files of the same name.
    assert.deepEqual(JSON.parse((await rawGet(server.url, '/healthz')).body), { status: 'ok', store: 'ok' });
    assert.equal(JSON.parse((await rawGet(server.url, '/v1/campaigns/team')).body).campaign, 'team');
  } finally {
    await server.close();
  }
});

test('close() lets an in-flight request finish before closing the store', async () => {
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {} });
  const { hostname, port } = new URL(server.url);
  const body = JSON.stringify({ amount: 4500, currency: 'usd' });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        path: '/v1/campaigns/team/offline-gifts',
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': 'node-1' },
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10)); // the request is in flight: headers sent, body half there
    setTimeout(() => req.end(body.slice(10)), 200);
  });
  await new Promise((r) => setTimeout(r, 50));
  const closing = server.close();
  const res = await response;
  assert.equal(res.status, 201);
  assert.equal(JSON.parse(res.body).progress.raised, 4500);
  await closing;
  await assert.rejects(fetch(`${server.url}/healthz`), 'no longer accepting');
});

test('responses of different lengths over HTTP each carry their own Content-Length', async () => {
  // Regression: @hono/node-server writes Content-Length into the headers object it is given;
  // a shared headers object once truncated every later, longer response.
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, fastPath: false });
  try {
    for (const [i, amount] of [100, 9_000, 123_456, 900_000].entries()) {
      const init = {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': `len-${i}` },
        body: JSON.stringify({ amount, currency: 'usd', note: 'n'.repeat(i * 7) }),
      };
      for (const attempt of ['first', 'replay']) {
        const res = await fetch(`${server.url}/v1/campaigns/team/offline-gifts`, init);
        const text = await res.text();
        assert.equal(Number(res.headers.get('content-length')), Buffer.byteLength(text));
        assert.equal(JSON.parse(text).gift.amount, amount, `${attempt} ${amount}`);
      }
      const progress = await fetch(`${server.url}/v1/campaigns/team`);
      assert.ok(JSON.parse(await progress.text()).raised > 0);
    }
  } finally {
    await server.close();
  }
});
