/**
 * The recent-gifts feed: `GET /v1/campaigns/:id/recent` and SSE `recent` frames. Anonymous even
 * when the ledger holds a name (an offline note, Stripe metadata and customer details), hours
 * never minutes, offline categories, a voided gift leaving the feed, and the store read on both
 * stores (fresh and upgraded from 0.1, whose ledger gains the category column).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RecentGifts, type RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { startServer } from '../src/node.js';
import { openStore } from '../src/store/open.js';
import { publicGift, toHour } from '../src/live/recent-gifts.js';
import { ADMIN, openSse } from './helpers.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

const SECRET = 'whsec_recent_gifts_test';
const c = (id: string, title: string, parent?: string) => ({ id, title, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
const CONFIG: RescuekitConfig = {
  campaigns: [c('movement', 'The Movement'), c('seoul', 'Seoul chapter', 'movement'), { ...c('busan', 'Busan chapter', 'movement'), cashNeedsApproval: true }, c('other', 'Elsewhere')],
};
/** What must never reach a public feed, though the ledger or Stripe holds it. */
const SECRETS = ['Kim Min-jun', 'minjun@example.org', 'Gangnam', 'key_', 'offline:', 'stripe-event', 'evt_', 'cs_', 'pi_', 'admin', 'note'];

let stop: () => Promise<void>;
before(async () => (stop = await startBackends()));
after(async () => stop());

const post = (app: App, path: string, body: unknown, key = crypto.randomUUID()) =>
  app.fetch(new Request(`http://rk.test${path}`, {
    method: 'POST', body: JSON.stringify(body),
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': key },
  }));
