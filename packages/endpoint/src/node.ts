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
import { DEFAULT_CONNECTIONS_PER_CLIENT, DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, isClientAbort, Occupancy, socketCapForFdLimit } from './guard/connection-limits.js';
import { parseInviteTtlHours } from './guard/people.js';
import { clientKeyForIp } from './guard/rate-limit.js';
import { streamCapForFdLimit } from './guard/stream-limits.js';
import { createStaticHandler, type StaticMount } from './static/serve.js';
import { createConsoleHandler } from './static/console.js';
import { fontMounts } from './static/fonts.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';
import { LATEST_VERSION, type SchemaState } from './store/schema.js';
import { packageVersion } from './version.js';

export type { StaticMount } from './static/serve.js';

export interface StartServerOptions {
  config: RescuekitConfig;
  /** `sqlite:<path>` (or `sqlite::memory:`). Ignored when `store` is given. */
  databaseUrl: string;
  /** Postgres connections this server's pool may hold (default 10); its LISTEN connection comes on top. */
  poolSize?: number;
  /** An already open store to use instead of opening `databaseUrl`; the server closes it on `close()`. */
  store?: Store;
  adminToken: string;
  /** The admin token being rotated out, accepted beside `adminToken` (default: `ADMIN_TOKEN_PREVIOUS` from `env`). */
  previousAdminToken?: string;
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
  /**
   * Open sockets one client address may hold (no proxy), or requests in flight per forwarded address
   * (behind `trustProxyHops` proxies). Default 256. The server-wide socket cap comes from the fd limit.
   */
  connectionsPerClient?: number;
  /** Server-wide open-socket cap. Default: the open-file limit less a reserve (see `socketCapForFdLimit`). */
  connectionsTotal?: number;
  /** Time for a request's headers to arrive (default 20 s) and for the whole request, body included (default 30 s). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Server-wide live-stream cap. Default: from the process's open-file limit (see `streamCapForFdLimit`). */
  streamsTotal?: number;
  /** Progress says `"stale": true` after this long without the database answering. Default 30000 ms. */
  staleAfterMs?: number;
  /**
   * Serve the console (people with a role: join, cash, approvals, people, team pages) at `/console/`, and
   * redirect the cash book's old addresses (`/cash-book/`) to it. Default true.
   */
  console?: boolean;
}

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
  /** Open sockets and (behind a proxy) requests in flight per client, with their refusals. */
  connections: { sockets: Occupancy; requests: Occupancy };
  /** How this release stands with the database's schema (`ahead`: a newer release migrated it, compatibly). */
  schema: SchemaState | undefined;
}

/** Opens the store, builds the app and listens. Resolves once requests can be served. */
export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = opts.store ?? (await openStore(opts.databaseUrl, { poolSize: opts.poolSize }));
  if (store.schema?.state === 'ahead') {
    const { version, release } = store.schema;
    log(JSON.stringify({ level: 'warn', msg: 'rolling upgrade: the database schema is newer than this release and keeps it running; upgrade this server next', schema: version, release, known: LATEST_VERSION }));
  }
  let app: App;
  try {
    const env = opts.env ?? process.env;
    app = createApp({
      config: opts.config,
      store,
      adminToken: opts.adminToken,
      previousAdminToken: opts.previousAdminToken ?? env['ADMIN_TOKEN_PREVIOUS']?.trim(),
      logger: log,
      stripe: createStripeClient(env, { version: packageVersion() }),
      webhookSecret: env['STRIPE_WEBHOOK_SECRET']?.trim(),
      metricsToken: env['METRICS_TOKEN']?.trim(),
      inviteTtlHours: parseInviteTtlHours(env['INVITE_TTL_HOURS']),
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
  const mounts = [PAGE_ASSETS_MOUNT, ...fontMounts(), ...(opts.staticMounts ?? [])];
  const serveStatic = mounts.length ? createStaticHandler(mounts) : undefined;
  const serveConsole = opts.console === false ? undefined : createConsoleHandler();
  const fastPath = opts.fastPath ?? true;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const perClient = opts.connectionsPerClient ?? DEFAULT_CONNECTIONS_PER_CLIENT;
  const sockets = new Occupancy(hops > 0 ? Number.MAX_SAFE_INTEGER : perClient, opts.connectionsTotal ?? socketCapForFdLimit(openFileLimit()));
  const requests = new Occupancy(perClient, Number.MAX_SAFE_INTEGER); // behind a proxy: per forwarded address

  const requestTimeout = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeout = Math.min(opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout);
  // Expired requests are found by a periodic check: often enough that a stalled body is dropped near its deadline.
  const checking = Math.max(250, Math.min(2_000, Math.floor(headersTimeout / 2)));
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: checking }, (req, res) => {
    if (hops > 0) {
      const release = requests.admit(clientKeyForIp(clientIp(req, hops)));
      if (!release) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1', 'cache-control': 'no-store' });
        res.end(TOO_MANY_REQUESTS);
        return;
      }
      res.once('close', release);
    }
    const fast = fastPath && app.fast.serve(req, res);
    if (fast === true) return;
    inFlight++;
    const done = () => {
      if (--inFlight === 0) drained?.();
    };
    (async () => {
      if (fast && (await fast)) return;
      if (serveConsole && (await serveConsole(req, res))) return;
      if (serveStatic && (await serveStatic(req, res))) return;
      await fetchListener(req, res);
    })()
      .catch((e) => {
        // A client that hung up mid-upload is routine on the internet: one line at info, no stack.
        if (isClientAbort(e) || req.destroyed) log(JSON.stringify({ level: 'info', msg: 'client went away before its request was read', method: req.method, path: req.url?.split('?')[0] }));
        else logError(log, 'request failed in the Node adapter', e);
        if (!res.headersSent && !res.destroyed) res.writeHead(500, { 'content-type': 'application/problem+json' });
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
  const open = new Set<Socket>();
  server.on('connection', (socket) => {
    const release = sockets.admit(hops > 0 ? 'proxy' : clientKeyForIp(socket.remoteAddress ?? 'unknown'));
    if (!release) {
      socket.destroy(); // over a cap: its descriptor goes back at once
      return;
    }
    open.add(socket);
    socket.once('close', () => (open.delete(socket), release()));
  });
  const closeIdle = () => {
    server.closeIdleConnections();
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
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

  return { url: `http://${shown}:${port}`, port, app, close, connections: { sockets, requests }, schema: store.schema };
}

const TOO_MANY_REQUESTS = JSON.stringify({
  type: 'https://rescuekit.dev/problems/rate_limited', title: 'Too many requests', status: 429, code: 'rate_limited',
  detail: 'Too many requests in flight from this address. Please try again shortly.',
});
