/**
 * The checkout rate limit shared by every server on one Postgres: rate-limiter-flexible's
 * `RateLimiterPostgres` on the store's own pool (one atomic upsert per attempt, fixed window).
 * It creates its table itself (`CREATE TABLE IF NOT EXISTS`, safe when servers start together),
 * so the ledger's migrations and their upgrade path stay untouched.
 */
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { FailureCounter, FailureLimitOptions, WaitMs } from '../guard/credentials.js';
import { SlidingWindowLimiter, type CheckoutLimiter, type RateDecision, type SharedLimitOptions } from '../guard/rate-limit.js';

/** The limiter's table (one row per client key and window). */
export const RATE_LIMIT_TABLE = 'rescuekit_rate_limits';

export class PostgresCheckoutLimiter implements CheckoutLimiter {
  readonly #pool: pg.Pool;
  readonly #options: SharedLimitOptions;
  /** While Postgres cannot answer, this process's own window keeps the card-testing defence. */
  readonly #fallback: SlidingWindowLimiter;
  #limiter: Promise<RateLimiterPostgres> | undefined;

  constructor(pool: pg.Pool, options: SharedLimitOptions) {
    this.#pool = pool;
    this.#options = options;
    this.#fallback = new SlidingWindowLimiter({ max: options.max, windowMs: options.windowMs });
  }

  /** The library's limiter once its table exists; a failed creation is retried by the next attempt. */
  #ready(): Promise<RateLimiterPostgres> {
    this.#limiter ??= sharedLimiter(this.#pool, 'checkout', this.#options).catch((e: unknown) => {
      this.#limiter = undefined;
      throw e;
    });
    return this.#limiter;
  }

  async hit(key: string): Promise<RateDecision> {
    try {
      const res = await (await this.#ready()).consume(key);
      return { ok: true, remaining: res.remainingPoints };
    } catch (e) {
      if (e instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
      return this.#fallback.hit(key); // Postgres unreachable
    }
  }
}

/** rate-limiter-flexible's Postgres limiter on `pool`, once its table exists. */
function sharedLimiter(pool: pg.Pool, keyPrefix: string, options: SharedLimitOptions): Promise<RateLimiterPostgres> {
  return new Promise<RateLimiterPostgres>((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        keyPrefix,
        points: options.max,
        duration: Math.max(1, Math.ceil(options.windowMs / 1000)),
      },
      (err?: unknown) => (err ? reject(err) : resolve(limiter)),
    );
  });
}

/**
 * Refused credentials per client address, one count for every server on this database (a fixed
 * window per address). Reading the count is one SELECT; a refusal is one upsert of the limiter's
 * own row, never a write to the ledger or the keys. Errors reach the caller, which falls back to
 * its own window.
 */
export class PostgresFailureCounter implements FailureCounter {
  readonly #pool: pg.Pool;
  readonly #options: FailureLimitOptions;
  #limiter: Promise<RateLimiterPostgres> | undefined;

  constructor(pool: pg.Pool, options: FailureLimitOptions) {
    this.#pool = pool;
    this.#options = options;
  }

  #ready(): Promise<RateLimiterPostgres> {
    this.#limiter ??= sharedLimiter(this.#pool, 'credential', this.#options).catch((e: unknown) => {
      this.#limiter = undefined;
      throw e;
    });
    return this.#limiter;
  }

  async wait(key: string): Promise<WaitMs> {
    const res = await (await this.#ready()).get(key);
    return this.#waitOf(res);
  }

  async fail(key: string): Promise<WaitMs> {
    return this.#waitOf(await (await this.#ready()).penalty(key, 1));
  }

  #waitOf(res: RateLimiterRes | null): WaitMs {
    if (!res || res.consumedPoints < this.#options.max) return 0;
    return Math.max(1, res.msBeforeNext);
  }
}
