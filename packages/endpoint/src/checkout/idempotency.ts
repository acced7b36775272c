/**
 * The idempotency key of a `checkout.sessions.create` call: a double click, a retried POST or a
 * network retry opens one session, never two, and two donors never share one.
 */
import { canonicalJson, type CheckoutRequest } from '@rescuekit/schema';

export interface IdempotencyInput {
  /** The client's `Idempotency-Key` header, if any (a widget sends one per "Give" click). */
  clientKey?: string | null | undefined;
  request: CheckoutRequest;
  /** Client IP and user agent: without a client key, two donors must not share a session. */
  ip: string;
  userAgent?: string | null | undefined;
  /** Current time, ms. Without a client key, identical requests within one window share a session. */
  now: number;
  windowSeconds?: number;
}

/**
 * A deterministic idempotency key for `checkout.sessions.create`.
 * With a client key: scoped by campaign, so a retried POST returns the same
 * session and a reused key with different params gets Stripe's idempotency error.
 * Without: a fingerprint of the request, the client and a short time window,
 * which absorbs double clicks without ever merging two donors' sessions for long.
 */
export async function deriveIdempotencyKey(input: IdempotencyInput): Promise<string> {
  const r = input.request;
  const material = input.clientKey
    ? ['client', r.campaign, input.clientKey]
    : ['fp', input.ip, input.userAgent ?? '', String(Math.floor(input.now / 1000 / (input.windowSeconds ?? 60))), canonicalJson(r)];
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(material.join('\n')));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `rescuekit-checkout-v1-${hex}`;
}
