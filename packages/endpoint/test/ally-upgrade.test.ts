/**
 * Schema 12 (Ally statuses, Allies at risk) upgrades in place, on both stores: a database at schema 11
 * with one Ally started and one ended (as that release left them) opens with the same counts, its
 * started Ally active and its ended one canceled, the same schema as a fresh database, and the new
 * events then move them: past due and back, unpaid for good, a late event never reviving the ended one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Progress } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS, MIGRATIONS_TABLE, RECORDS_RELEASES, migrationRow } from '../src/store/schema.js';
import { changes, exec, type Program } from '../src/store/sql.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, contents, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const SECRET = 'whsec_test_ally_upgrade_0123456789';
const AT = '2026-12-01T10:00:00.000Z';
const T = 1_764_583_200; // the old events' second
const camp = (id: string, parent: string | null) => ({ id, title: id, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
const meta = { rescuekit_campaign: 'team', rescuekit_frequency: 'monthly' };

/** What the schema-11 release left: its migrations, a movement with a team, an Ally started and one ended. */
function* schema11(): Program<void> {
  const older = MIGRATIONS.filter((m) => m.version <= 11);
  yield exec(MIGRATIONS_TABLE);
  for (const m of older) {
    yield exec(m.sql);
    yield m.version < RECORDS_RELEASES
      ? changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, AT])
      : changes('INSERT INTO schema_migrations (version, name, applied_at, release, keeps_release, keeps_schema) VALUES (?, ?, ?, ?, ?, ?)', migrationRow(m, AT, older));
  }
  const totals = 'INSERT INTO campaign_totals (campaign, currency, raised, donors, allies, version, updated_at, parent, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(totals, ['movement', 'usd', 0, 0, 1, 3, AT, null, JSON.stringify(camp('movement', null))]);
  yield changes(totals, ['team', 'usd', 0, 0, 1, 3, AT, 'movement', JSON.stringify(camp('team', 'movement'))]);
  const ally = 'INSERT INTO allies (subscription_id, campaign, stage, updated_at) VALUES (?, ?, ?, ?)';
  yield changes(ally, ['sub_started', 'team', 'started', AT]);
  yield changes(ally, ['sub_ended', 'team', 'ended', AT]);
  const event = 'INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?)';
  yield changes(event, ['evt_started', 'customer.subscription.created', T, 'ally', 'team', AT]);
  yield changes(event, ['evt_ended_created', 'customer.subscription.created', T, 'ally', 'team', AT]);
  yield changes(event, ['evt_ended', 'customer.subscription.deleted', T + 1, 'ally', 'team', AT]);
}

async function atSchema11(backend: Backend): Promise<string> {
  const url = await backend.fresh();
  const driver = backend.driver(url);
  try {
    await driver.transact(schema11());
  } finally {
    await driver.close();
  }
  return url;
}

const subscription = (type: 'customer.subscription.created' | 'customer.subscription.updated', sub: string, status: string, id: string, created: number) =>
  stripeEvent(type, { id: sub, object: 'subscription', status, metadata: meta }, { id, created });
const invoicePaid = (id: string, created: number) =>
  stripeEvent('invoice.paid', {
    id: `in_${id}`, object: 'invoice', amount_paid: 2606, currency: 'usd', metadata: {}, billing_reason: 'subscription_cycle',
    parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_started', metadata: meta } },
    payments: { object: 'list', data: [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_${id}` } }] },
  }, { id, created });

async function deliver(app: App, event: unknown): Promise<number> {
  const signed = signedWebhook(event, SECRET);
  return (await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }))).status;
}

/** allies and alliesAtRisk of the team and the movement, as their progress says them. */
async function allies(app: App): Promise<number[][]> {
  const out: number[][] = [];
  for (const id of ['team', 'movement']) {
    const p = (await (await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`))).json()) as Progress;
    out.push([p.allies, p.alliesAtRisk ?? 0]);
  }
  return out;
}

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    test('a schema-11 database upgrades in place: Allies count as before (started active, ended canceled), then follow the new events', async () => {
      const url = await atSchema11(backend);
      const before = await contents(backend, url);
      assert.equal(before.migrations.length, 11);
      const store = await openStore(url);
      const app = createApp({ config: { campaigns: [camp('movement', null), camp('team', 'movement')] }, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET });
      try {
        await app.ready;
        const { migrations, totals, allies: rows } = await contents(backend, url);
        assert.deepEqual(migrations.map((m) => m['version']), MIGRATIONS.map((m) => m.version));
        assert.deepEqual(totals.map(({ allies_at_risk, ...rest }) => [rest, allies_at_risk]), before.totals.map((t) => [t, 0]), 'counts unchanged, none at risk');
        assert.deepEqual(rows.map((a) => [a['subscription_id'], a['stage'], a['status'], a['status_at']]), [['sub_ended', 'ended', 'canceled', 0], ['sub_started', 'started', 'active', 0]]);
        const fresh = await backend.fresh();
        await (await openStore(fresh)).close();
        assert.deepEqual(await backend.schema(url), await backend.schema(fresh), 'a fresh database and the upgraded one have one schema');
        assert.deepEqual(await allies(app), [[1, 0], [1, 0]]);

        // Redelivered from before the upgrade: processed already.
        assert.equal(await deliver(app, subscription('customer.subscription.created', 'sub_started', 'active', 'evt_started', T)), 200);
        assert.deepEqual(await allies(app), [[1, 0], [1, 0]]);
        // Any new event is newer than an upgraded status: past due, then recovered, then unpaid for good.
        assert.equal(await deliver(app, subscription('customer.subscription.updated', 'sub_started', 'past_due', 'evt_due', T + 100)), 200);
        assert.deepEqual(await allies(app), [[1, 1], [1, 1]], 'past due: still an Ally, at risk');
        assert.equal(await deliver(app, invoicePaid('evt_paid', T + 200)), 200);
        assert.deepEqual(await allies(app), [[1, 0], [1, 0]], 'recovered');
        assert.equal(await deliver(app, subscription('customer.subscription.updated', 'sub_started', 'unpaid', 'evt_unpaid', T + 300)), 200);
        assert.deepEqual(await allies(app), [[0, 0], [0, 0]], 'unpaid: gone');
        assert.equal(await deliver(app, subscription('customer.subscription.updated', 'sub_started', 'active', 'evt_back', T + 400)), 200);
        // The Ally ended before the upgrade stays ended, whatever comes late.
        assert.equal(await deliver(app, subscription('customer.subscription.updated', 'sub_ended', 'active', 'evt_ended_late', T + 500)), 200);
        assert.deepEqual(await allies(app), [[0, 0], [0, 0]], 'final statuses stay final');
        const after = await contents(backend, url);
        assert.deepEqual(after.allies.map((a) => [a['subscription_id'], a['stage'], a['status']]), [['sub_ended', 'ended', 'canceled'], ['sub_started', 'ended', 'unpaid']]);
        assert.equal(after.totals.find((t) => t['campaign'] === 'movement')!['raised'], 2606, 'the recovering payment counted once');
      } finally {
        await app.close();
        await store.close();
      }
    });
  });
}
