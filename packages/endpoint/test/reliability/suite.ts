/**
 * `npm run test:reliability`: real servers (the CLI as child processes) through real outages, each
 * checked for correctness (statuses, exact counts, the process alive) and only generous time bounds
 * (three times a budget). Starts its own Postgres so it can stop and restart it. The measured
 * figures are printed at the end.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { signedWebhook, startStripeServer, stripeEvent } from '../support/stripe-server.js';
import { ADMIN, CLI, REPO_ROOT, exitOf, openSse, tempDir, writeConfig } from '../helpers.js';

const SECRET = 'whsec_reliability_0123456789';
const ORIGIN = 'https://rescue.example';
const CONFIG = { allowedOrigins: [ORIGIN], campaigns: [{ id: 'relief', title: 'Relief', currency: 'usd', goal: 1_000_000_000, rescueCost: 300_000 }] };
const figures: string[] = [];
const children = new Set<ChildProcess>();
let postgres: TestPostgres | undefined;
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await postgres?.stop();
  await dir?.cleanup();
  console.log('\nReliability figures');
  for (const f of figures) console.log(`  ${f}`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function workDir(): Promise<string> {
  dir ??= await tempDir();
  return dir.dir;
}

async function pg(): Promise<TestPostgres> {
  postgres ??= await startTestPostgres({ own: true });
  return postgres;
}

interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Spawns `rescuekit serve` on a free port (optionally under a lower open-file limit). */
async function serve(env: Record<string, string>, opts: { nofile?: number } = {}): Promise<Served> {
  const config = await writeConfig(await workDir(), CONFIG);
  const args = ['--import', 'tsx', CLI, 'serve', '--config', config, '--port', '0'];
  const fullEnv = { ...process.env, ADMIN_TOKEN: ADMIN, STRIPE_WEBHOOK_SECRET: SECRET, ...env };
  const child = opts.nofile
    ? spawn('sh', ['-c', `ulimit -n ${opts.nofile} && exec "$0" "$@"`, process.execPath, ...args], { cwd: REPO_ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: REPO_ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`server exited early (${code ?? signal}): ${out}`)));
  });
}

const alive = (s: Served) => s.child.exitCode === null && s.child.signalCode === null;

/** A distinct one-time gift of 100 + i cents. */
const gift = (tag: string, i: number) =>
  stripeEvent('checkout.session.completed', {
    id: `cs_${tag}_${i}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 100 + i, currency: 'usd', payment_intent: `pi_${tag}_${i}`,
    metadata: { rescuekit_campaign: 'relief', rescuekit_frequency: 'once', gift_amount: String(100 + i), fee_amount: '0' },
  }, { id: `evt_${tag}_${i}` });
const sumOf = (n: number) => n * 100 + (n * (n - 1)) / 2;

async function deliver(url: string, event: unknown): Promise<Response> {
  const signed = signedWebhook(event, SECRET);
  return fetch(`${url}/v1/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body });
}

/** Delivers like Stripe: retried (quickly, here) until a 2xx; counts the refusals seen. */
async function deliverUntilAccepted(url: string, event: unknown, seen: Map<number | string, number>, giveUpMs = 60_000): Promise<void> {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    let status: number | string;
    try {
      const res = await deliver(url, event);
      await res.arrayBuffer();
      status = res.status;
      if (status >= 200 && status < 300) return;
    } catch {
      status = 'connection';
    }
    seen.set(status, (seen.get(status) ?? 0) + 1);
    if (Date.now() > deadline) assert.fail(`event not accepted within ${giveUpMs} ms (last: ${status})`);
    await sleep(100);
  }
}

async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n && !stop()) await task(next++);
  }));
}

async function progress(url: string) {
  return (await (await fetch(`${url}/v1/campaigns/relief`)).json()) as { raised: number; donors: number; stale?: boolean };
}

async function eventually(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await check()) return Date.now() - start;
    } catch {
      /* not yet */
    }
    if (Date.now() - start > ms) assert.fail(`${what} within ${ms} ms`);
    await sleep(25);
  }
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

