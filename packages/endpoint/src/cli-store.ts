/**
 * The store an operator's command opens: the one `DATABASE_URL` names (the servers' own), said out
 * loud, and never a new, empty SQLite file by accident. A command run from the wrong folder without
 * `DATABASE_URL` would otherwise create `./rescuekit.db` and report "no campaign".
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseUrlError, openStore, sqlitePath, type OpenStoreOptions } from './store/open.js';
import type { Store } from './store/types.js';

/** The default when `DATABASE_URL` is unset. */
export const DEFAULT_DATABASE_URL = 'sqlite:./rescuekit.db';

/** Where a `DATABASE_URL` points, for people: the SQLite file's full path, or Postgres' host, port and database (never a password). */
export function describeStore(databaseUrl: string): string {
  if (/^sqlite:/i.test(databaseUrl)) {
    const path = sqlitePath(databaseUrl);
    return `sqlite ${path === ':memory:' ? path : resolve(path)}`;
  }
  try {
    const u = new URL(databaseUrl);
    return `postgres ${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return 'postgres (unparsable URL)';
  }
}

/**
 * Opens the store in `DATABASE_URL` for a command and says which on `err`. An SQLite file that does
 * not exist is refused unless `create` (the command's `--create`): nothing is made by accident.
 */
export async function openCliStore(err: NodeJS.WritableStream, options: { create?: boolean; env?: Readonly<Record<string, string | undefined>> } & OpenStoreOptions = {}): Promise<Store> {
  const env = options.env ?? process.env;
  const url = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  const where = describeStore(url);
  if (/^sqlite:/i.test(url)) {
    const path = sqlitePath(url);
    if (path !== ':memory:' && !existsSync(path) && !options.create) {
      throw new DatabaseUrlError(
        `no database at ${resolve(path)} (${env['DATABASE_URL'] ? 'DATABASE_URL' : 'DATABASE_URL is not set, so the default sqlite:./rescuekit.db'}). ` +
          'Set DATABASE_URL to the database your servers use, or add --create to make a new one there.',
      );
    }
  }
  const store = await openStore(url, options);
  err.write(`rescuekit: store: ${where}\n`);
  return store;
}
