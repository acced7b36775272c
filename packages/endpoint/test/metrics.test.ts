/**
 * GET /metrics: only for METRICS_TOKEN (401 without it, 404 when none is set), and it counts what
 * happens: an offline gift and an online one (with their money), a refused and an applied webhook
 * delivery, an open live stream, a 429.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { ADMIN } from './helpers.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnopq';
const SECRET = 'whsec_metrics_0123456789abcdef';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000 }] };

async function withApp(metricsToken: string | undefined, fn: (app: App) => Promise<void>, config: RescuekitConfig = CONFIG, url = 'sqlite::memory:') {
  const store = await openStore(url);
  const app = createApp({ config, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, metricsToken });
  try {
    await app.ready;
    await fn(app);
  } finally {
    await app.close();
    await store.close();
  }
}

/** The value of one series (`name` or `name{labels}` exactly as exposed), or 0 when absent. */
async function scrape(app: App): Promise<(series: string) => number> {
  const res = await app.fetch(new Request('http://rk.test/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  return (series) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };
}

const paid = stripeEvent('checkout.session.completed', {
  id: 'cs_metrics_1', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2700, currency: 'usd', payment_intent: 'pi_metrics_1',
  metadata: { rescuekit_campaign: 'team', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '0' },
}, { id: 'evt_metrics_1' });

test('metrics need their token; without one set they are off', async () => {
  await withApp(TOKEN, async (app) => {
    assert.equal((await app.fetch(new Request('http://rk.test/metrics'))).status, 401);
    assert.equal((await app.fetch(new Request('http://rk.test/metrics', { headers: { authorization: `Bearer ${ADMIN}` } }))).status, 401, 'not the admin token either');
  });
  await withApp(undefined, async (app) => {
    const res = await app.fetch(new Request('http://rk.test/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { detail: string }).detail, /METRICS_TOKEN/);
  });
});

test('a gift, a refused and an applied webhook, an open stream and a 429 are counted', async () => {
  await withApp(TOKEN, async (app) => {
    let m = await scrape(app);
    assert.equal(m('rescuekit_gifts_counted_total{kind="offline"}'), 0);

    const gift = await app.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': 'metrics-gift-1' },
      body: JSON.stringify({ amount: 4500, currency: 'usd', note: 'bake sale' }),
    }));
    assert.equal(gift.status, 201);
    const bad = signedWebhook(paid, 'whsec_not_ours_0123456789abcdef');
    assert.equal((await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: bad.headers, body: bad.body }))).status, 400);
    const good = signedWebhook(paid, SECRET);
    assert.equal((await app.stripeWebhook(new TextEncoder().encode(good.body), good.headers['stripe-signature'])).status, 200, 'the Node fast path counts too');
    assert.equal((await app.stripeWebhook(new TextEncoder().encode(good.body), good.headers['stripe-signature'])).status, 200);

    const stream = await app.fetch(new Request('http://rk.test/v1/campaigns/team/events'), { ip: '198.51.100.9' });
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    await reader.read();
    m = await scrape(app);
    assert.equal(m('rescuekit_gifts_counted_total{kind="offline"}'), 1);
    assert.equal(m('rescuekit_money_counted_minor_total{kind="offline",currency="usd"}'), 4500);
    assert.equal(m('rescuekit_gifts_counted_total{kind="online"}'), 1, 'the redelivery is not a second gift');
    assert.equal(m('rescuekit_money_counted_minor_total{kind="online",currency="usd"}'), 2700);
    assert.equal(m('rescuekit_webhook_deliveries_total{outcome="invalid_signature"}'), 1);
    assert.equal(m('rescuekit_webhook_deliveries_total{outcome="applied"}'), 1);
    assert.equal(m('rescuekit_webhook_deliveries_total{outcome="duplicate"}'), 1);
    assert.equal(m('rescuekit_webhook_duration_seconds_count'), 3);
    assert.equal(m('rescuekit_open_streams'), 1);
    await reader.cancel();
    for (let i = 0; i < 50 && (await scrape(app))('rescuekit_open_streams') !== 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await scrape(app))('rescuekit_open_streams'), 0, 'a closed stream is no longer counted');

    // 21 wrong credentials from one address: the 21st answer is a 429.
    for (let i = 0; i < 21; i++) await app.fetch(new Request('http://rk.test/v1/campaigns', { headers: { authorization: `Bearer guess-${i}` } }), { ip: '203.0.113.9' });
    m = await scrape(app);
    assert.ok(m('rescuekit_refusals_total{status="429"}') >= 1);
    assert.ok(m('rescuekit_process_cpu_seconds_total') > 0, 'and Node\'s own figures');
  });
});

