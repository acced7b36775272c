/**
 * Whole transactions as SQL programs (see `sql.ts`), written once: a ledger operation with
 * its loads and writes, a batch of Stripe events under one savepoint each, the migrations.
 */
import type { Clock, Operation } from '../ledger/plan.js';
import { applyStripeEffect } from '../ledger/stripe-events.js';
import type { StripeEventInput, StripeEventResult } from '../ledger/types.js';
import { LATEST_VERSION, MIGRATIONS_TABLE, pendingMigrations } from './schema.js';
import { changes, exec, rows, type Program } from './sql.js';
import { runLoad, runWrite } from './statements.js';

/**
 * Postgres advisory lock keys: any constants, the same in every process and every release
 * (a server of the previous release may share the database during an upgrade).
 */
export const LOCKS = { schema: 0x7265_7363, stripe: 0x7265_7364 } as const;

/**
 * Transactions of one kind wait for each other across processes. SQLite's IMMEDIATE
 * transactions already hold the whole file; Postgres takes an advisory lock till the commit.
 */
export function* serialized<T>(lock: keyof typeof LOCKS, program: Program<T>): Program<T> {
  yield* exec({ sqlite: null, postgres: `SELECT pg_advisory_xact_lock(${LOCKS[lock]})` });
  return yield* program;
}

/** Runs a ledger operation: its loads as it asks for them, then its plan's writes in order. */
export function* perform<R>(op: Operation<R>): Program<R> {
  let step = op.next();
  while (!step.done) step = op.next(yield* runLoad(step.value));
  for (const w of step.value.writes) yield* runWrite(w);
  return step.value.result;
}

/**
 * Stripe events in one transaction (group commit: one durable commit for all that arrived
 * together), each under its own savepoint: a failing event rolls back alone and is not
 * marked processed, so its redelivery is applied then. Batches take turns across processes,
 * so two never merge into the same payment's state at once.
 */
export const stripeBatch = (events: readonly StripeEventInput[], clock: Clock) => serialized('stripe', eventsUnderSavepoints(events, clock));

function* eventsUnderSavepoints(events: readonly StripeEventInput[], clock: Clock): Program<StripeEventResult[]> {
  const now = clock(); // after the lock: one time for the batch, in commit order
  const out: StripeEventResult[] = [];
  for (const { effect } of events) {
    yield* exec('SAVEPOINT rk_event');
    try {
      out.push(yield* perform(applyStripeEffect(effect, now)));
      yield* exec('RELEASE SAVEPOINT rk_event');
    } catch (error) {
      yield* exec('ROLLBACK TO SAVEPOINT rk_event');
      yield* exec('RELEASE SAVEPOINT rk_event');
      out.push({ outcome: 'failed', error });
    }
  }
  return out;
}

/** Applies pending migrations; safe on every open, from several processes at once. Answers the schema version. */
export const migrate = (clock: Clock) => serialized('schema', migrations(clock));

function* migrations(clock: Clock): Program<number> {
  const now = clock();
  yield* exec(MIGRATIONS_TABLE);
  const [row] = yield* rows<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  for (const m of pendingMigrations(row?.v ?? 0)) {
    yield* exec(m.sql);
    yield* changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now]);
  }
  return LATEST_VERSION;
}

/**
 * Changes whenever any process commits a change to totals: SQLite's per-file `data_version`;
 * on Postgres, the sum of every campaign's version (each change adds one).
 */
export function* changeToken(): Program<number> {
  const [row] = yield* rows<{ data_version: number }>({
    sqlite: 'PRAGMA data_version',
    postgres: 'SELECT coalesce(sum(version), 0)::bigint AS data_version FROM campaign_totals',
  });
  return row!.data_version;
}

export function* ping(): Program<void> {
  yield* rows('SELECT 1');
}
