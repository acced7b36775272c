// The live part of a progress feed, a module of its own: only a `live` element loads it (beside its
// first GET), so a page showing a total once does not carry the event stream, its backoff and polling.

/** EventSource failures in a row (the backoff reaches its 30 s cap by the sixth) before polling instead. */
const MAX_FAILURES = 8;

/** What following a feed live needs from it; everything stops when `signal` aborts. */
export interface Follow {
  /** The event stream's URL and the Server-Sent Event carrying a new document. */
  events: string;
  event: string;
  signal: AbortSignal;
  /** The polling interval once it falls back from Server-Sent Events, ms (the feed's, 15 s). */
  every: number;
  /** Re-reads the GET (to catch up), passing the document on. */
  get(): Promise<void>;
  /** Passes one event's data on. */
  take(json: string): void;
}

/**
 * Keeps a feed current: an EventSource on `events`; on an error it closes it and reconnects itself
 * with exponential backoff and jitter (1 s doubling to a 30 s cap), re-reading the GET first to catch
 * up. Without EventSource, or after eight failures in a row, it polls the GET every 15 s instead.
 */
export function follow({ events, event, signal, every, get, take }: Follow): void {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout>;
  let source: EventSource | undefined;
  signal.addEventListener('abort', () => (source?.close(), clearTimeout(timer)));
  const poll = () => (timer = setTimeout(() => get().then(() => signal.aborted || poll()), every));
  const connect = (): unknown => {
    if (!self.EventSource || failures >= MAX_FAILURES) return poll();
    const s = (source = new EventSource(events));
    s.onopen = () => (failures = 0);
    s.addEventListener(event, (e) => take((e as MessageEvent<string>).data));
    s.onerror = () => {
      s.close();
      timer = setTimeout(() => get().then(() => signal.aborted || connect()), Math.min(30_000, 1000 * 2 ** failures++) * (0.5 + Math.random() / 2));
    };
  };
  connect();
}
