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
  {
    version: 2,
    name: 'stripe events, per-payment state, allies',
    sql: `
      -- Every verified Stripe event seen, once: a redelivery finds its id here and changes nothing.
      CREATE TABLE stripe_events (
        id          TEXT PRIMARY KEY,
        type        TEXT NOT NULL,
        created     INTEGER NOT NULL,
        effect      TEXT NOT NULL,
        campaign    TEXT,
        received_at TEXT NOT NULL
      ) STRICT;

      -- One row per payment (PaymentIntent, or session/invoice without one): what it counts now.
      CREATE TABLE payments (
        ref        TEXT PRIMARY KEY,
        campaign   TEXT REFERENCES campaign_totals (campaign),
        state      TEXT NOT NULL,
        raised     INTEGER NOT NULL DEFAULT 0 CHECK (raised >= 0),
        donors     INTEGER NOT NULL DEFAULT 0 CHECK (donors IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;

      -- Other ids of the same payment (session, invoice, charge) -> its ref.
      CREATE TABLE payment_aliases (
        alias TEXT PRIMARY KEY,
        ref   TEXT NOT NULL REFERENCES payments (ref)
      ) STRICT;

      -- Monthly Allies: one row per subscription; 'ended' is final.
      CREATE TABLE allies (
        subscription_id TEXT PRIMARY KEY,
        campaign        TEXT NOT NULL REFERENCES campaign_totals (campaign),
        stage           TEXT NOT NULL CHECK (stage IN ('started', 'ended')),
        updated_at      TEXT NOT NULL
      ) STRICT;
    `,
  },
];
