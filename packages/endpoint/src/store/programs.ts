/**
 * Whole transactions as SQL programs (see `sql.ts`), written once: a ledger operation with
 * its loads and writes, a batch of Stripe events under one savepoint each, the migrations.
 */
import type { Clock, Operation } from '../ledger/plan.js';
import { ensureCampaigns as ensureCampaignsOp } from '../ledger/gifts.js';
import { applyStripeEffect } from '../ledger/stripe-events.js';
import { rollUp } from '../ledger/tree.js';
import type { StripeEventInput, StripeEventResult } from '../ledger/types.js';
import { LATEST_VERSION, MIGRATIONS_TABLE, pendingMigrations } from './schema.js';
import { changes, exec, rows, type Program } from './sql.js';
import { loadQuery, writeQuery } from './statements.js';

/**
 * Postgres advisory lock keys: any constants, the same in every process and every release
 * (a server of the previous release may share the database during an upgrade).
 */
export const LOCKS = { schema: 0x7265_7363, stripe: 0x7265_7364 } as const;

/**
 * Transactions of one kind wait for each other across processes: the first statement of
 * such a program. SQLite's IMMEDIATE transactions already hold the whole file; Postgres
 * takes an advisory lock till the commit.
 */
export const lock = (name: keyof typeof LOCKS) => LOCK_SQL[name];
const LOCK_SQL = {
  schema: exec({ sqlite: null, postgres: `SELECT pg_advisory_xact_lock(${LOCKS.schema})` }),
  stripe: exec({ sqlite: null, postgres: `SELECT pg_advisory_xact_lock(${LOCKS.stripe})` }),
};

/**
 * Runs a ledger operation: its loads as it asks for them, then its plan's writes in order.
 * Every change to a campaign's totals rolls up to its ancestors here, once for both stores.
 */
export function* perform<R>(operation: Operation<R>, ancestors?: Map<string, string[]>): Program<R> {
  const op = rollUp(operation, ancestors);
  let step = op.next();
  while (!step.done) {
    const load = loadQuery(step.value);
    step = op.next(load.answer(yield load.sql));
  }
  for (const w of step.value.writes) {
    const write = writeQuery(w);
    write.answer(yield write.sql);
  }
  return step.value.result;
}

/** Creates or updates campaign rows; servers starting together on one database create each once. */
export function* ensureCampaigns(campaigns: readonly { id: string; currency: string }[], clock: Clock): Program<void> {
  yield lock('schema');
  yield* perform(ensureCampaignsOp(campaigns, clock));
}

/**
 * Stripe events in one transaction (group commit: one durable commit for all that arrived
 * together), each under its own savepoint: a failing event rolls back alone and is not
 * marked processed, so its redelivery is applied then. Batches take turns across processes,
 * so two never merge into the same payment's state at once.
 */
export function* stripeBatch(events: readonly StripeEventInput[], clock: Clock): Program<StripeEventResult[]> {
  yield lock('stripe');
  return yield* eachEvent(events, clock()); // the time after the lock: one for the batch, in commit order
}

/** The events of a batch one at a time, each under its own savepoint (the caller holds the writers' lock). */
export function* eachEvent(events: readonly StripeEventInput[], now: string): Program<StripeEventResult[]> {
  const out: StripeEventResult[] = [];
  const ancestors = new Map<string, string[]>(); // the batch holds the writers' lock: no parent moves meanwhile
  for (const { effect } of events) {
    yield SAVEPOINT;
    try {
      out.push(yield* perform(applyStripeEffect(effect, now), ancestors));
      yield RELEASE;
    } catch (error) {
      yield ROLLBACK_TO;
      yield RELEASE;
      out.push({ outcome: 'failed', error });
    }
  }
  return out;
}

const SAVEPOINT = changes('SAVEPOINT rk_event');
const RELEASE = changes('RELEASE SAVEPOINT rk_event');
const ROLLBACK_TO = changes('ROLLBACK TO SAVEPOINT rk_event');

/** Applies pending migrations; safe on every open, from several processes at once. Answers the schema version. */
export function* migrate(clock: Clock): Program<number> {
  yield lock('schema');
  const now = clock();
  yield exec(MIGRATIONS_TABLE);
  const [row] = (yield rows('SELECT max(version) AS v FROM schema_migrations')) as { v: number | null }[];
  for (const m of pendingMigrations(row?.v ?? 0)) {
    yield exec(m.sql);
    yield changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now]);
  }
  return LATEST_VERSION;
}

/**
 * Changes whenever any process commits a change to totals: SQLite's per-file `data_version`;
 * on Postgres, the sum of every campaign's version (each change adds one).
 */
export function* changeToken(): Program<number> {
  const [row] = (yield rows(CHANGE_TOKEN)) as { data_version: number }[];
  return row!.data_version;
}
const CHANGE_TOKEN = { sqlite: 'PRAGMA data_version', postgres: 'SELECT coalesce(sum(version), 0)::bigint AS data_version FROM campaign_totals' };

export function* ping(): Program<void> {
  yield rows('SELECT 1');
}
