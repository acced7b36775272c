/**
 * The Node server answers `POST /v1/webhooks/stripe` without the Fetch layer (the fast path). It must
 * answer exactly as the Hono route does: the same status, headers and body for every kind of delivery
 * (counted, duplicate, the other mode, unsigned, forged, too large, chunked, not configured, store
 * down) and count the same money. Each case is sent over real HTTP to a server of each kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, type RunningServer } from '../src/node.js';
import { WEBHOOK_BODY_LIMIT } from '../src/routes/webhooks.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { ADMIN, CONFIG } from './helpers.js';

const SECRET = 'whsec_fast_path_0123456789';

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw POST: `chunked` sends the body without a Content-Length. */
function post(base: string, body: string, headers: Record<string, string>, chunked = false): Promise<Sent> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    // A connection per request: the server closes the one whose body it refused unread (413).
    const req = request({ hostname, port, agent: false, path: '/v1/webhooks/stripe', method: 'POST', headers: chunked ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (chunked) {
      // Two writes, so the request really is chunked.
      req.write(body.slice(0, 10));
      req.end(body.slice(10));
    } else req.end(body);
  });
}

const paid = (n: number, opts: { livemode?: boolean } = {}) =>
  stripeEvent(
    'checkout.session.completed',
    { id: `cs_fast_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 900 + n, currency: 'usd', payment_intent: `pi_fast_${n}`, metadata: { rescuekit_campaign: 'team', rescuekit_frequency: 'once' } },
    { id: `evt_fast_${n}`, ...opts },
  );

/** The deliveries, in order; the same timestamp for both servers so the signatures match byte for byte. */
function deliveries(now: number): [name: string, body: string, headers: Record<string, string>, chunked?: boolean][] {
  const one = signedWebhook(paid(1), SECRET, now);
  const big = signedWebhook(`{"pad":"${'x'.repeat(WEBHOOK_BODY_LIMIT)}"}`, SECRET, now);
  return [
    ['counted', one.body, one.headers],
    ['the same event again: a duplicate', one.body, one.headers],
    ['another event, chunked (no Content-Length)', ...(Object.values(signedWebhook(paid(2), SECRET, now)) as [string, Record<string, string>]), true],
    ['an event of the other mode', ...(Object.values(signedWebhook(paid(3, { livemode: true }), SECRET, now)) as [string, Record<string, string>])],
    ['no Stripe-Signature', one.body, { 'content-type': 'application/json' }],
    ['an empty Stripe-Signature', one.body, { 'content-type': 'application/json', 'stripe-signature': '' }],
    ['a forged signature', one.body.replace('"amount_total":901', '"amount_total":90100'), one.headers],
    ['a signature too old', ...(Object.values(signedWebhook(paid(4), SECRET, now - 3600)) as [string, Record<string, string>])],
    ['a body over the limit', big.body, big.headers],
    ['not UTF-8', '\xff\xfe', { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=00' }],
  ];
}

/** Headers that differ between any two answers by nature. */
const comparable = (h: Sent['headers']) => Object.fromEntries(Object.entries(h).filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)));

async function run(server: RunningServer, now: number) {
  const answers: Record<string, Sent> = {};
  for (const [name, body, headers, chunked] of deliveries(now)) answers[name] = await post(server.url, body, headers, chunked).catch((e) => Promise.reject(new Error(`${name}: ${e.message}`)));
  const raised = (await (await fetch(`${server.url}/v1/campaigns/team`)).json()).raised as number;
  return { answers, raised };
}

test('the webhook fast path answers exactly as the Fetch route, for every kind of delivery', async () => {
  const now = Math.floor(Date.now() / 1000);
  const results = [];
  for (const fastPath of [true, false]) {
    const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env: { STRIPE_WEBHOOK_SECRET: SECRET }, fastPath });
    // Which deliveries reach the Fetch handler: on the fast path only the chunked and the oversized one.
    const viaFetch: string[] = [];
    const fetchHandler = server.app.fetch.bind(server.app);
    server.app.fetch = (req, info) => (req.method == 'POST' && viaFetch.push(req.headers.get('content-length') ? 'sized' : 'chunked'), fetchHandler(req, info));
    try {
      results.push({ ...(await run(server, now)), viaFetch });
    } finally {
      await server.close();
    }
  }
  const [fast, full] = results;
  assert.deepEqual(full!.viaFetch.length, deliveries(now).length, 'the Fetch server answers every delivery itself');
  assert.deepEqual(fast!.viaFetch, ['chunked', 'sized'], 'the fast path leaves only the chunked and the oversized deliveries to the Fetch route');
  for (const name of Object.keys(full!.answers)) {
    const a = fast!.answers[name]!;
    const b = full!.answers[name]!;
    assert.equal(a.status, b.status, `${name}: status`);
    assert.equal(a.body, b.body, `${name}: body`);
    assert.deepEqual(comparable(a.headers), comparable(b.headers), `${name}: headers`);
  }
  // What the answers say, so agreeing on something wrong fails too.
  const say = (name: string) => [full!.answers[name]!.status, full!.answers[name]!.body.includes('"code"') ? JSON.parse(full!.answers[name]!.body).code : full!.answers[name]!.body];
  assert.deepEqual(say('counted'), [200, '{"received":true}']);
  assert.deepEqual(say('the same event again: a duplicate'), [200, '{"received":true,"duplicate":true}']);
  assert.deepEqual(say('another event, chunked (no Content-Length)'), [200, '{"received":true}']);
  assert.deepEqual(say('an event of the other mode'), [200, '{"received":true,"ignored":"livemode"}']);
  for (const name of ['no Stripe-Signature', 'an empty Stripe-Signature', 'a forged signature', 'a signature too old', 'not UTF-8']) assert.deepEqual(say(name), [400, 'invalid_signature'], name);
  assert.deepEqual(say('a body over the limit'), [413, 'payload_too_large']);
  assert.equal(full!.answers['no Stripe-Signature']!.headers['content-type'], 'application/problem+json');
  assert.equal(fast!.raised, 901 + 902);
  assert.equal(full!.raised, fast!.raised);
});

test('the fast path: not configured (no secret) and a store that is down answer as the route does', async () => {
  const answers: Sent[][] = [];
  for (const fastPath of [true, false]) {
    const sent: Sent[] = [];
    const unconfigured = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env: {}, fastPath });
    try {
      const { body, headers } = signedWebhook(paid(1), SECRET);
      sent.push(await post(unconfigured.url, body, headers));
    } finally {
      await unconfigured.close();
    }
    const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env: { STRIPE_WEBHOOK_SECRET: SECRET }, fastPath });
    try {
      const { StoreUnavailableError } = await import('../src/store/errors.js');
      // The store refuses the commit as a locked or unreachable database does.
      server.app.webhookQueue.submit = () => Promise.reject(new StoreUnavailableError('unreachable', { retryAfterSeconds: 1 }));
      const { body, headers } = signedWebhook(paid(5), SECRET);
      sent.push(await post(server.url, body, headers));
    } finally {
      await server.close();
    }
    answers.push(sent);
  }
  const [fast, full] = answers;
  for (let i = 0; i < 2; i++) {
    assert.equal(fast![i]!.status, full![i]!.status);
    assert.equal(fast![i]!.body, full![i]!.body);
    assert.deepEqual(comparable(fast![i]!.headers), comparable(full![i]!.headers));
  }
  assert.equal(full![0]!.status, 503);
  assert.equal(JSON.parse(full![0]!.body).code, 'not_configured');
  assert.equal(full![1]!.status, 503);
  assert.equal(JSON.parse(full![1]!.body).code, 'unavailable');
  assert.equal(full![1]!.headers['retry-after'], '1');
});
