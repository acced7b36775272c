/**
 * Rescue Teams over HTTP, on both stores: campaigns as data served by a second server without a
 * restart, team key scope and revocation across servers, approvals, unassigned payments from
 * signed webhooks, and bad input refused with a problem and nothing written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const ADMIN = 'teams-admin-token-0123456789abcdefghijklmn';
const SECRET = 'whsec_teams';
const c = (id: string, parent?: string, over: Record<string, unknown> = {}) => ({ id, title: `T ${id}`, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}), ...over });
const CONFIG: RescuekitConfig = {
  campaigns: [c('movement'), c('region', 'movement'), c('team', 'region'), c('squad', 'team'), c('other', 'region'), c('approve', 'region', { cashNeedsApproval: true }), c('won', undefined, { currency: 'krw' })],
};

const call = (app: App, method: string, path: string, init: { token?: string | null; body?: unknown; key?: string } = {}) => {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? ADMIN : init.token;
  if (token) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST' && path.endsWith('/offline-gifts')) headers['idempotency-key'] = init.key ?? crypto.randomUUID();
  return app.fetch(new Request(`http://rk.test${path}`, { method, headers, body: init.body === undefined ? null : JSON.stringify(init.body) }), { ip: '203.0.113.9' });
};
const gift = (amount: number, extra: Record<string, unknown> = {}) => ({ amount, currency: 'usd', ...extra });
const paid = (n: number, campaign: string, amount: number, currency = 'usd') =>
  stripeEvent('checkout.session.completed', {
    id: `cs_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency, payment_intent: `pi_${n}`, metadata: { rescuekit_campaign: campaign },
  }, { id: `evt_${n}` });
const deliver = (app: App, event: unknown) => {
  const { body, headers } = signedWebhook(event, SECRET);
  return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
};
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: Rescue Teams over HTTP`, () => {
    async function twoServers(fn: (a: App, b: App, logs: string[], stores: Store[]) => Promise<void>): Promise<void> {
      const url = await backend.fresh();
      const stores = [await openStore(url), await openStore(url)];
      const logs: string[] = [];
      const apps = stores.map((store) => createApp({ config: CONFIG, store, adminToken: ADMIN, webhookSecret: SECRET, logger: (l) => logs.push(l) }));
      try {
        await Promise.all(apps.map((a) => a.ready));
        await fn(apps[0]!, apps[1]!, logs, stores);
      } finally {
        for (const a of apps) await a.close();
        for (const s of stores) await s.close();
      }
    }

    test('a campaign created on server A is served by server B without a restart (within 5 s), and takes cash there', () => twoServers(async (a, b) => {
      const created = await call(a, 'POST', '/v1/campaigns', { body: c('riverside', 'region') });
      assert.equal(created.status, 201);
      assert.equal((await call(a, 'GET', '/v1/campaigns/riverside')).status, 200, 'the creating server serves it at once');
      const seen = await eventually(() => call(b, 'GET', '/v1/campaigns/riverside', { token: null }), (r) => r.status === 200);
      assert.equal(seen.status, 200);
      assert.equal((await seen.json()).parent, 'region');
      assert.equal((await call(b, 'POST', '/v1/campaigns/riverside/offline-gifts', { body: gift(1_200) })).status, 201);
      const movement = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/movement', { token: null })).json()).raised as number, (r) => r === 1_200);
      assert.equal(movement, 1_200);
      // PATCH on B: renamed and archived; A serves the change on its next poll.
      assert.equal((await call(b, 'PATCH', '/v1/campaigns/riverside', { body: { title: 'Riverside', archived: true } })).status, 200);
      const title = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/riverside', { token: null })).json()).title, (t) => t === 'Riverside');
      assert.equal(title, 'Riverside');
    }));

    test('team key scope: its own campaign only (parent, child, sibling, other campaign 403); revoked on A, refused by B next request', () => twoServers(async (a, b) => {
      const made = await call(a, 'POST', '/v1/campaigns/team/keys', { body: { label: 'treasurer' } });
      assert.equal(made.status, 201);
      const { id, token } = await made.json();
      assert.match(token, /^rk_team_[A-Za-z0-9_-]{43}$/);
      const own = await call(b, 'POST', '/v1/campaigns/team/offline-gifts', { token, body: gift(4_500, { note: 'bake sale' }) });
      assert.equal(own.status, 201);
      const giftId = (await own.json()).gift.id;
      assert.equal((await call(b, 'GET', '/v1/campaigns/team/offline-gifts', { token })).status, 200);
      for (const other of ['region', 'squad', 'other', 'won', 'movement']) {
        const res = await call(b, 'POST', `/v1/campaigns/${other}/offline-gifts`, { token, body: gift(100) });
        assert.deepEqual([res.status, (await res.json()).code], [403, 'forbidden'], other);
        assert.equal((await call(b, 'GET', `/v1/campaigns/${other}/offline-gifts`, { token })).status, 403, other);
      }
      for (const admin of [['GET', '/v1/campaigns/team/keys'], ['POST', '/v1/campaigns'], ['GET', '/v1/unassigned'], ['POST', `/v1/campaigns/team/offline-gifts/${giftId}/approve`]] as const) {
        assert.equal((await call(a, admin[0], admin[1], { token, body: admin[0] === 'POST' ? {} : undefined })).status, 403, admin.join(' '));
      }
      assert.equal((await call(a, 'GET', '/v1/campaigns/squad', { token: null })).status, 200);
      const listed = await (await call(a, 'GET', '/v1/campaigns/team/keys')).json();
      assert.deepEqual(listed.keys.map((k: { id: string; label: string }) => [k.id, k.label]), [[id, 'treasurer']]);
      assert.equal(JSON.stringify(listed).includes(token), false, 'a token is never listed');
      assert.equal((await call(a, 'DELETE', `/v1/keys/${id}`)).status, 200);
      const refused = await call(b, 'POST', '/v1/campaigns/team/offline-gifts', { token, body: gift(100) });
      assert.deepEqual([refused.status, (await refused.json()).code], [401, 'unauthorized']);
      const raised = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/team', { token: null })).json()).raised, (r) => r === 4_500);
      assert.equal(raised, 4_500, 'only the own-campaign gift counted');
    }));

    test('approval over HTTP: team cash pending until approved; five concurrent approvals count it once', () => twoServers(async (a, b) => {
      const { token } = await (await call(a, 'POST', '/v1/campaigns/approve/keys')).json();
      const rec = await call(a, 'POST', '/v1/campaigns/approve/offline-gifts', { token, body: gift(3_000, { donors: 4 }) });
      const body = await rec.json();
      assert.deepEqual([rec.status, body.gift.status, body.progress.raised, body.progress.pending], [201, 'pending', 0, 3_000]);
      const approvals = await Promise.all([a, b, a, b, a].map((app) => call(app, 'POST', `/v1/campaigns/approve/offline-gifts/${body.gift.id}/approve`)));
      assert.deepEqual(approvals.map((r) => r.status), [200, 200, 200, 200, 200]);
      const movement = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/movement', { token: null })).json()), (p) => p.raised === 3_000);
      assert.deepEqual([movement.raised, movement.donors, movement.pending], [3_000, 4, undefined]);
      // Admin cash in the same campaign counts at once.
      const admin = await (await call(a, 'POST', '/v1/campaigns/approve/offline-gifts', { body: gift(500) })).json();
      assert.equal(admin.progress.raised, 3_500);
    }));

    test('unknown campaign and currency mismatch: kept with a warning, listed, counted once when assigned or created, also on redelivery', () => twoServers(async (a, b, logs) => {
      assert.equal((await deliver(a, paid(1, 'riverside', 2_500))).status, 200);
      assert.equal((await deliver(a, paid(2, 'team', 9_000, 'eur'))).status, 200);
      const warning = logs.map((l) => JSON.parse(l)).find((l) => l.level === 'warn' && l.id === 'evt_1');
      assert.deepEqual([warning?.amount, warning?.campaign], [2_500, 'riverside']);
      const listed = await (await call(b, 'GET', '/v1/unassigned')).json();
      assert.deepEqual(listed.unassigned.map((u: { ref: string }) => u.ref), ['pi_1', 'pi_2']);
      const across = await call(b, 'POST', '/v1/unassigned/pi_2/assign', { body: { campaign: 'team' } });
      assert.deepEqual([across.status, (await across.json()).field], [400, 'campaign']);
      assert.equal((await call(a, 'POST', '/v1/campaigns', { body: c('riverside', 'region') })).status, 201);
      const p = await (await call(a, 'GET', '/v1/campaigns/riverside', { token: null })).json();
      assert.equal(p.raised, 2_500);
      assert.deepEqual(await (await deliver(a, paid(1, 'riverside', 2_500))).json(), { received: true, duplicate: true });
      const movement = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/movement', { token: null })).json()).raised, (r) => r === 2_500);
      assert.equal(movement, 2_500, 'the ancestors\' progress follows');
      assert.equal((await call(a, 'POST', '/v1/campaigns', { body: c('euro', null as unknown as undefined, { currency: 'eur' }) })).status, 201);
      assert.equal((await call(a, 'POST', '/v1/unassigned/evt_2/assign', { body: { campaign: 'euro' } })).status, 200);
      assert.equal((await call(a, 'POST', '/v1/unassigned/pi_2/assign', { body: { campaign: 'euro' } })).status, 200);
      assert.equal((await (await call(a, 'GET', '/v1/campaigns/euro', { token: null })).json()).raised, 9_000);
    }));

    test('failed bearer attempts are limited per address (429 after 20 a minute); the config\'s drift is logged once with its PATCH', () => twoServers(async (a, _b, logs, [store]) => {
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await call(a, 'GET', '/v1/campaigns/team/offline-gifts', { token: `rk_team_${'x'.repeat(43)}` })).status);
      assert.deepEqual([statuses.slice(0, 20).every((s) => s === 401), statuses.slice(20)], [true, [429, 429]]);
      const other = await a.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', { headers: { authorization: 'Bearer nope' } }), { ip: '198.51.100.7' });
      assert.equal(other.status, 401, 'another address is not limited');
      // A server started with a config that differs from the store: the store wins, the operator is told once.
      await store!.patchCampaign('team', { title: 'Riverside' });
      const late = createApp({ config: CONFIG, store: store!, adminToken: ADMIN, logger: (l) => logs.push(l) });
      await late.ready;
      await late.reload(CONFIG);
      const drift = logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'config differs from the store; the store wins');
      assert.deepEqual(drift.map((d) => [d.campaign, d.fields, d.apply]), [['team', ['title'], 'PATCH /v1/campaigns/team {"title":"T team"}']]);
      assert.equal(late.hub.get('team')!.progress.title, 'Riverside');
      await late.close();
    }));

    test('archived: no new checkouts or team cash (campaign_archived), the admin still records, its live child still counts toward it', () => twoServers(async (a) => {
      const { token } = await (await call(a, 'POST', '/v1/campaigns/team/keys')).json();
      assert.equal((await call(a, 'PATCH', '/v1/campaigns/team', { body: { archived: true } })).status, 200);
      const checkout = await a.fetch(new Request('http://rk.test/v1/checkout', {
        method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://team.example' },
        body: JSON.stringify({ campaign: 'team', amount: 2_700, currency: 'usd', returnUrl: 'https://team.example/thanks' }),
      }), { ip: '203.0.113.10' });
      assert.deepEqual([checkout.status, (await checkout.json()).code], [409, 'campaign_archived']);
      const team = await call(a, 'POST', '/v1/campaigns/team/offline-gifts', { token, body: gift(100) });
      assert.deepEqual([team.status, (await team.json()).code], [409, 'campaign_archived']);
      assert.equal((await call(a, 'POST', '/v1/campaigns/team/offline-gifts', { body: gift(100) })).status, 201, 'the admin may still record');
      assert.equal((await deliver(a, paid(7, 'team', 900))).status, 200);
      assert.equal((await call(a, 'POST', '/v1/campaigns/squad/offline-gifts', { body: gift(50) })).status, 201);
      const raised = await eventually(async () => (await (await call(a, 'GET', '/v1/campaigns/team', { token: null })).json()).raised, (r) => r === 1_050);
      assert.equal(raised, 1_050, 'Stripe money and the live child still count toward the archived campaign');
    }));

    test('bad input: a problem naming the field, nothing written', () => twoServers(async (a, _b, _logs, [store]) => {
      const before = JSON.stringify(await store!.getAllTotals());
      const bad: [string, string, unknown, number, string][] = [
        ['POST', '/v1/campaigns', c('x', 'nowhere'), 400, 'parent'],
        ['POST', '/v1/campaigns', c('x', 'won'), 400, 'parent'],
        ['POST', '/v1/campaigns', c('x', 'squad'), 400, 'parent'],
        ['POST', '/v1/campaigns', c('team'), 409, 'id'],
        ['PATCH', '/v1/campaigns/team', { parent: 'team' }, 400, 'parent'],
        ['PATCH', '/v1/campaigns/movement', { parent: 'squad' }, 400, 'parent'],
        ['PATCH', '/v1/campaigns/won', { parent: 'movement' }, 400, 'parent'],
        ['PATCH', '/v1/campaigns/team', { currency: 'eur' }, 400, 'currency'],
        ['PATCH', '/v1/campaigns/team', { minAmount: 5_000_000 }, 400, 'minAmount'],
      ];
      for (const [method, path, body, status, field] of bad) {
        const res = await call(a, method, path, { body });
        const problem = await res.json();
        assert.deepEqual([res.status, problem.field], [status, field], `${method} ${path} ${JSON.stringify(body)}`);
        assert.equal(res.headers.get('content-type'), 'application/problem+json');
        assert.doesNotMatch(problem.detail ?? '', /\n\s+at |Error:/, 'no stack, no exception');
      }
      const noKey = await a.fetch(new Request('http://rk.test/v1/campaigns/team/offline-gifts', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"amount":100,"currency":"usd"}' }));
      assert.deepEqual([noKey.status, (await noKey.json()).field], [400, 'Idempotency-Key']);
      assert.equal(JSON.stringify(await store!.getAllTotals()), before);
      assert.equal(await store!.countLedger(), 0);
    }));
  });
}
