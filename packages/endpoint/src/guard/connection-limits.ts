/**
 * Caps on what one client address may hold, so a flood from one address cannot take the file
 * descriptors that health checks and Stripe's webhooks from everyone else need. Without a proxy
 * (`TRUST_PROXY_HOPS=0`) every socket's peer is a client: open sockets are capped per address and
 * in all (below the open-file limit, so `accept` never fails with EMFILE). Behind a proxy every
 * socket is the proxy's, so the requests in flight are capped per forwarded address instead.
 */

/** Open sockets (or, behind a proxy, requests in flight) one client address may hold. */
export const DEFAULT_CONNECTIONS_PER_CLIENT = 256;
/** Headers must arrive within this, and the whole request (a body included) within the next. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * The server-wide socket cap for a process allowed `fdLimit` open files: the limit less a reserve
 * for the database, files and the listener (5 %, between 64 and 512).
 */
export function socketCapForFdLimit(fdLimit: number): number {
  if (!Number.isFinite(fdLimit)) return Number.MAX_SAFE_INTEGER;
  const reserve = Math.min(512, Math.max(64, Math.floor(fdLimit * 0.05)));
  return Math.max(16, fdLimit - reserve);
}

/** Counts holders per key and in all; `admit` answers a release, or undefined when over a cap. */
export class Occupancy {
  readonly #byKey = new Map<string, number>();
  #all = 0;
  /** Refusals so far, by reason. */
  readonly refused = { perClient: 0, total: 0 };

  constructor(readonly perClient: number, readonly total: number) {}

  get open(): number {
    return this.#all;
  }

  admit(key: string): (() => void) | undefined {
    const mine = this.#byKey.get(key) ?? 0;
    if (mine >= this.perClient) {
      this.refused.perClient++;
      return undefined;
    }
    if (this.#all >= this.total) {
      this.refused.total++;
      return undefined;
    }
    this.#byKey.set(key, mine + 1);
    this.#all++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#all--;
      const left = (this.#byKey.get(key) ?? 1) - 1;
      if (left > 0) this.#byKey.set(key, left);
      else this.#byKey.delete(key);
    };
  }
}

/** Whether `error` is a client that went away mid-request (not the server's fault, nothing to debug). */
export function isClientAbort(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || name === 'AbortError' || message === 'aborted';
}
