/**
 * The Postgres store (`DATABASE_URL=postgres://…`): same contract and tables as
 * SQLite, for deployments where several servers or a serverless platform share one
 * database. Writers of one campaign serialise on its totals row (`FOR UPDATE`);
 * Stripe batches also take one advisory lock, so no two batches can deadlock.
 * Commits are durable with Postgres' default `synchronous_commit = on`.
 */
import pg from 'pg';
import { PG_MIGRATIONS } from './postgres-migrations.js';
import { applyStripeBatch } from './postgres-stripe.js';
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

/** bigint columns hold integers far below 2^53 (checked by the schema): read them as numbers. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** Advisory lock keys (any constants; they only need to be the same in every process). */
export const LOCK = { migrate: 0x7265_7363, stripe: 0x7265_7364 };

export type Tx = pg.PoolClient;

/** Opens a pool on `url` and applies pending migrations. */
export async function openPostgresStore(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
  const store = new PostgresStore(pool);
  try {
    await store.migrate();
    return store;
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  readonly #pool: pg.Pool;
  #closed = false;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Runs `fn` in one transaction on one connection; rolls back on any error. */
  async tx<T>(fn: (c: Tx) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  async migrate(): Promise<number> {
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK.migrate]);
      await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
      const current = Number((await c.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v ?? 0);
      const latest = PG_MIGRATIONS.at(-1)?.version ?? 0;
      if (current > latest) throw new Error(`database schema version ${current} is newer than this rescuekit (${latest}); upgrade rescuekit`);
      for (const m of PG_MIGRATIONS) {
        if (m.version <= current) continue;
        await c.query(m.sql);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
      }
      return latest;
    });
  }

  async ensureCampaigns(campaigns: readonly { id: string; currency: string }[]): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK.migrate]);
      const now = new Date().toISOString();
      for (const camp of campaigns) {
        const row = (await c.query<TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = $1', [camp.id])).rows[0];
        if (!row) await c.query('INSERT INTO campaign_totals (campaign, currency, updated_at) VALUES ($1, $2, $3)', [camp.id, camp.currency, now]);
        else if (row.currency !== camp.currency) {
          if (row.raised !== 0 || row.donors !== 0 || row.allies !== 0) {
            throw new Error(`campaign "${camp.id}" already counts gifts in ${row.currency}; its currency cannot change to ${camp.currency}`);
          }
          await c.query('UPDATE campaign_totals SET currency = $1, version = version + 1, updated_at = $2 WHERE campaign = $3', [camp.currency, now, camp.id]);
        }
      }
    });
  }

  async getTotals(campaign: string): Promise<CampaignTotals | undefined> {
    const row = (await this.#pool.query<TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = $1', [campaign])).rows[0];
    return row && toTotals(row);
  }

  async getAllTotals(): Promise<CampaignTotals[]> {
    return (await this.#pool.query<TotalsRow>('SELECT * FROM campaign_totals ORDER BY campaign')).rows.map(toTotals);
  }

  async lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup> {
    return checkIdem(this.#pool, ref);
  }

  async recordGift(input: RecordGiftInput): Promise<RecordGiftResult> {
    return this.tx(async (c): Promise<RecordGiftResult> => {
      // The totals row lock serialises every writer of this campaign, in any process.
      const before = (await c.query<TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = $1 FOR UPDATE', [input.campaign])).rows[0];
      if (!before) throw new Error(`no totals row for campaign "${input.campaign}"`);
      if (input.idempotency) {
        const seen = await checkIdem(c, input.idempotency);
        if (seen.outcome !== 'none') return seen;
      }
      if (before.currency !== input.currency) {
        throw new Error(`currency ${input.currency} does not match campaign "${input.campaign}" (${before.currency})`);
      }
      if ((await c.query('SELECT 1 FROM ledger WHERE source_ref = $1', [input.sourceRef])).rowCount) return { outcome: 'duplicate', totals: toTotals(before) };
      const now = new Date().toISOString();
      await c.query('INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        input.id, input.campaign, input.currency, input.amount, input.kind, input.sourceRef, input.note ?? null, now,
      ]);
      const updated = await c.query<TotalsRow>(
        'UPDATE campaign_totals SET raised = raised + $1, donors = donors + $2, version = version + 1, updated_at = $3 WHERE campaign = $4 RETURNING *',
        [input.amount, input.donorDelta, now, input.campaign],
      );
      const totals = toTotals(updated.rows[0]!);
      const entry: LedgerEntry = { id: input.id, campaign: input.campaign, currency: input.currency, amount: input.amount, kind: input.kind, sourceRef: input.sourceRef, note: input.note, createdAt: now };
      const response = input.respond?.(entry, totals);
      if (input.idempotency) {
        const { scope, key, fingerprint } = input.idempotency;
        const stored = response ?? { status: 201, body: '' };
        await c.query(
          'INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_body, ledger_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [scope, key, fingerprint, stored.status, stored.body, input.id, now],
        );
      }
      return { outcome: 'recorded', entry, totals, response };
    });
  }

  async voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult> {
    return this.tx(async (c): Promise<VoidGiftResult> => {
      const locked = (await c.query<TotalsRow>('SELECT * FROM campaign_totals WHERE campaign = $1 FOR UPDATE', [input.campaign])).rows[0];
      const gift = (
        await c.query<{ amount: number; currency: string }>(
          "SELECT amount, currency FROM ledger WHERE id = $1 AND campaign = $2 AND kind = 'offline' AND amount > 0",
          [input.giftId, input.campaign],
        )
      ).rows[0];
      if (!locked || !gift) return { outcome: 'not_found' };
      if ((await c.query('SELECT 1 FROM ledger WHERE source_ref = $1', [`void:${input.giftId}`])).rowCount) {
        return { outcome: 'already_voided', amount: gift.amount, totals: toTotals(locked) };
      }
      const now = new Date().toISOString();
      await c.query("INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES ($1, $2, $3, $4, 'offline', $5, $6, $7)", [
        input.id, input.campaign, gift.currency, -gift.amount, `void:${input.giftId}`, input.note ?? null, now,
      ]);
      const row = await c.query<TotalsRow>(
        'UPDATE campaign_totals SET raised = raised - $1, donors = donors - 1, version = version + 1, updated_at = $2 WHERE campaign = $3 RETURNING *',
        [gift.amount, now, input.campaign],
      );
      return { outcome: 'voided', amount: gift.amount, totals: toTotals(row.rows[0]!) };
    });
  }

  async applyStripeEvents(events: readonly StripeEventInput[]): Promise<StripeEventResult[]> {
    if (!events.length) return [];
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCK.stripe]);
      return applyStripeBatch(c, events, new Date().toISOString());
    });
  }

  async countLedger(campaign?: string): Promise<number> {
    const r = campaign === undefined
      ? await this.#pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger')
      : await this.#pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger WHERE campaign = $1', [campaign]);
    return r.rows[0]!.n;
  }

  /** Sum of every campaign's version: any committed change to totals, by any process, moves it. */
  async changeToken(): Promise<string> {
    return String((await this.#pool.query<{ t: number }>('SELECT coalesce(sum(version), 0)::bigint AS t FROM campaign_totals')).rows[0]!.t);
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}

async function checkIdem(q: Pick<pg.Pool, 'query'>, ref: IdempotencyRef): Promise<IdempotencyLookup> {
  const row = (
    await q.query<{ fingerprint: string; response_status: number; response_body: string }>(
      'SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [ref.scope, ref.key],
    )
  ).rows[0];
  if (!row) return { outcome: 'none' };
  if (row.fingerprint !== ref.fingerprint) return { outcome: 'conflict' };
  return { outcome: 'replayed', response: { status: row.response_status, body: row.response_body } };
}
