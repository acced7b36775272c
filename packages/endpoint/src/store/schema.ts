/**
 * The schema, as numbered migrations shared by both stores: one list of versions and names,
 * one text per table, and per dialect only the column types. Append only: never edit a
 * released entry, add the next number, and extend the upgrade test
 * (`test/store-contract.test.ts`, "upgrades in place") with a database of the release before.
 * SQLite tables are STRICT, so a REAL or TEXT is refused where an integer amount belongs.
 *
 * Rolling upgrades: each migration names the release that brings it and the oldest release whose
 * servers keep running on a database it has changed (`keeps`). Expand first: a release adds (a
 * table, a nullable or defaulted column, an index) and keeps the release before, so servers not yet
 * upgraded go on serving. Contract a release later: the next release drops or tightens what the
 * release before it stopped reading, and keeps that release. Only a change no older server can live
 * with keeps its own release, and then every server must stop before it runs. The database records
 * both on each row of `schema_migrations`, so an older server learns from the database itself
 * whether it may run (`schemaState`). Releases 0.1 and 0.2 predate the rule: each refuses any newer schema.
 */

/** The column types each dialect names differently. */
interface Types {
  text: string;
  /** A 32-bit integer column. */
  int: string;
  /** A 64-bit integer column: money and versions (the checks keep them below 2^53). */
  bigint: string;
  /** A JSON document. */
  json: string;
  /** What ends a table definition. */
  strict: string;
  /** A condition: the JSON document in `column` has `key: true`. */
  jsonTrue: (column: string, key: string) => string;
}

const SQLITE: Types = { text: 'TEXT', int: 'INTEGER', bigint: 'INTEGER', json: 'TEXT', strict: ' STRICT', jsonTrue: (c, k) => `json_extract(${c}, '$.${k}') = 1` };
const POSTGRES: Types = { text: 'text', int: 'integer', bigint: 'bigint', json: 'jsonb', strict: '', jsonTrue: (c, k) => `(${c} ->> '${k}') = 'true'` };

export interface Migration {
  version: number;
  name: string;
  /** The release that brings it ("0.2"). */
  release: string;
  /** The oldest release whose servers keep running once it is applied: the release before (expand) or its own (contract). */
  keeps: string;
  sql: { sqlite: string; postgres: string };
}

interface Releases {
  /** The release that brings the migration. */
  release: string;
  /** The oldest release whose servers keep running once it is applied. */
  keeps: string;
}

const dialects = (ddl: (t: Types) => string) => ({ sqlite: ddl(SQLITE), postgres: ddl(POSTGRES) });
const migration = (version: number, name: string, { release, keeps }: Releases, ddl: (t: Types) => string): Migration => ({ version, name, release, keeps, sql: dialects(ddl) });

/** 0.1 and 0.2 keep only themselves: servers of 0.1 refuse any newer schema, and 0.2 is the first to read `keeps`. */
const V01: Releases = { release: '0.1', keeps: '0.1' };
const V02: Releases = { release: '0.2', keeps: '0.2' };

/** The table that records which migrations a database has. */
export const MIGRATIONS_TABLE = dialects(
  (t) => `CREATE TABLE IF NOT EXISTS schema_migrations (version ${t.int} PRIMARY KEY, name ${t.text} NOT NULL, applied_at ${t.text} NOT NULL)${t.strict}`,
);

