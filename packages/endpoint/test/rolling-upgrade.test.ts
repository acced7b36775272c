/**
 * A rolling upgrade across two servers, on both stores. Servers of this release share a database;
 * the next release's first server applies its migrations (the same `migrate` program with the next
 * release's longer list, as its start would): an expand migration that keeps this release running
 * (a new table, new columns on the ledger and on the totals that `SELECT *` and Postgres's prepared
 * statements read). This release's servers go on counting webhooks and cash exactly, and one that
 * restarts starts on the newer schema, saying so. A later contract migration that keeps only the
 * release after this one makes a restarting server of this release refuse, naming that release.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { migrate } from '../src/store/programs.js';
import { compareReleases, LATEST_VERSION, MIGRATIONS, schemaOfRelease, type Migration } from '../src/store/schema.js';
import { ADMIN, exitOf, spawnCli } from './helpers.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const SECRET = 'whsec_rolling_upgrade_0123456789abcdef';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'the-hundred', title: 'The Hundred', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 }] };
const clock = () => new Date().toISOString();

/** The next release (0.3): pledges, added beside what this release reads. */
const EXPAND: Migration = {
  version: LATEST_VERSION + 1,
  name: 'pledges (next release, expand)',
  release: '0.3',
  keeps: '0.2',
  sql: {
    sqlite: `CREATE TABLE pledges (id TEXT PRIMARY KEY, campaign TEXT NOT NULL REFERENCES campaign_totals (campaign), amount INTEGER NOT NULL) STRICT;
      ALTER TABLE ledger ADD COLUMN pledge TEXT;
      ALTER TABLE campaign_totals ADD COLUMN pledged INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX ledger_by_pledge ON ledger (pledge);`,
    postgres: `CREATE TABLE pledges (id text PRIMARY KEY, campaign text NOT NULL REFERENCES campaign_totals (campaign), amount bigint NOT NULL);
      ALTER TABLE ledger ADD COLUMN pledge text;
      ALTER TABLE campaign_totals ADD COLUMN pledged bigint NOT NULL DEFAULT 0;
      CREATE INDEX ledger_by_pledge ON ledger (pledge);`,
  },
};
/** The release after (0.4): drops what 0.3 no longer reads; keeps 0.3 servers running, not this release's. */
const CONTRACT: Migration = {
  version: LATEST_VERSION + 2,
  name: 'pledged moves off the totals (contract)',
  release: '0.4',
  keeps: '0.3',
  sql: { sqlite: 'ALTER TABLE campaign_totals DROP COLUMN pledged;', postgres: 'ALTER TABLE campaign_totals DROP COLUMN pledged;' },
};

