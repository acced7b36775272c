import { expect, fixture, html } from '@open-wc/testing';
import '../../define/nine-lives-picker.js';
import '../../define/rescue-donate-button.js';
import { installStripeStandIn, stubFetch } from '../../test-support/checkout-stand-ins.js';
import { partText } from '../../test-support/fixtures.js';
import { readCheckoutReturn } from './return.js';

/** Runs `fn` with `query` in the page URL, restoring it after. */
async function atUrl(query: string, fn: () => Promise<void>) {
  const before = location.href;
  history.replaceState(null, '', `${location.pathname}${location.search ? `${location.search}&` : '?'}${query}`);
  try {
    await fn();
  } finally {
    history.replaceState(null, '', before);
  }
}

describe('return from Stripe (session_id)', () => {
  afterEach(() => sessionStorage.removeItem('rescuekit:gift'));

  it('reads only well-formed Checkout Session ids', () => {
    expect(readCheckoutReturn(new URL('https://p.example/?session_id=cs_test_a1B2'))?.sessionId).to.equal('cs_test_a1B2');
    expect(readCheckoutReturn(new URL('https://p.example/?session_id=<script>'))).to.equal(undefined);
    expect(readCheckoutReturn(new URL('https://p.example/'))).to.equal(undefined);
  });

  it('shows thanks in both elements, reports completion once, and makes no request but the progress read', async () => {
    sessionStorage.setItem('rescuekit:gift', JSON.stringify({ campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: true, total: 2811 }));
    const net = stubFetch(() => new Response('{}'));
    const stripe = installStripeStandIn();
    const heard: CustomEvent[] = [];
    const listen = (e: Event) => heard.push(e as CustomEvent);
    document.addEventListener('rescue-checkout-complete', listen);
    try {
      await atUrl('session_id=cs_test_return1', async () => {
        const wrap = await fixture(html`<div>
          <nine-lives-picker endpoint="https://api.test" campaign="the-hundred"></nine-lives-picker>
          <rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="900"></rescue-donate-button></div>`);
        const [picker, button] = [wrap.querySelector('nine-lives-picker')!, wrap.querySelector('rescue-donate-button')!];
        await picker.updateComplete;
        await button.updateComplete;
        for (const el of [picker, button]) {
          expect(el.checkout.state).to.equal('thanks');
          expect(partText(el, 'status')).to.equal('Thank you for your gift! A receipt is on its way from Stripe.');
          expect(el.shadowRoot!.querySelector('[part=give]')).to.equal(null);
          await expect(el).to.be.accessible();
        }
        await new Promise((r) => setTimeout(r, 50));
      });
      expect(heard.map((e) => e.detail)).to.deep.equal([{ campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: true, total: 2811 }]);
      // Nothing that could count a gift: only each element's read of its campaign's progress.
      expect(net.all.map((c) => [c.method, c.url])).to.deep.equal([
        ['GET', 'https://api.test/v1/campaigns/the-hundred'],
        ['GET', 'https://api.test/v1/campaigns/the-hundred'],
      ]);
      expect(stripe.calls.load).to.deep.equal([]);
    } finally {
      document.removeEventListener('rescue-checkout-complete', listen);
      net.restore();
      stripe.restore();
    }
  });

  it('a gift to another campaign does not thank this one', async () => {
    sessionStorage.setItem('rescuekit:gift', JSON.stringify({ campaign: 'rescue-team-demo', amount: 900, currency: 'usd', frequency: 'once', coverFees: false, total: 900 }));
    await atUrl('session_id=cs_test_return2', async () => {
      const el = await fixture<HTMLElementTagNameMap['rescue-donate-button']>(html`<rescue-donate-button campaign="the-hundred" amount="900"></rescue-donate-button>`);
      expect(el.checkout.state).to.equal('idle');
    });
  });
});
