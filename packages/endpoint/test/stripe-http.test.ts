/**
 * Checkout and webhooks over real HTTP: the Node server reads its Stripe settings
 * from the environment, keys the rate limit on the client address, and a webhook
 * committed to an SQLite file survives a restart.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer } from '../src/node.js';
import { stripeLivemode } from '../src/stripe/client.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';
import { ADMIN, tempDir } from './helpers.js';

const SECRET = 'whsec_http_test_0123456789';
const CONFIG: RescuekitConfig = {
  allowedOrigins: ['https://partner.example'],
  checkoutRateLimit: { max: 2, windowSeconds: 60 },
  campaigns: [{ id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000 }],
};
const gift = JSON.stringify({ campaign: 'team', amount: 900, currency: 'usd', returnUrl: 'https://partner.example/give' });

let stripe: StripeServer;
before(async () => (stripe = await startStripeServer()));
after(() => stripe.close());

test('checkout over HTTP: keys from the env, per-client limit behind one trusted proxy hop', async () => {
  const env = { STRIPE_SECRET_KEY: 'sk_test_http', STRIPE_API_URL: stripe.url };
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env, trustProxyHops: 1 });
  try {
    const post = (forwardedFor: string) =>
      fetch(`${server.url}/v1/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://partner.example', 'x-forwarded-for': forwardedFor },
        body: gift,
      });
    assert.equal((await post('198.51.100.1')).status, 200);
    assert.equal((await post('10.0.0.9, 198.51.100.1')).status, 200, 'the last entry is what the trusted proxy saw');
    const limited = await post('198.51.100.1');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal((await post('198.51.100.2')).status, 200, 'another client');
  } finally {
    await server.close();
  }
});

test('without keys the server still serves progress; checkout and webhooks answer 503 saying what to set', async () => {
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env: {} });
  try {
    assert.equal((await fetch(`${server.url}/v1/campaigns/team`)).status, 200);
    const checkout = await fetch(`${server.url}/v1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: gift });
    assert.equal(checkout.status, 503);
    assert.match(await checkout.text(), /STRIPE_SECRET_KEY/);
    const hook = await fetch(`${server.url}/v1/webhooks/stripe`, { method: 'POST', body: '{}', headers: { 'stripe-signature': 't=1,v1=x' } });
    assert.equal(hook.status, 503);
    assert.match(await hook.text(), /STRIPE_WEBHOOK_SECRET/);
  } finally {
    await server.close();
  }
});

test('a webhook answered 200 is on disk: the total survives a restart, and the redelivery after it counts nothing', async () => {
  const { dir, cleanup } = await tempDir();
  const databaseUrl = `sqlite:${join(dir, 'rk.db')}`;
  const env = { STRIPE_WEBHOOK_SECRET: SECRET };
  const event = stripeEvent(
    'checkout.session.completed',
    { id: 'cs_http', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 4500, currency: 'usd', payment_intent: 'pi_http', metadata: { rescuekit_campaign: 'team' } },
    { id: 'evt_http_1' },
  );
  const send = (url: string) => {
    const { body, headers } = signedWebhook(event, SECRET);
    return fetch(`${url}/v1/webhooks/stripe`, { method: 'POST', headers, body });
  };
  try {
    let server = await startServer({ config: CONFIG, databaseUrl, adminToken: ADMIN, port: 0, log: () => {}, env });
    assert.equal((await send(server.url)).status, 200);
    await server.close();
    server = await startServer({ config: CONFIG, databaseUrl, adminToken: ADMIN, port: 0, log: () => {}, env });
    try {
      assert.equal(((await (await fetch(`${server.url}/v1/campaigns/team`)).json()) as { raised: number }).raised, 4500);
      const again = await send(server.url);
      assert.equal(again.status, 200);
      assert.deepEqual(await again.json(), { received: true, duplicate: true });
      assert.equal(((await (await fetch(`${server.url}/v1/campaigns/team`)).json()) as { raised: number }).raised, 4500);
    } finally {
      await server.close();
    }
  } finally {
    await cleanup();
  }
});

test('the counted event mode comes from the secret key, else STRIPE_LIVEMODE (default test); anything else is refused', () => {
  assert.equal(stripeLivemode({ STRIPE_SECRET_KEY: 'sk_live_abc' }), true);
  assert.equal(stripeLivemode({ STRIPE_SECRET_KEY: 'rk_live_abc', STRIPE_LIVEMODE: 'false' }), true, 'the key wins');
  assert.equal(stripeLivemode({ STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_LIVEMODE: 'true' }), false);
  assert.equal(stripeLivemode({}), false);
  assert.equal(stripeLivemode({ STRIPE_LIVEMODE: 'true' }), true);
  assert.equal(stripeLivemode({ STRIPE_LIVEMODE: 'FALSE' }), false);
  assert.throws(() => stripeLivemode({ STRIPE_LIVEMODE: 'yes' }), /STRIPE_LIVEMODE must be "true" or "false"/);
});
