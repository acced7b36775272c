/**
 * The Fetch-standard handler: v1 routes on Hono. Runs under Node (see `node.ts`),
 * serverless and edge runtimes; tests call `fetch(new Request(...))` directly.
 */
import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { RescuekitConfig } from '@rescuekit/schema';
import { checkoutOrigins, handleCheckout } from './checkout-route.js';
import { parseConfig } from './config.js';
import { bearerChecker, ifNoneMatchHits } from './http.js';
import { handleOfflineGift, handleVoidGift } from './offline-gifts.js';
import { HttpProblem, internalError, problem, problemResponse } from './problem.js';
import { ProgressHub } from './progress-hub.js';
import { sseResponse } from './sse.js';
import type { Store } from './store/types.js';
import { humanCheckOff, type HumanCheck } from './guard/human-check.js';
import { SlidingWindowLimiter } from './guard/rate-limit.js';
import { CommitQueue, handleStripeWebhook } from './webhooks.js';

export interface AppOptions {
  config: RescuekitConfig;
  store: Store;
  /** Bearer token for admin routes (offline gifts). */
  adminToken: string;
  /** A hub to share; by default the app makes (and owns) one over `store`. */
  hub?: ProgressHub;
  /** One line per event (JSON). Default: console.error. */
  logger?: (line: string) => void;
  /** The Stripe client (see `createStripeClient`); null or absent: checkout answers 503. */
  stripe?: Stripe | null | undefined;
  /** `STRIPE_WEBHOOK_SECRET`; absent: webhooks answer 503, so Stripe holds and retries them. */
  webhookSecret?: string | undefined;
  /** Human check before session creation (default off; see `createHumanCheck`). */
  humanCheck?: HumanCheck | undefined;
  /** Clock in ms (rate limit, idempotency windows). Default `Date.now`. */
  now?: () => number;
}

/** What the server adapter knows about a request beyond the Fetch `Request`. */
export interface RequestInfo {
  /** The client's address (the socket's peer, or the trusted proxy's X-Forwarded-For entry). */
  ip?: string | undefined;
}

export interface App {
  /** The Fetch handler. `info.ip` keys the checkout rate limit. */
  fetch(req: Request, info?: RequestInfo): Promise<Response>;
  /** The webhook group-commit queue (stats for tests and the bench). */
  readonly webhookQueue: CommitQueue;
  readonly hub: ProgressHub;
  /** Resolves once campaign rows exist and the hub holds every campaign's progress. */
  readonly ready: Promise<void>;
  /** Ends SSE streams and stops the hub's timers. The store stays open: its opener closes it. */
  close(): Promise<void>;
}

/** Routes and the methods each allows, for 405 answers with an `Allow` header. */
const ROUTES: readonly [RegExp, string][] = [
  [/^\/v1\/campaigns\/[^/]+$/, 'GET, HEAD, OPTIONS'],
  [/^\/v1\/campaigns\/[^/]+\/events$/, 'GET, HEAD, OPTIONS'],
  [/^\/v1\/campaigns\/[^/]+\/offline-gifts$/, 'POST'],
  [/^\/v1\/campaigns\/[^/]+\/offline-gifts\/[^/]+\/void$/, 'POST'],
  [/^\/v1\/checkout$/, 'POST, OPTIONS'],
  [/^\/v1\/webhooks\/stripe$/, 'POST'],
  [/^\/healthz$/, 'GET, HEAD'],
];

// Header objects below are spread into each Response: @hono/node-server may write into the object it is given.
const PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'If-None-Match, Last-Event-ID, Cache-Control',
  'access-control-max-age': '86400',
};
const CORS_READ = { 'access-control-allow-origin': '*' };
const notFound = () => new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });

/**
 * Builds the endpoint. Synchronous so it can be a module-level export; the
 * first request waits for `ready` (Node's `startServer` awaits it before listening).
 */
