// The giving elements hold a gift to the campaign's rules before calling the endpoint (its
// progress carries minAmount/maxAmount), mark the field at fault, show one message at a time,
// and make a page whose origin the endpoint refuses readable to the donor and the developer.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Progress } from '@rescuekit/schema';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import { installStripeStandIn, json, stubFetch } from '../test-support/checkout-stand-ins.js';
import { demo, partText } from '../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const rules: Progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 900_000 };

/** Answers `GET …/v1/campaigns/:id` with `progress`; everything else goes on to the next fetch. */
function serveProgress(progress: Progress) {
  const next = window.fetch;
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) =>
    /\/v1\/campaigns\/[^/]+$/.test(String(input)) ? json(200, progress) : next(input, init);
  return { restore: () => void (window.fetch = next) };
}

const picker = async (attrs = '') => {
  const wrap = await fixture(html`<div><nine-lives-picker endpoint="https://api.test" campaign="the-hundred" publishable-key="pk_test_rules" amounts=${attrs || '900 2700'}>
    <a href="https://example.org/give">Give on our site</a></nine-lives-picker></div>`);
  const el = wrap.querySelector('nine-lives-picker')!;
  await waitUntil(() => el.progress !== undefined, 'progress read');
  await el.updateComplete;
  return el;
};

