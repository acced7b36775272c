/**
 * When each team key was last used, kept in memory and written in one small transaction at most
 * once a minute, off the request path: a team's reads never wait for the write lock, and a busy
 * key costs one write a minute instead of one per request. A write that fails keeps its times for
 * the next one, so nothing is dropped but the precision of a minute.
 */
export interface KeyUsageStore {
  noteTeamKeysUsed(uses: readonly { id: string; at: string }[]): Promise<void>;
}

export interface KeyUsageOptions {
  /** How often pending uses are written. Default one minute. */
  flushMs?: number;
  /** Clock in ms. */
  now?: () => number;
  onError?: (error: unknown) => void;
}

export class KeyUsage {
  readonly #store: KeyUsageStore;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  /** Key id -> the newest use not yet written (ISO time). */
  #pending = new Map<string, string>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #flushing: Promise<void> | undefined;

  constructor(store: KeyUsageStore, options: KeyUsageOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#onError = options.onError ?? (() => {});
    const flushMs = options.flushMs ?? 60_000;
    if (flushMs > 0) {
      this.#timer = setInterval(() => void this.flush(), flushMs);
      this.#timer.unref?.();
    }
  }

  /** Notes a use of `keyId` now; written by the next flush. */
  touch(keyId: string): void {
    this.#pending.set(keyId, new Date(this.#now()).toISOString());
  }

  /** Uses not yet written. */
  get pending(): number {
    return this.#pending.size;
  }

  /** Writes the pending uses in one transaction; one flush at a time. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #write(): Promise<void> {
    if (!this.#pending.size) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.#store.noteTeamKeysUsed([...batch].map(([id, at]) => ({ id, at })));
    } catch (e) {
      for (const [id, at] of batch) if (!this.#pending.has(id)) this.#pending.set(id, at);
      this.#onError(e);
    }
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
