/**
 * Approved team cash is the approver's to take back, on both stores: a team key that recorded it
 * gets 409 when voiding it once approved (the admin still can); who approved and when is kept on the
 * row; a schema-7 database upgrades in place, marking team cash already counted in a campaign that
 * holds cash for approval as approved by the admin.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from '../src/store/schema.js';
import { changes, exec, type Program } from '../src/store/sql.js';
import type { Store } from '../src/store/types.js';
import { BACKENDS, contents, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const ADMIN = 'approvals-admin-token-0123456789abcdefgh';
const CONFIG: RescuekitConfig = {
  campaigns: [
    { id: 'movement', title: 'Movement', currency: 'usd', goal: 9_000_000, rescueCost: 300_000 },
    { id: 'held', title: 'Held', currency: 'usd', goal: 900_000, rescueCost: 300_000, parent: 'movement', cashNeedsApproval: true },
  ],
};
const call = (app: App, method: string, path: string, token: string, body?: unknown) =>
  app.fetch(new Request(`http://rk.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(path.endsWith('/offline-gifts') ? { 'idempotency-key': crypto.randomUUID() } : {}) },
    body: body === undefined ? null : JSON.stringify(body),
  }), { ip: '203.0.113.80' });

const T = (n: number) => `2026-11-30T10:00:0${n}.000Z`;
/** A schema-7 database as that release left it: team cash counted after approval, still pending, in a campaign that never held cash, and the admin's. */
function* schema7(): Program<void> {
  yield exec(MIGRATIONS_TABLE);
  for (const m of MIGRATIONS.filter((m) => m.version <= 7)) {
    yield exec(m.sql);
    yield changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, T(0)]);
  }
  const totals = 'INSERT INTO campaign_totals (campaign, currency, raised, donors, allies, version, updated_at, parent, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(totals, ['held', 'usd', 3_000, 2, 0, 3, T(3), null, JSON.stringify({ id: 'held', title: 'Held', currency: 'usd', goal: 900_000, rescueCost: 300_000, cashNeedsApproval: true })]);
  yield changes(totals, ['open', 'usd', 500, 1, 0, 1, T(3), null, JSON.stringify({ id: 'open', title: 'Open', currency: 'usd', goal: 900_000, rescueCost: 300_000 })]);
  const ledger = 'INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(ledger, ['gift_approved', 'held', 'usd', 2_000, 'offline', 'offline:held:a', null, T(1), 'key_team', 'counted', 1]);
  yield changes(ledger, ['gift_waiting', 'held', 'usd', 700, 'offline', 'offline:held:b', null, T(2), 'key_team', 'pending', 1]);
  yield changes(ledger, ['gift_admin', 'held', 'usd', 1_000, 'offline', 'offline:held:c', null, T(2), 'admin', 'counted', 1]);
  yield changes(ledger, ['gift_open', 'open', 'usd', 500, 'offline', 'offline:open:d', null, T(3), 'key_open', 'counted', 1]);
}

async function atSchema7(backend: Backend): Promise<string> {
  const url = await backend.fresh();
  const driver = backend.driver(url);
  try {
    await driver.transact(schema7());
  } finally {
    await driver.close();
  }
  return url;
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: approved cash`, () => {
    test('a team cannot void cash once approved (409); the admin can; the row says who approved it and when', async () => {
      const store: Store = await openStore(await backend.fresh());
      const app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      try {
        await app.ready;
        const key = (await (await call(app, 'POST', '/v1/campaigns/held/keys', ADMIN, {})).json()).token as string;
        const a = (await (await call(app, 'POST', '/v1/campaigns/held/offline-gifts', key, { amount: 4_500, currency: 'usd' })).json()).gift;
        const b = (await (await call(app, 'POST', '/v1/campaigns/held/offline-gifts', key, { amount: 900, currency: 'usd' })).json()).gift;
        assert.equal((await call(app, 'POST', `/v1/campaigns/held/offline-gifts/${b.id}/void`, key)).status, 200, 'pending cash: the team may still take it back');
        assert.equal((await call(app, 'POST', `/v1/campaigns/held/offline-gifts/${a.id}/approve`, ADMIN)).status, 200);
        const listed = (await (await call(app, 'GET', '/v1/campaigns/held/offline-gifts', key)).json()).gifts.find((g: { id: string }) => g.id === a.id);
        assert.equal(listed.approvedBy, 'admin');
        assert.equal(typeof listed.approvedAt, 'string');
        const refused = await call(app, 'POST', `/v1/campaigns/held/offline-gifts/${a.id}/void`, key);
        assert.deepEqual([refused.status, (await refused.json()).code], [409, 'conflict']);
        assert.deepEqual([(await store.getTotals('held'))!.raised, (await store.getTotals('movement'))!.raised], [4_500, 4_500], 'still counted');
        assert.equal((await call(app, 'POST', `/v1/campaigns/held/offline-gifts/${a.id}/void`, ADMIN)).status, 200, 'the admin can');
        assert.deepEqual([(await store.getTotals('held'))!.raised, (await store.getTotals('movement'))!.raised], [0, 0]);
      } finally {
        await app.close();
        await store.close();
      }
    });

    test('a schema-7 database upgrades in place: team cash counted where cash is held for approval reads as approved by the admin', async () => {
      const url = await atSchema7(backend);
      const store = await openStore(url);
      try {
        const { migrations, ledger } = await contents(backend, url);
        assert.deepEqual(migrations.map((m) => m['version']), MIGRATIONS.map((m) => m.version));
        assert.deepEqual(ledger.map((l) => [l['id'], l['approved_by'], l['approved_at']]), [
          ['gift_admin', null, null], ['gift_approved', 'admin', T(1)], ['gift_open', null, null], ['gift_waiting', null, null],
        ]);
        const voided = await store.voidOfflineGift({ id: 'void_1', campaign: 'held', giftId: 'gift_approved', recordedBy: 'key_team', byTeam: true });
        assert.equal(voided.outcome, 'approved');
        assert.equal((await store.voidOfflineGift({ id: 'void_2', campaign: 'open', giftId: 'gift_open', recordedBy: 'key_open', byTeam: true })).outcome, 'voided');
        const fresh = await backend.fresh();
        await (await openStore(fresh)).close();
        assert.deepEqual(await backend.schema(url), await backend.schema(fresh), 'one schema, fresh or upgraded');
      } finally {
        await store.close();
      }
    });
  });
}
