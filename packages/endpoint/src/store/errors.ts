/**
 * What the database said when it could not store a write: out of space, read-only (a file or a
 * standby after a failover), an I/O error, or out of memory or connections. The operator must act.
 */
export type StorageCondition = 'disk_full' | 'read_only' | 'io_error' | 'out_of_memory' | 'too_many_connections' | 'out_of_resources';

/** The operator's words for each {@link StorageCondition}. */
export const STORAGE_CONDITIONS: Readonly<Record<StorageCondition, string>> = {
  disk_full: 'the disk is full',
  read_only: 'the database is read-only',
  io_error: 'the disk reported an I/O error',
  out_of_memory: 'the database is out of memory',
  too_many_connections: 'the database has no connection slots left',
  out_of_resources: 'the database is out of a resource it needs',
};

/**
 * The store cannot serve a request right now, though nothing is wrong with the request:
 * SQLite's write lock held by another process beyond the wait bound, a Postgres pool with no free
 * connection in time or a statement cancelled by `statement_timeout`, Postgres unreachable, or the
 * database refusing to store anything (`storage`: a full disk, a read-only file, an I/O error).
 * Routes answer 503 with `Retry-After`; nothing was written.
 */
export class StoreUnavailableError extends Error {
  /** `busy`: a lock, a full pool or a statement timeout; `unreachable`: the database does not answer; `storage`: it cannot store. */
  readonly reason: 'busy' | 'unreachable' | 'storage';
  /** For `storage`: what the database said. */
  readonly condition: StorageCondition | undefined;
  /** The driver's error code (SQLITE_FULL, 53100, ECONNREFUSED, …), when it has a safe shape. */
  readonly code: string | undefined;
  readonly retryAfterSeconds: number;

  constructor(reason: 'busy' | 'unreachable' | 'storage', options: { cause?: unknown; retryAfterSeconds?: number; condition?: StorageCondition } = {}) {
    // The driver's error code (ECONNREFUSED, 57P01, …) helps the operator; its message may hold a URL, so it stays out.
    const raw = (options.cause as { code?: unknown } | undefined)?.code;
    const code = typeof raw === 'string' && /^[A-Z0-9_]{1,32}$/.test(raw) ? raw : undefined;
    const what = reason === 'busy' ? 'the database is busy (a lock, a full pool or a statement timeout)'
      : reason === 'unreachable' ? 'the database is not reachable'
      : `the database cannot store anything: ${STORAGE_CONDITIONS[options.condition ?? 'out_of_resources']}`;
    super(`${what}${code ? ` (${code})` : ''}`, { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.reason = reason;
    this.condition = reason === 'storage' ? (options.condition ?? 'out_of_resources') : undefined;
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds ?? (reason === 'busy' ? 1 : reason === 'storage' ? 30 : 5);
  }
}
