import type { Stripe, StripeEmbeddedCheckoutOptions } from '@stripe/stripe-js';
import { setStripeLoader } from '../giving/checkout/stripe-loader.js';
import { setNavigate } from '../giving/checkout/checkout-modal.js';

/**
 * A Stripe.js stand-in, injected at the one boundary (`setStripeLoader`). It
 * records every call and renders a fake Embedded Checkout (a labelled region
 * with a focusable Pay button) into the mount element.
 */
export function installStripeStandIn(opts: { failInit?: boolean; legacy?: boolean } = {}) {
  const calls = { load: [] as string[], secrets: [] as string[], mounts: [] as HTMLElement[], destroyed: 0 };
  let onComplete: (() => void) | undefined;
  const init = async (o: StripeEmbeddedCheckoutOptions) => {
    if (opts.failInit) throw new Error('stand-in: embedded checkout unavailable');
    const secret = o.clientSecret ?? (await o.fetchClientSecret!());
    calls.secrets.push(secret);
    onComplete = o.onComplete;
    let at: HTMLElement | undefined;
    return {
      mount(el: string | HTMLElement) {
        at = el as HTMLElement;
        calls.mounts.push(at);
        const region = document.createElement('section');
        region.setAttribute('aria-label', 'Stripe Checkout (stand-in)');
        region.dataset.secret = secret;
        region.innerHTML = '<p>Card details would be here.</p><button type="button">Pay</button>';
        at.append(region);
      },
      unmount() {},
      destroy() {
        calls.destroyed++;
        at?.replaceChildren();
      },
    };
  };
  const stripe = (opts.legacy ? { initEmbeddedCheckout: init } : { createEmbeddedCheckoutPage: init }) as unknown as Stripe;
  setStripeLoader(async (key) => {
    calls.load.push(key);
    return stripe;
  });
  return { calls, complete: () => onComplete?.(), restore: () => setStripeLoader(undefined) };
}

export interface RecordedFetch {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: any; // parsed JSON under test
}

/**
 * Replaces `window.fetch`: `/v1/checkout` POSTs get `respond(body)` and are recorded in `calls`;
 * every request (any URL, e.g. the giving elements' progress read) is recorded in `all`.
 * Other URLs go to the real fetch.
 */
export function stubFetch(respond: (body: any) => Response | Promise<Response>) {
  const real = window.fetch;
  const calls: RecordedFetch[] = [];
  const all: RecordedFetch[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    const body = typeof init?.body == 'string' ? JSON.parse(init.body) : undefined;
    const call = { url, method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) }, body };
    all.push(call);
    if (!url.endsWith('/v1/checkout')) return real(input, init);
    calls.push(call);
    init?.signal?.throwIfAborted();
    return respond(body);
  };
  return { calls, all, restore: () => void (window.fetch = real) };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json', ...headers } });

/** Records redirect-mode navigations instead of leaving the test page. */
export function captureNavigation() {
  const urls: string[] = [];
  setNavigate((u) => void urls.push(u));
  return { urls, restore: () => setNavigate(undefined) };
}

/**
 * Stripe.js was never requested: no `<script src*="stripe">` and no resource
 * from a Stripe host. (The loader in stripe-loader.ts is part of the widget code,
 * served from this origin: it adds the script only when called.)
 */
export function stripeJsUntouched(): { scripts: number; resources: string[] } {
  const scripts = document.querySelectorAll('script[src*="stripe"]').length;
  const resources = performance.getEntriesByType('resource').map((r) => r.name).filter((n) => new URL(n).hostname.endsWith('stripe.com'));
  return { scripts, resources };
}

/**
 * The failure answers every giving element must show: [state, endpoint answer, English message, error-event detail].
 * `field`/`fieldWords`: the request field an `invalid` answer names and how the message words it.
 */
export function checkoutFailures(field: string, fieldWords: string): [string, () => Response, string, Partial<Record<string, unknown>>][] {
  return [
    ['rate-limited', () => json(429, { code: 'rate_limited' }, { 'retry-after': '30' }), 'Too many attempts from this connection. Please try again in 30 seconds.', { reason: 'rate-limited' }],
    ['not-configured', () => json(503, { code: 'not_configured', detail: 'Set STRIPE_SECRET_KEY' }), 'Online giving is not set up on this site.', { reason: 'not-configured' }],
    ['invalid', () => json(400, { code: 'invalid_request', field }), `Please check ${fieldWords}.`, { reason: 'invalid', field }],
    ['error', () => json(500, { code: 'internal' }), 'Checkout could not be opened. Please try again.', { reason: 'error' }],
  ];
}
