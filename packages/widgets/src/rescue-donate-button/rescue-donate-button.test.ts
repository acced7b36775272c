import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define/rescue-donate-button.js';
import type { RescueDonateButton } from './rescue-donate-button.js';
import { setHumanCheckProvider } from '../giving/checkout/checkout-client.js';
import { captureNavigation, installStripeStandIn, json, stripeJsUntouched, stubFetch } from '../test-support/checkout-stand-ins.js';
import { partText } from '../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const button = async (attrs: { mode?: string; key?: string; label?: string } = {}) => {
  const wrap = await fixture(html`<div><button id="before">before</button>
    <rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="900" publishable-key=${attrs.key ?? 'pk_test_wtr'}
      mode=${attrs.mode ?? 'embedded'} label=${attrs.label ?? ''}><a href="https://example.org/give">Give $9 on our site</a></rescue-donate-button></div>`);
  const el = wrap.querySelector('rescue-donate-button')!;
  await el.updateComplete;
  return el;
};

describe('<rescue-donate-button>', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let net: ReturnType<typeof stubFetch>;
  let nav: ReturnType<typeof captureNavigation>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    net = stubFetch((b) => json(200, b.uiMode == 'embedded' ? { clientSecret: 'cs_test_btn_secret_1' } : { url: 'https://checkout.stripe.com/c/pay/cs_test_btn' }));
    nav = captureNavigation();
  });
  afterEach(() => {
    net.restore();
    stripe.restore();
    nav.restore();
  });

  it('idle: "Give $9", the no-JS link is not shown once upgraded, axe clean, no Stripe.js', async () => {
    const el = await button();
    expect(partText(el, 'give')).to.equal('Give $9');
    expect(el.querySelector('a')!.assignedSlot).to.equal(null);
    expect(stripe.calls.load).to.deep.equal([]);
    expect(stripeJsUntouched()).to.deep.equal({ scripts: 0, resources: [] });
    await expect(el).to.be.accessible();
  });

  it('label, currency and Korean', async () => {
    const el = await button({ label: 'Rescue one life' });
    expect(partText(el, 'give')).to.equal('Rescue one life');
    el.label = undefined;
    el.currency = 'krw';
    el.amount = 10000;
    el.lang = 'ko';
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal('₩10,000 후원하기');
  });

  it('keyboard: Tab + Enter opens embedded checkout with the endpoint’s secret; events carry the gift', async () => {
    const el = await button();
    el.parentElement!.querySelector<HTMLElement>('#before')!.focus();
    const started = oneEvent(el, 'rescue-give-start');
    const opened = oneEvent(el, 'rescue-checkout-open');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('give');
    await sendKeys({ press: 'Enter' });
    const gift = { campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'once', coverFees: false, total: 900 };
    expect((await started).detail).to.deep.equal(gift);
    expect((await opened).detail).to.deep.equal({ ...gift, mode: 'embedded' });
    expect($<HTMLDialogElement>(el, 'dialog').open).to.equal(true);
    expect(stripe.calls.secrets).to.deep.equal(['cs_test_btn_secret_1']);
    expect(net.calls[0]!.body).to.deep.include({ amount: 900, uiMode: 'embedded', coverFees: false });
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !$<HTMLDialogElement>(el, 'dialog').open);
    expect(el.shadowRoot!.activeElement?.getAttribute('part')).to.equal('give');
  });

  it('mode="redirect": no Stripe.js at all, navigates to the endpoint’s url through setNavigate', async () => {
    const el = await button({ mode: 'redirect' });
    const opened = oneEvent(el, 'rescue-checkout-open');
    $(el, '[part=give]').click();
    expect((await opened).detail.mode).to.equal('redirect');
    expect(net.calls[0]!.body.uiMode).to.equal('redirect');
    expect(nav.urls).to.deep.equal(['https://checkout.stripe.com/c/pay/cs_test_btn']);
    expect(stripe.calls.load).to.deep.equal([]);
    expect(JSON.parse(sessionStorage.getItem('rescuekit:gift')!)).to.deep.include({ campaign: 'the-hundred', amount: 900 });
  });

  it('without a publishable key it uses redirect mode', async () => {
    const el = await button({ key: '' });
    $(el, '[part=give]').click();
    await waitUntil(() => nav.urls.length == 1);
    expect(net.calls.map((c) => c.body.uiMode)).to.deep.equal(['redirect']);
  });

  it('cover-fees adds the schema’s fee to total', async () => {
    const el = await button();
    el.coverFees = true;
    const started = oneEvent(el, 'rescue-give-start');
    $(el, '[part=give]').click();
    const d = (await started).detail;
    expect(d.coverFees).to.equal(true);
    expect(d.total - d.amount).to.be.greaterThan(0);
    expect(Number.isInteger(d.total)).to.equal(true);
    await waitUntil(() => el.checkout.state == 'open');
    el.checkout.close();
  });

  it('error states show the fallback link and a message; axe clean', async () => {
    net.restore();
    net = stubFetch(() => json(429, { code: 'rate_limited' }));
    const el = await button();
    $(el, '[part=give]').click();
    await waitUntil(() => el.checkout.state == 'rate-limited');
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Too many attempts from this connection. Please try again in a minute.');
    expect(el.querySelector('a')!.assignedSlot).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('human check: the page\'s provider token goes with the checkout request; a refused check asks for it again', async () => {
    const asked: string[] = [];
    setHumanCheckProvider(({ campaign }) => (asked.push(campaign), 'turnstile-token-1'));
    try {
      const el = await button();
      $(el, '[part=give]').click();
      await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open);
      expect(asked).to.deep.equal(['the-hundred']);
      expect(net.calls[0]!.body).to.deep.include({ humanCheckToken: 'turnstile-token-1' });
      el.checkout.close();
      net.restore();
      net = stubFetch(() => json(403, { type: 'https://rescuekit.dev/problems/human_check_failed', title: 'Human check failed', status: 403, code: 'human_check_failed', field: 'humanCheckToken' }));
      $(el, '[part=give]').click();
      await waitUntil(() => el.checkout.state == 'invalid');
      await el.updateComplete;
      expect(partText(el, 'status')).to.equal('Please check the “I am human” check.');
      await expect(el).to.be.accessible();
    } finally {
      setHumanCheckProvider(undefined);
    }
  });

  it('frequency="monthly": "Give $9 monthly", checks out as a monthly gift', async () => {
    const el = await button();
    el.setAttribute('frequency', 'monthly');
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal('Give $9 monthly');
    const started = oneEvent(el, 'rescue-give-start');
    $(el, '[part=give]').click();
    expect((await started).detail.frequency).to.equal('monthly');
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open);
    expect(net.calls[0]!.body).to.deep.include({ frequency: 'monthly', amount: 900 });
    el.checkout.close();
  });

  it('without a provider no token is sent', async () => {
    const el = await button();
    $(el, '[part=give]').click();
    await waitUntil(() => $<HTMLDialogElement>(el, 'dialog').open);
    expect(net.calls[0]!.body).to.not.have.property('humanCheckToken');
    el.checkout.close();
  });

  it('works alone on a page (its own define entry, no other element)', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><html lang="en"><script type="module" src="/packages/widgets/src/define/rescue-donate-button.ts"></script>
      <rescue-donate-button campaign="the-hundred" amount="2700"><a href="https://example.org/give">Give</a></rescue-donate-button>`;
    document.body.append(frame);
    try {
      await waitUntil(() => frame.contentWindow?.customElements.get('rescue-donate-button'), 'defined', { timeout: 5000 });
      const el = frame.contentDocument!.querySelector<RescueDonateButton>('rescue-donate-button')!;
      await el.updateComplete;
      expect(partText(el, 'give')).to.equal('Give $27');
      expect(frame.contentWindow!.customElements.get('nine-lives-picker')).to.equal(undefined);
    } finally {
      frame.remove();
    }
  });
});
