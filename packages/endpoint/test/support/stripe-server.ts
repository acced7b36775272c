/**
 * A local Stripe-compatible server for tests (the real API is unreachable here).
 * Point the real SDK at it with STRIPE_API_URL=server.url. Implements
 * `POST /v1/checkout/sessions` (and `GET` of one, `expand[]=subscription` included) and
 * `POST /v1/billing_portal/sessions` closely enough to check what the endpoint sends,
 * records every request, honours Idempotency-Key like Stripe, and can fail on demand.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';

export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names (`idempotency-key`, `stripe-version`, `authorization`, ...). */
  headers: IncomingHttpHeaders;
  /** Form body parsed the way Stripe does: `a[b][0][c]=v` -> { a: { b: [{ c: 'v' }] } }. Values stay strings. */
  body: Record<string, FormValue>;
  raw: string;
}

/** `hang`: accept the request and never answer (a stuck upstream). */
export type Failure = { status: 500 } | { status: 402; code?: string } | { status: 429 } | { status: 'hang' };

export interface StripeServer {
  url: string;
  requests: RecordedRequest[];
  /** Sessions created, by id. */
  sessions: Map<string, Record<string, unknown>>;
  /** Events `GET /v1/events` lists (newest first, like Stripe); tests push what "happened". */
  events: Array<{ id: string; type: string; created: number }>;
  /** InvoicePayment objects `GET /v1/invoice_payments?invoice=…` lists; tests push what was paid. */
  invoicePayments: Array<Record<string, unknown>>;
  /** PaymentIntents `GET /v1/payment_intents/:id` answers (404 for any other id); tests add what was paid. */
  paymentIntents: Map<string, Record<string, unknown>>;
  /** Webhook endpoints `GET /v1/webhook_endpoints` lists (url, status, api_version, enabled_events); tests push them. */
  webhookEndpoints: Array<{ url: string; status: string; api_version: string | null; enabled_events: string[] }>;
  /** Subscriptions `GET /v1/subscriptions/:id` answers, by id (404 for any other); tests set what Stripe holds. */
  subscriptions: Map<string, Record<string, unknown>>;
  /** Customer Portal sessions created: the form body as sent (`customer`, `flow_data`, `return_url`). */
  portalSessions: Array<Record<string, FormValue>>;
  /**
   * Marks a created session complete, as Stripe does when the donor pays: `customer` and (monthly)
   * `subscription`, which is stored in `subscriptions` with `created` (seconds; default now).
   */
  completeSession(id: string, how: { customer: string; subscription?: string; created?: number }): void;
  /** The next `count` requests fail this way (before idempotency replay, like a real outage). */
  failNext(failure: Failure, count?: number): void;
  close(): Promise<void>;
}

/** Parses `application/x-www-form-urlencoded` with Stripe's bracket nesting. */
export function parseStripeForm(raw: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter((p, i) => i === 0 || p !== '');
    let node: Record<string, FormValue> | FormValue[] = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const last = i === path.length - 1;
      const slot = node as Record<string, FormValue>;
      if (last) {
        slot[seg] = value;
      } else {
        const nextIsIndex = /^\d+$/.test(path[i + 1]!);
        slot[seg] ??= nextIsIndex ? [] : {};
        node = slot[seg] as Record<string, FormValue> | FormValue[];
      }
    }
  }
  return root;
}

function stripeError(status: number, type: string, message: string, extra: Record<string, string> = {}) {
  return { status, json: { error: { type, message, ...extra } } };
}

const rand = (n: number) => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x');

