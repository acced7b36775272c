import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe } from '@stripe/stripe-js';

/** Loads Stripe.js for a publishable key; resolves `null` where Stripe.js cannot run. */
export type StripeLoader = (publishableKey: string) => Promise<Stripe | null>;

// `/pure` adds the <script src="https://js.stripe.com/…"> only when called, never at import.
const realLoader: StripeLoader = (key) => loadStripe(key);
let loader: StripeLoader = realLoader;
const loaded = new Map<string, Promise<Stripe | null>>();

/**
 * The one place Stripe.js is loaded. Called only after a donor clicks Give;
 * the same key loads once per page (a failed load may be retried).
 */
export function loadStripeJs(publishableKey: string): Promise<Stripe | null> {
  let p = loaded.get(publishableKey);
  if (!p) {
    p = loader(publishableKey);
    loaded.set(publishableKey, p);
    p.catch(() => loaded.delete(publishableKey));
  }
  return p;
}

/**
 * Replaces how Stripe.js is loaded (tests inject a stand-in; hosts that already
 * load Stripe.js may pass theirs). `undefined` restores `loadStripe` from
 * `@stripe/stripe-js/pure`. Clears the per-key cache.
 */
export function setStripeLoader(fn: StripeLoader | undefined): void {
  loader = fn ?? realLoader;
  loaded.clear();
}

/**
 * The publishable key for an element: its `publishable-key` attribute, else
 * `<meta name="rescuekit:publishable-key" content="pk_…">`. Without one,
 * checkout uses redirect mode (Stripe's hosted page), which needs no key.
 */
export function resolvePublishableKey(el: Element, attr?: string | null): string | undefined {
  return attr || el.ownerDocument.querySelector<HTMLMetaElement>('meta[name="rescuekit:publishable-key"]')?.content || undefined;
}
