/**
 * The Postgres store (`DATABASE_URL=postgres://…`): the same programs and tables as SQLite,
 * for deployments where several servers or a serverless platform share one database.
 * Writers of one campaign serialise on its totals row (`FOR UPDATE`); Stripe batches also
 * take one advisory lock, so no two batches can deadlock. Commits are durable with
 * Postgres' default `synchronous_commit = on`.
 */
import pg from 'pg';
import type { FailureCounter, FailureLimitOptions } from '../guard/credentials.js';
import type { CheckoutLimiter, SharedLimitOptions } from '../guard/rate-limit.js';
import { listenForTotals, type TotalsListener } from './postgres-listen.js';
import { PostgresCheckoutLimiter, PostgresFailureCounter } from './postgres-rate-limit.js';
import { StoreUnavailableError } from './errors.js';
import { WriteHealth } from './health.js';
import { LedgerStore, clock, type Driver, type LedgerStoreOptions } from './ledger-store.js';
import { postgresIngest } from './ingest/postgres-io.js';
import { migrate } from './programs.js';
import type { Program, Sql } from './sql.js';
import type { PoolUse, Store } from './types.js';

/** bigint columns hold integers far below 2^53 (checked by the schema): read them as numbers. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

type Queryable = Pick<pg.Pool, 'query'>;

/**
 * Postgres refusing to store: class 53 (insufficient resources: disk full, out of memory, too many
 * connections), class 58 (system errors: I/O), and 25006 (a read-only transaction: a standby after
 * a failover). Anything else passes unchanged.
 */
export function postgresStorageFault(e: unknown): StoreUnavailableError | undefined {
  const code = typeof e === 'object' && e !== null ? String((e as { code?: unknown }).code ?? '') : '';
  const condition = code === '53100' ? 'disk_full' : code === '53200' ? 'out_of_memory' : code === '53300' ? 'too_many_connections'
    : code.startsWith('53') ? 'out_of_resources' : code.startsWith('58') ? 'io_error' : code === '25006' ? 'read_only' : undefined;
  return condition && new StoreUnavailableError('storage', { cause: e, condition });
}

/** Whether a statement's result changed rows: only a commit that did proves the database can store. */
const wrote = (r: pg.QueryResult) => (r.command === 'INSERT' || r.command === 'UPDATE' || r.command === 'DELETE') && (r.rowCount ?? 0) > 0;

/** Runs programs on a pg pool. */
export class PostgresDriver implements Driver {
  readonly kind = 'postgres';
  readonly ingest = postgresIngest;
  /** The server works on the next commit while this one's callers are answered. */
  readonly pipelined = true;
  readonly #pool: pg.Pool;
  readonly health = new WriteHealth();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  pool(): PoolUse {
    const p = this.#pool;
    return { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount, max: p.options.max ?? 10 };
  }

  /**
   * Drives `program` on `c`; a failed statement's error is thrown into the program. `begin`
   * starts a transaction, sent with the program's first statement when that one takes no
   * parameters (a writer's lock): one round trip for both.
   */
  async #drive<T>(c: Queryable, program: Program<T>, begin?: string, seen?: { wrote: boolean }): Promise<T> {
    let step = program.next();
    let prefix = begin;
    if (prefix && (step.done || step.value.want !== 'exec' || step.value.statement.postgres === null)) {
      await c.query(prefix);
      prefix = undefined;
    }
    while (!step.done) {
      let answer: unknown;
      try {
        answer = await run(c, step.value, prefix, seen);
        prefix = undefined;
      } catch (error) {
        step = program.throw(this.#storage(error));
        continue;
      }
      step = program.next(answer);
    }
    return step.value;
  }

