/**
 * A re-read config (SIGHUP) applies the top-level settings that can change while running, from the next
 * request: a partner origin added to `allowedOrigins` gets its checkout, a new `publicUrl` is in the hosted
 * page's links, `embedAncestors` frames the embeds; settings read once at start are named as needing a
 * restart. A `match` written with another offset is the stored instant, not a difference.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { ADMIN, spawnCli } from './helpers.js';
import { startStripeServer } from './support/stripe-server.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const team = { id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000 };
const BASE: RescuekitConfig = { publicUrl: 'https://give.example.org', campaigns: [team] };
const checkoutBody = (origin: string) => JSON.stringify({ campaign: 'team', amount: 900, currency: 'usd', frequency: 'once', coverFees: false, uiMode: 'redirect', returnUrl: `${origin}/thanks` });
const checkout = (origin: string) => new Request('http://rk.test/v1/checkout', { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: checkoutBody(origin) });

test('reload: allowedOrigins, publicUrl and embedAncestors hold from the next request; humanCheck and manageGivingUrl are named as needing a restart', async () => {
  const store = openSqliteStore(':memory:');
  const app = createApp({ config: BASE, store, adminToken: ADMIN, logger: () => {} });
  await app.ready;
  try {
    const before = await app.fetch(checkout('https://partner.example'), { ip: '203.0.113.1' });
    assert.deepEqual([before.status, (await before.json()).code], [403, 'origin_not_allowed']);
    assert.match(await (await app.fetch(new Request('http://rk.test/c/team'))).text(), /https:\/\/give\.example\.org\/c\/team/);
    const next: RescuekitConfig = {
      ...BASE, allowedOrigins: ['https://partner.example'], publicUrl: 'https://rescue.example.net', embedAncestors: ['https://riverside.example.org'],
      manageGivingUrl: 'https://billing.stripe.com/p/login/test', humanCheck: { provider: 'turnstile', siteKey: 'x' } as never,
    };
    const report = await app.reload(next);
    assert.deepEqual(report.settings.applied.sort(), ['allowedOrigins', 'embedAncestors', 'publicUrl']);
    assert.deepEqual(report.settings.needRestart.sort(), ['humanCheck', 'manageGivingUrl']);
    const after = await app.fetch(checkout('https://partner.example'), { ip: '203.0.113.1' });
    assert.notEqual(after.status, 403, 'the added origin passes the origin rule (no Stripe key here: 503 not_configured)');
    assert.equal((await after.json()).code, 'not_configured');
    const page = await (await app.fetch(new Request('http://rk.test/c/team'))).text();
    assert.match(page, /https:\/\/rescue\.example\.net\/c\/team/);
    assert.doesNotMatch(page, /give\.example\.org/);
    const embed = await app.fetch(new Request('http://rk.test/embed/rescue-thermometer?campaign=team'));
    assert.match(embed.headers.get('content-security-policy') ?? '', /frame-ancestors https:\/\/riverside\.example\.org/);
    assert.deepEqual((await app.reload(next)).settings, { applied: [], needRestart: ['humanCheck', 'manageGivingUrl'] }, 'the same file again: nothing new applied, the restart still owed');
  } finally {
    await app.close();
    await store.close();
  }
});

test('a match written with another offset is the stored instant: no drift warning; a really different time still warns', async () => {
  const store = openSqliteStore(':memory:');
  const match = { ratio: 1, cap: 500_000, startsAt: '2026-12-03T09:00:00+09:00', endsAt: '2026-12-04T00:00:00Z', label: 'the Kim Family Foundation' };
  const logs: string[] = [];
  const app = createApp({ config: { campaigns: [{ ...team, match, endsAt: '2026-12-03T18:00:00-05:00' }] }, store, adminToken: ADMIN, logger: (l) => logs.push(l) });
  await app.ready;
  try {
    await store.patchCampaign('team', { match: { ...match, startsAt: '2026-12-03T00:00:00.000Z' }, endsAt: '2026-12-03T23:00:00.000Z' });
    await app.reload({ campaigns: [{ ...team, match, endsAt: '2026-12-03T18:00:00-05:00' }] });
    const drift = () => logs.filter((l) => l.includes('config differs from the store')).map((l) => JSON.parse(l).fields);
    assert.deepEqual(drift(), [], 'same instants, other offsets');
    await app.reload({ campaigns: [{ ...team, match: { ...match, startsAt: '2026-12-03T10:00:00+09:00' }, endsAt: '2026-12-03T18:00:00-05:00' }] });
    assert.deepEqual(drift(), [['match']]);
  } finally {
    await app.close();
    await store.close();
  }
});

test('SIGHUP to rescuekit serve: a partner origin added to the file gets its checkout, and the log names what was applied', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rk-hup-'));
  const stripe = await startStripeServer();
  t.after(async () => {
    await stripe.close();
    await rm(dir, { recursive: true, force: true });
  });
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify(BASE));
  const run = await spawnCli(['serve', '--config', config, '--port', '0'], {
    DATABASE_URL: `sqlite:${join(dir, 'rk.db')}`, ADMIN_TOKEN: ADMIN, STRIPE_SECRET_KEY: 'sk_test_hup', STRIPE_API_URL: stripe.url,
  });
  try {
    const give = () => fetch(`${run.url}/v1/checkout`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://partner.example' }, body: checkoutBody('https://partner.example') });
    assert.equal((await give()).status, 403);
    await writeFile(config, JSON.stringify({ ...BASE, allowedOrigins: ['https://partner.example'] }));
    run.child.kill('SIGHUP');
    for (let i = 0; i < 100 && !run.output().includes('SIGHUP: config re-read'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(run.output(), /SIGHUP: config re-read; applied allowedOrigins; no new campaigns/);
    const res = await give();
    assert.equal(res.status, 200, await res.clone().text());
    assert.match((await res.json()).url, /^https:\/\//);
  } finally {
    run.child.kill('SIGTERM');
  }
});
