/**
 * Caps on live streams (SSE), so one client, or a flood of them, cannot take every file
 * descriptor: webhooks, health checks and checkout must always find one. A refused widget
 * keeps the totals by reading the cached `GET /v1/campaigns/:id` (its EventSource backoff).
 */

/** Streams one client address may hold open at once (a campus behind one NAT address still polls). */
const DEFAULT_STREAMS_PER_CLIENT = 20;
/** The live subscribers the design budgets for; the server-wide cap stays at least this when the fd limit allows. */
const BUDGETED_STREAMS = 10_000;
/** What a refused client is told to wait before trying again. */
const STREAM_RETRY_AFTER_SECONDS = 30;

export interface StreamLimitsOptions {
  perClient?: number;
  total?: number;
}

export type StreamAdmission =
  | { ok: true; release: () => void }
  | { ok: false; status: 429 | 503; retryAfterSeconds: number };

/**
 * The server-wide cap for a process allowed `fdLimit` open files: the limit less a reserve
 * for everything else (10 %, between 128 and 1,024), never below {@link BUDGETED_STREAMS}
 * while that still leaves 256 descriptors free.
 */
export function streamCapForFdLimit(fdLimit: number): number {
  if (!Number.isFinite(fdLimit)) return Number.MAX_SAFE_INTEGER;
  const reserve = Math.min(1024, Math.max(128, Math.floor(fdLimit * 0.1)));
  const cap = fdLimit - reserve;
  if (cap < BUDGETED_STREAMS && fdLimit - 256 >= BUDGETED_STREAMS) return BUDGETED_STREAMS;
  return Math.max(0, cap);
}

/** Counts open streams per client key and in all; `admit` before opening one, `release` when it ends. */
export class StreamLimits {
  readonly perClient: number;
  readonly total: number;
  readonly #byClient = new Map<string, number>();
  #open = 0;
  /** Streams refused so far, by reason, for tests and the reliability figures. */
  readonly refused = { perClient: 0, total: 0 };

  constructor(options: StreamLimitsOptions = {}) {
    this.perClient = options.perClient ?? DEFAULT_STREAMS_PER_CLIENT;
    this.total = options.total ?? BUDGETED_STREAMS;
  }

  get open(): number {
    return this.#open;
  }

  admit(client: string): StreamAdmission {
    const mine = this.#byClient.get(client) ?? 0;
    if (mine >= this.perClient) {
      this.refused.perClient++;
      return { ok: false, status: 429, retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS };
    }
    if (this.#open >= this.total) {
      this.refused.total++;
      return { ok: false, status: 503, retryAfterSeconds: STREAM_RETRY_AFTER_SECONDS };
    }
    this.#byClient.set(client, mine + 1);
    this.#open++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.#open--;
        const left = (this.#byClient.get(client) ?? 1) - 1;
        if (left > 0) this.#byClient.set(client, left);
        else this.#byClient.delete(client);
      },
    };
  }
}
