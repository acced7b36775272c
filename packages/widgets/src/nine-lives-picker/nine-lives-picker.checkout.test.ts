import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { formatMoney } from '@rescuekit/schema';
import { DEFAULT_FEE_RATES, quoteGift } from '@rescuekit/schema';
import '../define/nine-lives-picker.js';
import type { NineLivesPicker } from './nine-lives-picker.js';
import type { GiftDetail } from '../events/rescue-give-start.js';
import { installStripeStandIn, json, stripeJsUntouched, stubFetch, checkoutFailures } from '../test-support/checkout-stand-ins.js';
import { partText } from '../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const dialog = (el: Element) => $<HTMLDialogElement>(el, 'dialog');
const active = (el: Element) => el.shadowRoot!.activeElement;
const FEE_27 = quoteGift(2700, DEFAULT_FEE_RATES.usd!, true).fee;
const gift27: GiftDetail = { campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: true, total: 2700 + FEE_27 };

const picker = async (endpoint = 'https://api.test') => {
  const wrap = await fixture(html`<div><button id="before">before</button>
    <nine-lives-picker endpoint=${endpoint} campaign="the-hundred" publishable-key="pk_test_wtr"><a href="https://example.org/give">Give on our site</a></nine-lives-picker></div>`);
  const el = wrap.querySelector('nine-lives-picker')!;
  await el.updateComplete;
  return el;
};

/** Keyboard only: Tab into the radiogroup, → to $27, Tab to cover-fees, Space, Tab to Give, Enter. */
async function chooseTwentySevenWithFeesAndGive(el: NineLivesPicker) {
  (el.parentElement!.querySelector('#before') as HTMLElement).focus();
  await sendKeys({ press: 'Tab' });
  expect(active(el)?.textContent).to.equal('$9');
  await sendKeys({ press: 'ArrowRight' });
  expect(active(el)?.textContent).to.equal('$27');
  expect(active(el)?.getAttribute('aria-checked')).to.equal('true');
  await sendKeys({ press: 'Tab' }); // custom amount
  await sendKeys({ press: 'Tab' }); // cover-fees
  expect(active(el)?.getAttribute('part')).to.equal('cover-fees');
  await sendKeys({ press: 'Space' });
  await sendKeys({ press: 'Tab' }); // tribute
  await sendKeys({ press: 'Tab' }); // Give
  expect(active(el)?.getAttribute('part')).to.equal('give');
  expect(partText(el, 'give')).to.equal(`Give ${formatMoney(2700 + FEE_27, 'usd')}`);
  await sendKeys({ press: 'Enter' });
}

