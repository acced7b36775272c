/**
 * The SQLite store (better-sqlite3): WAL, durable commits, one IMMEDIATE transaction per
 * write. Several processes may share one file. Programs run synchronously, so nothing else
 * on this connection can run between a transaction's statements.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LedgerStore, clock, type Driver } from './ledger-store.js';
import { migrate } from './programs.js';
import type { Program, Sql } from './sql.js';
import type { Store } from './types.js';

/** Runs programs on one better-sqlite3 connection. */
export class SqliteDriver implements Driver {
  readonly kind = 'sqlite';
  readonly #db: Database.Database;
  /** Prepared once per statement text. */
  readonly #prepared = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.#db = db;
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
        step = program.throw(error);
        continue;
      }
      step = program.next(answer);
    }
    return step.value;
  }

  transactSync<T>(program: Program<T>): T {
    // IMMEDIATE takes the write lock before the first read, so what a decision read is
    // still true at its writes, and two processes wait for each other instead of failing.
    return this.#db.transaction(() => this.runSync(program)).immediate();
  }

  async transact<T>(program: Program<T>): Promise<T> {
    return this.transactSync(program);
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
export function openSqliteStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL'); // a 2xx promises the gift survives power loss, not just a crash
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const driver = new SqliteDriver(db);
    driver.transactSync(migrate(clock));
    return new LedgerStore(driver);
  } catch (e) {
    db.close();
    throw e;
  }
}
