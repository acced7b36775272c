/**
 * `DATABASE_URL` -> a {@link Store}. Drivers are imported lazily so the Fetch
 * handler's module graph stays free of native code and unused drivers.
 */
import type { LedgerStoreOptions } from './ledger-store.js';
import type { Store } from './types.js';

/** The pool size Postgres stores get unless told otherwise. */
export const DEFAULT_POOL_SIZE = 10;

/**
 * What a deployment sizes: the Postgres pool (serverless instances want 1-3 connections, servers the
 * default 10; see the README's "Deploying on more than one machine"). SQLite has no pool.
 */
export interface OpenStoreOptions extends LedgerStoreOptions {
  /** Most Postgres connections this store holds at once (1..1000; default 10). Its LISTEN connection comes on top. */
  poolSize?: number | undefined;
}

/** A `DATABASE_URL` the endpoint cannot use; the message says what would work. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** better-sqlite3 is an optional dependency: a Postgres-only install compiles nothing. */
const SQLITE_MISSING = 'DATABASE_URL is sqlite:… but the optional package better-sqlite3 is not installed: npm i better-sqlite3@~12.11';

/** True when `e` is Node's "cannot find package `name`" from a dynamic import. */
function isMissingPackage(e: unknown, name: string): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(message).includes(`'${name}'`);
}

/**
 * The filesystem path in an `sqlite:` URL: `sqlite:./data/rk.db`, `sqlite:/abs/rk.db`,
 * `sqlite:///abs/rk.db`, or `sqlite::memory:`.
 */
export function sqlitePath(databaseUrl: string): string {
  let path = databaseUrl.slice('sqlite:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  if (!path) throw new DatabaseUrlError('DATABASE_URL "sqlite:" needs a path, e.g. sqlite:./rescuekit.db');
  return path;
}

/** better-sqlite3's `Database`, loaded when a command needs it (a Postgres-only install has none: a clear error). */
export async function loadSqlite(): Promise<typeof import('better-sqlite3')> {
  return (await import('better-sqlite3').catch((e: unknown) => {
    throw isMissingPackage(e, 'better-sqlite3') ? new DatabaseUrlError(SQLITE_MISSING) : e;
  })).default;
}

/** Opens the store named by `databaseUrl` (`sqlite:…` or `postgres://…`), creating and migrating it as needed. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { poolSize, ...store } = options;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    const { openSqliteStore } = await import('./sqlite.js').catch((e: unknown) => {
      throw isMissingPackage(e, 'better-sqlite3') ? new DatabaseUrlError(SQLITE_MISSING) : e;
    });
    return openSqliteStore(path, store);
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (poolSize !== undefined && (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000)) {
      throw new DatabaseUrlError(`the Postgres pool size must be a whole number 1..1000, got ${poolSize}`);
    }
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(databaseUrl, { max: poolSize ?? DEFAULT_POOL_SIZE, ...store });
  }
  throw new DatabaseUrlError('DATABASE_URL must start with sqlite: (e.g. sqlite:./rescuekit.db) or postgres:// (e.g. postgres://user@host/rescuekit)');
}
