import type { Stripe } from '@stripe/stripe-js';

/** Loads Stripe.js for a publishable key; resolves `null` where Stripe.js cannot run. */
export type StripeLoader = (publishableKey: string) => Promise<Stripe | null>;

/**
 * The Stripe.js release the `@stripe/stripe-js` types we compile against
 * describe (its RELEASE_TRAIN). Keep the two in step when upgrading.
 */
export const STRIPE_JS_URL = 'https://js.stripe.com/endive/stripe.js';

type StripeConstructor = (publishableKey: string) => Stripe;
let script: Promise<StripeConstructor> | undefined;

/*
 * Why not `loadStripe` from `@stripe/stripe-js/pure`: it is ~1.5 KB gzipped
 * (version warnings, load parameters, wrapper registration), the room the
 * all-elements bundle needs for <monthly-ally-signup>. This does the part we
 * use: add the <script> only when called, reuse a page's `window.Stripe`, and
 * forget a failed load so a later Give can try again.
 */
function stripeScript(): Promise<StripeConstructor> {
  return (script ??= new Promise<StripeConstructor>((resolve, reject) => {
    const w = window as { Stripe?: StripeConstructor };
    if (w.Stripe) return resolve(w.Stripe);
    const s = document.createElement('script');
    s.src = STRIPE_JS_URL;
    s.onload = () => (w.Stripe ? resolve(w.Stripe) : reject(Error('Stripe.js not available')));
    s.onerror = () => (s.remove(), reject(Error('Stripe.js failed to load')));
    document.head.append(s);
  }).catch((e) => {
    script = undefined;
    throw e;
  }));
}

const realLoader: StripeLoader = async (key) => (await stripeScript())(key);
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
 * load Stripe.js may pass theirs). `undefined` restores the built-in loader
 * (a `<script src=STRIPE_JS_URL>` added on first use). Clears the per-key cache.
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