export function createApp(options: AppOptions): App {
  const config = parseConfig(options.config, 'config');
  const { store } = options;
  const log = options.logger ?? ((line: string) => console.error(line));
  const hub = options.hub ?? new ProgressHub(store, config.campaigns, { onError: (e) => logError(log, 'progress poll failed', e), manageGivingUrl: config.manageGivingUrl });
  const ownsHub = !options.hub;
  const campaigns = new Map(config.campaigns.map((c) => [c.id, c]));
  const isAdmin = bearerChecker(options.adminToken);
  const now = options.now ?? Date.now;
  const webhookQueue = new CommitQueue(store);
  const campaignCurrency = (id: string) => campaigns.get(id)?.currency;
  const webhookContext = { secret: options.webhookSecret || undefined, queue: webhookQueue, hub, log, campaignCurrency };
  const limit = config.checkoutRateLimit;
  const checkoutContext = {
    campaigns,
    allowedOrigins: config.allowedOrigins ?? [],
    feeRate: config.feeRate,
    stripe: options.stripe ?? null,
    limiter: new SlidingWindowLimiter({ ...(limit ? { max: limit.max, windowMs: limit.windowSeconds * 1000 } : {}), now }),
    humanCheck: options.humanCheck ?? humanCheckOff,
    log,
    now,
  };
  const browserOrigins = checkoutOrigins(config.allowedOrigins ?? [], config.campaigns);
  /** CORS for checkout: only allowed origins may read its answers (errors included). */
  const checkoutCors = (origin: string | undefined): Record<string, string> =>
    origin && browserOrigins.has(origin)
      ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After', vary: 'Origin' }
      : { vary: 'Origin' };
  const giftContext = { campaigns, store, hub, isAdmin, log, newId: () => `gift_${crypto.randomUUID().replaceAll('-', '')}` };

  let isReady = false;
  const ready = (async () => {
    await store.ensureCampaigns(config.campaigns);
    if (ownsHub) await hub.start();
    else await hub.poll();
    isReady = true;
  })();
  ready.catch(() => {}); // surfaced to whoever awaits `ready` or sends a request

  const app = new Hono();

  app.get('/v1/campaigns/:id', (c) => {
    const entry = hub.get(c.req.param('id'));
    if (!entry) throw notFound();
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes, { status: 200, headers: { ...entry.headers } });
  });

  app.get('/v1/campaigns/:id/events', (c) => {
    const id = c.req.param('id');
    if (!hub.get(id)) throw notFound();
    return sseResponse(c.req.raw, id, hub);
  });

  app.options('/v1/campaigns/:id', () => new Response(null, { status: 204, headers: { ...PREFLIGHT_HEADERS } }));
  app.options('/v1/campaigns/:id/events', () => new Response(null, { status: 204, headers: { ...PREFLIGHT_HEADERS } }));

  app.post('/v1/campaigns/:id/offline-gifts', (c) => handleOfflineGift(c.req.raw, c.req.param('id'), giftContext));
  app.post('/v1/campaigns/:id/offline-gifts/:giftId/void', (c) => handleVoidGift(c.req.raw, c.req.param('id'), c.req.param('giftId'), giftContext));

  app.options('/v1/checkout', (c) => {
    const cors = checkoutCors(c.req.header('origin'));
    const preflight: Record<string, string> = cors['access-control-allow-origin']
      ? { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'Content-Type, Idempotency-Key', 'access-control-max-age': '600' }
      : {};
    return new Response(null, { status: 204, headers: { ...cors, ...preflight } });
  });

  app.post('/v1/checkout', async (c) => {
    const cors = checkoutCors(c.req.header('origin'));
    try {
      const res = await handleCheckout(c.req.raw, (c.env as RequestInfo | undefined)?.ip ?? 'unknown', checkoutContext);
      for (const [k, v] of Object.entries(cors)) res.headers.set(k, v);
      return res;
    } catch (e) {
      if (e instanceof HttpProblem) return problemResponse(e, cors);
      throw e;
    }
  });

  app.post('/v1/webhooks/stripe', (c) => handleStripeWebhook(c.req.raw, webhookContext));

  app.get('/healthz', async () => {
    try {
      await store.ping();
    } catch (e) {
      logError(log, 'health check: store failed', e);
      return problem(503, 'unavailable', { detail: 'The store is not answering.' });
    }
    return new Response('{"status":"ok","store":"ok"}', {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  });

  app.notFound((c) => {
    const route = ROUTES.find(([re]) => re.test(c.req.path));
    if (route) {
      return problem(405, 'method_not_allowed', { detail: `Allowed: ${route[1]}.`, headers: { allow: route[1] } });
    }
    return problem(404, 'not_found', { detail: 'No such route.' });
  });

  app.onError((err, c) => {
    if (err instanceof HttpProblem) {
      // Reads stay readable cross-origin even when they fail, so widgets can show why.
      return problemResponse(err, c.req.method === 'GET' || c.req.method === 'HEAD' ? CORS_READ : {});
    }
    logError(log, `unhandled error on ${c.req.method} ${c.req.path}`, err);
    return internalError();
  });

  return {
    hub,
    ready,
    webhookQueue,
    async fetch(req, info) {
      if (!isReady) {
        try {
          await ready;
        } catch (e) {
          logError(log, 'endpoint failed to start', e);
          return problem(503, 'unavailable', { detail: 'The endpoint is starting or failed to start.' });
        }
      }
      return app.fetch(req, info ?? {});
    },
    async close() {
      if (ownsHub) hub.close();
    },
  };
}

/** Logs an unexpected error with its stack, to the operator's log only. */
export function logError(log: (line: string) => void, msg: string, error: unknown): void {
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  log(JSON.stringify({ level: 'error', msg, error: err }));
}
