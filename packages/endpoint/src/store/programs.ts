/**
 * Whole transactions as SQL programs (see `sql.ts`), written once: a ledger operation with
 * its loads and writes, the migrations. (Stripe events have their executor in `ingest/`.)
 */
import type { Clock, Operation, Write } from '../ledger/plan.js';
import type { CampaignTotals } from '../ledger/types.js';
import { ensureCampaigns as ensureCampaignsOp } from '../ledger/gifts.js';
import { rollUp } from '../ledger/tree.js';
import { MIGRATIONS, MIGRATIONS_TABLE, migrationRow, RECORDED_SCHEMA_SQL, RECORDS_RELEASES, schemaState, toRecordedSchema, type Migration, type RecordedSchema, type SchemaState } from './schema.js';
import { changes, exec, rows, type Program } from './sql.js';
import { loadQuery, readTotalsOf, writeQuery } from './statements.js';

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
    const touches = totalsTouched(w);
    if (touches) write.sql.touches = touches;
    write.answer(yield write.sql);
  }
  return step.value.result;
}

/** The campaigns whose totals row a write changes, if any. */
function totalsTouched(w: Write): readonly string[] | undefined {
  switch (w.op) {
    case 'insertTotals':
    case 'setCampaign':
    case 'setCurrency':
    case 'addToTotals':
      return [w.campaign];
    case 'addToAncestors':
      return w.campaigns;
    default:
      return undefined;
  }
}

/**
 * Runs `program`, then reads back, inside the same transaction, every totals row its statements
 * touched: what the commit leaves, ancestors included, for the caller to install at once. A row a
 * rolled-back savepoint touched is read as it stands (unchanged): never a change that did not commit.
 */
export function* withChangedTotals<T>(program: Program<T>): Program<{ result: T; changed: CampaignTotals[] }> {
  const touched = new Set<string>();
  let step = program.next();
  while (!step.done) {
    const sql = step.value;
    if (sql.touches) for (const c of sql.touches) touched.add(c);
    let answer: unknown;
    try {
      answer = yield sql;
    } catch (error) {
      step = program.throw(error);
      continue;
    }
    step = program.next(answer);
  }
  return { result: step.value, changed: touched.size ? yield* readTotalsOf([...touched]) : [] };
}

/** Creates or updates campaign rows; servers starting together on one database create each once. */
export function* ensureCampaigns(campaigns: readonly { id: string; currency: string }[], clock: Clock): Program<void> {
  yield lock('schema');
  yield* perform(ensureCampaignsOp(campaigns, clock));
}

/** What `schema_migrations` records of the newest migrations applied (the table exists). */
function* recordedSchema(): Program<RecordedSchema> {
  type Found = Record<string, unknown>[];
  const [version] = (yield rows(RECORDED_SCHEMA_SQL.version)) as Found;
  if (Number(version?.['v'] ?? 0) < RECORDS_RELEASES) return toRecordedSchema(version);
  const [release] = (yield rows(RECORDED_SCHEMA_SQL.release)) as Found;
  const [needs] = (yield rows(RECORDED_SCHEMA_SQL.needs)) as Found;
  return toRecordedSchema(version, release, needs);
}

/**
 * Applies pending migrations; safe on every open, from several processes at once. Answers how this
 * code stands with the database: at its schema, or (during a rolling upgrade) at a newer one that
 * keeps this release running. Refuses a newer schema that does not. `migrations` is this release's
 * list; only a test of the next release's upgrade passes a longer one.
 */
export function* migrate(clock: Clock, migrations: readonly Migration[] = MIGRATIONS): Program<SchemaState> {
  yield lock('schema');
  const now = clock();
  yield exec(MIGRATIONS_TABLE);
  const found = schemaState(yield* recordedSchema(), migrations);
  if (found.state === 'refused') throw new Error(found.message);
  if (found.state !== 'behind') return found;
  for (const m of found.pending) {
    yield exec(m.sql);
    yield m.version < RECORDS_RELEASES
      ? changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, now])
      : changes('INSERT INTO schema_migrations (version, name, applied_at, release, keeps_release, keeps_schema) VALUES (?, ?, ?, ?, ?, ?)', migrationRow(m, now, migrations));
  }
  return { state: 'current', version: migrations.at(-1)!.version, pending: [] };
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