test('Postgres restarted under a stream of webhooks: the server stays up, refuses with 503, serves stale totals, recovers within 5 s and counts every event once', { timeout: 120_000 }, async () => {
  const db = await (await pg()).freshDatabase();
  const server = await serve({ DATABASE_URL: db, STALE_AFTER_SECONDS: '1' });
  const N = 300;
  const seen = new Map<number | string, number>();
  let acked = 0;
  const sending = pool(N, 8, async (i) => {
    await deliverUntilAccepted(server.url, gift('pg', i), seen);
    acked++;
  });
  await eventually('100 events acknowledged', async () => acked >= 100, 30_000);
  await postgres!.halt();
  const during = acked;
  await eventually('/healthz 503 while the database is down', async () => (await fetch(`${server.url}/healthz`)).status === 503, 15_000).catch((e) => {
    throw new Error(`${(e as Error).message}; server output: ${server.output().slice(-2000)}`);
  });
  await eventually('progress marked stale', async () => (await progress(server.url)).stale === true, 15_000);
  await sleep(500);
  await postgres!.resume();
  const recoveryMs = await eventually('/healthz 200 after the restart', async () => (await fetch(`${server.url}/healthz`)).status === 200, 15_000);
  await sending;
  assert.ok(alive(server), 'the server process is alive');
  await eventually('stale cleared', async () => (await progress(server.url)).stale === undefined, 15_000);
  const p = await progress(server.url);
  assert.deepEqual([p.raised, p.donors], [sumOf(N), N], 'every event counted exactly once');
  assert.ok((seen.get(503) ?? 0) > 0, 'webhooks were refused with 503 during the outage');
  assert.equal(seen.get(500) ?? 0, 0, 'never a 500');
  assert.ok(recoveryMs < 15_000);
  figures.push(`Postgres restart: ${N} events sent (${N - during} of them during or after the restart), ${p.donors} counted, raised ${p.raised} of ${sumOf(N)}; 503s during the outage: ${seen.get(503) ?? 0}; healthy again ${recoveryMs} ms after the database was back`);
  server.child.kill('SIGTERM');
  await exitOf(server.child);
});

test('SQLite write lock held by another process for 5.5 s: /healthz keeps its 100 ms p99 budget, the waiting webhook gets 503 + Retry-After, the retry counts once', { timeout: 60_000 }, async () => {
  const file = join(await workDir(), 'lock.db');
  const server = await serve({ DATABASE_URL: `sqlite:${file}` });
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  const held = Date.now();
  let refusedAfterMs = 0;
  const waiting = deliver(server.url, gift('lock', 0)).then((r) => ((refusedAfterMs = Date.now() - held), r));
  const latencies: number[] = [];
  while (Date.now() - held < 5_500) {
    const t = performance.now();
    const res = await fetch(`${server.url}/healthz`);
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    assert.equal(res.status, 200);
    assert.equal((await fetch(`${server.url}/v1/campaigns/relief`)).status, 200);
  }
  const refused = await waiting;
  other.exec('COMMIT');
  other.close();
  assert.equal(refused.status, 503);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.equal((await deliver(server.url, gift('lock', 0))).status, 200);
  assert.equal((await progress(server.url)).raised, 100);
  const p99 = percentile(latencies, 99);
  assert.ok(p99 < 300, `p99 ${p99} ms`);
  figures.push(`SQLite lock: /healthz p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms over ${latencies.length} checks while the lock was held; the waiting webhook answered 503 after ${(refusedAfterMs / 1000).toFixed(1)} s (bound 5 s)`);
  server.child.kill('SIGTERM');
  await exitOf(server.child);
});