export const MIGRATIONS: readonly Migration[] = [
  migration(1, 'totals, ledger, idempotency keys', V01, (t) => `
    CREATE TABLE campaign_totals (
      campaign   ${t.text} PRIMARY KEY,
      currency   ${t.text} NOT NULL CHECK (length(currency) = 3),
      raised     ${t.bigint} NOT NULL DEFAULT 0 CHECK (abs(raised) <= 9007199254740991),
      donors     ${t.int} NOT NULL DEFAULT 0 CHECK (donors >= 0),
      allies     ${t.int} NOT NULL DEFAULT 0 CHECK (allies >= 0),
      version    ${t.bigint} NOT NULL DEFAULT 0,
      updated_at ${t.text} NOT NULL
    )${t.strict};

    CREATE TABLE ledger (
      id         ${t.text} PRIMARY KEY,
      campaign   ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      currency   ${t.text} NOT NULL,
      amount     ${t.bigint} NOT NULL CHECK (amount <> 0),
      kind       ${t.text} NOT NULL CHECK (kind IN ('offline', 'checkout', 'invoice', 'refund', 'dispute')),
      source_ref ${t.text} NOT NULL UNIQUE,
      note       ${t.text},
      created_at ${t.text} NOT NULL
    )${t.strict};
    CREATE INDEX ledger_by_campaign ON ledger (campaign, created_at);

    CREATE TABLE idempotency_keys (
      scope           ${t.text} NOT NULL,
      key             ${t.text} NOT NULL,
      fingerprint     ${t.text} NOT NULL,
      response_status ${t.int} NOT NULL,
      response_body   ${t.text} NOT NULL,
      ledger_id       ${t.text} REFERENCES ledger (id),
      created_at      ${t.text} NOT NULL,
      PRIMARY KEY (scope, key)
    )${t.strict};
  `),
  migration(2, 'stripe events, per-payment state, allies', V01, (t) => `
    -- Every verified Stripe event seen, once: a redelivery finds its id here and changes nothing.
    CREATE TABLE stripe_events (
      id          ${t.text} PRIMARY KEY,
      type        ${t.text} NOT NULL,
      created     ${t.bigint} NOT NULL,
      effect      ${t.text} NOT NULL,
      campaign    ${t.text},
      received_at ${t.text} NOT NULL
    )${t.strict};

    -- One row per payment (PaymentIntent, or session/invoice without one): what it counts now.
    CREATE TABLE payments (
      ref        ${t.text} PRIMARY KEY,
      campaign   ${t.text} REFERENCES campaign_totals (campaign),
      state      ${t.json} NOT NULL,
      raised     ${t.bigint} NOT NULL DEFAULT 0 CHECK (raised >= 0),
      donors     ${t.int} NOT NULL DEFAULT 0 CHECK (donors IN (0, 1)),
      updated_at ${t.text} NOT NULL
    )${t.strict};

    -- Other ids of the same payment (session, invoice, charge) -> its ref.
    CREATE TABLE payment_aliases (
      alias ${t.text} PRIMARY KEY,
      ref   ${t.text} NOT NULL REFERENCES payments (ref)
    )${t.strict};

    -- Monthly Allies: one row per subscription; 'ended' is final.
    CREATE TABLE allies (
      subscription_id ${t.text} PRIMARY KEY,
      campaign        ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      stage           ${t.text} NOT NULL CHECK (stage IN ('started', 'ended')),
      updated_at      ${t.text} NOT NULL
    )${t.strict};
  `),
  migration(3, 'campaign tree, campaigns as data, team keys, approvals, unassigned payments', V02, (t) => `
    -- A campaign's totals now hold its subtree (its own gifts plus its descendants').
    ALTER TABLE campaign_totals ADD COLUMN parent ${t.text};
    ALTER TABLE campaign_totals ADD COLUMN pending ${t.bigint} NOT NULL DEFAULT 0 CHECK (pending >= 0);
    -- The campaign as data (a config campaign); NULL until a config or the admin describes it.
    ALTER TABLE campaign_totals ADD COLUMN config ${t.json};
    CREATE INDEX campaign_totals_by_parent ON campaign_totals (parent);

    ALTER TABLE ledger ADD COLUMN recorded_by ${t.text};
    ALTER TABLE ledger ADD COLUMN status ${t.text} NOT NULL DEFAULT 'counted' CHECK (status IN ('counted', 'pending'));
    ALTER TABLE ledger ADD COLUMN donors ${t.int} CHECK (donors >= 0);

    -- Team keys: only the token's SHA-256 is kept.
    CREATE TABLE team_keys (
      id           ${t.text} PRIMARY KEY,
      campaign     ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      label        ${t.text},
      hash         ${t.text} NOT NULL UNIQUE,
      created_at   ${t.text} NOT NULL,
      last_used_at ${t.text},
      revoked_at   ${t.text}
    )${t.strict};
    CREATE INDEX team_keys_by_campaign ON team_keys (campaign, created_at);

    -- Paid money whose campaign is unknown or counts in another currency: kept until assigned.
    CREATE TABLE unassigned_payments (
      ref         ${t.text} PRIMARY KEY REFERENCES payments (ref),
      event_id    ${t.text} NOT NULL,
      campaign    ${t.text} NOT NULL,
      currency    ${t.text} NOT NULL,
      amount      ${t.bigint} NOT NULL,
      received_at ${t.text} NOT NULL,
      assigned_to ${t.text} REFERENCES campaign_totals (campaign),
      assigned_at ${t.text}
    )${t.strict};
    CREATE INDEX unassigned_by_campaign ON unassigned_payments (campaign, received_at);

    -- The release before marked such events processed and counted nothing: forget them, so
    -- \`rescuekit reconcile\` fetches them again and keeps them as unassigned (or counts them).
    DELETE FROM stripe_events WHERE effect IN ('ignore:unknown_campaign', 'ignore:currency_mismatch');
  `),
  migration(4, 'offline gift category', V02, (t) => `
    -- What an offline gift was (a public ticker shows this, never the recorder's note); NULL for Stripe rows.
    ALTER TABLE ledger ADD COLUMN category ${t.text} CHECK (category IS NULL OR category IN ('bake_sale', 'concert', 'cheque', 'other'));
  `),
  migration(5, 'covered fee on ledger rows', V02, (t) => `
    -- The processing fee the donor chose to cover, minor units, on the row that counts the payment;
    -- NULL for refunds, disputes, offline rows and rows written before this release.
    ALTER TABLE ledger ADD COLUMN covered_fee ${t.bigint} CHECK (covered_fee IS NULL OR covered_fee >= 0);
  `),
  migration(6, 'matching challenge', V02, (t) => `
    -- Money matched by the campaign's own challenge (its pool), minor units; not in raised, never rolled up.
    ALTER TABLE campaign_totals ADD COLUMN matched ${t.bigint} NOT NULL DEFAULT 0 CHECK (matched >= 0 AND matched <= 9007199254740991);

    -- Every change in what a gift earned from a pool, signed: a gift's match from a pool is the sum of its rows.
    CREATE TABLE match_ledger (
      id            ${t.text} PRIMARY KEY,
      pool          ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      gift          ${t.text} NOT NULL,
      reference     ${t.text} NOT NULL,
      gift_campaign ${t.text} NOT NULL,
      currency      ${t.text} NOT NULL,
      amount        ${t.bigint} NOT NULL CHECK (amount <> 0),
      created_at    ${t.text} NOT NULL
    )${t.strict};
    CREATE INDEX match_ledger_by_gift ON match_ledger (gift, pool);
    CREATE INDEX match_ledger_by_pool ON match_ledger (pool, created_at);
  `),
  migration(7, 'payment named on its ledger rows', V02, (t) => `
    -- The payment (its ref in payments) whose money a Stripe or assignment row moves, written with the
    -- row itself; NULL for offline rows and for older Stripe rows nothing linked to their payment.
    ALTER TABLE ledger ADD COLUMN payment_ref ${t.text};
    -- Schema 6 named a counting row's payment by an alias of its reference; an assignment's reference holds it.
    UPDATE ledger SET payment_ref = (SELECT a.ref FROM payment_aliases a WHERE a.alias = ledger.source_ref)
      WHERE source_ref IN (SELECT alias FROM payment_aliases WHERE alias LIKE 'stripe-event:%');
    UPDATE ledger SET payment_ref = substr(source_ref, 8) WHERE source_ref LIKE 'assign:%';
    -- Those aliases were never ids Stripe sends: nothing looks a payment up by them any more.
    DELETE FROM payment_aliases WHERE alias LIKE 'stripe-event:%';
  `),
  migration(8, 'approvals recorded on ledger rows', V02, (t) => `
    -- Who approved team cash held for approval, and when; NULL for everything never held.
    ALTER TABLE ledger ADD COLUMN approved_at ${t.text};
    ALTER TABLE ledger ADD COLUMN approved_by ${t.text};
    -- Before this release only the admin approved, and left no trace: team cash counted in a campaign that
    -- holds team cash for approval was approved (or recorded before the campaign asked for approval).
    UPDATE ledger SET approved_at = created_at, approved_by = 'admin'
      WHERE kind = 'offline' AND amount > 0 AND status = 'counted' AND recorded_by LIKE 'key%'
        AND campaign IN (SELECT campaign FROM campaign_totals WHERE ${t.jsonTrue('config', 'cashNeedsApproval')});
  `),
  migration(9, 'rolling upgrades: each migration records the oldest release it keeps running', V02, (t) => `
    -- The release that brought each migration, and the oldest release (and its schema version) whose
    -- servers keep running once it is applied. A server newer than 0.2 reads these before refusing a schema.
    ALTER TABLE schema_migrations ADD COLUMN release ${t.text};
    ALTER TABLE schema_migrations ADD COLUMN keeps_release ${t.text};
    ALTER TABLE schema_migrations ADD COLUMN keeps_schema ${t.int};
    UPDATE schema_migrations SET release = CASE WHEN version <= 2 THEN '0.1' ELSE '0.2' END;
    UPDATE schema_migrations SET keeps_release = release, keeps_schema = CASE WHEN version <= 2 THEN 2 ELSE 9 END;
  `),
  migration(10, 'people and invites', V02, (t) => `
    -- A person invited by link, with a role over a campaign and everything below it. Only the key's SHA-256 is kept.
    CREATE TABLE people (
      id         ${t.text} PRIMARY KEY,
      campaign   ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      role       ${t.text} NOT NULL CHECK (role IN ('recorder', 'treasurer', 'lead', 'organiser')),
      label      ${t.text},
      hash       ${t.text} NOT NULL UNIQUE,
      invited_by ${t.text} NOT NULL,
      created_at ${t.text} NOT NULL,
      revoked_at ${t.text}
    )${t.strict};
    CREATE INDEX people_by_campaign ON people (campaign, created_at);

    -- An invite link's code (its SHA-256), single use, until it expires; the person it made once used.
    CREATE TABLE invites (
      id         ${t.text} PRIMARY KEY,
      campaign   ${t.text} NOT NULL REFERENCES campaign_totals (campaign),
      role       ${t.text} NOT NULL CHECK (role IN ('recorder', 'treasurer', 'lead', 'organiser')),
      label      ${t.text},
      hash       ${t.text} NOT NULL UNIQUE,
      invited_by ${t.text} NOT NULL,
      created_at ${t.text} NOT NULL,
      expires_at ${t.text} NOT NULL,
      used_at    ${t.text},
      person     ${t.text} REFERENCES people (id),
      revoked_at ${t.text}
    )${t.strict};
    CREATE INDEX invites_by_campaign ON invites (campaign, created_at);

    -- Team cash held for approval and rejected from above: never counted; who and when (its void row says why).
    ALTER TABLE ledger ADD COLUMN rejected_at ${t.text};
    ALTER TABLE ledger ADD COLUMN rejected_by ${t.text};
  `),
  migration(11, 'fundraiser pages', V02, (t) => `
    -- A supporter's page: a campaign (its totals row, with the page's public facts in its config) plus
    -- what only its owner and reviewers see. Campaigns from before are campaigns of the old kind, approved.
    CREATE TABLE fundraisers (
      campaign     ${t.text} PRIMARY KEY REFERENCES campaign_totals (campaign),
      -- The SHA-256 of the page's own link's secret (shown once; a lead may issue a new one).
      hash         ${t.text} NOT NULL UNIQUE,
      -- Text edits of a public page waiting for approval (the approved text stays public meanwhile).
      proposed     ${t.json},
      needs_review ${t.int} NOT NULL DEFAULT 1 CHECK (needs_review IN (0, 1)),
      reason       ${t.text},
      decided_by   ${t.text},
      decided_at   ${t.text},
      -- Each year (round) of the page: goal, occasion, opened, closed, raised then.
      rounds       ${t.json} NOT NULL,
      created_at   ${t.text} NOT NULL,
      updated_at   ${t.text} NOT NULL
    )${t.strict};
    CREATE INDEX fundraisers_to_review ON fundraisers (needs_review, created_at);
  `),
  migration(12, 'ally subscription statuses, allies at risk', V02, (t) => `
    -- An Ally's subscription status as Stripe names it, and the \`created\` (seconds) of the event that set it:
    -- counted while active or past_due, final at canceled, unpaid or incomplete_expired. \`stage\` goes on
    -- saying 'ended' for a final status and 'started' for any other. Allies from before keep what they
    -- counted: started is active, ended is canceled, both at 0 (older than any event).
    ALTER TABLE allies ADD COLUMN status ${t.text} NOT NULL DEFAULT 'active'
      CHECK (status IN ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'));
    ALTER TABLE allies ADD COLUMN status_at ${t.bigint} NOT NULL DEFAULT 0;
    UPDATE allies SET status = 'canceled' WHERE stage = 'ended';
    -- Counted Allies past due now (a part of allies), this campaign and its descendants, rolled up as allies is.
    ALTER TABLE campaign_totals ADD COLUMN allies_at_risk ${t.int} NOT NULL DEFAULT 0 CHECK (allies_at_risk >= 0);
  `),
];

