import { expect, fixture, html } from '@open-wc/testing';
import type { Stripe } from '@stripe/stripe-js';
import { loadStripeJs, resolvePublishableKey, setStripeLoader } from './stripe-loader.js';
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