function createSession(body: Record<string, FormValue>): { status: number; json: unknown } {
  const uiMode = (body.ui_mode as string | undefined) ?? 'hosted_page';
  if (!['hosted_page', 'embedded_page', 'elements', 'form'].includes(uiMode)) {
    return stripeError(400, 'invalid_request_error', `Invalid ui_mode: ${uiMode}`, { param: 'ui_mode' });
  }
  const mode = body.mode as string | undefined;
  if (mode !== 'payment' && mode !== 'subscription') return stripeError(400, 'invalid_request_error', 'Missing or invalid mode', { param: 'mode' });
  if (uiMode === 'embedded_page' && (body.success_url || body.cancel_url)) {
    return stripeError(400, 'invalid_request_error', 'success_url and cancel_url are not allowed with embedded_page', { param: 'success_url' });
  }
  if (uiMode === 'embedded_page' && !String(body.return_url ?? '').includes('{CHECKOUT_SESSION_ID}') && body.redirect_on_completion !== 'never') {
    return stripeError(400, 'invalid_request_error', 'return_url is required', { param: 'return_url' });
  }
  const items = body.line_items;
  if (!Array.isArray(items) || items.length === 0) return stripeError(400, 'invalid_request_error', 'line_items is required', { param: 'line_items' });
  let total = 0;
  let currency: string | undefined;
  for (const item of items as Array<Record<string, FormValue>>) {
    const pd = item.price_data as Record<string, string> | undefined;
    const unit = Number(pd?.unit_amount);
    const qty = Number(item.quantity ?? '1');
    if (!pd || !Number.isSafeInteger(unit) || unit < 0) return stripeError(400, 'invalid_request_error', 'Invalid unit_amount', { param: 'line_items[0][price_data][unit_amount]' });
    if (currency && pd.currency !== currency) return stripeError(400, 'invalid_request_error', 'Mixed currencies');
    currency = pd.currency;
    total += unit * qty;
  }
  const id = `cs_test_${rand(24)}`;
  const json = {
    id,
    object: 'checkout.session',
    amount_subtotal: total,
    amount_total: total,
    cancel_url: (body.cancel_url as string | undefined) ?? null,
    client_secret: uiMode === 'hosted_page' ? null : `${id}_secret_${rand(16)}`,
    created: Math.floor(Date.now() / 1000),
    currency,
    customer: null,
    livemode: false,
    metadata: (body.metadata as Record<string, string> | undefined) ?? {},
    mode,
    payment_intent: null,
    payment_status: 'unpaid',
    return_url: (body.return_url as string | undefined) ?? undefined,
    status: 'open',
    submit_type: (body.submit_type as string | undefined) ?? null,
    subscription: null,
    success_url: (body.success_url as string | undefined) ?? null,
    ui_mode: uiMode,
    url: uiMode === 'hosted_page' ? `https://checkout.stripe.com/c/pay/${id}` : null,
  };
  return { status: 200, json };
}

