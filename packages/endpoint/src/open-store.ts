/**
 * `openStore` with the options a deployment sizes: the Postgres pool. Serverless instances
 * want a pool of 1–3 connections, servers the default 10 (see the README's "Deploying on more
 * than one machine"). SQLite has no pool; the option is ignored there.
 */
import { DatabaseUrlError, openStore as openByUrl } from './store/open.js';
import type { Store } from './store/types.js';

/** The pool size Postgres stores get unless told otherwise. */
export const DEFAULT_POOL_SIZE = 10;

export interface OpenStoreOptions {
  /** Most Postgres connections this store holds at once (1..1000; default 10). Its LISTEN connection comes on top. */
  poolSize?: number | undefined;
}

/** Opens the store named by `databaseUrl` (`sqlite:…` or `postgres://…`), creating and migrating it as needed. */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const { poolSize } = options;
  if (poolSize === undefined || !/^postgres(ql)?:/i.test(databaseUrl)) return openByUrl(databaseUrl);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 1000) throw new DatabaseUrlError(`the Postgres pool size must be a whole number 1..1000, got ${poolSize}`);
  const { openPostgresStore } = await import('./store/postgres.js');
  return openPostgresStore(databaseUrl, { max: poolSize });
}