const paid = (n: number, amount: number) =>
  stripeEvent('checkout.session.completed', {
    id: `cs_roll_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd', payment_intent: `pi_roll_${n}`,
    metadata: { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: String(amount), fee_amount: '0' },
  }, { id: `evt_roll_${n}` });

test('the next release names the schema each release knows', () => {
  assert.equal(schemaOfRelease('0.1'), 2);
  assert.equal(schemaOfRelease('0.2'), LATEST_VERSION);
  assert.equal(schemaOfRelease('0.2', [...MIGRATIONS, EXPAND, CONTRACT]), LATEST_VERSION);
  assert.equal(schemaOfRelease('0.3', [...MIGRATIONS, EXPAND, CONTRACT]), EXPAND.version);
});

/**
 * What the list itself must keep for an older server to read it right: numbered 1..n in release
 * order, and each keeps its own release or an earlier one. (Whether an expand migration leaves
 * alone everything the release it keeps reads is for review and for the upgrade test below.)
 */
function ruleProblems(list: readonly Migration[]): string[] {
  const problems: string[] = [];
  list.forEach((m, i) => {
    if (m.version !== i + 1) problems.push(`${m.version}: expected number ${i + 1}`);
    if (i > 0 && compareReleases(m.release, list[i - 1]!.release) < 0) problems.push(`${m.version}: release ${m.release} before ${list[i - 1]!.release}`);
    if (compareReleases(m.keeps, m.release) > 0) problems.push(`${m.version}: keeps ${m.keeps}, after its own release ${m.release}`);
  });
  return problems;
}

test('the migration list is in order and no migration keeps a release after its own; the check can fail', () => {
  assert.deepEqual(ruleProblems(MIGRATIONS), []);
  assert.deepEqual(ruleProblems([...MIGRATIONS, EXPAND, CONTRACT]), []);
  assert.deepEqual(ruleProblems([...MIGRATIONS, CONTRACT]), [`${CONTRACT.version}: expected number ${EXPAND.version}`]);
  assert.deepEqual(ruleProblems([...MIGRATIONS, { ...EXPAND, release: '0.1' }]), [`${EXPAND.version}: release 0.1 before 0.2`, `${EXPAND.version}: keeps 0.2, after its own release 0.1`]);
});

for (const backend of BACKENDS) {
  describe(`${backend.name}: rolling upgrade`, () => {
    test('this release keeps counting through the next release\'s expand migration, restarts on it, and refuses the contract after', async () => {
      const url = await backend.fresh();
      const logs: string[] = [];
      const start = () => startServer({ config: CONFIG, databaseUrl: url, adminToken: ADMIN, port: 0, host: '127.0.0.1', log: (l) => logs.push(l), env: { STRIPE_WEBHOOK_SECRET: SECRET } });
      const servers: RunningServer[] = [await start(), await start()];
      let expected = 0;
      let n = 0;
      const webhook = async (server: RunningServer, amount: number) => {
        const { body, headers } = signedWebhook(paid(++n, amount), SECRET);
        const res = await fetch(`${server.url}/v1/webhooks/stripe`, { method: 'POST', headers, body });
        assert.equal(res.status, 200, await res.text());
        expected += amount;
      };
      const cash = async (server: RunningServer, amount: number) => {
        const res = await fetch(`${server.url}/v1/campaigns/the-hundred/offline-gifts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ amount, currency: 'usd', category: 'bake_sale' }),
        });
        assert.equal(res.status, 201, await res.text());
        expected += amount;
      };
      const raised = async (server: { url: string }) => ((await (await fetch(`${server.url}/v1/campaigns/the-hundred`)).json()) as { raised: number }).raised;
      /** What a server shows once another server's commits reach it (its change poll, or LISTEN on Postgres). */
      const settles = async (server: { url: string }) => {
        let seen = await raised(server);
        for (let i = 0; i < 60 && seen !== expected; i++) {
          await new Promise((r) => setTimeout(r, 100));
          seen = await raised(server);
        }
        return seen;
      };
      const ledgerSum = async () => {
        const raw = await backend.raw(url);
        try {
          return Number((await raw.all<{ s: number }>("SELECT coalesce(sum(amount), 0) AS s FROM ledger WHERE status = 'counted'"))[0]!.s);
        } finally {
          await raw.close();
        }
      };
      try {
        for (const s of servers) {
          assert.equal(s.schema?.state, 'current');
          await webhook(s, 2700);
          await cash(s, 4500);
        }

        // The next release's first server starts: its migration runs while this release's servers serve.
        const next = backend.driver(url);
        try {
          assert.equal((await next.transact(migrate(clock, [...MIGRATIONS, EXPAND]))).version, EXPAND.version);
          assert.equal((await next.transact(migrate(clock, [...MIGRATIONS, EXPAND]))).state, 'current', 'a second server of the next release finds nothing to run');
        } finally {
          await next.close();
        }
        for (const s of servers) {
          await webhook(s, 900);
          await webhook(s, 1800);
          await cash(s, 1200);
        }
        for (const s of servers) assert.equal(await settles(s), expected);

        // One of this release's servers restarts (a crash, a deploy of another service) before it is upgraded.
        await servers[1]!.close();
        servers[1] = await start();
        assert.deepEqual(servers[1].schema, { state: 'ahead', version: EXPAND.version, release: '0.3' });
        assert.ok(logs.some((l) => l.includes('rolling upgrade') && l.includes(`"schema":${EXPAND.version}`)), logs.join('\n'));
        await webhook(servers[1], 2500);
        await cash(servers[1], 300);
        for (const s of servers) assert.equal(await settles(s), expected);
        assert.equal(await ledgerSum(), expected);

        // A real `rescuekit serve` of this release says so in its banner.
        const dir = await mkdtemp(join(tmpdir(), 'rescuekit-rolling-'));
        await writeFile(join(dir, 'config.json'), JSON.stringify(CONFIG));
        const cli = await spawnCli(['serve', '--config', join(dir, 'config.json'), '--port', '0'], { DATABASE_URL: url, ADMIN_TOKEN: ADMIN });
        try {
          for (let i = 0; i < 100 && !cli.output().includes('store:'); i++) await new Promise((r) => setTimeout(r, 20));
          assert.match(cli.output(), new RegExp(`store: .*, schema ${EXPAND.version} \\(rescuekit 0\\.3\\), newer than this release's ${LATEST_VERSION} and compatible`));
          assert.equal(await raised(cli), expected);
        } finally {
          cli.child.kill('SIGTERM');
          await exitOf(cli.child);
          await rm(dir, { recursive: true, force: true });
        }

        // Every server now runs 0.3; 0.4 contracts. A server of this release that restarts now refuses, naming 0.3.
        const later = backend.driver(url);
        try {
          await later.transact(migrate(clock, [...MIGRATIONS, EXPAND, CONTRACT]));
        } finally {
          await later.close();
        }
        await servers[0]!.close();
        servers.shift();
        await assert.rejects(start(), new RegExp(`database schema version ${CONTRACT.version} \\(written by rescuekit 0\\.4\\) is newer than this rescuekit \\(${LATEST_VERSION}\\) and does not keep it running: it needs rescuekit 0\\.3 or newer`));
        assert.equal(await ledgerSum(), expected, 'nothing lost on the way');
      } finally {
        for (const s of servers) await s.close();
      }
    });
  });
}
