/**
 * The serverless recipe (examples/serverless-node): its handler module imported as a platform
 * would, called with Requests against a throwaway Postgres, configured only by the environment.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { RescuekitConfig } from '@rescuekit/schema';
import { ADMIN } from './helpers.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';

const ORIGIN = 'https://chapter.example.org';
const SECRET = 'whsec_serverless_recipe_0123456789';
const CONFIG: RescuekitConfig = {
  allowedOrigins: [ORIGIN],
  campaigns: [
    { id: 'movement', title: 'Movement', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 },
    { id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000, minAmount: 100, parent: 'movement' },
  ],
};
const APP_NAME = 'rescuekit-serverless-test';

type Recipe = typeof import('../../../examples/serverless-node/api/[...route].js');
let recipe: Recipe;
let server: TestPostgres;
let stripe: StripeServer;
let databaseUrl: string;

before(async () => {
  [server, stripe] = await Promise.all([startTestPostgres(), startStripeServer()]);
  databaseUrl = await server.freshDatabase();
  Object.assign(process.env, {
    DATABASE_URL: `${databaseUrl}?application_name=${APP_NAME}&statement_timeout=5000`,
    DATABASE_POOL_SIZE: '2',
    ADMIN_TOKEN: ADMIN,
    STRIPE_SECRET_KEY: 'sk_test_serverless',
    STRIPE_API_URL: stripe.url,
    STRIPE_WEBHOOK_SECRET: SECRET,
    RESCUEKIT_CONFIG: JSON.stringify(CONFIG),
  });
  recipe = await import('../../../examples/serverless-node/api/[...route].js');
});

after(async () => {
  await recipe?.closeInstance();
  await stripe?.close();
  await server?.stop();
});

const call = (path: string, init: RequestInit & { ip?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.ip) headers.set('x-real-ip', init.ip);
  return recipe.default(new Request(`https://rk.example.org${path}`, { ...init, headers }));
};
const progress = async (id: string) => (await (await call(`/v1/campaigns/${id}`)).json()) as { campaign: string; raised: number; donors: number; parent: string | null };
/** The value `read` settles on: `want` as soon as it is seen, else the last one read (2 s). */
async function eventually<T>(read: () => Promise<T>, want: T): Promise<T> {
  let value = await read();
  for (let i = 0; i < 40 && value !== want; i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
const gift = (amount: unknown, key = crypto.randomUUID()) =>
  call('/v1/campaigns/team/offline-gifts', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ amount, currency: 'usd', note: 'bake sale' }),
  });

test('progress is served from the campaigns the environment configures, by the method exports too', async () => {
  const res = await recipe.GET(new Request('https://rk.example.org/v1/campaigns/team'));
  assert.equal(res.status, 200);
  const body = (await res.json()) as { campaign: string; raised: number; parent: string | null };
  assert.deepEqual([body.campaign, body.raised, body.parent], ['team', 0, 'movement']);
  assert.equal((await call('/v1/campaigns/nope')).status, 404);
});

test('the app is built once per instance', async () => {
  assert.equal(await recipe.getApp(), await recipe.getApp());
});

test('an offline gift with the admin token counts once, also when retried, and rolls up', async () => {
  const before = await progress('movement');
  const key = crypto.randomUUID();
  assert.equal((await gift(4500, key)).status, 201);
  assert.equal((await gift(4500, key)).status, 201); // the volunteer's retry
  assert.equal((await progress('team')).raised, 4500);
  // The movement's cached progress follows its team's within the hub's roll-up refresh.
  assert.equal(await eventually(async () => (await progress('movement')).raised, before.raised + 4500), before.raised + 4500);
});

test('mounted under /api (as Vercel mounts api/[...route].ts), the routes answer there too, bodies included', async () => {
  const before = (await progress('team')).raised;
  const res = await call('/api/v1/campaigns/team/offline-gifts', {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ amount: 900, currency: 'usd' }),
  });
  assert.equal(res.status, 201);
  const read = await call('/api/v1/campaigns/team');
  assert.equal(read.status, 200);
  assert.equal(((await read.json()) as { raised: number }).raised, before + 900);
});

test('a signed Stripe webhook is counted; a forged one is refused', async () => {
  const before = (await progress('team')).raised;
  const event = stripeEvent('checkout.session.completed', {
    id: 'cs_serverless_1', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2700, currency: 'usd',
    payment_intent: 'pi_serverless_1', metadata: { rescuekit_campaign: 'team', rescuekit_frequency: 'once' },
  });
  const signed = signedWebhook(event, SECRET);
  const res = await call('/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body });
  assert.equal(res.status, 200);
  assert.equal((await progress('team')).raised, before + 2700);
  const forged = signedWebhook(stripeEvent('checkout.session.completed', { ...event.data.object, id: 'cs_forged' }), 'whsec_not_ours');
  assert.equal((await call('/v1/webhooks/stripe', { method: 'POST', headers: forged.headers, body: forged.body })).status, 400);
  assert.equal((await progress('team')).raised, before + 2700);
});

test('a bad request gets problem+json with a stable code and field, never an exception', async () => {
  const res = await gift(-5);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  const body = (await res.json()) as { code: string; field: string; detail: string };
  assert.equal(body.code, 'invalid_request');
  assert.equal(body.field, 'amount');
  assert.doesNotMatch(JSON.stringify(body), /at \w+ \(|Error:/);
  const noToken = await call('/v1/campaigns/team/offline-gifts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  assert.equal(noToken.status, 401);
  assert.equal(noToken.headers.get('content-type'), 'application/problem+json');
});

test('checkout reaches Stripe through the client built from the environment, keyed by the platform address header', async () => {
  const res = await call('/v1/checkout', {
    method: 'POST',
    ip: '203.0.113.7',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ campaign: 'team', amount: 2700, currency: 'usd', frequency: 'once', uiMode: 'embedded', returnUrl: `${ORIGIN}/give` }),
  });
  assert.equal(res.status, 200);
  assert.match(((await res.json()) as { clientSecret: string }).clientSecret, /^cs_/);
  assert.equal(stripe.requests.filter((r) => r.path === '/v1/checkout/sessions').length, 1);
});

test('the instance holds no more Postgres connections than its pool size plus the LISTEN one', async () => {
  const results = await Promise.all(Array.from({ length: 20 }, () => gift(100)));
  assert.deepEqual(new Set(results.map((r) => r.status)), new Set([201]));
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1",
      [APP_NAME],
    );
    assert.ok(rows[0]!.n >= 1 && rows[0]!.n <= 3, `connections: ${rows[0]!.n}`);
  } finally {
    await c.end();
  }
});
