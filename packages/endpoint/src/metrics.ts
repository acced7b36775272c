/**
 * What a running server counts, for Prometheus: `GET /metrics` in the text format (prom-client), only
 * with `Authorization: Bearer <METRICS_TOKEN>` (401 without it; 404 when no token is set, so the figures
 * are never public by accident). Each app has its own registry: two apps in one process never mix.
 *
 * Gifts and money counted (online, offline), Stripe webhook deliveries by outcome and their latency,
 * checkouts by outcome, 429 and 503 answers, store outages by reason, open live streams, the Postgres
 * connection pool, and Node's own
 * figures (event-loop lag, memory, CPU). docs/operators.md#metrics lists them with the alert rules.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { FUNDRAISER_STATES, type FundraiserState } from '@rescuekit/schema';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sameToken } from './guard/admin-token.js';
import { problem } from './problem.js';
import type { AppEnv } from './routes/middleware.js';
import type { PoolUse } from './store/types.js';

/** The outcome of one webhook delivery. */
export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored' | 'other_mode' | 'invalid_signature' | 'not_configured' | 'failed';

export class Metrics {
  readonly registry = new Registry();
  readonly gifts: Counter<'kind'>;
  readonly money: Counter<'kind' | 'currency'>;
  readonly webhooks: Counter<'outcome'>;
  readonly webhookSeconds: Histogram;
  readonly checkouts: Counter<'outcome'>;
  readonly refusals: Counter<'status'>;
  readonly storeUnavailable: Counter<'reason'>;
  #renders: (() => { running: number; waiting: number; bytes: number }) | undefined;

  constructor(gauges: {
    streams: () => number;
    pool?: () => PoolUse | undefined;
    pages?: () => Readonly<Record<FundraiserState, number>>;
    allies?: () => { counted: number; atRisk: number };
  }) {
    const registers = [this.registry];
    new Gauge({
      name: 'rescuekit_allies',
      help: 'Monthly Allies counted across every movement (top-level campaign); at_risk: of them, past due now while Stripe retries.',
      labelNames: ['state'],
      registers,
      collect() {
        const allies = gauges.allies?.();
        this.set({ state: 'counted' }, allies?.counted ?? 0);
        this.set({ state: 'at_risk' }, allies?.atRisk ?? 0);
      },
    });
    new Gauge({
      name: 'rescuekit_fundraiser_pages',
      help: "Supporters' fundraiser pages by state; pending ones wait for a lead's approval.",
      labelNames: ['state'],
      registers,
      collect() {
        const pages = gauges.pages?.();
        for (const state of FUNDRAISER_STATES) this.set({ state }, pages?.[state] ?? 0);
      },
    });
    this.gifts = new Counter({ name: 'rescuekit_gifts_counted_total', help: 'Gifts counted: online (a Stripe payment) or offline (recorded cash).', labelNames: ['kind'], registers });
    this.money = new Counter({ name: 'rescuekit_money_counted_minor_total', help: 'Money counted by those gifts, minor units of the currency.', labelNames: ['kind', 'currency'], registers });
    this.webhooks = new Counter({ name: 'rescuekit_webhook_deliveries_total', help: 'Stripe webhook deliveries by outcome.', labelNames: ['outcome'], registers });
    this.webhookSeconds = new Histogram({ name: 'rescuekit_webhook_duration_seconds', help: 'Time from a delivery arriving to its answer (the commit included).', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers });
    this.checkouts = new Counter({ name: 'rescuekit_checkouts_total', help: 'POST /v1/checkout by outcome: created, refused (4xx) or failed (5xx).', labelNames: ['outcome'], registers });
    this.refusals = new Counter({ name: 'rescuekit_refusals_total', help: 'Answers 429 (rate limited) and 503 (unavailable).', labelNames: ['status'], registers });
    this.storeUnavailable = new Counter({ name: 'rescuekit_store_unavailable_total', help: 'Requests answered 503 because the database was busy, unreachable or could not store.', labelNames: ['reason'], registers });
    new Gauge({
      name: 'rescuekit_open_streams',
      help: 'Live progress streams (Server-Sent Events) open now.',
      registers,
      collect() {
        this.set(gauges.streams());
      },
    });
    new Gauge({
      name: 'rescuekit_store_pool_connections',
      help: 'The database connection pool (Postgres): connections open (total), of them idle, queries waiting for one, and its cap (max).',
      labelNames: ['state'],
      registers,
      collect() {
        const use = gauges.pool?.();
        if (use) for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ state }, use[state]);
      },
    });
    const renders = () => this.#renders?.() ?? { running: 0, waiting: 0, bytes: 0 };
    new Gauge({
      name: 'rescuekit_share_image_renders',
      help: 'Share images being drawn (running) and waiting for a slot; beyond the queue\'s room they are refused with 503.',
      labelNames: ['state'],
      registers,
      collect() {
        const load = renders();
        for (const state of ['running', 'waiting'] as const) this.set({ state }, load[state]);
      },
    });
    new Gauge({
      name: 'rescuekit_share_image_cache_bytes',
      help: 'Bytes of share images kept in memory (bounded at 32 MiB).',
      registers,
      collect() {
        this.set(renders().bytes);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'rescuekit_' });
  }

  /** Reads the share-image queue and cache from the first image on (before it, both read 0). */
  watchRenders(load: () => { running: number; waiting: number; bytes: number }): void {
    this.#renders = load;
  }

  /** Records one delivery's outcome and how long it took (`started`: `performance.now()` when it arrived). */
  webhook(outcome: WebhookOutcome, started: number): void {
    this.webhooks.inc({ outcome });
    this.webhookSeconds.observe((performance.now() - started) / 1000);
  }

  /** A gift counted (its commit done). */
  gift(kind: 'online' | 'offline', amount: number, currency: string): void {
    this.gifts.inc({ kind });
    this.money.inc({ kind, currency }, amount);
  }
}

/** Counts every 429 and 503 the Fetch layer answers, and checkouts by outcome. */
export function countAnswers(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const status = c.res.status;
    if (status === 429 || status === 503) metrics.refusals.inc({ status: String(status) });
    if (c.req.method === 'POST' && c.req.path === '/v1/checkout') metrics.checkouts.inc({ outcome: status < 300 ? 'created' : status < 500 ? 'refused' : 'failed' });
  };
}

/** `GET /metrics`, for `Authorization: Bearer <token>` only; 404 while no token is set. */
export function metricsRoutes(app: Hono<AppEnv>, metrics: Metrics, token: string | undefined): void {
  app.get('/metrics', async (c) => {
    if (!token) return problem(404, 'not_found', { detail: 'Metrics are off: set METRICS_TOKEN to serve them at /metrics.' });
    const sent = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!sent || !sameToken(sent, token)) {
      return problem(401, 'unauthorized', { detail: 'Send "Authorization: Bearer <METRICS_TOKEN>".', headers: { 'www-authenticate': 'Bearer realm="rescuekit-metrics"' } });
    }
    return new Response(await metrics.registry.metrics(), { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } });
  });
}
