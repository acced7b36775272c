/**
 * The Fetch-standard handler: v1 routes on Hono. Runs under Node (see `node.ts`),
 * serverless and edge runtimes; tests call `fetch(new Request(...))` directly.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type Stripe from 'stripe';
import type { RescuekitConfig } from '@rescuekit/schema';
import { parseConfig } from './config.js';
import { LiveSettings, type SettingsChange } from './settings.js';
import { isClientAbort } from './guard/connection-limits.js';
import { CredentialGuard } from './guard/credentials.js';
import { humanCheckOff, type HumanCheck } from './guard/human-check.js';
import { KeyUsage } from './guard/key-usage.js';
import { SlidingWindowLimiter, type CheckoutLimiter } from './guard/rate-limit.js';
import { StreamLimits, type StreamLimitsOptions } from './guard/stream-limits.js';
import { answerOf, logError, methodProblem, storeUnavailable } from './errors.js';
import { countAnswers, Metrics, metricsRoutes } from './metrics.js';
import { HttpProblem, internalError, problem, problemResponse } from './problem.js';
import { LiveProgress } from './live/live-progress.js';
import { campaignRoutes } from './routes/campaigns.js';
import { FastRoutes } from './routes/fast.js';
import { checkoutRoutes } from './checkout/route.js';
import { portalRoutes } from './portal/route.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { adminOnly, type AppEnv, type RequestInfo } from './routes/middleware.js';
import { offlineGiftRoutes } from './routes/offline-gifts.js';
import { answerStripeWebhook, webhookRoutes, webhookSecrets, WEBHOOK_PATH, type WebhookAnswer, type WebhookContext } from './routes/webhooks.js';
import { CommitQueue } from './store/ingest/commit-queue.js';
import { StoreUnavailableError } from './store/errors.js';
import type { SeedReport, Store } from './store/types.js';
import { campaignAdminRoutes } from './routes/campaign-admin.js';
import { fundraiserRoutes } from './routes/fundraisers.js';
import type { TeamAuthContext } from './routes/team-auth.js';
import { peopleRoutes } from './routes/people.js';
import { teamKeyRoutes } from './routes/team-keys.js';
import { teamsRoutes } from './routes/teams.js';
import { recentRoutes } from './routes/recent.js';
import { ledgerExportRoutes } from './routes/ledger-export.js';
import { reachRoutes } from './reach/routes.js';

export type { RequestInfo } from './routes/middleware.js';
export { logError } from './errors.js';

/** What a re-read config did: campaigns created or moved, config fields that differ from the store, settings applied or waiting for a restart. */
export type ReloadReport = SeedReport & { settings: SettingsChange };

export interface AppOptions {
  config: RescuekitConfig;
  store: Store;
  /** Bearer token for admin routes (offline gifts). */
  adminToken: string;
  /** `ADMIN_TOKEN_PREVIOUS`: during a rotation the old admin token, accepted beside `adminToken` and logged at each use. */
  previousAdminToken?: string | undefined;
  /** A hub to share; by default the app makes (and owns) one over `store`. */
  hub?: LiveProgress;
  /** One line per event (JSON). Default: console.error. */
  logger?: (line: string) => void;
  /** The Stripe client (see `createStripeClient`); null or absent: checkout answers 503. */
  stripe?: Stripe | null | undefined;
  /** `STRIPE_WEBHOOK_SECRET`, or several comma-separated during a rotation; absent: webhooks answer 503, so Stripe holds and retries them. */
  webhookSecret?: string | undefined;
  /** Human check before session creation (default off; see `createHumanCheck`). */
  humanCheck?: HumanCheck | undefined;
  /** Clock in ms (rate limit, idempotency windows). Default `Date.now`. */
  now?: () => number;
  /** Count live-mode Stripe events (true) or test-mode ones (false, default); the other mode is acknowledged and ignored. */
  livemode?: boolean;
  /** Live-stream caps: per client address (default 20) and server-wide (default 10,000; Node sizes it from the fd limit). */
  streams?: StreamLimitsOptions;
  /** Progress says `"stale": true` after this long without the store answering. Default 30 s. */
  staleAfterMs?: number;
  /** Total time checkout's Stripe call may take before the donor gets a 502. Default 8 s. */
  checkoutDeadlineMs?: number;
  /** Refused credentials per client address before every credential from it gets 429. Default 20 a minute. */
  credentialLimit?: { max: number; windowMs: number };
  /** How long an invite link works, in hours (`INVITE_TTL_HOURS`, default 72). */
  inviteTtlHours?: number | undefined;
  /** `METRICS_TOKEN`: serves `GET /metrics` to this bearer token; unset, /metrics answers 404. */
  metricsToken?: string | undefined;
}

