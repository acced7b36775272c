/**
 * @rescuekit/endpoint/node: the endpoint as a `node:http` server, with static
 * mounts for example pages and bundles, and a graceful `close()`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, logError, type App } from './app.js';
import { createStripeClient, stripeLivemode } from './stripe/client.js';
import { createHumanCheck } from './guard/human-check.js';
import { streamCapForFdLimit } from './guard/stream-limits.js';
import { ifNoneMatchHits } from './http.js';
import { parseTeamsLimit } from './routes/teams.js';
import { WEBHOOK_BODY_LIMIT, WEBHOOK_PATH } from './routes/webhooks.js';
import { createStaticHandler, type StaticMount } from './static.js';
import { openStore } from './open-store.js';
import type { Store } from './store/types.js';
import { packageVersion } from './version.js';

export type { StaticMount } from './static.js';

export interface StartServerOptions {
  config: RescuekitConfig;
  /** `sqlite:<path>` (or `sqlite::memory:`). Ignored when `store` is given. */
  databaseUrl: string;
  /** Postgres connections this server's pool may hold (default 10); its LISTEN connection comes on top. */
  poolSize?: number;
  /** An already open store to use instead of opening `databaseUrl`; the server closes it on `close()`. */
  store?: Store;
  adminToken: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1: listening on every interface is an explicit choice. */
  host?: string;
  /** Directories served under URL prefixes; they never shadow `/v1/*` or `/healthz`. */
  staticMounts?: StaticMount[];
  /** One line per log event. Default: stderr. */
  log?: (line: string) => void;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 5000 ms. */
  shutdownTimeoutMs?: number;
  /** Serve cached `GET /v1/campaigns/:id` and `POST /v1/webhooks/stripe` without the Fetch layer (same bytes and headers). Default true. */
  fastPath?: boolean;
  /**
   * STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL and the human-check secret.
   * Default `process.env`. Without a secret key checkout answers 503; without a webhook secret, webhooks do.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Reverse proxies in front of this server that append to X-Forwarded-For (0: none, the
   * socket's peer is the client). The checkout rate limit keys on the address this finds.
   */
  trustProxyHops?: number;
  /** Live streams one client address may hold (default 20). The server-wide cap comes from the fd limit. */
  streamsPerClient?: number;
  /** Server-wide live-stream cap. Default: from the process's open-file limit (see `streamCapForFdLimit`). */
  streamsTotal?: number;
  /** Progress says `"stale": true` after this long without the database answering. Default 30000 ms. */
  staleAfterMs?: number;
  /** Serve the team leads' cash book page at `/cash-book/`. Default true. */
  cashBook?: boolean;
}

/** The cash book is ours: a strict policy, no framing, nothing leaves the endpoint's origin. */
export const CASH_BOOK_MOUNT: StaticMount = {
  prefix: '/cash-book/',
  dir: fileURLToPath(new URL('../cash-book/', import.meta.url)),
  headers: {
    'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  },
};

/**
 * The hosted pages' and embeds' files (`assets/`: stylesheets, the embed script, and the
 * widgets' bundle `rescuekit.js`, copied in by the build): the endpoint serves its own pages' scripts.
 */
export const PAGE_ASSETS_MOUNT: StaticMount = { prefix: '/rescuekit-assets/', dir: fileURLToPath(new URL('../assets/', import.meta.url)) };

/** The client address: the socket's peer, or the entry `hops` proxies back in X-Forwarded-For. */
export function clientIp(req: IncomingMessage, hops = 0): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  return list[list.length - hops] ?? list[0] ?? peer;
}

/** The soft open-file limit (Linux: /proc/self/limits); Infinity when unknown or unlimited. */
export function openFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    return soft && /^\d+$/.test(soft) ? Number(soft) : Infinity;
  } catch {
    return Infinity;
  }
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** The Fetch app behind the server (its hub, for tests and metrics). */
  app: App;
  /**
   * Graceful stop: stop accepting, end SSE streams, let in-flight requests finish,
   * then close the store (checkpointing SQLite's WAL). Safe to call more than once.
   */
  close(): Promise<void>;
}

const PROGRESS_PREFIX = '/v1/campaigns/';

/**
 * The hot route without the Fetch layer: a cached campaign's bytes and headers
 * straight from the hub. Anything unusual (unknown id, query, HEAD) goes the full way.
 */
function serveProgressFast(app: App, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url!;
  if (req.method !== 'GET' || !url.startsWith(PROGRESS_PREFIX)) return false;
  const id = url.slice(PROGRESS_PREFIX.length);
  // The teams feed too (`<id>/teams`, `?limit=N`): anything else about it goes the full way.
  const teams = /^([a-z0-9-]+)\/teams(?:\?limit=(\d{1,3}))?$/.exec(id);
  if (teams) {
    const limit = parseTeamsLimit(teams[2]);
    return limit !== undefined && sendCached(req, res, app.hub.teams.feed(teams[1]!, limit));
  }
  if (id.includes('/') || id.includes('?')) return false;
  return sendCached(req, res, app.hub.get(id));
}

