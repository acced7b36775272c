/**
 * Postgres schema, numbered like the SQLite migrations (same tables, same meaning).
 * Append only. Times are ISO 8601 text, as in SQLite, so both stores return the same values.
 */
export const PG_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'totals, ledger, idempotency keys',
    sql: `
      CREATE TABLE campaign_totals (
        campaign   text PRIMARY KEY,
        currency   text NOT NULL CHECK (length(currency) = 3),
        raised     bigint NOT NULL DEFAULT 0 CHECK (abs(raised) <= 9007199254740991),
        donors     integer NOT NULL DEFAULT 0 CHECK (donors >= 0),
        allies     integer NOT NULL DEFAULT 0 CHECK (allies >= 0),
        version    bigint NOT NULL DEFAULT 0,
        updated_at text NOT NULL
      );
      CREATE TABLE ledger (
        id         text PRIMARY KEY,
        campaign   text NOT NULL REFERENCES campaign_totals (campaign),
        currency   text NOT NULL,
        amount     bigint NOT NULL CHECK (amount <> 0),
        kind       text NOT NULL CHECK (kind IN ('offline', 'checkout', 'invoice', 'refund', 'dispute')),
        source_ref text NOT NULL UNIQUE,
        note       text,
        created_at text NOT NULL
      );
      CREATE INDEX ledger_by_campaign ON ledger (campaign, created_at);
      CREATE TABLE idempotency_keys (
        scope           text NOT NULL,
        key             text NOT NULL,
        fingerprint     text NOT NULL,
        response_status integer NOT NULL,
        response_body   text NOT NULL,
        ledger_id       text REFERENCES ledger (id),
        created_at      text NOT NULL,
        PRIMARY KEY (scope, key)
      );
    `,
  },
  {
    version: 2,
    name: 'stripe events, per-payment state, allies',
    sql: `
      CREATE TABLE stripe_events (
        id          text PRIMARY KEY,
        type        text NOT NULL,
        created     bigint NOT NULL,
        effect      text NOT NULL,
        campaign    text,
        received_at text NOT NULL
      );
      CREATE TABLE payments (
        ref        text PRIMARY KEY,
        campaign   text REFERENCES campaign_totals (campaign),
        state      jsonb NOT NULL,
        raised     bigint NOT NULL DEFAULT 0 CHECK (raised >= 0),
        donors     integer NOT NULL DEFAULT 0 CHECK (donors IN (0, 1)),
        updated_at text NOT NULL
      );
      CREATE TABLE payment_aliases (
        alias text PRIMARY KEY,
        ref   text NOT NULL REFERENCES payments (ref)
      );
      CREATE TABLE allies (
        subscription_id text PRIMARY KEY,
        campaign        text NOT NULL REFERENCES campaign_totals (campaign),
        stage           text NOT NULL CHECK (stage IN ('started', 'ended')),
        updated_at      text NOT NULL
      );
    `,
  },
];