test('Stripe accepts the connection and never answers: the donor gets a 502 problem within 10 s', { timeout: 60_000 }, async () => {
  const stripe = await startStripeServer();
  try {
    stripe.failNext({ status: 'hang' }, 5);
    const server = await serve({ DATABASE_URL: `sqlite:${join(await workDir(), 'stripe.db')}`, STRIPE_SECRET_KEY: 'sk_test_reliability', STRIPE_API_URL: stripe.url });
    const t = performance.now();
    const res = await fetch(`${server.url}/v1/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ campaign: 'relief', amount: 2700, currency: 'usd', frequency: 'once', coverFees: false, uiMode: 'embedded', returnUrl: `${ORIGIN}/give` }),
    });
    const ms = performance.now() - t;
    assert.equal(res.status, 502);
    assert.equal(((await res.json()) as { code: string }).code, 'internal');
    assert.ok(ms < 30_000, `${ms} ms`);
    figures.push(`hanging Stripe: checkout answered 502 after ${(ms / 1000).toFixed(1)} s (budget 10 s; before: about 61 s)`);
    server.child.kill('SIGTERM');
    await exitOf(server.child);
  } finally {
    await stripe.close();
  }
});

test('a flood of live streams: 20 per address, the server-wide cap from a 512-descriptor limit; /healthz and webhooks keep answering', { timeout: 60_000 }, async () => {
  const server = await serve({ DATABASE_URL: `sqlite:${join(await workDir(), 'streams.db')}`, TRUST_PROXY_HOPS: '1', STREAMS_PER_CLIENT: '20' }, { nofile: 512 });
  const streams: Awaited<ReturnType<typeof openSse>>[] = [];
  try {
    const open = async (ip: string) => {
      const s = await openSse(`${server.url}/v1/campaigns/relief/events`, { 'x-forwarded-for': ip });
      streams.push(s);
      return s.res.status;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await open('198.51.100.1'));
    const perClient = statuses.filter((s) => s === 429).length;
    assert.equal(statuses.filter((s) => s === 200).length, 20);
    assert.equal(perClient, 10);
    for (let a = 2; a <= 25; a++) statuses.push(...(await Promise.all(Array.from({ length: 20 }, () => open(`198.51.100.${a}`)))));
    const accepted = statuses.filter((s) => s === 200).length;
    const serverWide = statuses.filter((s) => s === 503).length;
    assert.ok(serverWide > 0, 'the server-wide cap refused some');
    assert.equal(accepted, 512 - 128, 'the cap leaves 128 descriptors of 512');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await deliver(server.url, gift('streams', 0))).status, 200);
    assert.equal((await fetch(`${server.url}/v1/campaigns/relief`)).status, 200);
    assert.ok(alive(server));
    figures.push(`live streams: ${accepted} open, ${perClient} refused per address (429), ${serverWide} refused server-wide (503); /healthz 200 and a webhook counted meanwhile`);
  } finally {
    await Promise.all(streams.map((s) => s.close()));
    server.child.kill('SIGTERM');
    await exitOf(server.child);
  }
});

for (const kind of ['sqlite', 'postgres'] as const) {
  test(`kill -9 in the middle of a 1,000-event burst, restart, redelivery: exact on ${kind}`, { timeout: 120_000 }, async () => {
    const db = kind === 'sqlite' ? `sqlite:${join(await workDir(), 'burst.db')}` : await (await pg()).freshDatabase();
    const N = 1000;
    const first = await serve({ DATABASE_URL: db });
    let acked = 0;
    let killed = false;
    await pool(N, 25, async (i) => {
      try {
        const res = await deliver(first.url, gift(`burst_${kind}`, i));
        await res.arrayBuffer();
        if (res.status === 200) acked++;
      } catch {
        /* after the kill */
      }
      if (acked >= 300 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    }, () => killed);
    assert.equal((await exitOf(first.child)).signal, 'SIGKILL');
    const second = await serve({ DATABASE_URL: db });
    const seen = new Map<number | string, number>();
    await pool(N, 25, (i) => deliverUntilAccepted(second.url, gift(`burst_${kind}`, i), seen));
    const p = await progress(second.url);
    assert.deepEqual([p.raised, p.donors], [sumOf(N), N]);
    figures.push(`kill -9 on ${kind}: ${acked} of ${N} acknowledged before the kill; after redelivery ${p.donors} counted, raised ${p.raised} of ${sumOf(N)}`);
    second.child.kill('SIGTERM');
    await exitOf(second.child);
  });
}

test('counting edges on a real server: a live-mode deployment ignores test events, a monthly refund before its link comes off, a 5,000-deep body is a 400', { timeout: 60_000 }, async () => {
  const server = await serve({ DATABASE_URL: `sqlite:${join(await workDir(), 'edges.db')}`, STRIPE_LIVEMODE: 'true' });
  try {
    await eventually('the mode printed at start', async () => /stripe mode: live/.test(server.output()), 5_000);
    const live = { livemode: true };
    assert.equal((await deliver(server.url, gift('edge_test', 0))).status, 200, 'a test event is acknowledged');
    assert.equal((await progress(server.url)).raised, 0, '...and not counted');
    const meta = { rescuekit_campaign: 'relief', rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' };
    const invoice = stripeEvent('invoice.paid', {
      id: 'in_edge', object: 'invoice', amount_paid: 2606, currency: 'usd', billing_reason: 'subscription_create', livemode: true, metadata: {},
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: 'sub_edge', metadata: meta } },
    }, { id: 'evt_edge_invoice', ...live });
    const refund = stripeEvent('charge.refunded', {
      id: 'ch_edge', object: 'charge', amount: 2606, amount_refunded: 2606, currency: 'usd', livemode: true, metadata: {}, payment_intent: 'pi_edge',
    }, { id: 'evt_edge_refund', ...live });
    const link = stripeEvent('invoice_payment.paid', {
      id: 'inpay_edge', object: 'invoice_payment', amount_paid: 2606, amount_requested: 2606, currency: 'usd', invoice: 'in_edge', is_default: true, livemode: true,
      payment: { type: 'payment_intent', payment_intent: 'pi_edge' }, status: 'paid', status_transitions: { canceled_at: null, paid_at: 1 },
    }, { id: 'evt_edge_link', ...live });
    for (const e of [invoice, refund]) assert.equal((await deliver(server.url, e)).status, 200);
    assert.equal((await progress(server.url)).raised, 2606, 'the refund is not linked yet');
    assert.equal((await deliver(server.url, link)).status, 200);
    assert.equal((await progress(server.url)).raised, 0, 'the refunded month is out');
    const deep = await fetch(`${server.url}/v1/campaigns/relief/offline-gifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}`, 'idempotency-key': 'deep-1' },
      body: `{"amount":100,"currency":"usd","x":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    });
    assert.equal(deep.status, 400);
    assert.equal(((await deep.json()) as { code: string }).code, 'invalid_json');
    assert.ok(alive(server));
    figures.push('counting edges: test event on a live deployment not counted; refund before its InvoicePayment link came off once linked; 5,000-deep JSON answered 400');
  } finally {
    server.child.kill('SIGTERM');
    await exitOf(server.child);
  }
});