describe('amount rules from the campaign, field errors, one message at a time', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let progress: ReturnType<typeof serveProgress>;
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    progress = serveProgress(rules);
    net = stubFetch(() => json(200, { clientSecret: 'cs_test_rules_secret' }));
  });
  afterEach(() => {
    net.restore();
    progress.restore();
    stripe.restore();
  });

  it('picker: below the campaign minimum or above its maximum is refused before calling, the input marked and described', async () => {
    const el = await picker();
    expect(el.progress).to.deep.include({ minAmount: 100, maxAmount: 900_000 });
    const input = $<HTMLInputElement>(el, '[part=custom]');
    input.focus();
    await sendKeys({ type: '0.50' }); // Stripe would take $0.50; this campaign's minimum is $1
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $1.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('custom-msg');
    expect(partText(el, 'give')).to.equal('Give');
    $(el, '[part=give]').click();
    await el.updateComplete;
    expect(net.calls, 'nothing sent').to.deep.equal([]);
    expect(el.shadowRoot!.activeElement).to.equal(input);
    await expect(el).to.be.accessible();
    input.select();
    await sendKeys({ type: '9000.01' });
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent).to.equal('The largest gift online is $9,000.');
    input.select();
    await sendKeys({ type: '20' });
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent).to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    $(el, '[part=give]').click();
    await waitUntil(() => net.calls.length == 1, 'a valid amount is sent');
    expect(net.calls[0]!.body).to.deep.include({ amount: 2000 });
    el.checkout.close();
  });

  it('picker: a preset outside the limits marks the radiogroup and is not sent', async () => {
    const el = await picker('50 900');
    const group = $(el, '[role=radiogroup]');
    expect(group.getAttribute('aria-invalid')).to.equal('true');
    expect(group.getAttribute('aria-describedby')).to.equal('custom-msg');
    expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $1.');
    $(el, '[part=give]').click();
    await el.updateComplete;
    expect(net.calls).to.deep.equal([]);
    expect(el.shadowRoot!.activeElement?.getAttribute('aria-checked')).to.equal('true');
    await expect(el).to.be.accessible();
    ($(el, '[role=radio][tabindex="-1"]') as HTMLElement).click(); // $9
    await el.updateComplete;
    expect(group.getAttribute('aria-invalid')).to.equal('false');
    expect(group.hasAttribute('aria-describedby')).to.equal(false);
  });

  it('limits in another currency than the element’s are not applied', async () => {
    progress.restore();
    progress = serveProgress({ ...rules, currency: 'krw', minAmount: 100_000 });
    const el = await picker();
    expect(el.shadowRoot!.querySelector('[aria-invalid=true]')).to.equal(null);
    expect(partText(el, 'give')).to.equal('Give $9');
  });

  it('the endpoint refusing a field marks that field, described by the status line; editing clears the message', async () => {
    net.restore();
    net = stubFetch(() => json(400, { code: 'invalid_request', field: 'amount' }));
    const el = await picker();
    $(el, '[part=give]').click();
    await waitUntil(() => el.checkout.state == 'invalid');
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Please check the amount.');
    expect(el.querySelector('a')!.assignedSlot?.closest('[part=status]'), 'the fallback link beside the message').to.not.equal(null);
    const group = $(el, '[role=radiogroup]');
    expect([group.getAttribute('aria-invalid'), group.getAttribute('aria-describedby')]).to.deep.equal(['true', 'status']);
    expect($(el, '[part=status]').id).to.equal('status');
    await expect(el).to.be.accessible();
    ($(el, '[role=radio][tabindex="-1"]') as HTMLElement).click(); // another amount: the old message goes
    await el.updateComplete;
    expect(el.checkout.state).to.equal('idle');
    expect(partText(el, 'status')).to.equal('');
    expect(group.getAttribute('aria-invalid')).to.equal('false');
  });

  it('a new message replaces the old: a field problem clears an earlier checkout message', async () => {
    net.restore();
    net = stubFetch(() => json(429, { code: 'rate_limited' }, { 'retry-after': '30' }));
    const el = await picker();
    $(el, '[part=give]').click();
    await waitUntil(() => el.checkout.state == 'rate-limited');
    await el.updateComplete;
    expect(partText(el, 'status')).to.match(/^Too many attempts/);
    $<HTMLInputElement>(el, '[part=custom]').focus();
    await sendKeys({ type: 'abc' });
    await el.updateComplete;
    const shown = [...el.shadowRoot!.querySelectorAll('.err')].map((m) => m.textContent!.trim()).filter(Boolean);
    expect(shown).to.deep.equal(['Enter an amount in numbers, like 27 or 27.50.']);
  });

  it('signup: the same rules for the monthly amount', async () => {
    const wrap = await fixture(html`<div><monthly-ally-signup endpoint="https://api.test" campaign="the-hundred"></monthly-ally-signup></div>`);
    const el = wrap.querySelector('monthly-ally-signup')!;
    await waitUntil(() => el.progress !== undefined);
    $<HTMLInputElement>(el, '[part=custom]').focus();
    await sendKeys({ type: '0.75' });
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $1.');
    expect($(el, '[part=custom]').getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('donate button: an amount outside the limits is refused before calling, with the reason and the fallback link', async () => {
    const wrap = await fixture(html`<div><rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="50">
      <a href="https://example.org/give">Give on our site</a></rescue-donate-button></div>`);
    const el = wrap.querySelector('rescue-donate-button')!;
    await waitUntil(() => el.progress !== undefined);
    const failed = oneEvent(el, 'rescue-checkout-error');
    $(el, '[part=give]').click();
    expect((await failed).detail).to.deep.include({ reason: 'invalid', field: 'amount', amount: 50 });
    await el.updateComplete;
    expect(net.calls).to.deep.equal([]);
    expect(partText(el, 'status')).to.equal('The smallest gift is $1.');
    expect(el.querySelector('a')!.assignedSlot?.closest('[part=status]'), 'the fallback link beside the message').to.not.equal(null);
    expect(el.querySelector('a')!.getClientRects().length, 'fallback link shown').to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });
});

describe('checkout refused for this page’s origin (403 origin_not_allowed)', () => {
  let net: ReturnType<typeof stubFetch>;
  let warned: unknown[][];
  const warn = console.warn;
  beforeEach(() => {
    warned = [];
    console.warn = (...args: unknown[]) => void warned.push(args);
    net = stubFetch(() =>
      json(403, { type: 'https://rescuekit.dev/problems/origin_not_allowed', title: 'Origin not allowed', status: 403, code: 'origin_not_allowed', field: 'origin' }),
    );
  });
  afterEach(() => {
    console.warn = warn;
    net.restore();
  });

  for (const tag of ['rescue-donate-button', 'nine-lives-picker'] as const) {
    it(`<${tag}>: the donor reads that giving is not set up here (with the link); the developer reads which origin to add where`, async () => {
      const wrap = await fixture(html`<div lang="en">${tag == 'rescue-donate-button'
        ? html`<rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="900" mode="redirect"><a href="https://example.org/give">Give on our site</a></rescue-donate-button>`
        : html`<nine-lives-picker endpoint="https://api.test" campaign="the-hundred" mode="redirect"><a href="https://example.org/give">Give on our site</a></nine-lives-picker>`}</div>`);
      const el = wrap.querySelector(tag)!;
      await el.updateComplete;
      const failed = oneEvent(el, 'rescue-checkout-error');
      $(el, '[part=give]').click();
      const e = await failed;
      await el.updateComplete;
      expect(e.detail).to.deep.include({ reason: 'not-configured', field: 'origin' });
      expect(el.checkout.state).to.equal('not-configured');
      expect(partText(el, 'status')).to.equal('Online giving is not set up on this site.');
      expect(el.querySelector('a')!.getClientRects().length, 'the fallback link is shown').to.be.greaterThan(0);
      expect(partText(el, 'status')).not.to.match(/try again|later/i);
      expect(warned).to.have.length(1);
      const message = String(warned[0]![0]);
      expect(message).to.include(`"${location.origin}"`);
      expect(message).to.include('"allowedOrigins"');
      expect(message).to.include('https://api.test');
      expect(message).to.include('"the-hundred"');
      await expect(el).to.be.accessible();
    });
  }
});

describe('amount rules against the real endpoint', function () {
  const endpoint = document.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content;
  before(function () {
    if (!endpoint) this.skip();
  });

  it('the demo campaign’s minimum ($1) comes with its progress and is enforced before any POST', async () => {
    const net = stubFetch(() => json(500, {}));
    try {
      const wrap = await fixture(html`<div><nine-lives-picker endpoint=${endpoint!} campaign="rescue-team-demo"></nine-lives-picker></div>`);
      const el = wrap.querySelector('nine-lives-picker')!;
      await waitUntil(() => el.progress, 'progress from the endpoint', { timeout: 5000 });
      expect(el.progress).to.deep.include({ minAmount: 100, maxAmount: 900_000 });
      $<HTMLInputElement>(el, '[part=custom]').focus();
      await sendKeys({ type: '0.60' });
      $(el, '[part=give]').click();
      await el.updateComplete;
      expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $1.');
      expect(net.calls).to.deep.equal([]);
    } finally {
      net.restore();
    }
  });
});
