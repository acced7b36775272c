/**
 * Hears commits made by other connections and processes, and notices when the store goes quiet.
 * A store that pushes (Postgres LISTEN) names the campaigns that changed, and a safety poll reads
 * only rows changed lately; otherwise a cheap change token is polled (SQLite's `data_version`)
 * and every total re-read when it moves. After `staleAfterMs` without an answer from the store,
 * progress is marked stale until it answers again.
 */
import type { CampaignTotals, Store } from '../store/types.js';

export interface ChangeWatchOptions {
  /** How often to look for commits by other processes; 0 disables. Default 1000 ms. */
  pollMs?: number;
  /** After this long without a successful read of the store, progress is stale. Default 30000 ms; 0 disables. */
  staleAfterMs?: number;
  onError?: (error: unknown) => void;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/** Where what the watch reads goes. */
export interface ChangeSink {
  /** Installs a totals row (if newer); truthy when the campaign is known. */
  install(totals: CampaignTotals): unknown;
  setStale(stale: boolean): void;
  /** Whether a campaign is known here (a push for another is ignored). */
  has(campaign: string): boolean;
}

export class ChangeWatch {
  readonly #store: Store;
  readonly #sink: ChangeSink;
  readonly #opts: Required<ChangeWatchOptions>;
  /** When the store last answered a poll (or start). */
  #freshAt = 0;
  #failing = false;
  #polling = false;
  #closed = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #changeToken: number | string | undefined;
  /** Stops the store's push of changes (Postgres LISTEN); set while pushing is on. */
  #unwatch: (() => Promise<void>) | undefined;
  /** The newest `updatedAt` seen: a pushing store's safety poll reads only rows changed since. */
  #latest = '';
  /** Counters for tests and metrics. */
  readonly stats = { polls: 0, externalRefreshes: 0, pushes: 0 };

  constructor(store: Store, sink: ChangeSink, options: ChangeWatchOptions = {}) {
    this.#store = store;
    this.#sink = sink;
    this.#opts = { pollMs: 1000, staleAfterMs: 30_000, onError: () => {}, now: Date.now, ...options };
  }

  /** Loads every campaign's totals (one read), then listens and polls. */
  async start(): Promise<void> {
    this.#changeToken = await this.#store.changeToken();
    for (const t of await this.#store.getAllTotals()) this.#seen(this.#sink.install(t) && t);
    this.#freshAt = this.#opts.now();
    if (this.#closed) return;
    this.#unwatch = this.#store.watchTotals?.((ids) => void this.#refresh(ids), (e) => this.#opts.onError(e));
    if (this.#opts.pollMs > 0) {
      this.#timer = setInterval(() => (this.#checkStale(), void this.poll()), this.#opts.pollMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  /** Checks whether another connection committed (one cheap query) and, if so, re-reads what changed. */
  async poll(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      this.stats.polls++;
      if (this.#unwatch && this.#store.totalsSince) return await this.#pollChanged(this.#store.totalsSince.bind(this.#store));
      const token = await this.#store.changeToken();
      this.#answered();
      if (token === this.#changeToken) return;
      this.#changeToken = token;
      this.stats.externalRefreshes++;
      for (const t of await this.#store.getAllTotals()) this.#sink.install(t);
    } catch (e) {
      if (!this.#failing) this.#opts.onError(e); // once per outage, not once a second
      this.#failing = true;
      this.#checkStale();
    } finally {
      this.#polling = false;
    }
  }

  close(): void {
    this.#closed = true;
    void this.#unwatch?.();
    this.#unwatch = undefined;
    clearInterval(this.#timer);
  }

  #answered(): void {
    this.#freshAt = this.#opts.now();
    this.#failing = false;
    this.#sink.setStale(false);
  }

  /** Marks progress stale once the store has been silent for `staleAfterMs`. */
  #checkStale(): void {
    const after = this.#opts.staleAfterMs;
    if (after > 0 && this.#freshAt > 0 && this.#opts.now() - this.#freshAt >= after) this.#sink.setStale(true);
  }

  /** The safety poll beside pushes: one query for rows changed lately (5 s back, for clock skew between servers). */
  async #pollChanged(totalsSince: (since: string) => Promise<CampaignTotals[]>): Promise<void> {
    const since = this.#latest ? new Date(Date.parse(this.#latest) - 5000).toISOString() : '';
    const changed = await totalsSince(since);
    this.#answered();
    for (const t of changed) this.#seen(this.#sink.install(t) && t);
  }

  /** A push named campaigns (null: any) whose totals another commit changed. */
  async #refresh(ids: readonly string[] | null): Promise<void> {
    if (this.#closed) return;
    this.stats.pushes++;
    try {
      const fresh = ids === null ? await this.#store.getAllTotals() : await Promise.all(ids.filter((id) => this.#sink.has(id)).map((id) => this.#store.getTotals(id)));
      for (const t of fresh) if (t) this.#seen(this.#sink.install(t) && t);
    } catch {
      // The safety poll reads it again and reports the outage.
    }
  }

  #seen(t: CampaignTotals | false | undefined | unknown): void {
    const row = t as CampaignTotals | false | undefined;
    if (row && row.updatedAt > this.#latest) this.#latest = row.updatedAt;
  }
}
