/**
 * The checkout rate limit shared by every server on one Postgres: rate-limiter-flexible's
 * `RateLimiterPostgres` on the store's own pool (one atomic upsert per attempt, fixed window).
 * It creates its table itself (`CREATE TABLE IF NOT EXISTS`, safe when servers start together),
 * so the ledger's migrations and their upgrade path stay untouched.
 */
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
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
    this.#limiter ??= new Promise<RateLimiterPostgres>((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        {
          storeClient: this.#pool,
          storeType: 'pool',
          tableName: RATE_LIMIT_TABLE,
          keyPrefix: 'checkout',
          points: this.#options.max,
          duration: Math.max(1, Math.ceil(this.#options.windowMs / 1000)),
        },
        (err?: unknown) => (err ? reject(err) : resolve(limiter)),
      );
    }).catch((e: unknown) => {
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
