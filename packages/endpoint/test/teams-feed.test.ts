/**
 * The leaderboard feed: `GET /v1/campaigns/:id/teams` ranked from memory (1,000 teams, no store
 * read), ETag/304, bad limits refused; SSE `teams` frames only for streams that ask, only when a
 * rank or a total among their first N changes, and across servers on both stores.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Progress, TeamsFeed, type RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { startServer, type RunningServer } from '../src/node.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { openStore } from '../src/store/open.js';
import { ADMIN, countingStore, openSse } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

const c = (id: string, parent?: string, over: Record<string, unknown> = {}) => ({ id, title: `T ${id}`, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}), ...over });
const CONFIG: RescuekitConfig = {
  campaigns: [
    c('movement', undefined, { alliesGoal: 25_000_000 }),
    c('alpha', 'movement', { title: 'Alpha' }),
    c('bravo', 'movement', { title: 'Bravo' }),
    c('charlie', 'movement', { title: 'Charlie' }),
    c('gone', 'movement', { title: 'Gone', archived: true }),
    c('alpha-squad', 'alpha', { title: 'Alpha squad' }),
  ],
};

const get = (app: App, path: string, headers: Record<string, string> = {}) => app.fetch(new Request(`http://rk.test${path}`, { headers }));
const give = async (app: App | RunningServer, campaign: string, amount: number) => {
  const req = new Request(`${'url' in app ? app.url : 'http://rk.test'}/v1/campaigns/${campaign}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd' }),
  });
  const res = 'url' in app ? await fetch(req) : await app.fetch(req);
  assert.equal(res.status, 201, await res.clone().text());
};
const feedOf = async (res: Response) => TeamsFeed.parse(await res.json());
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

describe('GET /v1/campaigns/:id/teams', () => {
  test('direct, non-archived children ranked by raised then title, the parent as caption, alliesGoal on progress', async () => {
    const store = openSqliteStore(':memory:');
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      await give(app, 'charlie', 5_000);
      await give(app, 'alpha-squad', 2_000); // counts toward alpha, which is not ahead of charlie
      await give(app, 'gone', 9_000); // archived: counts toward the movement, never ranked
      await tick();
      const res = await get(app, '/v1/campaigns/movement/teams');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=600');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      const feed = await feedOf(res);
      assert.deepEqual(feed.teams.map((t) => [t.campaign, t.raised]), [['charlie', 5_000], ['alpha', 2_000], ['bravo', 0]]);
      assert.equal(feed.count, 3);
      assert.equal(feed.campaign.campaign, 'movement');
      assert.equal(feed.campaign.raised, 16_000);
      assert.equal(feed.campaign.alliesGoal, 25_000_000);
      assert.equal(Progress.parse(await (await get(app, '/v1/campaigns/movement')).json()).alliesGoal, 25_000_000);
      assert.equal((await (await get(app, '/v1/campaigns/alpha')).json()).alliesGoal, undefined);
      assert.deepEqual(feed.teams[0], { campaign: 'charlie', title: 'Charlie', raised: 5_000, goal: 900_000, donors: 1, rescuesFunded: 0 });

      // Ties by title; a limit shows the first N and still counts all.
      await give(app, 'bravo', 2_000);
      await tick();
      const two = await feedOf(await get(app, '/v1/campaigns/movement/teams?limit=2'));
      assert.deepEqual(two.teams.map((t) => t.campaign), ['charlie', 'alpha']);
      assert.equal(two.count, 3);
      assert.deepEqual((await feedOf(await get(app, '/v1/campaigns/alpha/teams'))).teams.map((t) => t.campaign), ['alpha-squad']);
      assert.equal((await feedOf(await get(app, '/v1/campaigns/charlie/teams'))).count, 0);

      // Archived or moved elsewhere: off this board at once (campaigns are data, no restart).
      const patch = (id: string, body: unknown) =>
        app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      assert.equal((await patch('charlie', { archived: true })).status, 200);
      assert.equal((await patch('alpha-squad', { parent: 'movement' })).status, 200);
      await tick();
      const after = await feedOf(await get(app, '/v1/campaigns/movement/teams'));
      assert.deepEqual(after.teams.map((t) => [t.campaign, t.raised]), [['alpha-squad', 2_000], ['bravo', 2_000], ['alpha', 0]]);
      assert.equal((await feedOf(await get(app, '/v1/campaigns/alpha/teams'))).count, 0);
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('ETag and 304; a gift changes the ETag; bad limits are 400 naming limit; unknown campaigns 404', async () => {
    const store = openSqliteStore(':memory:');
    const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      const first = await get(app, '/v1/campaigns/movement/teams');
      const etag = first.headers.get('etag')!;
      assert.match(etag, /^"t\d+-[0-9a-z]+"$/);
      const again = await get(app, '/v1/campaigns/movement/teams', { 'if-none-match': etag });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('etag'), etag);
      await give(app, 'bravo', 100);
      await tick();
      const changed = await get(app, '/v1/campaigns/movement/teams', { 'if-none-match': etag });
      assert.equal(changed.status, 200);
      assert.notEqual(changed.headers.get('etag'), etag);
      for (const bad of ['0', '101', 'ten', '-1', '1.5', '']) {
        const res = await get(app, `/v1/campaigns/movement/teams?limit=${bad}`);
        assert.equal(res.status, 400, bad);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        const body = await res.json();
        assert.equal(body.field, 'limit');
        assert.equal(body.code, 'invalid_request');
      }
      const missing = await get(app, '/v1/campaigns/nope/teams');
      assert.equal(missing.status, 404);
      assert.equal((await missing.json()).code, 'not_found');
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('1,000 teams under one parent: answered from memory (no store call), re-ranked as gifts land', async () => {
    const teams = Array.from({ length: 1000 }, (_, i) => c(`team-${String(i).padStart(4, '0')}`, 'movement'));
    const { store, calls } = countingStore(openSqliteStore(':memory:'));
    const app = createApp({ config: { campaigns: [c('movement'), ...teams] }, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      await give(app, 'team-0500', 300);
      await give(app, 'team-0999', 700);
      await tick();
      calls.clear();
      for (let i = 0; i < 50; i++) assert.equal((await get(app, '/v1/campaigns/movement/teams?limit=100')).status, 200);
      assert.deepEqual([...calls.keys()], [], 'no store call while serving the feed');
      const feed = await feedOf(await get(app, '/v1/campaigns/movement/teams?limit=100'));
      assert.equal(feed.count, 1000);
      assert.equal(feed.teams.length, 100);
      assert.deepEqual(feed.teams.slice(0, 3).map((t) => t.campaign), ['team-0999', 'team-0500', 'team-0000']);
      const builds = app.hub.teams.stats.builds;
      for (let i = 0; i < 20; i++) await get(app, '/v1/campaigns/movement/teams?limit=100');
      assert.equal(app.hub.teams.stats.builds, builds, 'served from the cached bytes, not rebuilt per request');
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('SSE teams frames', () => {
  test('only for ?teams=N, on connect and when a rank or a total among the first N changes', async () => {
    const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {} });
    try {
      const plain = await openSse(`${server.url}/v1/campaigns/movement/events`);
      const top2 = await openSse(`${server.url}/v1/campaigns/movement/events?teams=2`);
      await top2.waitFor(2);
      assert.deepEqual(top2.events.map((e) => e.event), ['progress', 'teams']);
      assert.equal(top2.events[1]!.id, undefined, 'Last-Event-ID stays the progress version');
      const initial = TeamsFeed.parse(JSON.parse(top2.events[1]!.data));
      assert.deepEqual(initial.teams.map((t) => t.campaign), ['alpha', 'bravo']);

      await give(server, 'bravo', 1_000); // bravo overtakes alpha: a rank changes
      await top2.waitFor(4);
      const frames = () => top2.events.filter((e) => e.event === 'teams').map((e) => TeamsFeed.parse(JSON.parse(e.data)));
      await tick(100);
      assert.equal(frames().length, 2, 'one frame for one change (coalesced with the roll-up)');
      assert.deepEqual(frames()[1]!.teams.map((t) => [t.campaign, t.raised]), [['bravo', 1_000], ['alpha', 0]]);

      await give(server, 'charlie', 10); // charlie passes alpha into second place
      await tick(150);
      assert.deepEqual(frames().at(-1)!.teams.map((t) => t.campaign), ['bravo', 'charlie']);
      const count = frames().length;
      await give(server, 'alpha', 5); // alpha is third: outside the first two, nothing shown changes
      await tick(150);
      assert.equal(frames().length, count, 'no frame when nothing among the first N changed');
      assert.ok(top2.events.filter((e) => e.event === 'progress').length >= 4, 'progress frames still flow');

      assert.ok(plain.events.length >= 4);
      assert.deepEqual([...new Set(plain.events.map((e) => e.event))], ['progress'], 'a stream that did not ask gets no teams frame');

      // Over Node's fast path: the same bytes, ETag and 304 as through the Fetch handler.
      const overHttp = await fetch(`${server.url}/v1/campaigns/movement/teams?limit=2`);
      assert.equal(overHttp.status, 200);
      assert.deepEqual((await feedOf(overHttp)).teams.map((t) => t.campaign), ['bravo', 'charlie']);
      const viaApp = await server.app.fetch(new Request('http://rk.test/v1/campaigns/movement/teams?limit=2'));
      assert.equal(overHttp.headers.get('etag'), viaApp.headers.get('etag'));
      assert.equal((await fetch(`${server.url}/v1/campaigns/movement/teams?limit=2`, { headers: { 'if-none-match': overHttp.headers.get('etag')! } })).status, 304);
      assert.equal((await fetch(`${server.url}/v1/campaigns/movement/teams?limit=500`)).status, 400);
      assert.equal((await fetch(`${server.url}/v1/campaigns/nope/teams`)).status, 404);

      const bad = await fetch(`${server.url}/v1/campaigns/movement/events?teams=0`);
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).field, 'teams');
      await plain.close();
      await top2.close();
      for (let i = 0; i < 100 && server.app.hub.teams.subscriberCount() > 0; i++) await tick(10);
      assert.equal(server.app.hub.teams.subscriberCount(), 0, 'a closed stream leaves its group');
    } finally {
      await server.close();
    }
  });
});

describe('teams frames across servers', () => {
  let stop: (() => Promise<void>) | undefined;
  before(async () => (stop = await startBackends()));
  after(() => stop?.());

  for (const backend of BACKENDS) {
    test(`${backend.name}: a gift to a team counted on server A re-ranks the parent's teams on server B`, async () => {
      const url = await backend.fresh();
      const stores = [await openStore(url), await openStore(url)];
      const [a, b] = await Promise.all(stores.map((store) => startServer({ config: CONFIG, databaseUrl: url, store, adminToken: ADMIN, port: 0, log: () => {}, env: {} })));
      try {
        const sse = await openSse(`${b!.url}/v1/campaigns/movement/events?teams=3`);
        await sse.waitFor(2);
        await give(a!, 'charlie', 4_000);
        const until = Date.now() + 5000;
        let last: TeamsFeed | undefined;
        while (Date.now() < until) {
          const frames = sse.events.filter((e) => e.event === 'teams');
          last = TeamsFeed.parse(JSON.parse(frames.at(-1)!.data));
          if (last.teams[0]?.campaign === 'charlie') break;
          await tick(20);
        }
        assert.deepEqual(last!.teams.map((t) => [t.campaign, t.raised]), [['charlie', 4_000], ['alpha', 0], ['bravo', 0]]);
        const feed = await feedOf(await fetch(`${b!.url}/v1/campaigns/movement/teams`));
        assert.equal(feed.teams[0]!.raised, 4_000);
        await sse.close();
      } finally {
        await a!.close();
        await b!.close();
      }
    });
  }
});