export interface App {
  /** The Fetch handler. `info.ip` keys the checkout rate limit. */
  fetch(req: Request, info?: RequestInfo): Promise<Response>;
  /** The routes the Node server answers without the Fetch layer (registered beside their Hono routes). */
  readonly fast: FastRoutes;
  /** The webhook group-commit queue (stats for tests and the bench). */
  readonly webhookQueue: CommitQueue;
  readonly hub: LiveProgress;
  /** Open live streams and refusals. */
  readonly streams: StreamLimits;
  /** What `GET /metrics` reports. */
  readonly metrics: Metrics;
  /** Resolves once campaign rows exist and the hub holds every campaign's progress. */
  readonly ready: Promise<void>;
  /** Ends SSE streams and stops the hub's timers. The store stays open: its opener closes it. */
  close(): Promise<void>;
  /**
   * A re-read config (SIGHUP): applies the top-level settings that can change while running (allowed
   * origins, `publicUrl`, `embedAncestors`, fee rate, checkout rate limit), names those that need a restart,
   * and seeds campaigns (creates the new ids; the store wins for the rest).
   */
  reload(config: RescuekitConfig): Promise<ReloadReport>;
  /** The top-level settings this server runs with now, and when they were read. */
  readonly settings: LiveSettings;
  /**
   * `POST /v1/webhooks/stripe` without the Fetch layer, for the Node server's fast path: the raw body (at most
   * `WEBHOOK_BODY_LIMIT` bytes, the caller checks) and the `Stripe-Signature` header -> the same answer the route
   * gives, errors included. Never rejects.
   */
  stripeWebhook(body: Uint8Array, signature: string | null): Promise<WebhookAnswer>;
}

/** One limit for every server where the store can share it (Postgres), else this process's own. */
function checkoutLimiter(store: Store, limit: { max: number; windowSeconds: number } | undefined, now: () => number): CheckoutLimiter {
  const options = { max: limit?.max ?? 30, windowMs: (limit?.windowSeconds ?? 600) * 1000 };
  return store.checkoutLimiter?.(options) ?? new SlidingWindowLimiter({ ...options, now });
}

/**
 * Builds the endpoint. Synchronous so it can be a module-level export; the
 * first request waits for `ready` (Node's `startServer` awaits it before listening).
 */
