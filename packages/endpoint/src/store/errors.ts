/**
 * The store cannot serve a request right now, though nothing is wrong with the request:
 * SQLite's write lock held by another process beyond the wait bound, or Postgres unreachable.
 * Routes answer 503 with `Retry-After`; nothing was written.
 */
export class StoreUnavailableError extends Error {
  /** `busy`: another writer holds the lock; `unreachable`: the database does not answer. */
  readonly reason: 'busy' | 'unreachable';
  readonly retryAfterSeconds: number;

  constructor(reason: 'busy' | 'unreachable', options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(reason === 'busy' ? 'the database is locked by another writer' : 'the database is not reachable', { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.reason = reason;
    this.retryAfterSeconds = options.retryAfterSeconds ?? (reason === 'busy' ? 1 : 5);
  }
}
