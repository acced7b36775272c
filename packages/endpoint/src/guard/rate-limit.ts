/**
 * Per-client sliding-window limit on Checkout Session creation (card-testing defence).
 * In memory, bounded, no timers: expired entries are pruned on access and the least
 * recently seen clients are evicted beyond `maxKeys`.
 */

export interface RateLimiterOptions {
  /** Creations allowed per window. Default 30. */
  max?: number;
  /** Window length, ms. Default 10 minutes. */
  windowMs?: number;
  /** Most clients remembered at once; the least recently seen are forgotten first. Default 10,000. */
  maxKeys?: number;
  /** Clock, ms. Injectable for tests. */
  now?: () => number;
}

export type RateDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * What the checkout route asks before creating a session. In memory per process
 * ({@link SlidingWindowLimiter}, SQLite), or shared by every server on one Postgres.
 */
export interface CheckoutLimiter {
  /** Records one attempt for `key` and says whether it may go ahead. */
  hit(key: string): RateDecision | Promise<RateDecision>;
}

/** The limit a store-backed limiter enforces. */
export interface SharedLimitOptions {
  max: number;
  windowMs: number;
}

export class SlidingWindowLimiter implements CheckoutLimiter {
  readonly max: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly #now: () => number;
  /** Per key, the times of its recent allowed hits, oldest first. Map order = least recently seen first. */
  readonly #hits = new Map<string, number[]>();

  constructor(options: RateLimiterOptions = {}) {
    this.max = options.max ?? 30;
    this.windowMs = options.windowMs ?? 10 * 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
    if (!(this.max >= 1 && this.windowMs >= 1 && this.maxKeys >= 1)) throw new RangeError('max, windowMs and maxKeys must be positive');
  }

  /** Records one attempt for `key` if allowed; refused attempts are not recorded. */
  hit(key: string): RateDecision {
    const now = this.#now();
    const cutoff = now - this.windowMs;
    const times = this.#hits.get(key) ?? [];
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    if (drop) times.splice(0, drop);
    this.#hits.delete(key); // re-inserted below: moves the key to the most-recent end
    if (times.length >= this.max) {
      this.#hits.set(key, times);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.#hits.set(key, times);
    this.#evict();
    return { ok: true, remaining: this.max - times.length };
  }

  /** Number of clients currently remembered. */
  get size(): number {
    return this.#hits.size;
  }

  #evict(): void {
    // Map iteration is insertion order: least recently seen first.
    for (const k of this.#hits.keys()) {
      if (this.#hits.size <= this.maxKeys) return;
      this.#hits.delete(k);
    }
  }
}

/**
 * The limiter key for a client address: IPv4 as is, IPv6 by its /64 prefix
 * (one subscriber usually holds a whole /64, so per-address limits are trivial to dodge).
 */
export function clientKeyForIp(ip: string): string {
  const addr = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (v4mapped) return v4mapped[1]!;
  if (!addr.includes(':')) return addr;
  const [head = '', tail = ''] = addr.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = addr.includes('::') ? [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