export function createApp(options: AppOptions): App {
  const config = parseConfig(options.config, 'config');
  const { store } = options;
  const log = options.logger ?? ((line: string) => console.error(line));
  const hub = options.hub ?? new LiveProgress(store, config.campaigns, {
    onError: (e) => logError(log, 'progress poll failed (logged once per outage)', e),
    manageGivingUrl: config.manageGivingUrl,
    ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
  });
  const ownsHub = !options.hub;
  // Campaigns are data: the directory holds what the store says (seeded from the config), refreshed by the change watch.
  const campaigns = hub.directory;
  const now = options.now ?? Date.now;
  const webhookQueue = new CommitQueue(store);
  const settings = new LiveSettings(config, (limit) => checkoutLimiter(store, limit, now), now);
  const streams = new StreamLimits(options.streams);
  const metrics = new Metrics({ streams: () => streams.open, pool: () => store.poolUse?.(), pages: () => campaigns.pageStates(), allies: () => hub.rootAllies() });

  let isReady = false;
  const drifted = new Set<string>();
  const seed = async (c: RescuekitConfig) => {
    const report = await store.seedCampaigns(c.campaigns);
    for (const d of report.drift) {
      const said = `${d.campaign}:${d.fields.join(',')}`;
      if (drifted.has(said)) continue; // once per process and difference
      drifted.add(said);
      const wanted = c.campaigns.find((x) => x.id === d.campaign)!;
      const patch = Object.fromEntries(d.fields.filter((f) => f !== 'id' && f !== 'currency').map((f) => [f, wanted[f as keyof typeof wanted] ?? null]));
      log(JSON.stringify({
        level: 'warn', msg: 'config differs from the store; the store wins', campaign: d.campaign, fields: d.fields,
        apply: `PATCH /v1/campaigns/${d.campaign} ${JSON.stringify(patch)}`,
      }));
    }
    hub.install(report.changed);
    for (const t of report.moved) hub.publish(t);
    return report;
  };
  const ready = (async () => {
    await seed(config);
    if (ownsHub) await hub.start();
    else await hub.poll();
    isReady = true;
  })();
  ready.catch(() => {}); // surfaced to whoever awaits `ready` or sends a request

  const app = new Hono<AppEnv>();
  // 405 with `Allow` for a known path, from the routes registered below (Hono reads them at the first miss).
  app.use(countAnswers(metrics));
  app.use(methodNotAllowed({ app, onMethodNotAllowed: (_c, methods) => methodProblem(methods) }));

  const fast = new FastRoutes();
  campaignRoutes(app, fast, hub);
  teamsRoutes(app, fast, hub);
  recentRoutes(app, hub);
  eventRoutes(app, hub, streams);
  // Refused credentials per address: 20 a minute, one count for every server where the store can share it.
  const failureLimit = options.credentialLimit ?? { max: 20, windowMs: 60_000 };
  const keyUsage = new KeyUsage(store, { now, onError: (e) => logError(log, 'could not note team keys used (kept for the next try)', e) });
  const auth: TeamAuthContext = {
    adminToken: options.adminToken,
    previousAdminToken: options.previousAdminToken || undefined,
    log,
    store,
    guard: new CredentialGuard(failureLimit, store.failureCounter?.(failureLimit), now),
    keyUsage, parentOf: (id) => campaigns.get(id)?.parent ?? undefined,
  };
  adminOnly(options.adminToken); // refuses an empty or malformed admin token at construction
  if (options.previousAdminToken) adminOnly(options.previousAdminToken); // and a previous one that could never match
  offlineGiftRoutes(app, auth, { campaigns, store, hub, log, newId: () => `gift_${crypto.randomUUID().replaceAll('-', '')}`, metrics });
  campaignAdminRoutes(app, auth, { store, hub, log });
  teamKeyRoutes(app, auth, { store, log });
  peopleRoutes(app, auth, { store, log, parentOf: auth.parentOf, subtree: (id) => campaigns.subtree(id), title: (id) => campaigns.get(id)?.title, settings: () => settings.view(), get publicUrl() { return settings.publicUrl; }, inviteTtlHours: options.inviteTtlHours });
  ledgerExportRoutes(app, auth, { store, hub });
  // Top-level settings are read at each request, so a re-read config (SIGHUP) holds from the next one.
  const checkoutSettings = {
    campaigns,
    get allowedOrigins() { return settings.allowedOrigins; },
    get feeRate() { return settings.feeRate; },
    get limiter() { return settings.limiter; },
    stripe: options.stripe ?? null,
    humanCheck: options.humanCheck ?? humanCheckOff,
    log,
    now,
    deadlineMs: options.checkoutDeadlineMs,
  };
  checkoutRoutes(app, checkoutSettings);
  portalRoutes(app, { campaigns, get allowedOrigins() { return settings.allowedOrigins; }, stripe: checkoutSettings.stripe, guard: auth.guard, log, now });
  fundraiserRoutes(app, auth, { store, hub, log, humanCheck: checkoutSettings.humanCheck, now, get publicUrl() { return settings.publicUrl; } });
  const webhooks: WebhookContext = { secrets: webhookSecrets(options.webhookSecret), livemode: options.livemode ?? false, stripe: options.stripe, queue: webhookQueue, hub, log, campaignCurrency: (id) => campaigns.currency(id), keepUnassigned: true, metrics };
  webhookRoutes(app, fast, webhooks, (body, signature) => stripeWebhook(body, signature));
  metricsRoutes(app, metrics, options.metricsToken || undefined);
  healthRoutes(app, store, (e) => logError(log, 'health check: store failed', e));
  reachRoutes(app, {
    hub,
    get publicUrl() {
      return settings.publicUrl;
    },
    get embedAncestors() {
      return settings.embedAncestors;
    },
    logError: (msg, e) => logError(log, msg, e),
    // The widget shows only where the endpoint checks its token.
    humanCheck: checkoutSettings.humanCheck.enabled ? config.humanCheck : undefined,
    watchRenders: (load) => metrics.watchRenders(load),
  });

  app.notFound(() => problem(404, 'not_found', { detail: 'No such route.' }));
  // The one error handler. CORS headers a route's middleware already set stay on the answer.
  const errorResponse = (err: unknown, method: string, path: string): Response => {
    if (err instanceof HttpProblem) return problemResponse(err);
    if (err instanceof HTTPException && err.res) return err.getResponse(); // bearerAuth's refusal: our 401 problem
    if (err instanceof StoreUnavailableError) return metrics.storeUnavailable.inc({ reason: err.reason }), storeUnavailable(log, method, path, err);
    if (isClientAbort(err)) {
      // The client hung up mid-upload: routine, one line at info, no stack; nobody reads the answer.
      log(JSON.stringify({ level: 'info', msg: 'client went away before its request was read', method, path }));
      return problem(400, 'invalid_request', { detail: 'The request ended before its body arrived.' });
    }
    logError(log, `unhandled error on ${method} ${path}`, err);
    return internalError();
  };
  app.onError((err, c) => errorResponse(err, c.req.method, c.req.path));
  const notStarted = (e: unknown) => {
    logError(log, 'endpoint failed to start', e);
    return problem(503, 'unavailable', { detail: 'The endpoint is starting or failed to start.' });
  };

  async function stripeWebhook(body: Uint8Array, signature: string | null): Promise<WebhookAnswer> {
    if (!isReady) {
      try {
        await ready;
      } catch (e) {
        return answerOf(notStarted(e));
      }
    }
    const out = await answerStripeWebhook(body, signature, webhooks).catch((e) => answerOf(errorResponse(e, 'POST', WEBHOOK_PATH)));
    if (out.status === 429 || out.status === 503) metrics.refusals.inc({ status: String(out.status) }); // the fast path skips the Fetch layer's count
    return out;
  }

  return {
    hub,
    fast,
    settings,
    streams,
    metrics,
    ready,
    webhookQueue,
    async fetch(req, info) {
      if (!isReady) {
        try {
          await ready;
        } catch (e) {
          return notStarted(e);
        }
      }
      return app.fetch(req, info ?? {});
    },
    stripeWebhook,
    async close() {
      if (ownsHub) hub.close();
      await keyUsage.close().catch(() => {}); // the store may already be gone; a minute of precision is all that is lost
    },
    async reload(next) {
      const parsed = parseConfig(next, 'config');
      const report: ReloadReport = { ...(await seed(parsed)), settings: settings.update(parsed, now) };
      await hub.poll();
      for (const id of report.created) {
        const t = await store.getTotals(id);
        if (t) hub.publish(t);
      }
      return report;
    },
  };
}