async function offline(app: App, campaign: string, body: Record<string, unknown>): Promise<string> {
  const res = await post(app, `/v1/campaigns/${campaign}/offline-gifts`, { currency: 'usd', ...body });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { gift: { id: string } }).gift.id;
}
/** A paid Checkout Session whose metadata and customer details name the donor. */
async function online(app: App, campaign: string, amount: number, n: number, frequency?: 'monthly') {
  const event = stripeEvent('checkout.session.completed', {
    id: `cs_named_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd',
    payment_intent: `pi_named_${n}`, customer_details: { name: 'Kim Min-jun', email: 'minjun@example.org', address: { city: 'Gangnam' } },
    metadata: { rescuekit_campaign: campaign, donor_name: 'Kim Min-jun', rescuekit_tribute: 'in memory of Kim Min-jun', ...(frequency ? { rescuekit_frequency: frequency } : {}) },
  }, { id: `evt_named_${n}`, created: 1_760_000_000 + n });
  const { body, headers } = signedWebhook(event, SECRET);
  const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
  assert.equal(res.status, 200, await res.clone().text());
}
const recent = async (app: App, campaign: string, query = '') => {
  const res = await app.fetch(new Request(`http://rk.test/v1/campaigns/${campaign}/recent${query}`));
  assert.equal(res.status, 200, await res.clone().text());
  const text = await res.text();
  for (const s of SECRETS) assert.ok(!text.includes(s), `the feed shows "${s}": ${text}`);
  return { res, feed: RecentGifts.parse(JSON.parse(text)), text };
};
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

test('coarse times: every gift time becomes its hour (UTC), never minutes or seconds', () => {
  assert.equal(toHour('2026-12-01T14:59:59.999Z'), '2026-12-01T14:00:00Z');
  assert.equal(toHour('2026-12-01T00:00:00.000Z'), '2026-12-01T00:00:00Z');
  assert.equal(toHour('2026-12-31T23:01:00+09:00'), '2026-12-31T14:00:00Z');
  const row = { id: 'g', campaign: 'seoul', amount: 900, currency: 'usd', kind: 'offline' as const, category: 'concert', createdAt: '2026-12-01T09:41:07.123Z' };
  assert.deepEqual(publicGift(row, 'movement', () => 'Seoul chapter'), { amount: 900, currency: 'usd', team: 'Seoul chapter', when: '2026-12-01T09:00:00Z', kind: 'offline', category: 'concert' });
  assert.deepEqual(publicGift({ ...row, kind: 'invoice', category: null }, 'seoul', () => 'x'), { amount: 900, currency: 'usd', team: null, when: '2026-12-01T09:00:00Z', kind: 'monthly' });
});

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    test('recentGifts: counted gifts of the subtree newest first, with category; voided and pending gifts left out; no note read', async () => {
      const url = await backend.fresh();
      const store = await openStore(url);
      const app = createApp({ config: CONFIG, store, adminToken: ADMIN, webhookSecret: SECRET, logger: () => {} });
      try {
        await app.ready;
        await offline(app, 'seoul', { amount: 4500, note: "Kim Min-jun's bake sale in Gangnam", category: 'bake_sale' });
        await online(app, 'movement', 2700, 1);
        const voided = await offline(app, 'seoul', { amount: 3000, note: 'cheque from Kim Min-jun', category: 'cheque' });
        await offline(app, 'other', { amount: 100_000 }); // another tree
        await offline(app, 'busan', { amount: 5000, category: 'concert' }); // admin: counted at once
        const void_ = await post(app, `/v1/campaigns/seoul/offline-gifts/${voided}/void`, { reason: 'bounced' });
        assert.equal(void_.status, 200, await void_.clone().text());
        const rows = await store.recentGifts('movement', 50);
        assert.deepEqual(rows.map((r) => [r.campaign, r.amount, r.kind, r.category]), [
          ['busan', 5000, 'offline', 'concert'], ['movement', 2700, 'checkout', null], ['seoul', 4500, 'offline', 'bake_sale'],
        ]);
        for (const r of rows) assert.deepEqual(Object.keys(r).sort(), ['amount', 'campaign', 'category', 'createdAt', 'currency', 'id', 'kind']);
        assert.deepEqual((await store.recentGifts('seoul', 50)).map((r) => r.amount), [4500]);
        assert.deepEqual((await store.recentGifts('movement', 1)).map((r) => r.amount), [5000]);
        const raw = await backend.raw(url);
        try {
          const stored = await raw.all<{ category: string | null }>('SELECT category FROM ledger WHERE id = ?', [voided]);
          assert.deepEqual(stored, [{ category: 'cheque' }]);
        } finally {
          await raw.close();
        }
      } finally {
        await app.close();
        await store.close();
      }
    });

    test('a database upgraded from 0.1 gains the category column: old gifts show without one, new ones with it', async () => {
      const url = await backend.fromRelease('0.1');
      const store = await openStore(url);
      const app = createApp({ config: { campaigns: [c('the-hundred', 'The Hundred'), c('rescue-team-demo', 'Rescue Team demo'), { ...c('won', 'KRW'), currency: 'krw' }, { ...c('quiet', 'Quiet'), currency: 'eur' }] }, store, adminToken: ADMIN, logger: () => {} });
      try {
        await app.ready;
        const before = await store.recentGifts('rescue-team-demo', 50);
        assert.ok(before.length > 0);
        assert.ok(before.every((r) => r.category === null));
        await offline(app, 'rescue-team-demo', { amount: 1200, category: 'concert', note: 'Kim Min-jun played' });
        const [newest] = await store.recentGifts('rescue-team-demo', 1);
        assert.deepEqual([newest?.amount, newest?.category], [1200, 'concert']);
        const { feed } = await recent(app, 'rescue-team-demo');
        assert.deepEqual(feed.gifts[0], { amount: 1200, currency: 'usd', team: null, when: feed.gifts[0]!.when, kind: 'offline', category: 'concert' });
      } finally {
        await app.close();
        await store.close();
      }
    });
  });
}

