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
    const { openSqliteStore } = await import('./sqlite.js');
    return openSqliteStore(sqlitePath(databaseUrl));
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(databaseUrl);
  }
  throw new DatabaseUrlError('DATABASE_URL must start with sqlite: (e.g. sqlite:./rescuekit.db) or postgres:// (e.g. postgres://user@host/rescuekit)');
}
