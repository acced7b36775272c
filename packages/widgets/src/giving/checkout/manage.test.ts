import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Progress } from '@rescuekit/schema';
import '../../define/monthly-ally-signup.js';
import '../../define/nine-lives-picker.js';
import { captureNavigation, installStripeStandIn, json } from '../../test-support/checkout-stand-ins.js';
import { demo, partText } from '../../test-support/fixtures.js';

const MANAGE = 'https://billing.stripe.com/p/login/test_ally';
const PORTAL = 'https://billing.stripe.com/p/session/test_portal';
const progress: Progress = { ...demo, campaign: 'the-hundred', allies: 12, manageGivingUrl: MANAGE };
const monthlyGift = { campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'monthly', coverFees: false, total: 900 };

/** The endpoint: progress, `POST /v1/checkout` (an embedded session) and `POST /v1/portal` (`portal()`). */
function serve(portal: () => Response = () => json(200, { url: PORTAL })) {
  const real = window.fetch;
  const calls: { url: string; body: any }[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const body = typeof init?.body == 'string' ? JSON.parse(init.body) : undefined;
    calls.push({ url, body });
    if (/\/v1\/campaigns\/[^/]+$/.test(url)) return json(200, progress);
    if (url.endsWith('/v1/checkout')) return json(200, { clientSecret: 'cs_test_ally_secret_abc' });
    if (url.endsWith('/v1/portal')) return portal();
    return real(input, init);
  };
  return { calls, portals: () => calls.filter((c) => c.url.endsWith('/v1/portal')), restore: () => void (window.fetch = real) };
}

async function sha256(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function atUrl(query: string, fn: () => Promise<void>) {
  const before = location.href;
  history.replaceState(null, '', `${location.pathname}?${query}`);
  try {
    await fn();
  } finally {
    history.replaceState(null, '', before);
  }
}

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel);
const actions = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=manage-gift] button')].map((b) => b.textContent);

