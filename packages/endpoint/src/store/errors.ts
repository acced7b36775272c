/**
 * The store cannot serve a request right now, though nothing is wrong with the request:
 * SQLite's write lock held by another process beyond the wait bound, a Postgres pool with no free
 * connection in time or a statement cancelled by `statement_timeout`, or Postgres unreachable.
 * Routes answer 503 with `Retry-After`; nothing was written.
 */
export class StoreUnavailableError extends Error {
  /** `busy`: a lock, a full pool or a statement timeout; `unreachable`: the database does not answer. */
  readonly reason: 'busy' | 'unreachable';
  readonly retryAfterSeconds: number;

  constructor(reason: 'busy' | 'unreachable', options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    // The driver's error code (ECONNREFUSED, 57P01, …) helps the operator; its message may hold a URL, so it stays out.
    const code = (options.cause as { code?: unknown } | undefined)?.code;
    const shown = typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? ` (${code})` : '';
    super(`${reason === 'busy' ? 'the database is busy (a lock, a full pool or a statement timeout)' : 'the database is not reachable'}${shown}`, { cause: options.cause });
    this.name = 'StoreUnavailableError';
    this.reason = reason;
    this.retryAfterSeconds = options.retryAfterSeconds ?? (reason === 'busy' ? 1 : 5);
  }
}