/** `GET /v1/events`: newest first, `types[]`, `created[gte]`, `limit` and `starting_after` cursors, as Stripe pages them. */
function listEvents(all: StripeServer['events'], q: URLSearchParams) {
  const types = [...q.entries()].filter(([k]) => /^types\[\d*\]$/.test(k)).map(([, v]) => v);
  const gte = q.get('created[gte]');
  const limit = Math.min(100, Number(q.get('limit') ?? 10));
  let list = [...all].sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
  if (types.length) list = list.filter((e) => types.includes(e.type));
  if (gte) list = list.filter((e) => e.created >= Number(gte));
  const after = q.get('starting_after');
  if (after) list = list.slice(list.findIndex((e) => e.id === after) + 1);
  return { object: 'list', url: '/v1/events', data: list.slice(0, limit), has_more: list.length > limit };
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startStripeServer(): Promise<StripeServer> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Record<string, unknown>>();
  const events: StripeServer['events'] = [];
  const invoicePayments: StripeServer['invoicePayments'] = [];
  const webhookEndpoints: StripeServer['webhookEndpoints'] = [];
  const subscriptions: StripeServer['subscriptions'] = new Map();
  const paymentIntents: StripeServer['paymentIntents'] = new Map();
  const portalSessions: StripeServer['portalSessions'] = [];
  const idempotent = new Map<string, { raw: string; status: number; json: unknown }>();
  const failures: Failure[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body: parseStripeForm(raw), raw });
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${rand(12)}`, ...headers });
        res.end(JSON.stringify(json));
      };
      const failure = failures.shift();
      if (failure) {
        if (failure.status === 'hang') return;
        if (failure.status === 402) {
          return send(402, { error: { type: 'card_error', code: failure.code ?? 'card_declined', message: 'Your card was declined.' } });
        }
        if (failure.status === 429) return send(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } });
        return send(500, { error: { type: 'api_error', message: 'An unknown error occurred' } });
      }
      if (!/^Bearer sk_(test|live)_\w+$/.test(req.headers.authorization ?? '')) {
        return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      }
      const key = req.headers['idempotency-key'];
      const idemKey = typeof key === 'string' ? `${path}\n${key}` : undefined;
      const prior = idemKey ? idempotent.get(idemKey) : undefined;
      if (prior) {
        if (prior.raw !== raw) {
          return send(400, { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.' } });
        }
        return send(prior.status, prior.json, { 'idempotent-replayed': 'true', 'idempotency-key': String(key) });
      }
      let result: { status: number; json: unknown };
      if (req.method === 'GET' && path === '/v1/events') {
        result = { status: 200, json: listEvents(events, new URLSearchParams((req.url ?? '').split('?')[1] ?? '')) };
      } else if (req.method === 'GET' && path === '/v1/invoice_payments') {
        const q = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
        const data = invoicePayments.filter((p) => (!q.get('invoice') || p.invoice === q.get('invoice')) && (!q.get('status') || p.status === q.get('status')));
        result = { status: 200, json: { object: 'list', url: '/v1/invoice_payments', data, has_more: false } };
      } else if (req.method === 'GET' && path.startsWith('/v1/payment_intents/')) {
        const pi = paymentIntents.get(decodeURIComponent(path.slice('/v1/payment_intents/'.length)));
        result = pi ? { status: 200, json: { object: 'payment_intent', metadata: {}, ...pi } } : stripeError(404, 'invalid_request_error', 'No such payment_intent', { param: 'intent' });
      } else if (req.method === 'GET' && path === '/v1/account') {
        result = { status: 200, json: { id: 'acct_test_rescuekit', object: 'account', charges_enabled: true } };
      } else if (req.method === 'GET' && path === '/v1/webhook_endpoints') {
        const data = webhookEndpoints.map((e, i) => ({ id: `we_test_${i}`, object: 'webhook_endpoint', ...e }));
        result = { status: 200, json: { object: 'list', url: '/v1/webhook_endpoints', data, has_more: false } };
      } else if (req.method === 'GET' && path.startsWith('/v1/subscriptions/')) {
        const id = decodeURIComponent(path.slice('/v1/subscriptions/'.length));
        const sub = subscriptions.get(id);
        result = sub ? { status: 200, json: { id, object: 'subscription', ...sub } } : stripeError(404, 'invalid_request_error', `No such subscription: '${id}'`, { param: 'id', code: 'resource_missing' });
      } else if (req.method === 'GET' && path.startsWith('/v1/checkout/sessions/')) {
        const id = decodeURIComponent(path.slice('/v1/checkout/sessions/'.length));
        const found = sessions.get(id);
        const q = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
        const expand = [...q.entries()].filter(([k]) => /^expand\[\d*\]$/.test(k)).map(([, v]) => v);
        if (!found) {
          result = stripeError(404, 'invalid_request_error', `No such checkout.session: '${id}'`, { param: 'session', code: 'resource_missing' });
        } else {
          const sub = typeof found.subscription === 'string' && expand.includes('subscription') ? subscriptions.get(found.subscription) : undefined;
          result = { status: 200, json: sub ? { ...found, subscription: { id: found.subscription, object: 'subscription', ...sub } } : found };
        }
      } else if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
        const b = parseStripeForm(raw);
        if (typeof b.customer !== 'string') {
          result = stripeError(400, 'invalid_request_error', 'Missing required param: customer.', { param: 'customer' });
        } else {
          portalSessions.push(b);
          const id = `bps_test_${rand(16)}`;
          result = { status: 200, json: { id, object: 'billing_portal.session', customer: b.customer, flow: b.flow_data ?? null, return_url: b.return_url ?? null, url: `https://billing.stripe.com/p/session/test_${rand(24)}` } };
        }
      } else if (req.method === 'POST' && path === '/v1/checkout/sessions') {
        result = createSession(parseStripeForm(raw));
        if (result.status === 200) {
          const s = result.json as Record<string, unknown>;
          sessions.set(String(s.id), s);
        }
      } else {
        result = stripeError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${path})`);
      }
      if (idemKey && result.status < 500) idempotent.set(idemKey, { raw, ...result });
      send(result.status, result.json, typeof key === 'string' ? { 'idempotency-key': key } : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    sessions,
    events,
    invoicePayments,
    webhookEndpoints,
    subscriptions,
    paymentIntents,
    portalSessions,
    completeSession(id, how) {
      const s = sessions.get(id);
      if (!s) throw new Error(`no session ${id}`);
      Object.assign(s, { status: 'complete', payment_status: 'paid', customer: how.customer, subscription: how.subscription ?? null });
      if (how.subscription) subscriptions.set(how.subscription, { customer: how.customer, status: 'active', created: how.created ?? Math.floor(Date.now() / 1000) });
    },
    failNext(failure, count = 1) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A Stripe event envelope around `object`, as webhooks deliver it. */
export function stripeEvent<T extends Stripe.Event['type']>(
  type: T,
  object: Record<string, unknown>,
  opts: { id?: string; created?: number; apiVersion?: string; livemode?: boolean } = {},
): Extract<Stripe.Event, { type: T }> {
  return {
    id: opts.id ?? `evt_test_${rand(16)}`,
    object: 'event',
    api_version: opts.apiVersion ?? Stripe.API_VERSION,
    created: opts.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: opts.livemode ?? false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Extract<Stripe.Event, { type: T }>;
}

/**
 * A webhook delivery signed with the real SDK: `{ body, headers }` to POST to /v1/webhooks/stripe.
 * `timestamp` (seconds) lets tests send stale signatures.
 */
export function signedWebhook(event: unknown, secret: string, timestamp = Math.floor(Date.now() / 1000)) {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': signature } };
}
