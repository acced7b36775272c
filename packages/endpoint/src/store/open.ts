/**
 * `DATABASE_URL` -> a {@link Store}. Drivers are imported lazily so the Fetch
 * handler's module graph stays free of native code and unused drivers.
 */
import type { Store } from './types.js';

/** A `DATABASE_URL` the endpoint cannot use; the message says what would work. */
export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUrlError';
  }
}

/** better-sqlite3 is an optional dependency: a Postgres-only install compiles nothing. */
export const SQLITE_MISSING = 'DATABASE_URL is sqlite:… but the optional package better-sqlite3 is not installed: npm i better-sqlite3@~12.11';

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

/** Opens the store named by `databaseUrl`, creating and migrating it as needed. */
export async function openStore(databaseUrl: string): Promise<Store> {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(databaseUrl)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    const path = sqlitePath(databaseUrl);
    const { openSqliteStore } = await import('./sqlite.js').catch((e: unknown) => {
      throw isMissingPackage(e, 'better-sqlite3') ? new DatabaseUrlError(SQLITE_MISSING) : e;
    });
    return openSqliteStore(path);
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(databaseUrl);
  }
  throw new DatabaseUrlError('DATABASE_URL must start with sqlite: (e.g. sqlite:./rescuekit.db) or postgres:// (e.g. postgres://user@host/rescuekit)');
}