describe('GET /v1/campaigns/:id/recent', () => {
  test('anonymous, team titles, hours only, limit 1..50; ETag/304; a voided gift leaves the feed', async () => {
    const store = await openStore(await BACKENDS[0]!.fresh());
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, webhookSecret: SECRET, logger: () => {} });
    try {
      await app.ready;
      const empty = await recent(app, 'movement');
      assert.deepEqual(empty.feed.gifts, []);
      const first = await offline(app, 'seoul', { amount: 4500, note: "Kim Min-jun's bake sale, Gangnam", category: 'bake_sale' });
      await online(app, 'movement', 2700, 1);
      await online(app, 'seoul', 900, 2, 'monthly');
      await tick();
      const { res, feed } = await recent(app, 'movement');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.match(res.headers.get('cache-control')!, /max-age=5/);
      assert.deepEqual(feed.gifts.map((g) => [g.amount, g.team, g.kind, g.category]), [
        [900, 'Seoul chapter', 'online', undefined], [2700, null, 'online', undefined], [4500, 'Seoul chapter', 'offline', 'bake_sale'],
      ]);
      for (const g of feed.gifts) assert.match(g.when, /T\d{2}:00:00Z$/);
      assert.equal((await recent(app, 'movement', '?limit=1')).feed.gifts.length, 1);
      assert.equal((await recent(app, 'seoul')).feed.gifts.every((g) => g.team === null), true);
      const etag = res.headers.get('etag')!;
      const again = await app.fetch(new Request('http://rk.test/v1/campaigns/movement/recent', { headers: { 'if-none-match': etag } }));
      assert.equal(again.status, 304);
      for (const bad of ['0', '51', 'x', '-1', '1.5']) {
        const r = await app.fetch(new Request(`http://rk.test/v1/campaigns/movement/recent?limit=${bad}`));
        assert.equal(r.status, 400);
        assert.equal((await r.json()).field, 'limit');
      }
      assert.equal((await app.fetch(new Request('http://rk.test/v1/campaigns/nope/recent'))).status, 404);

      assert.equal((await post(app, `/v1/campaigns/seoul/offline-gifts/${first}/void`, {})).status, 200);
      await tick();
      const after = await recent(app, 'movement');
      assert.deepEqual(after.feed.gifts.map((g) => g.amount), [900, 2700]);
      assert.notEqual(after.res.headers.get('etag'), etag);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('served from memory: one store read per totals version, however many requests', async () => {
    const store = await openStore(await BACKENDS[0]!.fresh());
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      await offline(app, 'seoul', { amount: 4500 });
      await tick();
      const reads = app.hub.recent.stats.reads;
      await Promise.all(Array.from({ length: 20 }, () => recent(app, 'movement', '?limit=5')));
      await recent(app, 'movement', '?limit=7');
      assert.equal(app.hub.recent.stats.reads - reads, 1);
      await offline(app, 'seoul', { amount: 500 });
      await tick();
      assert.deepEqual((await recent(app, 'movement')).feed.gifts.map((g) => g.amount), [500, 4500]);
      assert.equal(app.hub.recent.stats.reads - reads, 2);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('a gift committed while the feed is being read is in the next feed (no stale read is reused)', async () => {
    const store = await openStore(await BACKENDS[0]!.fresh());
    let hold: Promise<void> | undefined;
    const read = store.recentGifts.bind(store);
    store.recentGifts = async (campaign: string, limit: number) => {
      const rows = await read(campaign, limit);
      await hold;
      return rows;
    };
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      await offline(app, 'seoul', { amount: 4500 });
      await tick();
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      const slow = app.hub.recent.feed('movement', 10); // reads before the next gift, answers after it
      await tick();
      await offline(app, 'seoul', { amount: 700 });
      await tick();
      const fresh = app.hub.recent.feed('movement', 10);
      release();
      assert.deepEqual((await slow)?.feed.gifts.map((g) => g.amount), [4500]);
      assert.deepEqual((await fresh)?.feed.gifts.map((g) => g.amount), [700, 4500]);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('SSE: `recent` frames only when asked (?recent=N), a new one on each gift and on a void; bad N refused', async () => {
    const store = await openStore(await BACKENDS[0]!.fresh());
    const server = await startServer({ config: CONFIG, store, databaseUrl: '', adminToken: ADMIN, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const give = (campaign: string, body: unknown) => fetch(`${server.url}/v1/campaigns/${campaign}/offline-gifts`, {
      method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    });
    const live = await openSse(`${server.url}/v1/campaigns/movement/events?recent=2`);
    const plain = await openSse(`${server.url}/v1/campaigns/movement/events`);
    try {
      const frames = () => live.events.filter((e) => e.event === 'recent').map((e) => RecentGifts.parse(JSON.parse(e.data)).gifts.map((g) => [g.amount, g.category ?? null]));
      await live.waitFor(2);
      assert.deepEqual(frames(), [[]]);
      const res = await give('seoul', { amount: 4500, currency: 'usd', category: 'concert', note: 'Kim Min-jun' });
      const { gift } = (await res.json()) as { gift: { id: string } };
      for (let i = 0; i < 100 && frames().length < 2; i++) await tick(20);
      assert.deepEqual(frames(), [[], [[4500, 'concert']]]);
      await fetch(`${server.url}/v1/campaigns/seoul/offline-gifts/${gift.id}/void`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      for (let i = 0; i < 100 && frames().length < 3; i++) await tick(20);
      assert.deepEqual(frames(), [[], [[4500, 'concert']], []]);
      assert.ok(live.events.every((e) => !e.data.includes('Kim Min-jun')));
      assert.equal(plain.events.filter((e) => e.event === 'recent').length, 0);
      assert.ok(plain.events.some((e) => e.event === 'progress'));
      const bad = await fetch(`${server.url}/v1/campaigns/movement/events?recent=99`);
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).field, 'recent');
    } finally {
      await live.close();
      await plain.close();
      await server.close();
      await store.close();
    }
  });
});
