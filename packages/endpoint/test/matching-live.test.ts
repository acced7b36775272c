/**
 * The matching challenge over real HTTP on both stores: 1,000 concurrent gifts (signed webhooks
 * and offline gifts) to teams under a movement whose pool runs out part way stay exact to the
 * cent; progress carries `matched` and `matchLeft`, and a gift to a team moves the movement's
 * ETag and SSE frame live.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { matchShare, type CampaignConfig, type RescuekitConfig } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { session } from './fixtures/make-v0.1.js';
import { ADMIN, openSse } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { signedWebhook } from './support/stripe-server.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const SECRET = 'whsec_matching_live';
const CAP = 250_000;
const TEAM_CAP = 12_345;
// The fixture's sessions were paid in October 2025; offline gifts are recorded now.
const WINDOW = { startsAt: '2025-01-01T00:00:00Z', endsAt: '2100-01-01T00:00:00Z' };
const camp = (id: string, parent: string | null, over: Partial<CampaignConfig> = {}): CampaignConfig => ({
  id, title: id, currency: 'usd', goal: 9_000_000, rescueCost: 300_000, offlineMaxAmount: 1_000_000, ...(parent ? { parent } : {}), ...over,
});
const CONFIG: RescuekitConfig = {
  campaigns: [
    camp('movement', null, { match: { ratio: 1, cap: CAP, label: 'Doubled by the Kim Family Foundation', ...WINDOW } }),
    camp('t1', 'movement', { match: { ratio: 0.25, cap: TEAM_CAP, label: 'A quarter more', ...WINDOW } }),
    camp('t2', 'movement'), camp('t3', 'movement'), camp('t4', 'movement'),
  ],
};
const TEAMS = ['t1', 't2', 't3', 't4'];

/** Progress once its `raised` reaches `raised` (the cache follows each commit within moments, not inside the request). */
async function progressAt(url: string, raised: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const p = await json(url);
    if (p['raised'] === raised || Date.now() > deadline) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function json(url: string): Promise<Record<string, unknown>> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return (await res.json()) as Record<string, unknown>;
}

