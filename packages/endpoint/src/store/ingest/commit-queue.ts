/**
 * Group commit: Stripe events that arrive while a commit is being prepared share one
 * transaction (one durable commit) and one run of the executor. Every caller's promise
 * settles only after the commit that holds its event.
 */
import type { Changed, Store, StripeEventInput, StripeEventResult } from '../types.js';

type Result = StripeEventResult & Changed;

/** Next turn of the event loop, after pending I/O (Node), or a zero timer elsewhere. */
const later: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0);

export class CommitQueue {
  readonly #store: Store;
  #pending: { input: StripeEventInput; resolve: (r: Result) => void; reject: (e: unknown) => void }[] = [];
  #scheduled = false;
  #inFlight = false;
  /** Commits made and events they held, for tests and the bench. */
  readonly stats = { commits: 0, events: 0 };

  constructor(store: Store, readonly maxBatch = 256) {
    this.#store = store;
  }

  submit(input: StripeEventInput): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ input, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        later(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    // One commit in flight at a time: what arrives meanwhile waits and shares the next commit
    // (on Postgres, concurrent small batches would each pay a durable commit and queue on its lock).
    this.#scheduled = false;
    if (this.#inFlight) return;
    this.#inFlight = true;
    const batch = this.#pending.splice(0, this.maxBatch);
    let results: Result[] | undefined;
    let error: unknown;
    try {
      results = await this.#store.applyStripeEvents(batch.map((b) => b.input));
    } catch (e) {
      error = e;
    }
    this.#inFlight = false;
    // A database server works on the next commit while this batch is answered; a store whose
    // commits run synchronously in process (SQLite) starts the next one after the answers go out.
    const early = this.#store.pipelined === true;
    if (early) this.#next();
    if (!results) for (const b of batch) b.reject(error);
    else {
      this.stats.commits++;
      this.stats.events += batch.length;
      for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]!);
    }
    if (!early) this.#next();
  }

  #next(): void {
    if (!this.#pending.length || this.#scheduled) return;
    if (this.#store.pipelined) void this.#flush();
    else {
      this.#scheduled = true;
      later(() => void this.#flush());
    }
  }
}
