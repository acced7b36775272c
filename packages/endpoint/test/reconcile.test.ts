/**
 * `rescuekit reconcile`: lost webhooks are recovered from Stripe's event log,
 * already-counted events change nothing, and a second run is a no-op.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp } from '../src/app.js';
import { reconcile } from '../src/reconcile.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createStripeClient } from '../src/stripe/client.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';
import { ADMIN, CLI, REPO_ROOT, tempDir, writeConfig } from './helpers.js';

const SECRET = 'whsec_reconcile_0123456789';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'team', title: 'Three rescues', currency: 'usd', goal: 900_000, rescueCost: 300_000 }] };
const now = Math.floor(Date.now() / 1000);

const paid = (n: number, amount: number) =>
  stripeEvent(
    'checkout.session.completed',
    { id: `cs_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd', payment_intent: `pi_${n}`, metadata: { rescuekit_campaign: 'team' } },
    { id: `evt_paid_${n}`, created: now - 3600 + n },
  );
const refund = (n: number, amount: number) =>
  stripeEvent('charge.refunded', { id: `ch_${n}`, object: 'charge', amount_refunded: amount, currency: 'usd', payment_intent: `pi_${n}`, metadata: {} }, { id: `evt_refund_${n}`, created: now - 60 });

let stripe: StripeServer;
before(async () => (stripe = await startStripeServer()));
after(() => stripe.close());
beforeEach(() => (stripe.events.length = 0));

test('webhooks lost in transit are applied from the event log; delivered ones are not counted again', async () => {
  const history = [paid(1, 900), paid(2, 2700), paid(3, 4500), refund(2, 1000), paid(4, 9000)];
  stripe.events.push(...history, stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }, { id: 'evt_other' }));
  const store = openSqliteStore(':memory:');
  const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET });
  await app.ready;
  for (const e of [history[0], history[3]]) {
    const { body, headers } = signedWebhook(e, SECRET);
    assert.equal((await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }))).status, 200);
  }
  assert.equal((await store.getTotals('team'))!.raised, 900, 'the refund arrived before its payment: nothing to take out yet');

  const client = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_reconcile', STRIPE_API_URL: stripe.url })!;
  const report = await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns, batchSize: 2 });
  assert.deepEqual({ seen: report.seen, applied: report.applied, duplicates: report.duplicates, failed: report.failed }, { seen: 5, applied: 3, duplicates: 2, failed: 0 });
  const totals = (await store.getTotals('team'))!;
  assert.equal(totals.raised, 900 + 2700 - 1000 + 4500 + 9000);
  assert.equal(totals.donors, 4);
  assert.deepEqual(report.moved.map((t) => t.raised), [totals.raised]);
  const listed = stripe.requests.filter((r) => r.path === '/v1/events');
  assert.ok(listed.length >= 1);
  assert.match(listed[0]!.raw + String(listed[0]!.headers['stripe-version']), /endive/, 'pinned API version on the list call');

  const again = await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns });
  assert.equal(again.applied, 0);
  assert.equal(again.duplicates, 5);
  assert.equal((await store.getTotals('team'))!.raised, totals.raised);
  await app.close();
  await store.close();
});

test('reconcile keeps paid events for an unknown campaign, or in another currency, as unassigned; once, however often it runs', async () => {
  const ghost = stripeEvent('checkout.session.completed', {
    id: 'cs_g', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 3300, currency: 'usd', payment_intent: 'pi_g', metadata: { rescuekit_campaign: 'renamed-team' },
  }, { id: 'evt_ghost', created: now - 100 });
  const euro = stripeEvent('checkout.session.completed', {
    id: 'cs_e', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 700, currency: 'eur', payment_intent: 'pi_e', metadata: { rescuekit_campaign: 'team' },
  }, { id: 'evt_euro', created: now - 90 });
  stripe.events.push(ghost, euro);
  const store = openSqliteStore(':memory:');
  try {
    const client = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_reconcile', STRIPE_API_URL: stripe.url })!;
    const report = await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns });
    assert.deepEqual([report.applied, report.unassigned], [2, 2]);
    assert.deepEqual((await store.listUnassigned()).map((u) => [u.eventId, u.campaign, u.amount, u.currency]).sort(), [['evt_euro', 'team', 700, 'eur'], ['evt_ghost', 'renamed-team', 3300, 'usd']]);
    assert.equal((await store.getTotals('team'))!.raised, 0);
    const again = await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns });
    assert.deepEqual([again.duplicates, again.unassigned, (await store.listUnassigned()).length], [2, 0, 2]);
    await store.assignUnassigned('pi_g', 'team');
    assert.equal((await store.getTotals('team'))!.raised, 3300);
  } finally {
    await store.close();
  }
});

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('the CLI: reconcile into an SQLite file, idempotent; clear errors for a missing key or bad --days', async () => {
  stripe.events.push(paid(7, 2700), paid(8, 900));
  const { dir, cleanup } = await tempDir();
  try {
    const config = await writeConfig(dir, CONFIG);
    const env = { STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_API_URL: stripe.url, DATABASE_URL: `sqlite:${join(dir, 'rk.db')}` };
    const refused = await runCli(['reconcile', '--config', config], env);
    assert.equal(refused.code, 2, 'no database there yet: made only with --create');
    assert.match(refused.stderr, /no database at .*rk\.db.*--create/);
    const first = await runCli(['reconcile', '--config', config, '--create'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /store: sqlite .*rk\.db/);
    assert.match(first.stdout, /2 events read from Stripe \(30 days\): 2 newly applied, 0 already counted, 0 failed/);
    assert.match(first.stdout, /team: raised 3600 usd, 2 donors, 0 allies/);
    const second = await runCli(['reconcile', '--config', config, '--days', '7'], env);
    assert.equal(second.code, 0);
    assert.match(second.stdout, /0 newly applied, 2 already counted/);
    const noKey = await runCli(['reconcile', '--config', config], { ...env, STRIPE_SECRET_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /STRIPE_SECRET_KEY/);
    const badDays = await runCli(['reconcile', '--config', config, '--days', '31'], env);
    assert.equal(badDays.code, 2);
    assert.match(badDays.stderr, /--days must be a whole number 1\.\.30/);
  } finally {
    await cleanup();
  }
});

test('a lost Payment Link gift is counted from its PaymentIntent\'s campaign, once', async () => {
  stripe.paymentIntents.set('pi_link', { id: 'pi_link', amount: 2700, currency: 'usd', metadata: { rescuekit_campaign: 'team' } });
  stripe.events.push(stripeEvent('checkout.session.completed', {
    id: 'cs_link', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2700, currency: 'usd',
    payment_link: 'plink_1', payment_intent: 'pi_link', metadata: {},
  }, { id: 'evt_link', created: now - 100 }));
  const store = openSqliteStore(':memory:');
  const client = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_reconcile', STRIPE_API_URL: stripe.url })!;
  assert.equal((await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns })).applied, 1);
  assert.equal((await reconcile({ stripe: client, store, campaigns: CONFIG.campaigns })).duplicates, 1);
  assert.equal((await store.getTotals('team'))!.raised, 2700);
  await store.close();
});