function cash(server: RunningServer, team: string, amount: number, key = randomUUID()): Promise<Response> {
  return fetch(`${server.url}/v1/campaigns/${team}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ amount, currency: 'usd', note: 'bake sale' }),
  });
}

/**
 * Sends until the answer is not a 503: a saturated store sheds load with 503 + Retry-After and
 * writes nothing, and Stripe, like the console with its Idempotency-Key, sends again.
 */
async function untilTaken(send: () => Promise<Response>, shed: { n: number }): Promise<number> {
  for (let lost = 0; ; ) {
    let res: Response;
    try {
      res = await send();
    } catch (e) {
      // A kept-alive connection closed under the client as it sent (a loaded machine): Stripe and the cash
      // book send again, as for a 503; the event id and the Idempotency-Key make it count once.
      if (++lost > 20 || (e as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw e;
      shed.n++;
      continue;
    }
    await res.arrayBuffer();
    if (res.status !== 503) return res.status;
    shed.n++;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
  }
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: matching over HTTP`, () => {
    let server: RunningServer;
    let url: string;
    before(async () => {
      url = await backend.fresh();
      // All 1,000 concurrent senders are this process, one address: lift the per-address socket cap (256).
      server = await startServer({ config: CONFIG, databaseUrl: url, adminToken: ADMIN, port: 0, log: () => {}, env: { STRIPE_WEBHOOK_SECRET: SECRET }, connectionsPerClient: 2_000 });
    });
    after(() => server?.close());

    test('a gift to a team moves the movement\'s pool live: progress, ETag and SSE frame carry matched and matchLeft', async () => {
      const first = await fetch(`${server.url}/v1/campaigns/movement`);
      const etag = first.headers.get('etag');
      const start = (await first.json()) as Record<string, unknown>;
      assert.deepEqual([start['raised'], start['matched'], start['matchLeft']], [0, 0, CAP]);
      assert.equal((await json(`${server.url}/v1/campaigns/t2`))['matched'], undefined, 'no pool, nothing matched: no field');
      const sse = await openSse(`${server.url}/v1/campaigns/movement/events`);
      try {
        await sse.waitFor(1);
        assert.equal((await cash(server, 't2', 4_000)).status, 201);
        const events = await sse.waitFor(2);
        const live = JSON.parse(events.at(-1)!.data) as Record<string, unknown>;
        assert.deepEqual([live['raised'], live['matched'], live['matchLeft']], [4_000, 4_000, CAP - 4_000]);
      } finally {
        await sse.close();
      }
      const again = await fetch(`${server.url}/v1/campaigns/movement`, { headers: { 'if-none-match': etag! } });
      assert.equal(again.status, 200, 'the ETag changed with matched');
      const t1 = await json(`${server.url}/v1/campaigns/t1`);
      assert.deepEqual([t1['matched'], t1['matchLeft']], [0, TEAM_CAP]);
    });

    test('1,000 concurrent gifts (signed webhooks and offline gifts) to four teams: the pool runs out exactly at its cap', async () => {
      const before = await json(`${server.url}/v1/campaigns/movement`);
      const gifts = Array.from({ length: 1000 }, (_, i) => ({ i, team: TEAMS[i % 4]!, amount: 500 + ((i * 389) % 1_000), webhook: i % 2 === 0 }));
      const shed = { n: 0 };
      const results = await Promise.all(gifts.map((g) => {
        const key = randomUUID();
        const event = session(10_000 + g.i, g.team, g.amount, `pi_live_${g.i}`);
        return untilTaken(() => {
          if (!g.webhook) return cash(server, g.team, g.amount, key);
          const { body, headers } = signedWebhook(event, SECRET);
          return fetch(`${server.url}/v1/webhooks/stripe`, { method: 'POST', body, headers });
        }, shed);
      }));
      assert.deepEqual([...new Set(results)].sort(), [200, 201]);
      const total = gifts.reduce((s, g) => s + g.amount, 0);
      assert.ok(total > CAP, 'more given than the pool can match');
      const after = await progressAt(`${server.url}/v1/campaigns/movement`, Number(before['raised']) + total);
      assert.equal(after['raised'], Number(before['raised']) + total, 'raised is every gift, matching apart');
      assert.deepEqual([after['matched'], after['matchLeft']], [CAP, 0], 'exactly the cap, not a cent past it');
      const t1Given = gifts.filter((g) => g.team === 't1').reduce((s, g) => s + g.amount, 0);
      const t1 = await progressAt(`${server.url}/v1/campaigns/t1`, t1Given);
      assert.deepEqual([t1['raised'], t1['matched'], t1['matchLeft']], [t1Given, TEAM_CAP, 0], 'the team\'s own pool ran out too');

      const raw = await backend.raw(url);
      try {
        const rows = await raw.all<{ gift: string; pool: string; gift_campaign: string; amount: number }>('SELECT gift, pool, gift_campaign, amount FROM match_ledger');
        const sumOf = (pool: string) => rows.filter((r) => r.pool === pool).reduce((s, r) => s + Number(r.amount), 0);
        assert.equal(sumOf('movement'), CAP, 'the movement\'s match rows sum to its matched');
        assert.equal(sumOf('t1'), TEAM_CAP);
        const byRef = new Map(gifts.map((g) => [g.webhook ? `pi_live_${g.i}` : '', g]));
        for (const r of rows.filter((x) => x.gift.startsWith('pi_live_'))) {
          const g = byRef.get(r.gift)!;
          assert.ok(Number(r.amount) > 0 && Number(r.amount) <= matchShare(g.amount, r.pool === 't1' ? 0.25 : 1), `${r.gift}: within its share`);
          assert.equal(r.gift_campaign, g.team);
        }
        const [ledger] = await raw.all<{ n: number | string; s: number | string }>("SELECT count(*) AS n, sum(amount) AS s FROM ledger WHERE campaign IN ('t1', 't2', 't3', 't4')");
        assert.deepEqual([Number(ledger!.n), Number(ledger!.s)], [1001, total + 4_000], 'every gift counted once, no match row among them');
      } finally {
        await raw.close();
      }
    });
  });
}
