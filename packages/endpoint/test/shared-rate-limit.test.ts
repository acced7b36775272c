/**
 * One checkout rate limit for every server on one Postgres: two endpoint instances, each with
 * its own pool on the same database, share the 30-per-10-minutes window per client address.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { RATE_LIMIT_TABLE } from '../src/store/postgres-rate-limit.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { createStripeClient } from '../src/stripe/client.js';
import { ADMIN } from './helpers.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';

const ORIGIN = 'https://chapter.example.org';
const CONFIG: RescuekitConfig = {
  campaigns: [{ id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000, allowedOrigins: [ORIGIN] }],
};
const gift = { campaign: 'team', amount: 2700, currency: 'usd', frequency: 'once', uiMode: 'embedded', returnUrl: `${ORIGIN}/give` };

let server: TestPostgres;
let stripeServer: StripeServer;
let url: string;
const stores: Store[] = [];
const apps: App[] = [];

before(async () => {
  [server, stripeServer] = await Promise.all([startTestPostgres(), startStripeServer()]);
  url = await server.freshDatabase();
  for (let i = 0; i < 2; i++) {
    const store = await openPostgresStore(url, { max: 4 });
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_shared', STRIPE_API_URL: stripeServer.url }, { maxNetworkRetries: 0 });
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, stripe });
    await app.ready;
    stores.push(store);
    apps.push(app);
  }
});

after(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) await store.close();
  await stripeServer?.close();
  await server?.stop();
});

const post = (app: App, ip: string) =>
  app.fetch(new Request('http://rk.test/v1/checkout', { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body: JSON.stringify(gift) }), { ip });

test('two servers on one Postgres: the 31st checkout from one address gets 429 whichever server it reaches', async () => {
  const [a, b] = apps as [App, App];
  // 30 allowed in all, alternating servers: each alone has seen only 15.
  for (let i = 0; i < 30; i++) {
    const res = await post(i % 2 ? b : a, '198.51.100.7');
    assert.equal(res.status, 200, `attempt ${i + 1}`);
  }
  for (const [name, app] of [['A', a], ['B', b]] as const) {
    const limited = await post(app, '198.51.100.7');
    assert.equal(limited.status, 429, `31st on ${name}`);
    assert.equal(((await limited.json()) as { code: string }).code, 'rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 600, `Retry-After ${retryAfter}`);
  }
  assert.equal(stripeServer.requests.filter((r) => r.path.includes('checkout/sessions')).length, 30, 'refused attempts never reach Stripe');
  // Another address, and the same /64 rule as in memory, on either server.
  assert.equal((await post(b, '198.51.100.8')).status, 200, 'another address');

  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  try {
    const rows = (await raw.query(`SELECT key, points FROM ${RATE_LIMIT_TABLE} ORDER BY key`)).rows as { key: string; points: number }[];
    assert.deepEqual(rows, [
      { key: 'checkout:198.51.100.7', points: 32 },
      { key: 'checkout:198.51.100.8', points: 1 },
    ]);
  } finally {
    await raw.end();
  }
});

test('SQLite keeps its limit in the process (no shared limiter)', () => {
  const store = openSqliteStore(':memory:');
  try {
    assert.equal(store.checkoutLimiter?.({ max: 30, windowMs: 600_000 }), undefined);
  } finally {
    void store.close();
  }
});
