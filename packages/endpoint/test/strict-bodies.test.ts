/**
 * Every POST and PATCH body refuses a field it does not know, with a 400 naming it, and writes
 * nothing: a typo (`categroy`, `donor`) must never be dropped silently, on both stores.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const ADMIN = 'strict-bodies-admin-token-0123456789abcdef';
const CONFIG: RescuekitConfig = {
  allowedOrigins: ['https://partner.example'],
  campaigns: [
    { id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000 },
    { id: 'held', title: 'Held', currency: 'usd', goal: 900_000, rescueCost: 300_000, cashNeedsApproval: true },
  ],
};

const send = (app: App, method: string, path: string, body: unknown, token: string | null = ADMIN, extra: Record<string, string> = {}) =>
  app.fetch(new Request(`http://rk.test${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(path.endsWith('/offline-gifts') ? { 'idempotency-key': crypto.randomUUID() } : {}), ...extra },
    body: JSON.stringify(body),
  }), { ip: '203.0.113.70' });

async function refused(res: Response, field: string): Promise<void> {
  assert.equal(res.status, 400);
  const p = await res.json();
  assert.deepEqual([p.code, p.field], ['invalid_request', field]);
  assert.match(p.detail, /not a known field/);
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: strict bodies`, () => {
    let store: Store;
    let app: App;
    before(async () => {
      store = await openStore(await backend.fresh());
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    test('offline gift: a typo is a 400 naming it and nothing is counted; the right fields count', async () => {
      await refused(await send(app, 'POST', '/v1/campaigns/team/offline-gifts', { amount: 4_500, currency: 'usd', donor: 120, categroy: 'concert' }), 'donor');
      await refused(await send(app, 'POST', '/v1/campaigns/team/offline-gifts', { amount: 4_500, currency: 'usd', categroy: 'concert' }), 'categroy');
      assert.equal(await store.countLedger('team'), 0);
      const ok = await send(app, 'POST', '/v1/campaigns/team/offline-gifts', { amount: 4_500, currency: 'usd', donors: 120, category: 'concert', note: 'spring concert' });
      assert.equal(ok.status, 201);
      assert.deepEqual([(await store.getTotals('team'))!.raised, (await store.getTotals('team'))!.donors], [4_500, 120]);
    });

    test('approve, void, team keys, assignment: an unknown field is refused and changes nothing', async () => {
      const teamKey = (await (await send(app, 'POST', '/v1/campaigns/held/keys', { label: 'treasurer' })).json()).token as string;
      await refused(await send(app, 'POST', '/v1/campaigns/held/keys', { lable: 'typo' }), 'lable');
      assert.equal((await store.listTeamKeys('held')).length, 1, 'no key made by the typo');
      const gift = (await (await send(app, 'POST', '/v1/campaigns/held/offline-gifts', { amount: 1_000, currency: 'usd' }, teamKey)).json()).gift;
      await refused(await send(app, 'POST', `/v1/campaigns/held/offline-gifts/${gift.id}/approve`, { aproved: true }), 'aproved');
      assert.equal((await store.getTotals('held'))!.pending, 1_000, 'still pending');
      assert.equal((await send(app, 'POST', `/v1/campaigns/held/offline-gifts/${gift.id}/approve`, {})).status, 200);
      const counted = (await (await send(app, 'POST', '/v1/campaigns/team/offline-gifts', { amount: 700, currency: 'usd' })).json()).gift;
      await refused(await send(app, 'POST', `/v1/campaigns/team/offline-gifts/${counted.id}/void`, { reasn: 'typo' }), 'reasn');
      assert.equal((await store.getTotals('team'))!.raised, 5_200, 'not voided');
      await refused(await send(app, 'POST', '/v1/unassigned/pi_nothing/assign', { campagin: 'team' }), 'campagin');
    });

    test('campaigns: POST and PATCH refuse unknown fields and write nothing', async () => {
      await refused(await send(app, 'POST', '/v1/campaigns', { id: 'new-team', title: 'New', currency: 'usd', goal: 900_000, rescueCost: 300_000, golal: 1 }), 'golal');
      assert.equal(await store.getTotals('new-team'), undefined);
      await refused(await send(app, 'PATCH', '/v1/campaigns/team', { titel: 'Renamed' }), 'titel');
      assert.equal((await store.getTotals('team'))!.config?.title, 'Team');
    });

    test('checkout refuses an unknown field before anything else', async () => {
      await refused(await send(app, 'POST', '/v1/checkout', { campaign: 'team', amount: 900, currency: 'usd', returnUrl: 'https://partner.example/give', amonut: 900 }, null, { origin: 'https://partner.example' }), 'amonut');
    });
  });
}