/** The newest schema version this code knows. */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

/** The first migration whose row records the releases it keeps. */
export const RECORDS_RELEASES = 9;

/** Orders release names ("0.2" < "0.10" < "1.0"). */
export function compareReleases(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The schema version a server of `release` knows: its last migration, or the one of the latest release before it. */
export function schemaOfRelease(release: string, migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.filter((m) => compareReleases(m.release, release) <= 0).at(-1)?.version ?? 0;
}

/** What `schema_migrations` says of a database's newest migrations: enough for an older server to decide. */
export interface RecordedSchema {
  /** The highest migration applied (0: none). */
  version: number;
  /** The release that brought it, where recorded. */
  release?: string | undefined;
  /** The highest schema version any applied migration needs its servers to know, and the release that first had it. */
  needs?: { schema: number; release: string } | undefined;
}

/** The queries that read a `RecordedSchema` (the last two only from schema `RECORDS_RELEASES` on); no parameters. */
export const RECORDED_SCHEMA_SQL = {
  version: 'SELECT max(version) AS v FROM schema_migrations',
  release: 'SELECT release FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)',
  // A row without keeps_schema (written by a release that did not record it) comes first: it keeps nothing older.
  needs: 'SELECT keeps_schema, keeps_release FROM schema_migrations ORDER BY CASE WHEN keeps_schema IS NULL THEN 1 ELSE 0 END DESC, keeps_schema DESC, version LIMIT 1',
} as const;

type Row = Record<string, unknown> | undefined;

/** A `RecordedSchema` from the first row each of `RECORDED_SCHEMA_SQL`'s queries answered (the last two unread below `RECORDS_RELEASES`). */
export function toRecordedSchema(versionRow: Row, releaseRow?: Row, needsRow?: Row): RecordedSchema {
  const version = Number(versionRow?.['v'] ?? 0);
  if (version < RECORDS_RELEASES) return { version };
  const release = releaseRow?.['release'];
  return {
    version,
    release: typeof release === 'string' ? release : undefined,
    needs: needsRow?.['keeps_schema'] != null ? { schema: Number(needsRow['keeps_schema']), release: String(needsRow['keeps_release']) } : undefined,
  };
}

/** How a server of this code stands with a database. */
export type SchemaState =
  | { state: 'current' | 'behind'; version: number; pending: readonly Migration[] }
  /** Newer than this code, and every migration past it keeps a release this code belongs to: run without migrating. */
  | { state: 'ahead'; version: number; release: string | undefined }
  /** Newer than this code and not compatible with it: refuse, naming the release needed. */
  | { state: 'refused'; version: number; message: string };

/** Decides from what the database records whether this code may run on it, and what it must apply first. */
export function schemaState(recorded: RecordedSchema, migrations: readonly Migration[] = MIGRATIONS): SchemaState {
  const known = migrations.at(-1)!.version;
  const { version } = recorded;
  if (version <= known) {
    const pending = migrations.filter((m) => m.version > version);
    return { state: pending.length ? 'behind' : 'current', version, pending };
  }
  const by = recorded.release ? ` (written by rescuekit ${recorded.release})` : '';
  if (recorded.needs && recorded.needs.schema <= known) return { state: 'ahead', version, release: recorded.release };
  const need = recorded.needs ? `rescuekit ${recorded.needs.release} or newer` : 'the rescuekit release that wrote it';
  return {
    state: 'refused',
    version,
    message: `database schema version ${version}${by} is newer than this rescuekit (${known}) and does not keep it running: it needs ${need}. Upgrade rescuekit on this machine`,
  };
}

/** The row `schema_migrations` keeps for `m`. */
export function migrationRow(m: Migration, now: string, migrations: readonly Migration[] = MIGRATIONS): unknown[] {
  return [m.version, m.name, now, m.release, m.keeps, schemaOfRelease(m.keeps, migrations)];
}
