/**
 * The endpoint's one Stripe client: pinned API version, app info, retries,
 * and STRIPE_API_URL so tests (and Stripe-compatible servers) can stand in for api.stripe.com.
 */
import Stripe from 'stripe';

/** The API version this SDK's types describe; every request and every webhook endpoint must use it. */
export const STRIPE_API_VERSION = '2026-10-28.endive' satisfies Stripe.LatestApiVersion;

export interface StripeClientEnv {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_API_URL?: string | undefined;
  /** `true` or `false` (default): the mode of events to count when no secret key says it. */
  STRIPE_LIVEMODE?: string | undefined;
}

/**
 * Whether this deployment counts live-mode events: the secret key's prefix (`sk_live_`/`rk_live_`
 * vs `sk_test_`/`rk_test_`) decides; without a key, STRIPE_LIVEMODE (`true`|`false`, default false).
 * Throws on any other STRIPE_LIVEMODE value: a misconfiguration to fail on at start-up.
 */
export function stripeLivemode(env: StripeClientEnv): boolean {
  const key = env.STRIPE_SECRET_KEY?.trim();
  const prefix = key ? /^(?:sk|rk)_(live|test)_/.exec(key)?.[1] : undefined;
  if (prefix) return prefix === 'live';
  const flag = env.STRIPE_LIVEMODE?.trim().toLowerCase();
  if (!flag || flag === 'false') return false;
  if (flag === 'true') return true;
  throw new Error(`STRIPE_LIVEMODE must be "true" or "false", got "${env.STRIPE_LIVEMODE}"`);
}

export interface StripeClientOptions {
  /** Package version reported in Stripe's app info. */
  version?: string;
  /** Project URL reported in Stripe's app info. */
  url?: string;
  /** Automatic retries on network errors and 409/5xx; the SDK reuses the idempotency key. Default 2. */
  maxNetworkRetries?: number;
  /** Per-request timeout in ms. Default 20 s (the SDK's 80 s is longer than any donor waits). */
  timeoutMs?: number;
}

/** Host, port and protocol for the SDK from a base URL such as `http://127.0.0.1:12111`. */
export function stripeHostOptions(apiUrl: string): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error('STRIPE_API_URL must be an absolute URL such as "http://127.0.0.1:12111"');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('STRIPE_API_URL must use http or https');
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new Error('STRIPE_API_URL must be a bare origin (no path, query, credentials)');
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/**
 * A configured Stripe client, or null when no secret key is set (checkout then answers 503).
 * Throws only on a malformed STRIPE_API_URL: a misconfiguration to fail on at start-up.
 */
export function createStripeClient(env: StripeClientEnv, options: StripeClientOptions = {}): Stripe | null {
  const key = env.STRIPE_SECRET_KEY?.trim();
  if (!key) return null;
  return new Stripe(key, {
    apiVersion: STRIPE_API_VERSION,
    appInfo: { name: 'rescuekit', version: options.version ?? '0.0.0', url: options.url ?? 'https://www.npmjs.com/package/@rescuekit/endpoint' },
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    ...(env.STRIPE_API_URL ? stripeHostOptions(env.STRIPE_API_URL) : {}),
  });
}
