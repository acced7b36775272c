/**
 * One dedicated `LISTEN rescuekit_totals` connection per server: commits on any server name the
 * campaigns whose totals changed, so live progress moves without polling every campaign.
 * A lost connection is reopened with backoff (never an unhandled error); after each (re)connect
 * the callback hears `null`, "anything may have changed", because notifications sent while
 * nobody listened are gone.
 */
import pg from 'pg';

/** The channel every totals change is announced on. */
const TOTALS_CHANNEL = 'rescuekit_totals';

export type TotalsListener = (campaigns: readonly string[] | null) => void;

export interface ListenOptions {
  /** First retry delay after a loss, ms; doubles up to `maxBackoffMs`. Default 100. */
  minBackoffMs?: number;
  /** Default 10000. */
  maxBackoffMs?: number;
  /** Told once per outage, not once per retry. */
  onError?: (error: unknown) => void;
}

/** Starts listening on a connection of its own; the returned function stops it. */
export function listenForTotals(config: pg.ClientConfig, onChange: TotalsListener, options: ListenOptions = {}): () => Promise<void> {
  const min = options.minBackoffMs ?? 100;
  const max = options.maxBackoffMs ?? 10_000;
  let delay = min;
  let stopped = false;
  let failing = false;
  let client: pg.Client | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const lost = (c: pg.Client, e: unknown) => {
    if (client !== c) return; // already handled
    client = undefined;
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (stopped) return;
    if (!failing) options.onError?.(e);
    failing = true;
    // Jitter, so servers cut off together do not reconnect in lockstep.
    timer = setTimeout(connect, delay * (0.5 + Math.random() / 2));
    (timer as { unref?: () => void }).unref?.();
    delay = Math.min(max, delay * 2);
  };

  const connect = async () => {
    timer = undefined;
    if (stopped) return;
    const c = new pg.Client(config);
    client = c;
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c, new Error('listen connection ended')));
    c.on('notification', (n) => {
      if (n.channel === TOTALS_CHANNEL && n.payload) onChange(n.payload.split(','));
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${TOTALS_CHANNEL}`);
    } catch (e) {
      lost(c, e);
      return;
    }
    if (stopped || client !== c) return;
    delay = min;
    failing = false;
    onChange(null);
  };

  void connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = undefined;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  };
}
