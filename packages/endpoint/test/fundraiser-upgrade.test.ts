/**
 * Schema 11 (fundraiser pages) upgrades in place, on both stores: a database at schema 10 (a tree with
 * config campaigns, totals and a counted gift, as that release left it) opens with every campaign public,
 * of the old kind, its totals and ledger unchanged, the same schema as a fresh database, and its teams
 * able to take fundraiser pages at once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS, MIGRATIONS_TABLE, RECORDS_RELEASES, migrationRow } from '../src/store/schema.js';
import { changes, exec, type Program } from '../src/store/sql.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, contents, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const T = '2026-12-01T10:00:00.000Z';
const camp = (id: string, title: string, parent: string | null) => ({ id, title, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });

/** What the schema-10 release left: its migrations, a movement with a team, and one counted gift. */
function* schema10(): Program<void> {
  const older = MIGRATIONS.filter((m) => m.version <= 10);
  yield exec(MIGRATIONS_TABLE);
  for (const m of older) {
    yield exec(m.sql);
    yield m.version < RECORDS_RELEASES
      ? changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, T])
      : changes('INSERT INTO schema_migrations (version, name, applied_at, release, keeps_release, keeps_schema) VALUES (?, ?, ?, ?, ?, ?)', migrationRow(m, T, older));
  }
  const totals = 'INSERT INTO campaign_totals (campaign, currency, raised, donors, allies, version, updated_at, parent, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(totals, ['movement', 'usd', 4_500, 1, 0, 2, T, null, JSON.stringify(camp('movement', 'The Movement', null))]);
  yield changes(totals, ['riverside', 'usd', 4_500, 1, 0, 2, T, 'movement', JSON.stringify(camp('riverside', 'Riverside', 'movement'))]);
  yield changes('INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    'led_cash', 'riverside', 'usd', 4_500, 'offline', 'offline:riverside:admin:1', null, T, 'admin', 'counted', 1,
  ]);
}

async function atSchema10(backend: Backend): Promise<string> {
  const url = await backend.fresh();
  const driver = backend.driver(url);
  try {
    await driver.transact(schema10());
  } finally {
    await driver.close();
  }
  return url;
}

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    test('a schema-10 database upgrades in place: its campaigns are public campaigns of the old kind, and teams take pages', async () => {
      const url = await atSchema10(backend);
      const before = await contents(backend, url);
      assert.equal(before.migrations.length, 10);
      const store = await openStore(url);
      const config = { publicUrl: 'https://give.example', campaigns: [camp('movement', 'The Movement', null), camp('riverside', 'Riverside', 'movement')] };
      const app = createApp({ config, store, adminToken: ADMIN, logger: () => {} });
      try {
        await app.ready;
        const { migrations, ledger, totals } = await contents(backend, url);
        assert.deepEqual(migrations.map((m) => m['version']), MIGRATIONS.map((m) => m.version));
        // Allies at risk (schema 12) start at none; the rest is as it was.
        assert.ok(totals.every((t) => t['allies_at_risk'] === 0));
        assert.deepEqual([ledger, totals.map(({ allies_at_risk: _, ...rest }) => rest)], [before.ledger, before.totals], 'no row lost or changed');
        const fresh = await backend.fresh();
        await (await openStore(fresh)).close();
        assert.deepEqual(await backend.schema(url), await backend.schema(fresh), 'a fresh database and the upgraded one have one schema');

        for (const id of ['movement', 'riverside']) {
          assert.equal(app.hub.directory.isPublic(id), true);
          assert.equal(app.hub.directory.get(id)?.fundraiser, undefined, `${id} is a campaign of the old kind`);
          const res = await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`));
          assert.equal(res.status, 200);
        }
        const teams = (await (await app.fetch(new Request('http://rk.test/v1/campaigns/movement/teams'))).json()) as { count: number };
        assert.equal(teams.count, 1);
        const started = await app.fetch(new Request('http://rk.test/v1/campaigns/riverside/fundraisers', {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Jae', goal: 30_000, story: 'One rescue.' }),
        }), { ip: '192.0.2.1' });
        assert.equal(started.status, 201, await started.clone().text());
        assert.equal(((await started.json()) as { state: string }).state, 'pending');
        const raw = await backend.raw(url);
        const [row] = await raw.all<{ n: number }>('SELECT count(*) AS n FROM fundraisers');
        await raw.close();
        assert.equal(Number(row!.n), 1);
      } finally {
        await app.close();
        await store.close();
      }
    });
  });
}