test('the Grafana dashboard and the alert rules in docs/monitoring read only series /metrics serves', async () => {
  const docs = new URL('../../../docs/monitoring/', import.meta.url);
  const dashboard = JSON.parse(readFileSync(new URL('grafana-dashboard.json', docs), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
  const rules = readFileSync(new URL('alerts.yml', docs), 'utf8');
  const exprs = [...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...[...rules.matchAll(/^\s+expr: (.+)$/gm)].map((m) => m[1]!)];
  assert.ok(exprs.length >= 13, `${exprs.length} expressions`);
  assert.equal([...rules.matchAll(/^\s+- alert: /gm)].length, 3, 'three alert rules');
  await withApp(TOKEN, async (app) => {
    const res = await app.fetch(new Request('http://rk.test/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
    const served = new Set([...(await res.text()).matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b(rescuekit_[a-z0-9_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, ''))));
    assert.deepEqual([...used].filter((name) => !served.has(name)), [], 'every series named is served');
  });
});

test('team cash waiting for approval is counted when it is approved, once', async () => {
  const config: RescuekitConfig = { campaigns: [{ ...CONFIG.campaigns[0]!, cashNeedsApproval: true }] };
  await withApp(TOKEN, async (app) => {
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const key = ((await (await app.fetch(new Request('http://rk.test/v1/campaigns/team/keys', { method: 'POST', headers: admin, body: '{}' }), { ip: '198.51.100.1' })).json()) as { token: string }).token;
    const sent = await app.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': 'metrics-pending-1' },
      body: JSON.stringify({ amount: 1200, currency: 'usd', note: 'cake stall' }),
    }), { ip: '198.51.100.1' });
    assert.equal(sent.status, 201);
    const id = ((await sent.json()) as { gift: { id: string; status: string } }).gift.id;
    assert.equal((await scrape(app))('rescuekit_gifts_counted_total{kind="offline"}'), 0, 'pending: not counted yet');
    for (let i = 0; i < 2; i++) {
      const approved = await app.fetch(new Request(`http://rk.test/v1/campaigns/team/offline-gifts/${id}/approve`, { method: 'POST', headers: admin, body: '{}' }), { ip: '198.51.100.1' });
      assert.equal(approved.status, 200);
    }
    const m = await scrape(app);
    assert.equal(m('rescuekit_gifts_counted_total{kind="offline"}'), 1, 'approved twice, counted once');
    assert.equal(m('rescuekit_money_counted_minor_total{kind="offline",currency="usd"}'), 1200);
  }, config);
});

test('the Postgres connection pool: open, idle, waiting and its cap', async () => {
  const postgres = BACKENDS.find((b) => b.name === 'postgres')!;
  const stop = await startBackends();
  try {
    await withApp(TOKEN, async (app) => {
      const m = await scrape(app);
      assert.ok(m('rescuekit_store_pool_connections{state="total"}') >= 1, 'at least the connection that migrated');
      assert.equal(m('rescuekit_store_pool_connections{state="max"}'), 10);
      assert.equal(m('rescuekit_store_pool_connections{state="waiting"}'), 0);
    }, CONFIG, await postgres.fresh());
    await withApp(TOKEN, async (app) => {
      assert.equal((await scrape(app))('rescuekit_store_pool_connections{state="max"}'), 0, 'SQLite has no pool: no series');
    });
  } finally {
    await stop();
  }
});

test('the share-image queue and cache are watched from the first image on', async () => {
  await withApp(TOKEN, async (app) => {
    let m = await scrape(app);
    assert.equal(m('rescuekit_share_image_cache_bytes'), 0, 'no image drawn yet');
    const images = await Promise.all(['svg', 'png', 'svg?lang=ko', 'png?lang=ko'].map((f) => app.fetch(new Request(`http://rk.test/v1/campaigns/team/card.${f}`))));
    assert.deepEqual(images.map((r) => r.status), [200, 200, 200, 200]);
    const bytes = (await Promise.all(images.map(async (r) => (await r.arrayBuffer()).byteLength))).reduce((a, b) => a + b, 0);
    m = await scrape(app);
    assert.equal(m('rescuekit_share_image_cache_bytes'), bytes, 'the four images kept');
    assert.equal(m('rescuekit_share_image_renders{state="running"}'), 0);
    assert.equal(m('rescuekit_share_image_renders{state="waiting"}'), 0);
    // The gauges read the queue as it stands at the scrape.
    app.metrics.watchRenders(() => ({ running: 2, waiting: 5, bytes: 1234 }));
    m = await scrape(app);
    assert.deepEqual([m('rescuekit_share_image_renders{state="running"}'), m('rescuekit_share_image_renders{state="waiting"}'), m('rescuekit_share_image_cache_bytes')], [2, 5, 1234]);
  });
});
