/**
 * Numbered schema migrations. Append only: never edit a released entry, add the next number.
 * STRICT tables make SQLite reject a REAL or TEXT where an integer amount belongs.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'totals, ledger, idempotency keys',
    sql: `
      CREATE TABLE campaign_totals (
        campaign   TEXT PRIMARY KEY,
        currency   TEXT NOT NULL CHECK (length(currency) = 3),
        raised     INTEGER NOT NULL DEFAULT 0 CHECK (abs(raised) <= 9007199254740991),
        donors     INTEGER NOT NULL DEFAULT 0 CHECK (donors >= 0),
        allies     INTEGER NOT NULL DEFAULT 0 CHECK (allies >= 0),
        version    INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ledger (
        id         TEXT PRIMARY KEY,
        campaign   TEXT NOT NULL REFERENCES campaign_totals (campaign),
        currency   TEXT NOT NULL,
        amount     INTEGER NOT NULL CHECK (amount <> 0),
        kind       TEXT NOT NULL CHECK (kind IN ('offline', 'checkout', 'invoice', 'refund', 'dispute')),
        source_ref TEXT NOT NULL UNIQUE,
        note       TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_by_campaign ON ledger (campaign, created_at);

      CREATE TABLE idempotency_keys (
        scope           TEXT NOT NULL,
        key             TEXT NOT NULL,
        fingerprint     TEXT NOT NULL,
        response_status INTEGER NOT NULL,
        response_body   TEXT NOT NULL,
        ledger_id       TEXT REFERENCES ledger (id),
        created_at      TEXT NOT NULL,
        PRIMARY KEY (scope, key)
      ) STRICT;
    `,
  },
];
