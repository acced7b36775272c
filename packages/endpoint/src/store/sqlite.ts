/**
 * The SQLite store (better-sqlite3): WAL, durable commits, one IMMEDIATE
 * transaction per counted gift. Several processes may share one file.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { stripeEventApplier } from './sqlite-stripe.js';
import { toTotals, type TotalsRow } from './rows.js';
import type {
  CampaignTotals,
  IdempotencyLookup,
  IdempotencyRef,
  LedgerEntry,
  RecordGiftInput,
  RecordGiftResult,
  Store,
  StripeEventInput,
  StripeEventResult,
  VoidGiftInput,
  VoidGiftResult,
} from './types.js';

interface IdemRow {
  fingerprint: string;
  response_status: number;
  response_body: string;
}

/** Applies pending migrations in one transaction; safe to call on every open, from several processes. */
export function migrate(db: Database.Database): number {
  const run = db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    const current = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(`database schema version ${current} is newer than this rescuekit (${latest}); upgrade rescuekit`);
    }
    const mark = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      mark.run(m.version, m.name, new Date().toISOString());
    }
    return latest;
  });
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate.
  return run.immediate();
}

/** Opens (creating if needed) an SQLite database at `path` (`:memory:` for tests). */
export function openSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL'); // a 2xx promises the gift survives power loss, not just a crash
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return new SqliteStore(db);
  } catch (e) {
    db.close();
    throw e;
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  readonly #q;
  readonly #applyStripe: (events: readonly StripeEventInput[]) => StripeEventResult[];
  #closed = false;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#q = {
      totals: db.prepare<[string], TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = ?'),
      allTotals: db.prepare<[], TotalsRow>('SELECT * FROM campaign_totals ORDER BY campaign'),
      insertTotals: db.prepare('INSERT INTO campaign_totals (campaign, currency, updated_at) VALUES (?, ?, ?)'),
      setCurrency: db.prepare('UPDATE campaign_totals SET currency = ?, version = version + 1, updated_at = ? WHERE campaign = ?'),
      idem: db.prepare<[string, string], IdemRow>('SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE scope = ? AND key = ?'),
      insertIdem: db.prepare(
        'INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_body, ledger_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      bySource: db.prepare<[string], { id: string }>('SELECT id FROM ledger WHERE source_ref = ?'),
      insertLedger: db.prepare(
        'INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      addToTotals: db.prepare<[number, number, string, string], TotalsRow>(
        'UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, version = version + 1, updated_at = ? WHERE campaign = ? RETURNING *',
      ),
      offlineGift: db.prepare<[string, string], { amount: number; currency: string }>(
        "SELECT amount, currency FROM ledger WHERE id = ? AND campaign = ? AND kind = 'offline' AND amount > 0",
      ),
      countAll: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM ledger'),
      countOne: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM ledger WHERE campaign = ?'),
      ping: db.prepare('SELECT 1'),
    };
    this.#applyStripe = stripeEventApplier(db, toTotals);
  }

  async applyStripeEvents(events: readonly StripeEventInput[]): Promise<StripeEventResult[]> {
    return events.length ? this.#applyStripe(events) : [];
  }

  async ensureCampaigns(campaigns: readonly { id: string; currency: string }[]): Promise<void> {
    const q = this.#q;
    this.#db
      .transaction(() => {
        const now = new Date().toISOString();
        for (const c of campaigns) {
          const row = q.totals.get(c.id);
          if (!row) q.insertTotals.run(c.id, c.currency, now);
          else if (row.currency !== c.currency) {
            if (row.raised !== 0 || row.donors !== 0 || row.allies !== 0) {
              throw new Error(`campaign "${c.id}" already counts gifts in ${row.currency}; its currency cannot change to ${c.currency}`);
            }
            q.setCurrency.run(c.currency, now, c.id);
          }
        }
      })
      .immediate();
  }

  async getTotals(campaign: string): Promise<CampaignTotals | undefined> {
    const row = this.#q.totals.get(campaign);
    return row && toTotals(row);
  }

  async getAllTotals(): Promise<CampaignTotals[]> {
    return this.#q.allTotals.all().map(toTotals);
  }

  async lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup> {
    return this.#checkIdem(ref);
  }

  #checkIdem(ref: IdempotencyRef): IdempotencyLookup {
    const row = this.#q.idem.get(ref.scope, ref.key);
    if (!row) return { outcome: 'none' };
    if (row.fingerprint !== ref.fingerprint) return { outcome: 'conflict' };
    return { outcome: 'replayed', response: { status: row.response_status, body: row.response_body } };
  }

  async recordGift(input: RecordGiftInput): Promise<RecordGiftResult> {
    const q = this.#q;
    const tx = this.#db.transaction((): RecordGiftResult => {
      if (input.idempotency) {
        const seen = this.#checkIdem(input.idempotency);
        if (seen.outcome !== 'none') return seen;
      }
      const now = new Date().toISOString();
      const before = q.totals.get(input.campaign);
      if (!before) throw new Error(`no totals row for campaign "${input.campaign}"`);
      if (before.currency !== input.currency) {
        throw new Error(`currency ${input.currency} does not match campaign "${input.campaign}" (${before.currency})`);
      }
      if (q.bySource.get(input.sourceRef)) return { outcome: 'duplicate', totals: toTotals(before) };
      q.insertLedger.run(input.id, input.campaign, input.currency, input.amount, input.kind, input.sourceRef, input.note ?? null, now);
      const totals = toTotals(q.addToTotals.get(input.amount, input.donorDelta, now, input.campaign)!);
      const entry: LedgerEntry = {
        id: input.id,
        campaign: input.campaign,
        currency: input.currency,
        amount: input.amount,
        kind: input.kind,
        sourceRef: input.sourceRef,
        note: input.note,
        createdAt: now,
      };
      const response = input.respond?.(entry, totals);
      if (input.idempotency) {
        const { scope, key, fingerprint } = input.idempotency;
        const stored = response ?? { status: 201, body: '' };
        q.insertIdem.run(scope, key, fingerprint, stored.status, stored.body, input.id, now);
      }
      return { outcome: 'recorded', entry, totals, response };
    });
    // IMMEDIATE takes the write lock before the idempotency read, so two processes
    // racing on the same key serialize instead of both inserting.
    return tx.immediate();
  }

  async voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult> {
    const q = this.#q;
    return this.#db
      .transaction((): VoidGiftResult => {
        const gift = q.offlineGift.get(input.giftId, input.campaign);
        if (!gift) return { outcome: 'not_found' };
        const before = toTotals(q.totals.get(input.campaign)!);
        if (q.bySource.get(`void:${input.giftId}`)) return { outcome: 'already_voided', amount: gift.amount, totals: before };
        const now = new Date().toISOString();
        q.insertLedger.run(input.id, input.campaign, gift.currency, -gift.amount, 'offline', `void:${input.giftId}`, input.note ?? null, now);
        const totals = toTotals(q.addToTotals.get(-gift.amount, -1, now, input.campaign)!);
        return { outcome: 'voided', amount: gift.amount, totals };
      })
      .immediate();
  }

  async countLedger(campaign?: string): Promise<number> {
    return (campaign === undefined ? this.#q.countAll.get() : this.#q.countOne.get(campaign))!.n;
  }

  async changeToken(): Promise<number> {
    return this.#db.pragma('data_version', { simple: true }) as number;
  }

  async ping(): Promise<void> {
    this.#q.ping.get();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // Fold the WAL back into the main file so a copy of the .db alone is complete.
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.#db.close();
    }
  }
}