describe('<nine-lives-picker> checkout (Stripe.js stand-in, stub endpoint)', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    net = stubFetch(() => json(200, { clientSecret: 'cs_test_27_secret_abc' }));
  });
  afterEach(() => {
    net.restore();
    stripe.restore();
  });

  it('acceptance: 27 + cover-fees, keyboard only -> modal with the endpoint’s client secret; no Stripe.js before', async () => {
    const el = await picker();
    const heard: Event[] = [];
    for (const type of ['rescue-give-start', 'rescue-checkout-open']) document.addEventListener(type, (e) => heard.push(e), { once: true });
    expect(stripe.calls.load, 'loader not called before Give').to.deep.equal([]);
    expect(stripeJsUntouched()).to.deep.equal({ scripts: 0, resources: [] });
    await chooseTwentySevenWithFeesAndGive(el);
    await waitUntil(() => dialog(el).open, 'checkout modal opens');
    expect(net.calls.map((c) => [c.method, c.url])).to.deep.equal([['POST', 'https://api.test/v1/checkout']]);
    expect(net.calls[0]!.body).to.deep.include({ campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: true, uiMode: 'embedded' });
    expect(net.calls[0]!.headers['idempotency-key']).to.match(/^[0-9a-f-]{36}$/);
    expect(stripe.calls.load).to.deep.equal(['pk_test_wtr']);
    expect(stripe.calls.secrets).to.deep.equal(['cs_test_27_secret_abc']);
    expect(stripe.calls.mounts[0]).to.equal($(el, '[part=checkout]'));
    expect($(el, '[part=checkout] section').dataset.secret).to.equal('cs_test_27_secret_abc');
    expect(el.checkout.state).to.equal('open');
    expect(heard.map((e) => [e.type, (e as CustomEvent).detail])).to.deep.equal([
      ['rescue-give-start', gift27],
      ['rescue-checkout-open', { ...gift27, mode: 'embedded' }],
    ]);
    expect(heard.every((e) => e.bubbles && e.composed)).to.equal(true);
    await expect(el).to.be.accessible();
    // Focus is inside the modal and Tab stays there (the page behind is inert).
    expect(dialog(el).contains(active(el))).to.equal(true);
    for (let i = 0; i < 4; i++) {
      await sendKeys({ press: 'Tab' });
      expect(dialog(el).contains(active(el)) || document.activeElement == document.body, `tab ${i}`).to.equal(true);
      expect(document.activeElement?.id).not.to.equal('before');
    }
    // Escape closes, destroys Embedded Checkout and returns focus to Give.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => el.checkout.state == 'idle', 'Escape closes the modal');
    expect(dialog(el).open).to.equal(false);
    expect(stripe.calls.destroyed).to.equal(1);
    expect(active(el)?.getAttribute('part')).to.equal('give');
    expect(el.checkout.state).to.equal('idle');
  });

  it('monthly attribute: once/monthly shown; choosing monthly (keyboard) checks out with frequency "monthly" through the same controller', async () => {
    const el = await picker();
    el.setAttribute('monthly', '');
    await el.updateComplete;
    const heard: Event[] = [];
    document.addEventListener('rescue-give-start', (e) => heard.push(e), { once: true });
    (el.parentElement!.querySelector('#before') as HTMLElement).focus();
    await sendKeys({ press: 'Tab' }); // $9
    await sendKeys({ press: 'Tab' }); // custom amount
    await sendKeys({ press: 'Tab' }); // "Once" (checked)
    expect((active(el) as HTMLInputElement).value).to.equal('once');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect((active(el) as HTMLInputElement).value).to.equal('monthly');
    expect(el.frequency).to.equal('monthly');
    expect(partText(el, 'give')).to.equal('Give $9 monthly');
    await sendKeys({ press: 'Tab' }); // cover-fees
    await sendKeys({ press: 'Tab' }); // tribute
    await sendKeys({ press: 'Tab' }); // Give
    expect(active(el)?.getAttribute('part')).to.equal('give');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog(el).open, 'checkout modal opens');
    expect(net.calls[0]!.body).to.deep.include({ amount: 900, frequency: 'monthly', coverFees: false, uiMode: 'embedded' });
    expect(stripe.calls.secrets).to.deep.equal(['cs_test_27_secret_abc']);
    expect((heard[0] as CustomEvent).detail).to.deep.include({ frequency: 'monthly', total: 900 });
    await expect(el).to.be.accessible();
    el.checkout.close();
    // Without the attribute a preset monthly frequency is ignored: one-time.
    el.removeAttribute('monthly');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('input[value=monthly]')).to.equal(null);
    expect(partText(el, 'give')).to.equal('Give $9');
  });

  it('loading: spinner, aria-busy, Give aria-disabled and ignoring presses', async () => {
    net.restore();
    let answer!: (r: Response) => void;
    net = stubFetch(() => new Promise<Response>((r) => (answer = r)));
    const el = await picker();
    $(el, '[part=give]').click();
    await el.updateComplete;
    const give = $(el, '[part=give]');
    expect(give.getAttribute('aria-busy')).to.equal('true');
    expect(give.getAttribute('aria-disabled')).to.equal('true');
    expect(give.querySelector('.spin')).to.not.equal(null);
    expect(partText(el, 'status')).to.equal('Opening secure checkout…');
    await expect(el).to.be.accessible();
    give.click();
    expect(net.calls).to.have.length(1);
    answer(json(200, { clientSecret: 'cs_test_x_secret' }));
    await waitUntil(() => dialog(el).open);
    el.checkout.close();
  });

  const failures = checkoutFailures('amount', 'the amount');
  for (const [state, respond, text, detail] of failures) {
    it(`${state}: visible message, fallback link, rescue-checkout-error; axe clean`, async () => {
      net.restore();
      net = stubFetch(respond);
      const el = await picker();
      const failed = oneEvent(el, 'rescue-checkout-error');
      $(el, '[part=give]').click();
      const e = await failed;
      await el.updateComplete;
      expect(el.checkout.state).to.equal(state);
      expect(partText(el, 'status')).to.equal(text);
      expect($(el, '[part=status]').getAttribute('role')).to.equal('status');
      expect(e.detail).to.deep.include({ campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'once', coverFees: false, total: 900, ...detail });
      expect(el.querySelector('a')!.assignedSlot).to.not.equal(null);
      expect(dialog(el).open).to.equal(false);
      await expect(el).to.be.accessible();
    });
  }

  it('network error -> error state', async () => {
    net.restore();
    net = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const el = await picker();
    $(el, '[part=give]').click();
    await waitUntil(() => el.checkout.state == 'error');
  });

  it('Korean state messages', async () => {
    net.restore();
    net = stubFetch(() => json(503, { code: 'not_configured' }));
    const el = await picker();
    el.lang = 'ko';
    $(el, '[part=give]').click();
    await waitUntil(() => el.checkout.state == 'not-configured');
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('이 사이트에는 온라인 후원이 설정되어 있지 않습니다.');
  });
});

describe('<nine-lives-picker> against the real endpoint', () => {
  it('POST /v1/checkout -> 200 { clientSecret } -> the modal mounts it', async function () {
    const endpoint = document.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content;
    expect(endpoint, 'web-test-runner.config.mjs starts a real endpoint').to.be.a('string');
    const stripe = installStripeStandIn();
    try {
      const el = await picker(endpoint!);
      await chooseTwentySevenWithFeesAndGive(el);
      await waitUntil(() => dialog(el).open || el.checkout.state != 'loading', 'an answer', { timeout: 8000 });
      expect(el.checkout.state, partText(el, 'status')).to.equal('open');
      expect(stripe.calls.secrets[0]).to.match(/^cs_test_\w+_secret_\w+$/);
      const session = await executeServerCommand<{ amount_total: number; currency: string; metadata: Record<string, string> } | null, unknown>('stripe-last-session');
      expect(session, 'the endpoint created a session on the Stripe test server').to.not.equal(null);
      expect(session).to.deep.include({ amount_total: 2700 + FEE_27, currency: 'usd' });
      expect(session!.metadata).to.deep.include({ rescuekit_campaign: 'the-hundred', gift_amount: '2700', fee_amount: String(FEE_27) });
      el.checkout.close();
    } finally {
      stripe.restore();
    }
  });
});
