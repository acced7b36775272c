/**
 * The failed-credential limit: after `max` refused credentials within a window from one client
 * address, every credential from it (the right one included) is answered 429 until the window
 * passes. The limiter is asked before any credential is checked, so a guesser who finds the
 * right token after the limit has tripped learns nothing from it.
 *
 * The count lives where every server can see it when the store can share it (Postgres), else in
 * this process. Once an address has tripped, this process remembers the block until it ends, so
 * a guessing flood causes no database work at all.
 */

export interface FailureLimitOptions {
  /** Refused credentials allowed per window. Default 20. */
  max: number;
  /** Window length, ms. Default one minute. */
  windowMs: number;
}

/** Milliseconds until an address may try again, or 0 when it may try now. */
export type WaitMs = number;

/** The count of refused credentials per client address. */
export interface FailureCounter {
  /** How long `key` must wait before its next attempt (0: it may try). Reads only. */
  wait(key: string): WaitMs | Promise<WaitMs>;
  /** Counts one refused credential for `key`; answers how long it must now wait (0: not yet). */
  fail(key: string): WaitMs | Promise<WaitMs>;
}

/** A sliding window of failures per key, in this process; bounded, no timers. */
class LocalFailureCounter implements FailureCounter {
  readonly #options: FailureLimitOptions;
  readonly #now: () => number;
  readonly #maxKeys: number;
  /** Per key, the times of its recent failures, oldest first. Map order = least recently seen first. */
  readonly #failures = new Map<string, number[]>();

  constructor(options: FailureLimitOptions, now: () => number = Date.now, maxKeys = 10_000) {
    this.#options = options;
    this.#now = now;
    this.#maxKeys = maxKeys;
  }

  wait(key: string): WaitMs {
    return this.#waitOf(this.#recent(key));
  }

  fail(key: string): WaitMs {
    const times = this.#recent(key);
    times.push(this.#now());
    this.#failures.delete(key);
    this.#failures.set(key, times);
    for (const k of this.#failures.keys()) {
      if (this.#failures.size <= this.#maxKeys) break;
      this.#failures.delete(k);
    }
    return this.#waitOf(times);
  }

  #recent(key: string): number[] {
    const times = this.#failures.get(key) ?? [];
    const cutoff = this.#now() - this.#options.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    if (drop) times.splice(0, drop);
    return times;
  }

  #waitOf(times: number[]): WaitMs {
    if (times.length < this.#options.max) return 0;
    // Tripped: wait until the oldest failure that keeps the count at the limit leaves the window.
    const at = times[times.length - this.#options.max]!;
    return Math.max(1, at + this.#options.windowMs - this.#now());
  }
}

/** What the guard answers before a credential is looked at. */
export type AttemptDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** How one attempt ended: the credential's value, refused (401), or limited (429). */
export type AttemptOutcome<T> = { ok: true; value: T } | { ok: false; limited: false } | { ok: false; limited: true; retryAfterSeconds: number };

/**
 * Asks the counter first and remembers trips locally. A shared counter that cannot answer (the
 * database is down) falls back to this process's own window, so the limit never lifts in an outage.
 */
export class CredentialGuard {
  readonly #shared: FailureCounter | undefined;
  readonly #local: LocalFailureCounter;
  readonly #now: () => number;
  /** Addresses known to be blocked, and until when (ms): answered without asking anyone. */
  readonly #blockedUntil = new Map<string, number>();
  readonly #maxKeys = 10_000;

  constructor(options: FailureLimitOptions, shared?: FailureCounter, now: () => number = Date.now) {
    this.#shared = shared;
    this.#local = new LocalFailureCounter(options, now);
    this.#now = now;
  }

  /** Attempts in progress per address: one at a time, so concurrent guesses cannot all pass the check before any is counted. */
  readonly #queues = new Map<string, Promise<unknown>>();

  /**
   * One credential attempt from `key`: the limit is asked first, then `check` (undefined: refused,
   * and counted). Attempts from one address run one after another in this process; a blocked
   * address is answered at once, from memory.
   */
  attempt<T>(key: string, check: () => Promise<T | undefined>): Promise<AttemptOutcome<T>> {
    const known = this.#known(key);
    if (known) return Promise.resolve(known);
    const mine = (this.#queues.get(key) ?? Promise.resolve()).then(() => this.#attempt(key, check));
    const tail = mine.then(() => {}, () => {});
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return mine;
  }

  async #attempt<T>(key: string, check: () => Promise<T | undefined>): Promise<AttemptOutcome<T>> {
    const known = this.#known(key);
    if (known) return known;
    const before = this.#decide(key, await this.#ask((c) => c.wait(key), key, 'wait'));
    if (!before.ok) return { ok: false, limited: true, retryAfterSeconds: before.retryAfterSeconds };
    const value = await check();
    if (value !== undefined) return { ok: true, value };
    // Counted; the next attempt from `key` is limited once this one reached the limit.
    this.#decide(key, await this.#ask((c) => c.fail(key), key, 'fail'));
    return { ok: false, limited: false };
  }

  #known(key: string): AttemptOutcome<never> | undefined {
    const until = this.#blockedUntil.get(key);
    if (until === undefined) return undefined;
    const left = until - this.#now();
    if (left > 0) return { ok: false, limited: true, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    this.#blockedUntil.delete(key);
    return undefined;
  }

  async #ask(call: (c: FailureCounter) => WaitMs | Promise<WaitMs>, key: string, kind: 'wait' | 'fail'): Promise<WaitMs> {
    if (!this.#shared) return call(this.#local);
    try {
      const wait = await call(this.#shared);
      if (kind === 'fail') this.#local.fail(key); // kept in step, for when the shared count cannot answer
      return wait;
    } catch {
      return call(this.#local);
    }
  }

  #decide(key: string, waitMs: WaitMs): AttemptDecision {
    if (waitMs <= 0) return { ok: true };
    this.#blockedUntil.delete(key);
    this.#blockedUntil.set(key, this.#now() + waitMs);
    for (const k of this.#blockedUntil.keys()) {
      if (this.#blockedUntil.size <= this.#maxKeys) break;
      this.#blockedUntil.delete(k);
    }
    return refuse(waitMs);
  }
}

const refuse = (ms: number): AttemptDecision => ({ ok: false, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });
