import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer } from '../src/node.js';
import { packageVersion } from '../src/version.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

let stripe: StripeServer;
before(async () => (stripe = await startStripeServer()));
after(() => stripe.close());

test('the Node server tells Stripe the version in package.json', async () => {
  assert.equal(packageVersion(), PACKAGE.version);
  const config: RescuekitConfig = {
    allowedOrigins: ['https://partner.example'],
    campaigns: [{ id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000 }],
  };
  const env = { STRIPE_SECRET_KEY: 'sk_test_version', STRIPE_API_URL: stripe.url };
  const server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, env });
  try {
    const res = await fetch(`${server.url}/v1/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://partner.example' },
      body: JSON.stringify({ campaign: 'team', amount: 900, currency: 'usd', returnUrl: 'https://partner.example/give' }),
    });
    assert.equal(res.status, 200);
    const ua = String(stripe.requests.at(-1)!.headers['user-agent']);
    assert.ok(ua.includes(`rescuekit/${PACKAGE.version}`), ua);
  } finally {
    await server.close();
  }
});