  async transact<T>(program: Program<T>): Promise<T> {
    return unreachable(() => this.#transact(program)).catch((e: unknown) => {
      throw this.#storage(e);
    });
  }

  /** A refusal to store becomes a 503 and marks the store unhealthy; anything else passes unchanged. */
  #storage(e: unknown): unknown {
    if (e instanceof StoreUnavailableError) return e;
    const fault = postgresStorageFault(e);
    return fault ? this.health.refused(fault) : e;
  }

  async #transact<T>(program: Program<T>): Promise<T> {
    const c = await this.#pool.connect();
    // A connection lost while checked out emits `error` on it, which the pool does not hear: unheard, it ends the process.
    let lost: Error | undefined;
    const onError = (e: Error) => void (lost = e);
    c.on('error', onError);
    const mark = this.health.mark();
    const seen = { wrote: false };
    try {
      const out = await this.#drive(c, program, 'BEGIN', seen);
      await c.query('COMMIT');
      if (seen.wrote) this.health.committed(mark);
      return out;
    } catch (e) {
      if (!lost && isConnectionLoss(e)) lost = e as Error;
      if (!lost) await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.off('error', onError);
      c.release(lost); // a lost connection is destroyed, not returned to the pool
    }
  }

  read<T>(program: Program<T>): Promise<T> {
    return unreachable(() => this.#drive(this.#pool, program)).catch((e: unknown) => {
      throw this.#storage(e);
    });
  }

  listen(onChange: TotalsListener, onError?: (error: unknown) => void): () => Promise<void> {
    // The pool's own settings (URL, timeouts), on a connection outside the pool: LISTEN lasts.
    return listenForTotals(this.#pool.options, onChange, onError ? { onError } : {});
  }

  checkoutLimiter(options: SharedLimitOptions): CheckoutLimiter {
    return new PostgresCheckoutLimiter(this.#pool, options);
  }

  failureCounter(options: FailureLimitOptions): FailureCounter {
    return new PostgresFailureCounter(this.#pool, options);
  }

  close(): Promise<void> {
    return this.#pool.end();
  }
}

/** Socket errors, SQLSTATE class 08 (connection) and 57P0x (shutdown, starting up), pg's own connection messages. */
function isConnectionLoss(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (/^(08|57P0)/.test(code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|NETUNREACH|AI_AGAIN|NOTFOUND)$/.test(code)) return true;
  return e instanceof Error && /Connection terminated|connection timeout|Connection ended|not queryable|ended unexpectedly/i.test(e.message);
}

/**
 * Saturated, not broken: every pooled connection stayed busy past the connect bound, or the
 * server cancelled a statement at `statement_timeout` (57014; its transaction rolled back whole).
 */
function isOverloaded(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  if ((e as { code?: unknown }).code === '57014') return true;
  return e instanceof Error && /timeout exceeded when trying to connect/i.test(e.message);
}

/**
 * A lost or refused connection, a pool with no connection free in time, or a statement the
 * server cancelled becomes {@link StoreUnavailableError} (503, retry); other errors pass unchanged.
 */
async function unreachable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isConnectionLoss(e)) throw new StoreUnavailableError('unreachable', { cause: e });
    throw isOverloaded(e) ? new StoreUnavailableError('busy', { cause: e }) : e;
  }
}

async function run(c: Queryable, { statement, params, want }: Sql, prefix?: string, seen?: { wrote: boolean }): Promise<unknown> {
  const text = statement.postgres;
  if (text === null) return undefined;
  if (want === 'exec') {
    const results = (await c.query(prefix ? `${prefix}; ${text}` : text)) as pg.QueryResult | pg.QueryResult[];
    if (seen && (Array.isArray(results) ? results : [results]).some(wrote)) seen.wrote = true;
    return undefined;
  }
  // A named statement is parsed and planned once per connection.
  const result = await (statement.name ? c.query({ name: statement.name, text, values: params as unknown[] }) : c.query(text, params as unknown[]));
  if (seen && wrote(result)) seen.wrote = true;
  return want === 'rows' ? result.rows : (result.rowCount ?? 0);
}

/** Opens a pool on `url` and applies pending migrations. */
export async function openPostgresStore(url: string, options: { max?: number } & LedgerStoreOptions = {}): Promise<Store> {
  // A bounded connect: a database that drops packets must not hold requests forever.
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10, connectionTimeoutMillis: 3000, keepAlive: true });
  // An idle connection the server closes (a restart, a failover, an idle timeout) is dropped
  // by the pool and the next query opens another; unheard, its error would end the process.
  pool.on('error', () => {});
  const driver = new PostgresDriver(pool);
  try {
    const schema = await driver.transact(migrate(clock));
    return new LedgerStore(driver, options, schema);
  } catch (e) {
    await pool.end().catch(() => {});
    throw e;
  }
}
