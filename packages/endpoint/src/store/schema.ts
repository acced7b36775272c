/**
 * The schema, as numbered migrations shared by both stores: one list of versions and names,
 * one text per table, and per dialect only the column types. Append only: never edit a
 * released entry, add the next number, and extend the upgrade test
 * (`test/store-contract.test.ts`, "upgrades in place") with a database of the release before.
 * SQLite tables are STRICT, so a REAL or TEXT is refused where an integer amount belongs.
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
  sql: { sqlite: string; postgres: string };
}

const dialects = (ddl: (t: Types) => string) => ({ sqlite: ddl(SQLITE), postgres: ddl(POSTGRES) });
const migration = (version: number, name: string, ddl: (t: Types) => string): Migration => ({ version, name, sql: dialects(ddl) });

/** The table that records which migrations a database has. */
export const MIGRATIONS_TABLE = dialects(
  (t) => `CREATE TABLE IF NOT EXISTS schema_migrations (version ${t.int} PRIMARY KEY, name ${t.text} NOT NULL, applied_at ${t.text} NOT NULL)${t.strict}`,
);

export const MIGRATIONS: readonly Migration[] = [
  migration(1, 'totals, ledger, idempotency keys', (t) => `
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
  migration(2, 'stripe events, per-payment state, allies', (t) => `
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
  migration(3, 'campaign tree, campaigns as data, team keys, approvals, unassigned payments', (t) => `
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
  migration(4, 'offline gift category', (t) => `
    -- What an offline gift was (a public ticker shows this, never the recorder's note); NULL for Stripe rows.
    ALTER TABLE ledger ADD COLUMN category ${t.text} CHECK (category IS NULL OR category IN ('bake_sale', 'concert', 'cheque', 'other'));
  `),
  migration(5, 'covered fee on ledger rows', (t) => `
    -- The processing fee the donor chose to cover, minor units, on the row that counts the payment;
    -- NULL for refunds, disputes, offline rows and rows written before this release.
    ALTER TABLE ledger ADD COLUMN covered_fee ${t.bigint} CHECK (covered_fee IS NULL OR covered_fee >= 0);
  `),
  migration(6, 'matching challenge', (t) => `
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
  migration(7, 'payment named on its ledger rows', (t) => `
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
  migration(8, 'approvals recorded on ledger rows', (t) => `
    -- Who approved team cash held for approval, and when; NULL for everything never held.
    ALTER TABLE ledger ADD COLUMN approved_at ${t.text};
    ALTER TABLE ledger ADD COLUMN approved_by ${t.text};
    -- Before this release only the admin approved, and left no trace: team cash counted in a campaign that
    -- holds team cash for approval was approved (or recorded before the campaign asked for approval).
    UPDATE ledger SET approved_at = created_at, approved_by = 'admin'
      WHERE kind = 'offline' AND amount > 0 AND status = 'counted' AND recorded_by LIKE 'key%'
        AND campaign IN (SELECT campaign FROM campaign_totals WHERE ${t.jsonTrue('config', 'cashNeedsApproval')});
  `),
];

/** The newest schema version this code knows. */
export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;

/** The migrations a database at `current` still needs; refuses a database from a newer rescuekit. */
export function pendingMigrations(current: number): Migration[] {
  if (current > LATEST_VERSION) {
    throw new Error(`database schema version ${current} is newer than this rescuekit (${LATEST_VERSION}); upgrade rescuekit`);
  }
  return MIGRATIONS.filter((m) => m.version > current);
}
