import { expect, fixture, html } from '@open-wc/testing';
import type { Stripe } from '@stripe/stripe-js';
import { STRIPE_JS_URL, loadStripeJs, resolvePublishableKey, setStripeLoader } from './stripe-loader.js';
import { stripeJsUntouched } from '../../test-support/checkout-stand-ins.js';

describe('stripe-loader', () => {
  afterEach(() => setStripeLoader(undefined));

  it('importing it fetches nothing: no Stripe.js script, no request to a Stripe host', () => {
    expect(stripeJsUntouched()).to.deep.equal({ scripts: 0, resources: [] });
  });

  it('uses the injected loader, once per key; a failed load may be retried', async () => {
    const keys: string[] = [];
    const fake = {} as Stripe;
    let fail = true;
    setStripeLoader(async (k) => {
      keys.push(k);
      if (fail) throw new Error('offline');
      return fake;
    });
    let err: unknown;
    await loadStripeJs('pk_test_a').catch((e) => (err = e));
    expect(err).to.be.instanceOf(Error);
    fail = false;
    expect(await loadStripeJs('pk_test_a')).to.equal(fake);
    expect(await loadStripeJs('pk_test_a')).to.equal(fake);
    expect(keys).to.deep.equal(['pk_test_a', 'pk_test_a']);
  });

  it('built-in loader: adds one <script> for the pinned Stripe.js only when called, then calls Stripe(key); a failure is retried', async () => {
    // Capture the script instead of inserting it: the real host is unreachable here, and a
    // request to it would spoil the "fetches nothing" check of other tests.
    const added: HTMLScriptElement[] = [];
    const append = document.head.append;
    document.head.append = (...nodes: (string | Node)[]) => void added.push(...(nodes as HTMLScriptElement[]));
    const w = window as { Stripe?: unknown };
    try {
      const first = loadStripeJs('pk_test_real');
      expect(added.map((s) => s.src)).to.deep.equal([STRIPE_JS_URL]);
      added[0]!.dispatchEvent(new Event('error'));
      let err: unknown;
      await first.catch((e) => (err = e));
      expect(String(err)).to.include('Stripe.js failed to load');
      const second = loadStripeJs('pk_test_real');
      expect(added).to.have.length(2);
      w.Stripe = (key: string) => ({ key });
      added[1]!.dispatchEvent(new Event('load'));
      expect(await second).to.deep.equal({ key: 'pk_test_real' });
      // Loaded once per page: another key reuses window.Stripe, no new script.
      expect(await loadStripeJs('pk_test_other')).to.deep.equal({ key: 'pk_test_other' });
      expect(added).to.have.length(2);
    } finally {
      document.head.append = append;
      delete w.Stripe;
    }
  });

  it('publishable key: attribute, else <meta name="rescuekit:publishable-key">, else none (redirect mode)', async () => {
    const el = await fixture(html`<div></div>`);
    expect(resolvePublishableKey(el, 'pk_test_attr')).to.equal('pk_test_attr');
    expect(resolvePublishableKey(el, null)).to.equal(undefined);
    const meta = Object.assign(document.createElement('meta'), { name: 'rescuekit:publishable-key', content: 'pk_test_meta' });
    document.head.append(meta);
    try {
      expect(resolvePublishableKey(el, undefined)).to.equal('pk_test_meta');
    } finally {
      meta.remove();
    }
  });
});
