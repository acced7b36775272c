import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../define/rescue-donate-button.js';
import type { RescueDonateButton } from '../../rescue-donate-button/rescue-donate-button.js';
import { captureNavigation, installStripeStandIn, json, stubFetch } from '../../test-support/checkout-stand-ins.js';
import { partText } from '../../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const make = () => fixture<RescueDonateButton>(html`<rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="4500" publishable-key="pk_test_m"></rescue-donate-button>`);

describe('checkout modal', () => {
  let net: ReturnType<typeof stubFetch>;
  let nav: ReturnType<typeof captureNavigation>;
  beforeEach(() => {
    net = stubFetch((b) => json(200, b.uiMode == 'embedded' ? { clientSecret: 'cs_test_m_secret' } : { url: 'https://checkout.stripe.com/c/pay/cs_test_m' }));
    nav = captureNavigation();
  });
  afterEach(() => {
    net.restore();
    nav.restore();
  });

  it('is a labelled native modal dialog; the close button closes it, destroys checkout, refocuses Give', async () => {
    const stripe = installStripeStandIn();
    try {
      const el = await make();
      $(el, '[part=give]').focus();
      $(el, '[part=give]').click();
      await waitUntil(() => el.checkout.state == 'open');
      const dialog = $<HTMLDialogElement>(el, 'dialog');
      expect(dialog.matches(':modal')).to.equal(true);
      expect(dialog.getAttribute('aria-labelledby')).to.equal('ck-t');
      expect($(el, '#ck-t').textContent).to.equal('Secure checkout');
      $(el, '[part=close]').click();
      await waitUntil(() => el.checkout.state == 'idle', 'the dialog’s close event tears down');
      expect(dialog.open).to.equal(false);
      expect(stripe.calls.destroyed).to.equal(1);
      expect($(el, '[part=checkout]').childElementCount).to.equal(0);
      expect(el.shadowRoot!.activeElement).to.equal($(el, '[part=give]'));
    } finally {
      stripe.restore();
    }
  });

  it('accepts an older Stripe.js (initEmbeddedCheckout)', async () => {
    const stripe = installStripeStandIn({ legacy: true });
    try {
      const el = await make();
      $(el, '[part=give]').click();
      await waitUntil(() => el.checkout.state == 'open');
      expect(stripe.calls.secrets).to.deep.equal(['cs_test_m_secret']);
      el.checkout.close();
    } finally {
      stripe.restore();
    }
  });

  it('Embedded Checkout failing to start falls back to redirect mode', async () => {
    const stripe = installStripeStandIn({ failInit: true });
    try {
      const el = await make();
      const opened = oneEvent(el, 'rescue-checkout-open');
      $(el, '[part=give]').click();
      expect((await opened).detail.mode).to.equal('redirect');
      expect(net.calls.map((c) => c.body.uiMode)).to.deep.equal(['embedded', 'redirect']);
      expect(new Set(net.calls.map((c) => c.headers['idempotency-key'])).size).to.equal(2);
      expect(nav.urls).to.deep.equal(['https://checkout.stripe.com/c/pay/cs_test_m']);
      expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
    } finally {
      stripe.restore();
    }
  });

  it('onComplete: closes the modal, thanks state, rescue-checkout-complete with the gift', async () => {
    const stripe = installStripeStandIn();
    try {
      const el = await make();
      $(el, '[part=give]').click();
      await waitUntil(() => el.checkout.state == 'open');
      const done = oneEvent(el, 'rescue-checkout-complete');
      stripe.complete();
      expect((await done).detail).to.deep.equal({ campaign: 'the-hundred', amount: 4500, currency: 'usd', frequency: 'once', coverFees: false, total: 4500 });
      await el.updateComplete;
      expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(false);
      expect(partText(el, 'status')).to.equal('Thank you for your gift! A receipt is on its way from Stripe.');
      await expect(el).to.be.accessible();
    } finally {
      stripe.restore();
    }
  });
});
