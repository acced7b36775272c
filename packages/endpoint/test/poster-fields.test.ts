/**
 * The poster's lower third on both stores: a lead sets why, date, place and prices with
 * PATCH /v1/campaigns/:id; bad fields are refused with the field named and change nothing; the
 * poster prints them (prices in the campaign's currency) and nothing from the query string; a
 * fundraiser page's poster shows its team's why line only.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  publicUrl: 'https://give.example',
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'team', title: 'Riverside', parent: 'movement', fundraisers: 'auto', ...base },
    { id: 'won-team', title: 'Seoul', currency: 'krw', goal: 9_000_000, rescueCost: 3_000_000 },
  ],
};
const POSTER = {
  why: 'Every $3,000 brings one refugee to freedom',
  date: 'Saturday 14 March, 10am-2pm',
  place: 'Riverside High School, main hall',
  prices: [{ item: 'Cupcake', amount: 300 }, { item: 'Lemonade', amount: 150 }, { item: 'Whole cake', amount: 2_500 }],
};

for (const backend of BACKENDS) {
  describe(`${backend.name}: the poster's lower third`, () => {
    let store: Store;
    let app: App;
    let ip = 0;
    before(async () => {
      store = await openStore(await backend.fresh());
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });
    const call = async (method: string, path: string, token: string | undefined, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: `198.51.100.${(ip++ % 250) + 1}` });
      const text = await res.text();
      return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Record<string, any> };
    };
    const person = async (campaign: string, role: string) => {
      const invite = await call('POST', `/v1/campaigns/${campaign}/invites`, ADMIN, { role });
      const taken = await call('POST', '/v1/invites/accept', undefined, { code: invite.body['code'] });
      assert.equal(taken.status, 201, JSON.stringify(taken.body));
      return taken.body['key'] as string;
    };
    const posterOf = async (path: string) => (await call('GET', path, undefined)).body as unknown as string;
    const listed = async (id: string) => ((await call('GET', `/v1/campaigns?under=${id}`, ADMIN)).body['campaigns'] as { id: string; poster?: unknown }[]).find((c) => c.id === id);

    test('a lead sets the poster fields; they are kept and printed, prices in the campaign\'s currency', async () => {
      const lead = await person('team', 'lead');
      const res = await call('PATCH', '/v1/campaigns/team', lead, { poster: POSTER });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body['campaign'].poster, POSTER);
      assert.deepEqual((await listed('team'))?.poster, POSTER, 'stored and listed');
      const html = await posterOf('/c/team/poster');
      assert.match(html, /<section class="lower" aria-label="Why, when and where">/);
      assert.match(html, /<p class="why">Every \$3,000 brings one refugee to freedom<\/p>/);
      assert.match(html, /<p class="when">Saturday 14 March, 10am-2pm · Riverside High School, main hall<\/p>/);
      assert.match(html, /<tr><th scope="row">Cupcake<\/th><td class="amount">\$3<\/td><\/tr><tr><th scope="row">Lemonade<\/th><td class="amount">\$1.50<\/td><\/tr><tr><th scope="row">Whole cake<\/th><td class="amount">\$25<\/td><\/tr>/);
      assert.match(await posterOf('/c/team/poster?lang=ko'), /<caption>가격<\/caption>.*<td class="amount">US\$1.50<\/td>/s);
      // Won has no minor unit: 2500 is ₩2,500.
      const won = await call('PATCH', '/v1/campaigns/won-team', ADMIN, { poster: { prices: [{ item: '떡', amount: 2_500 }] } });
      assert.equal(won.status, 200, JSON.stringify(won.body));
      assert.match(await posterOf('/c/won-team/poster?lang=ko'), /<th scope="row">떡<\/th><td class="amount">₩2,500<\/td>/);
      // Replaced whole, and emptied with {}.
      assert.equal((await call('PATCH', '/v1/campaigns/won-team', ADMIN, { poster: {} })).status, 200);
      assert.doesNotMatch(await posterOf('/c/won-team/poster'), /class="lower"/);
    });

    test('the query string never writes on the poster', async () => {
      const html = await posterOf('/c/team/poster?why=Buy+my+crypto&place=evil&prices=1');
      assert.doesNotMatch(html, /crypto|evil/);
      assert.match(html, /Every \$3,000 brings/);
    });

    test('bad poster fields are refused with the field named, and change nothing', async () => {
      const lead = await person('team', 'lead');
      for (const [poster, field] of [
        [{ why: 'one\ntwo' }, 'poster.why'],
        [{ why: 'x'.repeat(141) }, 'poster.why'],
        [{ why: '   ' }, 'poster.why'],
        [{ place: 'Hall \u202eevil' }, 'poster.place'],
        [{ date: 'd'.repeat(61) }, 'poster.date'],
        [{ prices: [{ item: 'Cake', amount: 2.5 }] }, 'poster.prices.0.amount'],
        [{ prices: [{ item: 'Cake', amount: -1 }] }, 'poster.prices.0.amount'],
        [{ prices: [{ item: '', amount: 100 }] }, 'poster.prices.0.item'],
        [{ prices: [{ item: 'Cake', amount: 100, colour: 'red' }] }, 'poster.prices.0.colour'],
        [{ prices: Array.from({ length: 7 }, (_, i) => ({ item: `Item ${i}`, amount: 100 })) }, 'poster.prices'],
        [{ subtitle: 'not a field' }, 'poster.subtitle'],
      ] as const) {
        const res = await call('PATCH', '/v1/campaigns/team', lead, { poster });
        assert.equal(res.status, 400, JSON.stringify(poster));
        assert.equal(res.body['field'], field, `${JSON.stringify(poster)}: ${res.body['detail']}`);
      }
      assert.deepEqual((await listed('team'))?.poster, POSTER, 'nothing changed');
      const treasurer = await person('team', 'treasurer');
      assert.equal((await call('PATCH', '/v1/campaigns/team', treasurer, { poster: { why: 'x' } })).status, 403);
      const otherLead = await person('won-team', 'lead');
      assert.equal((await call('PATCH', '/v1/campaigns/team', otherLead, { poster: { why: 'x' } })).status, 403);
    });

    test("a fundraiser page's poster shows its team's why line, not the team's date, place or prices", async () => {
      const made = await call('POST', '/v1/campaigns/team/fundraisers', undefined, { displayName: 'Mina', goal: 30_000, story: 'Running for freedom' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const html = await posterOf(`/c/${made.body['id']}/poster`);
      assert.match(html, /<p class="why">Every \$3,000 brings one refugee to freedom<\/p>/);
      assert.doesNotMatch(html, /Saturday 14 March|main hall|Cupcake/);
    });
  });
}