describe('manage this gift, after a monthly gift', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let net: ReturnType<typeof serve>;
  let nav: ReturnType<typeof captureNavigation>;
  beforeEach(() => {
    sessionStorage.clear();
    stripe = installStripeStandIn();
    nav = captureNavigation();
  });
  afterEach(() => {
    net.restore();
    stripe.restore();
    nav.restore();
    sessionStorage.clear();
  });

  /** A signup that gave $9 monthly through Embedded Checkout, now thanking. */
  async function gaveMonthly() {
    const el = await fixture<HTMLElementTagNameMap['monthly-ally-signup']>(
      html`<monthly-ally-signup endpoint="https://api.test" campaign="the-hundred" publishable-key="pk_test_ally"></monthly-ally-signup>`,
    );
    await waitUntil(() => el.progress, 'progress read');
    const email = $(el, '#email') as HTMLInputElement;
    email.value = 'ally@example.org';
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    $(el, '[part=give]')!.click();
    await waitUntil(() => el.checkout.state == 'open', 'checkout open');
    stripe.complete();
    await el.updateComplete;
    return el;
  }

  it('the checkout sends only the hash of a token this tab keeps; thanks offers the three actions; axe clean', async () => {
    net = serve();
    const el = await gaveMonthly();
    const token = sessionStorage.getItem('rescuekit:manage')!;
    expect(token).to.match(/^[0-9a-f]{32}$/);
    const sent = net.calls.find((c) => c.url.endsWith('/v1/checkout'))!.body;
    expect(sent.manageTokenHash).to.equal(await sha256(token));
    expect(JSON.stringify(sent)).to.not.include(token);
    expect(el.checkout.state).to.equal('thanks');
    expect(actions(el)).to.deep.equal(['Manage this gift', 'Update payment method', 'Cancel monthly gift']);
    expect($(el, '[part=manage-gift]')!.getAttribute('aria-label')).to.equal('Your monthly gift');
    expect($(el, '[part=manage]')!.getAttribute('href'), 'the later way in stays').to.equal(MANAGE);
    await expect(el).to.be.accessible();
  });

  it('each action asks the endpoint for the portal with the session and token, then goes there', async () => {
    net = serve();
    const el = await gaveMonthly();
    const token = sessionStorage.getItem('rescuekit:manage');
    for (const [part, flow] of [['manage-card', 'payment_method_update'], ['manage-cancel', 'subscription_cancel'], ['manage-portal', 'portal']]) {
      $(el, `[part=${part}]`)!.click();
      await waitUntil(() => nav.urls.length == net.portals().length, 'navigated');
      expect(net.portals().at(-1)!.body).to.deep.equal({ session: 'cs_test_ally', token, flow });
    }
    expect(net.portals().map((c) => c.url)).to.deep.equal(Array(3).fill('https://api.test/v1/portal'));
    expect(nav.urls).to.deep.equal([PORTAL, PORTAL, PORTAL]);
  });

  it('refused (another browser, or past the hour): the actions go, today\'s thanks and the manage link stay', async () => {
    net = serve(() => json(403, { code: 'forbidden' }));
    const el = await gaveMonthly();
    $(el, '[part=manage-card]')!.click();
    await waitUntil(() => actions(el).length == 0, 'actions gone');
    expect(partText(el, 'status')).to.equal('Welcome, Ally! Thank you for giving every month. A receipt is on its way from Stripe.');
    expect(partText(el, 'manage-note')).to.equal('This gift can no longer be changed from this page.');
    expect($(el, '[part=manage]')!.getAttribute('href')).to.equal(MANAGE);
    expect(nav.urls).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('Stripe unreachable: the actions stay for another try', async () => {
    net = serve(() => json(503, { code: 'unavailable' }));
    const el = await gaveMonthly();
    $(el, '[part=manage-portal]')!.click();
    await waitUntil(() => partText(el, 'manage-note') != '', 'note');
    expect(partText(el, 'manage-note')).to.equal('Stripe could not be reached. Please try again.');
    expect(actions(el)).to.have.length(3);
  });

  it('a return with session_id and no token in this tab: today\'s thanks only, no request', async () => {
    net = serve();
    sessionStorage.setItem('rescuekit:gift', JSON.stringify(monthlyGift));
    await atUrl('session_id=cs_test_elsewhere', async () => {
      const el = await fixture<HTMLElementTagNameMap['monthly-ally-signup']>(html`<monthly-ally-signup endpoint="https://api.test" campaign="the-hundred"></monthly-ally-signup>`);
      await waitUntil(() => el.progress, 'progress read');
      expect(el.checkout.state).to.equal('thanks');
      expect($(el, '[part=manage-gift]')).to.equal(null);
      expect($(el, '[part=manage-note]')).to.equal(null);
      expect($(el, '[part=manage]')!.getAttribute('href')).to.equal(MANAGE);
      await expect(el).to.be.accessible();
    });
    expect(net.portals()).to.deep.equal([]);
  });

  it('the picker, back from a monthly gift with the token: the actions, in Korean', async () => {
    net = serve();
    sessionStorage.setItem('rescuekit:gift', JSON.stringify(monthlyGift));
    sessionStorage.setItem('rescuekit:manage', '0123456789abcdef0123456789abcdef');
    await atUrl('session_id=cs_test_picker', async () => {
      const el = await fixture<HTMLElementTagNameMap['nine-lives-picker']>(html`<nine-lives-picker lang="ko" monthly endpoint="https://api.test" campaign="the-hundred"></nine-lives-picker>`);
      await el.updateComplete;
      expect(actions(el)).to.deep.equal(['이 후원 관리', '결제 수단 변경', '정기 후원 해지']);
      await expect(el).to.be.accessible();
      $(el, '[part=manage-cancel]')!.click();
      await waitUntil(() => nav.urls.length == 1, 'navigated');
    });
    expect(net.portals()[0]!.body).to.deep.equal({ session: 'cs_test_picker', token: '0123456789abcdef0123456789abcdef', flow: 'subscription_cancel' });
  });

  it('a one-time gift back with a token left from before: no actions, and a one-time Give sends no hash', async () => {
    net = serve();
    sessionStorage.setItem('rescuekit:gift', JSON.stringify({ ...monthlyGift, frequency: 'once' }));
    sessionStorage.setItem('rescuekit:manage', '0123456789abcdef0123456789abcdef');
    await atUrl('session_id=cs_test_once', async () => {
      const el = await fixture<HTMLElementTagNameMap['nine-lives-picker']>(html`<nine-lives-picker endpoint="https://api.test" campaign="the-hundred"></nine-lives-picker>`);
      await el.updateComplete;
      expect(el.checkout.state).to.equal('thanks');
      expect($(el, '[part=manage-gift]')).to.equal(null);
    });
    const el = await fixture<HTMLElementTagNameMap['nine-lives-picker']>(html`<nine-lives-picker endpoint="https://api.test" campaign="the-hundred" publishable-key="pk_test_x"></nine-lives-picker>`);
    await waitUntil(() => el.progress, 'progress read');
    $(el, '[part=give]')!.click();
    await waitUntil(() => net.calls.some((c) => c.url.endsWith('/v1/checkout')), 'checkout asked');
    expect(net.calls.find((c) => c.url.endsWith('/v1/checkout'))!.body).to.not.have.property('manageTokenHash');
  });
});
