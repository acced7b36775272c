/**
 * Live subscribers (SSE streams) per campaign: each installed change is sent to every one of
 * its campaign's subscribers from one encoded frame, and a heartbeat keeps idle streams open.
 */

/** A live SSE stream (or anything else that wants each change). */
export interface Subscriber {
  send(chunk: Uint8Array): void;
  close(): void;
}

const HEARTBEAT = new TextEncoder().encode(': keep-alive\n\n');

export class Fanout {
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  readonly #onError: (e: unknown) => void;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(onError: (e: unknown) => void = () => {}) {
    this.#onError = onError;
  }

  /** Sends a heartbeat to every subscriber each `heartbeatMs` (0: never). */
  start(heartbeatMs: number): void {
    if (heartbeatMs <= 0 || this.#timer) return;
    this.#timer = setInterval(() => this.#heartbeat(), heartbeatMs);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(campaign: string, sub: Subscriber): () => void {
    let set = this.#subscribers.get(campaign);
    if (!set) this.#subscribers.set(campaign, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.#subscribers.get(campaign) === set) this.#subscribers.delete(campaign);
    };
  }

  send(campaign: string, frame: Uint8Array): void {
    for (const sub of [...(this.#subscribers.get(campaign) ?? [])]) {
      try {
        sub.send(frame);
      } catch (e) {
        this.#onError(e);
      }
    }
  }

  /** Number of live subscribers, for one campaign or all. */
  count(campaign?: string): number {
    if (campaign !== undefined) return this.#subscribers.get(campaign)?.size ?? 0;
    let n = 0;
    for (const s of this.#subscribers.values()) n += s.size;
    return n;
  }

  /** Stops the heartbeat and ends every subscriber's stream. */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const set of this.#subscribers.values()) for (const sub of [...set]) sub.close();
    this.#subscribers.clear();
  }

  #heartbeat(): void {
    for (const set of this.#subscribers.values()) for (const sub of [...set]) sub.send(HEARTBEAT);
  }
}
