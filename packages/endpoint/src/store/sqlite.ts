/**
 * The SQLite store (better-sqlite3): WAL, durable commits, one IMMEDIATE transaction per
 * write. Several processes may share one file. Programs run synchronously, so nothing else
 * on this connection can run between a transaction's statements.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreUnavailableError } from './errors.js';
import { WriteHealth } from './health.js';
import { LedgerStore, clock, type Driver, type LedgerStoreOptions } from './ledger-store.js';
import { sqliteIngest } from './ingest/sqlite-io.js';
import { migrate } from './programs.js';
import type { Program, Sql } from './sql.js';
import type { Store } from './types.js';

/**
 * SQLite's own busy wait is synchronous: it would freeze the event loop (health checks and
 * progress reads included) while another process holds the write lock. It stays this short;
 * longer waits are asynchronous retries, up to {@link SqliteDriverOptions.lockWaitMs}.
 */
const SQLITE_BUSY_TIMEOUT_MS = 10;

export interface SqliteDriverOptions {
  /** How long a write waits for another process's lock before a 503. Default 5000 ms. */
  lockWaitMs?: number;
}

const codeOf = (e: unknown) => (typeof e === 'object' && e !== null ? String((e as { code?: unknown }).code) : '');
const isBusy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(codeOf(e));

/** SQLite refusing to store (a full disk or `max_page_count`, a read-only file, an I/O error), extended codes included. */
export function sqliteStorageFault(e: unknown): StoreUnavailableError | undefined {
  const code = codeOf(e);
  const condition = /^SQLITE_FULL/.test(code) ? 'disk_full' : /^SQLITE_READONLY/.test(code) ? 'read_only' : /^SQLITE_IOERR/.test(code) ? 'io_error' : undefined;
  return condition && new StoreUnavailableError('storage', { cause: e, condition });
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs programs on one better-sqlite3 connection. */
export class SqliteDriver implements Driver {
  readonly kind = 'sqlite';
  readonly ingest = sqliteIngest;
  /** Commits run synchronously in process: the next waits for this one's answers to go out. */
  readonly pipelined = false;
  readonly #db: Database.Database;
  readonly #lockWaitMs: number;
  readonly health = new WriteHealth();
  /** Rows changed on this connection so far: a commit that changed none proves nothing about the disk. */
  readonly #totalChanges: () => number;
  /** Prepared once per statement text. */
  readonly #prepared = new Map<string, Database.Statement>();

  constructor(db: Database.Database, options: SqliteDriverOptions = {}) {
    this.#db = db;
    this.#lockWaitMs = options.lockWaitMs ?? 5000;
    const changed = db.prepare('SELECT total_changes()').pluck();
    this.#totalChanges = () => changed.get() as number;
  }

  #run({ statement, params, want }: Sql): unknown {
    const text = statement.sqlite;
    if (text === null) return undefined;
    if (want === 'exec') return void this.#db.exec(text);
    let prepared = this.#prepared.get(text);
    if (!prepared) this.#prepared.set(text, (prepared = this.#db.prepare(text)));
    return want === 'rows' ? prepared.all(...params) : prepared.run(...params).changes;
  }

  /** Drives `program` to its end; a failed statement's error is thrown into the program. */
  runSync<T>(program: Program<T>): T {
    let step = program.next();
    while (!step.done) {
      let answer: unknown;
      try {
        answer = this.#run(step.value);
      } catch (error) {
        step = program.throw(this.#storage(error));
        continue;
      }
      step = program.next(answer);
    }
    return step.value;
  }

  transactSync<T>(program: Program<T>): T {
    // IMMEDIATE takes the write lock before the first read, so what a decision read is
    // still true at its writes, and two processes wait for each other instead of failing.
    const mark = this.health.mark();
    const before = this.#totalChanges();
    try {
      const out = this.#db.transaction(() => this.runSync(program)).immediate();
      if (this.#totalChanges() > before) this.health.committed(mark);
      return out;
    } catch (e) {
      throw this.#storage(e);
    }
  }

  /** A refusal to store becomes a 503 and marks the store unhealthy; anything else passes unchanged. */
  #storage(e: unknown): unknown {
    if (e instanceof StoreUnavailableError) return e;
    const fault = sqliteStorageFault(e);
    return fault ? this.health.refused(fault) : e;
  }

  /**
   * Takes the write lock without blocking the event loop: a busy database is retried on
   * timers (2 ms doubling to 50 ms) until the bound, then a {@link StoreUnavailableError}.
   * A busy IMMEDIATE transaction fails at BEGIN, before the program has run a step.
   */
  async transact<T>(program: Program<T>): Promise<T> {
    const deadline = Date.now() + this.#lockWaitMs;
    let started = false;
    const run = this.#db.transaction(() => ((started = true), this.runSync(program)));
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const mark = this.health.mark();
      const before = this.#totalChanges();
      try {
        const out = run.immediate();
        if (this.#totalChanges() > before) this.health.committed(mark);
        return out;
      } catch (e) {
        if (started || !isBusy(e)) throw this.#storage(e); // a program that ran a step is never replayed
        if (Date.now() >= deadline) throw new StoreUnavailableError('busy', { cause: e });
      }
      await sleep(pause);
    }
  }

  async read<T>(program: Program<T>): Promise<T> {
    return this.runSync(program);
  }

  async close(): Promise<void> {
    try {
      // Fold the WAL back into the main file so a copy of the .db alone is complete.
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.#db.close();
    }
  }
}

/** Opens (creating if needed) an SQLite database at `path` (`:memory:` for tests), migrated. */
export function openSqliteStore(path: string, options: SqliteDriverOptions & LedgerStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL'); // a 2xx promises the gift survives power loss, not just a crash
    db.pragma('busy_timeout = 5000'); // start-up may wait for another process's migration
    db.pragma('foreign_keys = ON');
    const driver = new SqliteDriver(db, options);
    const schema = driver.transactSync(migrate(clock));
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    return new LedgerStore(driver, options, schema);
  } catch (e) {
    db.close();
    throw e;
  }
}
