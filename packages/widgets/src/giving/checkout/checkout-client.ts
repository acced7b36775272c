import { UTM_KEYS, type CheckoutRequestInput, type CheckoutSource, type Frequency, type Tribute, type UiMode, type UpsellAnswer } from '@rescuekit/schema';

/** What a donor chose: everything in the checkout body except how and where checkout runs. */
export interface Gift {
  campaign: string;
  /** The gift before any covered fee, integer minor units of `currency`. */
  amount: number;
  currency: string;
  frequency: Frequency;
  coverFees: boolean;
  tribute?: Tribute | undefined;
  /**
   * The donor's email (monthly Allies), sent only in the checkout body so Stripe can prefill it.
   * Never part of analytics events or what is remembered for the return.
   */
  email?: string | undefined;
  /** The donor's answer to the monthly upsell, when one was offered. */
  upsell?: UpsellAnswer | undefined;
  /** With `upsell: "accepted"`: the one-time gift the monthly offer replaced (the endpoint checks the offer). */
  upsellFrom?: number | undefined;
}

/** `POST /v1/checkout`'s answer, mapped to what a widget shows. */
export type CheckoutResult =
  | { kind: 'embedded'; clientSecret: string }
  | { kind: 'redirect'; url: string }
  /** 429: `retryAfter` in seconds, when the endpoint said (and CORS exposes `Retry-After`). */
  | { kind: 'rate-limited'; retryAfter?: number | undefined }
  /** 503 `not_configured`: the endpoint has no Stripe key. */
  | { kind: 'not-configured' }
  /** 403 `origin_not_allowed`: this page's origin is not on the endpoint's `allowedOrigins`. */
  | { kind: 'origin-not-allowed' }
  /** 400 problem: `field` is the body field at fault (`amount`, `tribute.name`, …) when one is. */
  | { kind: 'invalid'; field?: string | undefined }
  /** Anything else: network failure or timeout (no `status`), 5xx, an answer that is not the contract. */
  | { kind: 'error'; status?: number | undefined };

export interface CheckoutOptions {
  signal?: AbortSignal | undefined;
  /** Sent as `Idempotency-Key`: one per Give click, so a retried POST creates one session. */
  idempotencyKey?: string | undefined;
  /** Stand-in for `fetch` (tests). */
  fetch?: typeof fetch;
  /** Milliseconds to wait for an answer before it counts as a network failure (default {@link CHECKOUT_TIMEOUT_MS}). */
  timeoutMs?: number | undefined;
}

/**
 * Where a human-check token comes from, when the endpoint enforces one (`humanCheck` in its config):
 * the host page renders the Turnstile/hCaptcha widget and passes a function that returns its current
 * token. Called once per Give, before the checkout request. Unset: no token is sent.
 */
export type HumanCheckProvider = (context: { campaign: string }) => string | undefined | Promise<string | undefined>;
let humanCheck: HumanCheckProvider | undefined;

/** Sets (or with `undefined`, clears) the page-wide human-check token provider. */
export function setHumanCheckProvider(provider: HumanCheckProvider | undefined): void {
  humanCheck = provider;
}

/** The token for a Give, or undefined when no provider is set. A provider that throws fails the Give. */
export async function humanCheckToken(campaign: string): Promise<string | undefined> {
  return (await humanCheck?.({ campaign })) || undefined;
}

/** UTM parameters of the page URL plus the page itself (origin + path: a query may hold personal data). */
export function checkoutSource(url: URL): CheckoutSource {
  const source: CheckoutSource = { page: (url.origin + url.pathname).slice(0, 500) };
  for (const k of UTM_KEYS) {
    const v = url.searchParams.get(k)?.trim().slice(0, 120);
    if (v) source[k] = v;
  }
  return source;
}

/** The page to come back to: this one, without a previous return's `session_id`/`checkout`. */
export function returnUrlOf(url: URL): string {
  const u = new URL(url);
  u.searchParams.delete('session_id');
  u.searchParams.delete('checkout');
  return u.href;
}

/** The `POST /v1/checkout` body for a gift, shaped by `CheckoutRequest` in @rescuekit/schema. */
export function checkoutBody(gift: Gift, uiMode: UiMode, page: URL): CheckoutRequestInput {
  const body: CheckoutRequestInput = {
    campaign: gift.campaign,
    amount: gift.amount,
    currency: gift.currency,
    frequency: gift.frequency,
    coverFees: gift.coverFees,
    uiMode,
    returnUrl: returnUrlOf(page),
    source: checkoutSource(page),
  };
  if (gift.tribute) body.tribute = gift.tribute;
  if (gift.email) body.email = gift.email;
  if (gift.upsell) body.upsell = gift.upsell;
  if (gift.upsellFrom) body.upsellFrom = gift.upsellFrom;
  return body;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date). */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The endpoint answers within 10 s even when Stripe hangs; a donor left waiting longer is told, not kept waiting. */
export const CHECKOUT_TIMEOUT_MS = 20_000;

/**
 * `POST {endpoint}/v1/checkout`. Never throws for HTTP or network failures
 * (they map to a result); rethrows only an abort, so callers can tell
 * "cancelled" from "failed".
 */
export async function requestCheckout(endpoint: string, body: CheckoutRequestInput, opts: CheckoutOptions = {}): Promise<CheckoutResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, application/problem+json' };
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  // Our own signal: the caller's abort, or no answer in time (then a failure like the network's).
  const ours = new AbortController();
  const stop = () => ours.abort();
  opts.signal?.addEventListener('abort', stop);
  const timer = setTimeout(stop, opts.timeoutMs ?? CHECKOUT_TIMEOUT_MS);
  try {
    res = await (opts.fetch ?? fetch)(`${endpoint}/v1/checkout`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: ours.signal,
      credentials: 'omit',
    });
  } catch (e) {
    if (opts.signal?.aborted) throw e;
    return { kind: 'error' };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', stop);
  }
  const json = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const { status } = res;
  if (status == 200 && json) {
    if (body.uiMode == 'embedded' && typeof json.clientSecret == 'string' && json.clientSecret) {
      return { kind: 'embedded', clientSecret: json.clientSecret };
    }
    if (body.uiMode == 'redirect' && typeof json.url == 'string' && /^https?:\/\//.test(json.url)) return { kind: 'redirect', url: json.url };
  }
  if (status == 429) return { kind: 'rate-limited', retryAfter: retryAfterSeconds(res.headers.get('retry-after')) };
  if (status == 503 && json?.code == 'not_configured') return { kind: 'not-configured' };
  if (status == 403 && json?.code == 'origin_not_allowed') return { kind: 'origin-not-allowed' };
  if (status == 403 && json?.code == 'human_check_failed') return { kind: 'invalid', field: 'humanCheckToken' };
  if (status == 400) return { kind: 'invalid', field: typeof json?.field == 'string' ? json.field : undefined };
  return { kind: 'error', status };
}