/**
 * Stripe's webhook without the Fetch layer: no Request, body stream or AbortSignal per delivery (at
 * giving-day rates building them was most of the server's own work per event). The same answer as the
 * route (`app.stripeWebhook`), errors included. Only a body whose Content-Length is within the limit:
 * anything else (chunked, too large) goes the full way and is answered there.
 */
async function serveWebhookFast(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'POST' || req.url !== WEBHOOK_PATH) return false;
  const length = req.headers['content-length'];
  if (!length || !/^\d{1,8}$/.test(length) || Number(length) > WEBHOOK_BODY_LIMIT) return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const signature = req.headers['stripe-signature'];
  const answer = await app.stripeWebhook(Buffer.concat(chunks), typeof signature == 'string' ? signature : null);
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
  res.end(body);
  return true;
}

/** Writes a cached entry (200 or 304); false when there is none. */
function sendCached(req: IncomingMessage, res: ServerResponse, entry: { etag: string; headers: Readonly<Record<string, string>>; notModifiedHeaders: Readonly<Record<string, string>>; bytes: Uint8Array } | undefined): boolean {
  if (!entry) return false;
  if (ifNoneMatchHits(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, entry.notModifiedHeaders);
    res.end();
  } else {
    res.writeHead(200, entry.headers);
    res.end(entry.bytes);
  }
  return true;
}

/** Opens the store, builds the app and listens. Resolves once requests can be served. */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = opts.store ?? (await openStore(opts.databaseUrl, { poolSize: opts.poolSize }));
  let app: App;
  try {
    const env = opts.env ?? process.env;
    app = createApp({
      config: opts.config,
      store,
      adminToken: opts.adminToken,
      logger: log,
      stripe: createStripeClient(env, { version: packageVersion() }),
      webhookSecret: env['STRIPE_WEBHOOK_SECRET']?.trim(),
      livemode: stripeLivemode(env),
      streams: { ...(opts.streamsPerClient === undefined ? {} : { perClient: opts.streamsPerClient }), total: opts.streamsTotal ?? streamCapForFdLimit(openFileLimit()) },
      ...(opts.staleAfterMs === undefined ? {} : { staleAfterMs: opts.staleAfterMs }),
      humanCheck: createHumanCheck(opts.config.humanCheck, env),
    });
    await app.ready;
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
  const hops = opts.trustProxyHops ?? 0;
  const fetchListener = getRequestListener((req, env) => app.fetch(req, { ip: clientIp((env as { incoming: IncomingMessage }).incoming, hops) }));
  const mounts = [...(opts.cashBook === false ? [] : [CASH_BOOK_MOUNT]), PAGE_ASSETS_MOUNT, ...(opts.staticMounts ?? [])];
  const serveStatic = mounts.length ? createStaticHandler(mounts) : undefined;
  const fastPath = opts.fastPath ?? true;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const server = createServer((req, res) => {
    if (fastPath && serveProgressFast(app, req, res)) return;
    inFlight++;
    const done = () => {
      if (--inFlight === 0) drained?.();
    };
    (async () => {
      if (fastPath && (await serveWebhookFast(app, req, res))) return;
      if (serveStatic && (await serveStatic(req, res))) return;
      await fetchListener(req, res);
    })()
      .catch((e) => {
        logError(log, 'request failed in the Node adapter', e);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end();
      })
      .finally(done);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await app.close();
    await store.close().catch(() => {});
    throw e;
  }
  // Connections that never sent a byte (clients pre-open them) are not "idle" to node:http; track them for close().
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const closeIdle = () => {
    server.closeIdleConnections();
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
  };
  const { port, address } = server.address() as AddressInfo;
  const shown = address === '0.0.0.0' || address === '::' ? 'localhost' : address.includes(':') ? `[${address}]` : address;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close(); // ends SSE streams, so their requests finish
      const timeout = opts.shutdownTimeoutMs ?? 5000;
      const idle = setInterval(closeIdle, 50);
      const hard = setTimeout(() => server.closeAllConnections(), timeout);
      try {
        closeIdle();
        if (inFlight > 0) {
          let giveUp: ReturnType<typeof setTimeout> | undefined;
          await new Promise<void>((resolve) => ((drained = resolve), (giveUp = setTimeout(resolve, timeout + 100))));
          clearTimeout(giveUp);
        }
        await closed;
      } finally {
        clearInterval(idle);
        clearTimeout(hard);
        await store.close();
      }
    })());

  return { url: `http://${shown}:${port}`, port, app, close };
}
