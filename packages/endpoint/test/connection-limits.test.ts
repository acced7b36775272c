/**
 * One address cannot hold every connection: with no proxy, sockets are capped per address (and in all,
 * below the open-file limit); behind a proxy, requests in flight per forwarded address. A body that
 * stalls is dropped at the request timeout while live streams stay; a client that hangs up mid-upload
 * is one info line; a 413 closes its connection and says so.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { startServer } from '../src/node.js';
import { CLI, CONFIG, REPO_ROOT, tempDir, writeConfig } from './helpers.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';

const SECRET = 'whsec_flood';
const ADMIN = 'connection-limits-admin-token-0123456789ab';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An HTTP/1.1 request from `localAddress` on a new connection: status, headers, body. */
function send(url: string, init: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string }) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(`${url}${init.path}`, { method: init.method ?? 'GET', headers: init.headers, localAddress: init.localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${init.path} within 10 s`)));
    req.end(init.body);
  });
}

const webhook = (n: number) => signedWebhook(stripeEvent('checkout.session.completed', {
  id: `cs_flood_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 900, currency: 'usd', payment_intent: `pi_flood_${n}`, metadata: { rescuekit_campaign: 'team' },
}, { id: `evt_flood_${n}` }), SECRET);

/** Half a webhook upload: its headers and half its body, then nothing. */
function halfUpload(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1' }, () => {
      s.write(`POST /v1/webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nStripe-Signature: t=1,v1=x\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(500)}`);
      resolve(s);
    });
    s.on('error', () => resolve(s));
    s.resume(); // read what the server sends, so its close is seen
  });
}

test('a flood of 1,100 half-sent uploads from one address, under ulimit -n 1024: every /healthz and webhook from another address is answered 2xx', { timeout: 120_000 }, async () => {
  const { dir, cleanup } = await tempDir();
  const config = await writeConfig(dir, CONFIG);
  const child = spawn('sh', ['-c', `ulimit -n 1024 && exec "${process.execPath}" --import tsx "${CLI}" serve --config "${config}" --port 0`], {
    cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: ADMIN, STRIPE_WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const flood: Socket[] = [];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const port = Number(new URL(url).port);
    let closedByServer = 0;
    for (let i = 0; i < 1_100; i++) {
      const s = await halfUpload(port);
      s.on('close', () => closedByServer++);
      flood.push(s);
    }
    await sleep(500);
    const health = await Promise.all(Array.from({ length: 20 }, () => send(url, { path: '/healthz', localAddress: '127.0.0.2' })));
    assert.deepEqual([...new Set(health.map((h) => h.status))], [200], 'health from another address');
    for (let n = 0; n < 10; n++) {
      const { body, headers } = webhook(n);
      const res = await send(url, { method: 'POST', path: '/v1/webhooks/stripe', headers: headers as Record<string, string>, body, localAddress: '127.0.0.3' });
      assert.equal(res.status, 200, res.body);
    }
    assert.ok(closedByServer >= 1_100 - 256, `sockets over the per-address cap are closed at once (${closedByServer} of 1,100)`);
    const progress = await send(url, { path: '/v1/campaigns/team', localAddress: '127.0.0.2' });
    assert.equal(JSON.parse(progress.body).raised, 9_000, 'the ten webhooks counted');
  } finally {
    for (const s of flood) s.destroy();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await cleanup();
  }
});

test('a stalled body is dropped at the request timeout; a live stream outlives it; an aborted upload is one info line; a 413 says Connection: close', { timeout: 60_000 }, async () => {
  const logs: string[] = [];
  const server = await startServer({
    config: { ...CONFIG, allowedOrigins: ['https://partner.example'] }, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, host: '127.0.0.1',
    log: (l) => logs.push(l), env: { STRIPE_WEBHOOK_SECRET: SECRET }, headersTimeoutMs: 1_000, requestTimeoutMs: 1_000,
  });
  try {
    const sse = await new Promise<Socket>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: server.port }, () => {
        s.write('GET /v1/campaigns/team/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n');
        s.once('data', () => resolve(s));
      });
      s.resume();
    });
    let sseClosed = false;
    sse.on('close', () => (sseClosed = true));
    const stalled = await halfUpload(server.port);
    const dropped = await new Promise<boolean>((resolve) => {
      stalled.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 10_000).unref();
    });
    assert.equal(dropped, true, 'the stalled upload was closed by the server');
    assert.equal(sseClosed, false, 'the live stream is still open after the request timeout');
    sse.destroy();
    logs.length = 0;

    // Hung up mid-upload, on the webhook fast path and on a Fetch route.
    for (const head of [
      'POST /v1/webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc',
      `POST /v1/campaigns/team/offline-gifts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN}\r\nIdempotency-Key: k1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"amo`,
    ]) {
      await new Promise<void>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: server.port }, () => {
          s.write(head);
          setTimeout(() => (s.destroy(), resolve()), 100);
        });
      });
    }
    await sleep(300);
    const lines = logs.map((l) => JSON.parse(l) as { level: string; msg: string; error?: unknown });
    assert.equal(lines.filter((l) => l.msg === 'client went away before its request was read' && l.level === 'info').length, 2, JSON.stringify(lines));
    assert.deepEqual(lines.filter((l) => l.level === 'error'), [], 'no error lines, no stacks');

    for (const path of ['/v1/checkout', '/v1/campaigns/team/offline-gifts']) {
      const res = await send(server.url, {
        method: 'POST', path, body: 'x'.repeat(200_000),
        headers: { 'content-type': 'application/json', origin: 'https://partner.example', authorization: `Bearer ${ADMIN}`, 'idempotency-key': 'k413' },
      });
      assert.equal(res.status, 413, path);
      assert.equal(res.headers['connection'], 'close', `${path}: the connection is closed, and said so`);
    }
    assert.equal((await send(server.url, { path: '/healthz' })).status, 200, 'a new connection works');
  } finally {
    await server.close();
  }
});

test('behind a proxy: requests in flight are capped per forwarded address, not per socket', async () => {
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, host: '127.0.0.1', log: () => {}, env: {}, trustProxyHops: 1, connectionsPerClient: 2 });
  const held: Socket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      held.push(await new Promise<Socket>((resolve) => {
        const s = connect({ host: '127.0.0.1', port: server.port }, () => {
          s.write('GET /v1/campaigns/team/events HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n');
          s.once('data', () => resolve(s));
        });
      }));
    }
    const third = await send(server.url, { path: '/v1/campaigns/team', headers: { 'x-forwarded-for': '198.51.100.7' } });
    assert.equal(third.status, 429);
    assert.equal(third.headers['retry-after'], '1');
    assert.equal(JSON.parse(third.body).code, 'rate_limited');
    assert.equal((await send(server.url, { path: '/v1/campaigns/team', headers: { 'x-forwarded-for': '198.51.100.8' } })).status, 200, 'another forwarded address');
    held[0]!.destroy();
    await sleep(100);
    assert.equal((await send(server.url, { path: '/v1/campaigns/team', headers: { 'x-forwarded-for': '198.51.100.7' } })).status, 200, 'a slot again once a request ended');
  } finally {
    for (const s of held) s.destroy();
    await server.close();
  }
});
