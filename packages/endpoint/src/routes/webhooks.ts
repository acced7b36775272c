/**
 * `POST /v1/webhooks/stripe`: raw body -> signature check (300 s tolerance) ->
 * ledger effect -> durable commit -> 2xx. Fails closed: no secret, no header or
 * a bad signature writes nothing. Any failure to commit is a 5xx, so Stripe retries.
 */
import type { Hono } from 'hono';
import Stripe from 'stripe';
import { readBody } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { CommitQueue } from '../store/ingest/commit-queue.js';
import { STRIPE_API_VERSION } from '../stripe/client.js';
import { paidInvoicePaymentRefs } from '../stripe/invoice-payments.js';
import { applySettlingTies, TieUnsettled } from '../stripe/subscription-ties.js';
import { mapStripeEvent, paymentLinkIntent, type LedgerEffect, type MappingContext } from '../stripe/webhook-events.js';
import type { Metrics, WebhookOutcome } from '../metrics.js';
import type { FastRoutes } from './fast.js';
import { limitBody, type AppEnv } from './middleware.js';

/** Stripe's payloads are far smaller; anything larger is not from Stripe. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** Seconds a signature stays valid (Stripe's default). */
const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookContext extends MappingContext {
  /**
   * `STRIPE_WEBHOOK_SECRET` (`whsec_…`), or several, comma-separated, while one is being rotated: a delivery
   * signed by any of them is accepted. None answers 503 so Stripe keeps the events and retries.
   */
  secrets: readonly string[];
  /** The mode this deployment counts; events of the other mode are acknowledged and never counted. */
  livemode: boolean;
  queue: CommitQueue;
  hub: LiveProgress;
  /**
   * Looks up which payment paid an invoice when `invoice.paid` does not say (absent: the `invoice_payment.paid`
   * event links them later), an Ally's subscription when two events of one second disagree on its status
   * (absent: Stripe's lifecycle order settles it), and the campaign of a Payment Link's session on its
   * PaymentIntent (absent: such a session counts nowhere).
   */
  stripe?: Stripe | null | undefined;
  log: (line: string) => void;
  /** Counts deliveries by outcome, their latency, and the gifts they count. */
  metrics?: Metrics | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const OK_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** `STRIPE_WEBHOOK_SECRET` as the secrets it lists: one, or several comma-separated during a rotation. */
export const webhookSecrets = (value: string | undefined): string[] => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The webhook's path, also served by its Node fast route. */
export const WEBHOOK_PATH = '/v1/webhooks/stripe';

/** A webhook's answer as plain data, so the Node fast path writes it without building a `Response`. */
export interface WebhookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The route, and its Node fast route: a delivery with a Content-Length within the limit is read from
 * the socket and handed to `answer` (the app's `stripeWebhook`: this handler, errors mapped as the
 * app's error handler maps them). Chunked or oversized deliveries, or a query, go the full way.
 */
export function webhookRoutes(app: Hono<AppEnv>, fast: FastRoutes, ctx: WebhookContext, answer: (body: Uint8Array, signature: string | null) => Promise<WebhookAnswer>): void {
  app.post(WEBHOOK_PATH, limitBody(WEBHOOK_BODY_LIMIT), async (c) => {
    const answer = await answerStripeWebhook(await readBody(c.req.raw), c.req.header('stripe-signature') ?? null, ctx);
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  });
  fast.on('POST', WEBHOOK_PATH, async (req, res, _param, query) => {
    const length = req.headers['content-length'];
    if (query !== undefined || !length || !/^\d{1,8}$/.test(length) || Number(length) > WEBHOOK_BODY_LIMIT) return false;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const signature = req.headers['stripe-signature'];
    const out = await answer(Buffer.concat(chunks), typeof signature == 'string' ? signature : null);
    const body = Buffer.from(out.body);
    res.writeHead(out.status, { ...out.headers, 'content-length': body.length });
    res.end(body);
    return true;
  });
}

/**
 * One Stripe webhook delivery: its raw body and `Stripe-Signature` header -> the answer once its
 * effect is durably committed. Throws an {@link HttpProblem} (or a store error) for anything else;
 * the caller maps it as the app's error handler does. The Fetch route and the Node fast path share it.
 */
export async function answerStripeWebhook(body: Uint8Array, signature: string | null, ctx: WebhookContext): Promise<WebhookAnswer> {
  const started = performance.now();
  const seen: { outcome: WebhookOutcome } = { outcome: 'failed' };
  try {
    return await answer(body, signature, ctx, seen);
  } catch (e) {
    if (e instanceof HttpProblem) seen.outcome = e.code === 'not_configured' ? 'not_configured' : e.code === 'invalid_signature' ? 'invalid_signature' : 'failed';
    throw e;
  } finally {
    ctx.metrics?.webhook(seen.outcome, started);
  }
}

async function answer(body: Uint8Array, signature: string | null, ctx: WebhookContext, seen: { outcome: WebhookOutcome }): Promise<WebhookAnswer> {
  if (!ctx.secrets.length) {
    throw new HttpProblem(503, 'not_configured', { detail: 'Webhooks are not configured: set STRIPE_WEBHOOK_SECRET.' });
  }
  if (!signature) throw new HttpProblem(400, 'invalid_signature', { detail: 'The Stripe-Signature header is missing.' });
  const event = await verified(body, signature, ctx);
  if (event.livemode !== ctx.livemode) {
    // A test event sent to a live deployment (or the reverse): 200 so Stripe stops, never counted.
    seen.outcome = 'other_mode';
    ctx.log(JSON.stringify({ level: 'warn', msg: 'stripe event of the other mode ignored', id: event.id, type: event.type, eventLivemode: event.livemode, livemode: ctx.livemode }));
    return { status: 200, headers: { ...OK_HEADERS }, body: '{"received":true,"ignored":"livemode"}' };
  }
  if (event.api_version && event.api_version !== STRIPE_API_VERSION) {
    // Payload shapes follow the webhook endpoint's API version; ours is pinned. Counted as usual, flagged for the operator.
    ctx.log(JSON.stringify({ level: 'warn', msg: 'stripe event has another API version; set the webhook endpoint to ours', id: event.id, eventVersion: event.api_version, expected: STRIPE_API_VERSION }));
  }
  const effect = await withInvoicePayment(event, mapStripeEvent(event, ctx, await paymentLinkMetadata(event, ctx)), ctx);
  // An Ally's two statuses of one second are settled by asking Stripe, then committed (`subscription-ties.ts`).
  const result = (await applySettlingTies(ctx.stripe, [effect], (effects) => Promise.all(effects.map((e) => ctx.queue.submit({ effect: e })))))[0]!;
  if (result.outcome === 'failed') {
    if (result.error instanceof TieUnsettled) {
      ctx.log(JSON.stringify({ level: 'warn', msg: 'could not ask Stripe for a subscription to settle two statuses of one second; Stripe will deliver the event again', id: event.id, subscription: result.error.subscriptionId }));
    }
    throw result.error;
  }
  seen.outcome = result.outcome === 'duplicate' ? 'duplicate' : effect.kind === 'ignore' ? 'ignored' : 'applied';
  if (result.outcome === 'applied') {
    if (effect.kind === 'payment' && !result.unassigned) ctx.metrics?.gift('online', effect.amount, effect.currency);
    if (result.changed) ctx.hub.install(result.changed);
    if (result.unassigned) {
      const u = result.unassigned;
      ctx.log(JSON.stringify({ level: 'warn', msg: 'paid event kept as unassigned: no such campaign in its currency; see `rescuekit unassigned list`', id: event.id, ref: u.ref, campaign: u.campaign, amount: u.amount, currency: u.currency }));
    }
    if (effect.kind !== 'ignore') {
      ctx.log(JSON.stringify({ level: 'info', msg: 'stripe event applied', id: event.id, type: event.type, effect: effect.kind }));
    }
  }
  return { status: 200, headers: { ...OK_HEADERS }, body: `{"received":true${result.outcome === 'duplicate' ? ',"duplicate":true' : ''}}` };
}

/** The event, if `signature` is a valid one of `body` by any of the secrets (the first is tried first); else a 400. */
async function verified(body: Uint8Array, signature: string, ctx: WebhookContext): Promise<Stripe.Event> {
  let payload: string;
  try {
    payload = utf8.decode(body);
  } catch {
    payload = '';
  }
  for (const [i, secret] of ctx.secrets.entries()) {
    try {
      const event = await Stripe.webhooks.constructEventAsync(payload, signature, secret, WEBHOOK_TOLERANCE_SECONDS);
      // A rotation in progress: say which secret still signs, so the operator knows when the old one can go.
      if (i > 0) ctx.log(JSON.stringify({ level: 'warn', msg: 'stripe webhook signed with a secret other than the first in STRIPE_WEBHOOK_SECRET (rotation in progress)', id: event.id, secret: i + 1 }));
      return event;
    } catch {}
  }
  throw new HttpProblem(400, 'invalid_signature', { detail: 'The signature does not match the body, the secret or the time.' });
}

/**
 * An `invoice.paid` counted under its invoice id (the payload lists no payments) is keyed by
 * its PaymentIntent when Stripe's list says which one paid it, so a refund finds the month at
 * once. Any failure to ask leaves the effect as it is: `invoice_payment.paid` joins them later.
 */
async function withInvoicePayment(event: Stripe.Event, effect: LedgerEffect, ctx: WebhookContext): Promise<LedgerEffect> {
  if (event.type !== 'invoice.paid' || effect.kind !== 'payment' || !ctx.stripe || effect.ref !== event.data.object.id) return effect;
  try {
    const [ref, ...others] = await paidInvoicePaymentRefs(ctx.stripe, effect.ref);
    if (!ref) return effect;
    return { ...effect, ref, aliases: [effect.ref, ...others, ...effect.aliases.filter((a) => a !== ref && !others.includes(a))] };
  } catch {
    ctx.log(JSON.stringify({ level: 'warn', msg: 'could not list the payments of an invoice; its invoice_payment.paid event will link them', id: event.id }));
    return effect;
  }
}

/** Webhook-path budget for reading a PaymentIntent: Stripe waits up to 20 s for our answer; leave room for the commit. */
const PAYMENT_INTENT_TIMEOUT_MS = 8_000;

/**
 * For a Payment Link's paid session without campaign metadata ({@link paymentLinkIntent}): its PaymentIntent's
 * metadata, where the link's `payment_intent_data.metadata` put `rescuekit_campaign`. A failure to ask is a 503,
 * so Stripe delivers the event again: mapping it without would mark it processed and the gift would never count.
 */
async function paymentLinkMetadata(event: Stripe.Event, ctx: WebhookContext): Promise<Stripe.Metadata | null> {
  const pi = paymentLinkIntent(event);
  if (!pi) return null;
  if (!ctx.stripe) {
    ctx.log(JSON.stringify({ level: 'warn', msg: 'a Payment Link gift cannot be attributed without STRIPE_SECRET_KEY (its campaign is on the PaymentIntent)', id: event.id }));
    return null;
  }
  try {
    const intent = await ctx.stripe.paymentIntents.retrieve(pi, {}, { timeout: PAYMENT_INTENT_TIMEOUT_MS, maxNetworkRetries: 1 });
    return intent.metadata;
  } catch {
    ctx.log(JSON.stringify({ level: 'warn', msg: 'could not read the PaymentIntent of a Payment Link gift; Stripe will deliver the event again', id: event.id }));
    throw new HttpProblem(503, 'unavailable', { detail: 'Stripe could not be asked about this payment; retry later.' });
  }
}
