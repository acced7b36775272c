import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import { DEFAULT_FEE_RATES, formatMoney, quoteGift, type Progress } from '@rescuekit/schema';
import '../define/monthly-ally-signup.js';
import type { MonthlyAllySignup } from './monthly-ally-signup.js';
import { captureNavigation, installStripeStandIn, json, stripeJsUntouched, stubFetch, checkoutFailures } from '../test-support/checkout-stand-ins.js';
import { demo, partText, shadowText } from '../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const radios = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')];
const checked = (el: Element) => radios(el).find((r) => r.getAttribute('aria-checked') == 'true')?.textContent;
const active = (el: Element) => el.shadowRoot!.activeElement;
const dialog = (el: Element) => $<HTMLDialogElement>(el, 'dialog');
const FEE_25 = quoteGift(2500, DEFAULT_FEE_RATES.usd!, true).fee;
const MANAGE = 'https://billing.stripe.com/p/login/test_ally';
const withAllies: Progress = { ...demo, campaign: 'the-hundred', allies: 12, manageGivingUrl: MANAGE };

/**
 * Stands in for `GET …/v1/campaigns/:id`: answers `progress` (a document, an
 * HTTP status, or a promise of either) and records the URLs asked for.
 */
function serveProgress(progress: Progress | number | Promise<Progress | number>) {
  const real = window.fetch;
  const urls: string[] = [];
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (!/\/v1\/campaigns\/[^/]+$/.test(url)) return real(input, init);
    urls.push(url);
    const p = await progress;
    return typeof p == 'number' ? json(p, { code: 'not_found' }) : json(200, p);
  };
  return { urls, restore: () => void (window.fetch = real) };
}

const signup = async (attrs: { endpoint?: string; key?: string | null; campaign?: string } = {}) => {
  const { endpoint = 'https://api.test', key = 'pk_test_ally', campaign = 'the-hundred' } = attrs;
  const wrap = await fixture(html`<div><button id="before">before</button>
    <monthly-ally-signup endpoint=${endpoint} campaign=${campaign} publishable-key=${key ?? ''}><a href="https://example.org/allies">Become an Ally on our site</a></monthly-ally-signup></div>`);
  const el = wrap.querySelector('monthly-ally-signup')!;
  await el.updateComplete;
  return el;
};
const loaded = async (el: MonthlyAllySignup) => {
  await waitUntil(() => el.progress !== undefined, 'progress read');
  await el.updateComplete;
};

describe('<monthly-ally-signup> states', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let progress: ReturnType<typeof serveProgress>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    progress = serveProgress(withAllies);
  });
  afterEach(() => {
    progress.restore();
    stripe.restore();
  });

  it('idle: tiers $9/$25/$50/$100 ($9 checked, roving tabindex), email, ally counter, manage link, no donor name; axe clean', async () => {
    const el = await signup();
    await loaded(el);
    expect(progress.urls).to.deep.equal(['https://api.test/v1/campaigns/the-hundred']);
    expect($(el, 'h2').textContent).to.equal('Become an Ally');
    expect($(el, '[role=radiogroup]').getAttribute('aria-labelledby')).to.equal('al');
    expect($(el, '#al').textContent).to.equal('Choose a monthly amount');
    expect(radios(el).map((r) => r.textContent)).to.deep.equal(['$9', '$25', '$50', '$100']);
    expect(checked(el)).to.equal('$9');
    expect(radios(el).map((r) => r.tabIndex)).to.deep.equal([0, -1, -1, -1]);
    expect(partText(el, 'allies')).to.equal('12 Allies — one for every North Korean is 25 million');
    expect($<HTMLAnchorElement>(el, '[part=manage]').href).to.equal(MANAGE);
    expect(partText(el, 'manage')).to.equal('Manage my giving');
    const email = $<HTMLInputElement>(el, '[part=email]');
    expect([email.type, email.required, email.autocomplete]).to.deep.equal(['email', true, 'email']);
    expect($(el, 'label[for=email]').textContent).to.equal('Email for your receipts');
    expect(email.getAttribute('aria-describedby')).to.equal('email-note');
    expect(partText(el, 'give')).to.equal('Give $9 monthly');
    expect(shadowText(el)).not.to.match(/your name|donor/i);
    expect(el.shadowRoot!.querySelectorAll('input[type=text]')).to.have.length(1); // the custom amount only
    expect(el.querySelector('a')!.getClientRects().length, 'no-JS fallback hidden once upgraded').to.equal(0);
    expect(stripe.calls.load).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('a giving card: framed, amounts two by two and a full-width Give at 320 px', async () => {
    await setViewport({ width: 320, height: 700 });
    try {
      const el = await fixture<MonthlyAllySignup>(html`<monthly-ally-signup endpoint="data:text/plain," campaign="x"></monthly-ally-signup>`);
      const root = el.shadowRoot!;
      expect(getComputedStyle(root.querySelector('[part=base]')!).borderTopStyle).to.equal('solid');
      const amounts = [...root.querySelectorAll('[part~=amount]')].map((a) => a.getBoundingClientRect());
      expect(new Set(amounts.map((a) => Math.round(a.top))).size, 'two rows of two').to.equal(2);
      const give = root.querySelector('[part=give]')!.getBoundingClientRect();
      expect(give.width).to.be.closeTo(root.querySelector('[part=amounts]')!.getBoundingClientRect().width, 1);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('counter: one Ally, thousands with Intl grouping; custom tiers; the exact cover-fees amount', async () => {
    progress.restore();
    progress = serveProgress({ ...withAllies, allies: 1 });
    const el = await signup();
    await loaded(el);
    expect(partText(el, 'allies')).to.equal('1 Ally — one for every North Korean is 25 million');
    el.progress = { ...withAllies, allies: 123456 };
    el.setAttribute('tiers', '1500 3000');
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('123,456 Allies — one for every North Korean is 25 million');
    expect(radios(el).map((r) => r.textContent)).to.deep.equal(['$15', '$30']);
    expect(checked(el)).to.equal('$15');
    const fee = quoteGift(1500, DEFAULT_FEE_RATES.usd!, true).fee;
    expect($(el, 'label:has([part=cover-fees])').textContent!.trim()).to.equal(`Add ${formatMoney(fee, 'usd')} to cover card processing fees`);
    $(el, '[part=cover-fees]').click();
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal(`Give ${formatMoney(1500 + fee, 'usd')} monthly`);
  });

  it('counter loading: an empty line of the same height (no layout shift), then the count', async () => {
    progress.restore();
    let answer!: (p: Progress) => void;
    progress = serveProgress(new Promise<Progress>((r) => (answer = r)));
    const el = await signup();
    expect(el.progress).to.equal(undefined);
    expect(partText(el, 'allies')).to.equal('');
    const before = el.getBoundingClientRect().height;
    await expect(el).to.be.accessible();
    answer(withAllies);
    await loaded(el);
    expect(partText(el, 'allies')).to.match(/^12 Allies/);
    expect(el.getBoundingClientRect().height).to.equal(before);
  });

  for (const [name, answer] of [['404', 404], ['a document that is not progress', { nope: true } as unknown as Progress]] as const) {
    it(`progress unavailable (${name}): counter and manage link hidden, signing up still works`, async () => {
      progress.restore();
      progress = serveProgress(answer);
      const net = stubFetch(() => json(200, { clientSecret: 'cs_test_p_secret' }));
      try {
        const el = await signup();
        await loaded(el);
        expect(el.progress).to.equal(null);
        expect(partText(el, 'allies')).to.equal('');
        expect(el.shadowRoot!.querySelector('[part=manage]')).to.equal(null);
        await expect(el).to.be.accessible();
        $<HTMLInputElement>(el, '[part=email]').focus();
        await sendKeys({ type: 'ally@example.org' });
        $(el, '[part=give]').click();
        await waitUntil(() => dialog(el).open, 'checkout opens');
        el.checkout.close();
      } finally {
        net.restore();
      }
    });
  }

  it('manage link only for an https manageGivingUrl from the endpoint; never a request of its own', async () => {
    const el = await signup();
    await loaded(el);
    el.progress = { ...withAllies, manageGivingUrl: undefined };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=manage]')).to.equal(null);
    progress.restore();
    progress = serveProgress({ ...withAllies, manageGivingUrl: 'javascript:alert(1)' });
    el.campaign = 'rescue-team-demo';
    await waitUntil(() => progress.urls.length == 1);
    await loaded(el);
    expect(progress.urls).to.deep.equal(['https://api.test/v1/campaigns/rescue-team-demo']);
    expect(el.shadowRoot!.querySelector('[part=manage]')).to.equal(null);
  });

  it('email: required and validated, a visible message announced in a live region, focus moved; nothing sent, no Stripe.js', async () => {
    const net = stubFetch(() => json(200, { clientSecret: 'cs_test_e_secret' }));
    try {
      const el = await signup();
      await loaded(el);
      const email = $<HTMLInputElement>(el, '[part=email]');
      const msg = $(el, '#email-msg');
      expect(msg.getAttribute('aria-live')).to.equal('polite');
      expect(msg.textContent).to.equal('');
      $(el, '[part=give]').click();
      await el.updateComplete;
      expect(msg.textContent).to.equal('Enter your email address for your receipts.');
      expect(msg.getClientRects().length, 'visible').to.be.greaterThan(0);
      expect(email.getAttribute('aria-invalid')).to.equal('true');
      expect(email.getAttribute('aria-describedby')).to.equal('email-msg email-note');
      expect(active(el)).to.equal(email);
      await expect(el).to.be.accessible();
      await sendKeys({ type: 'kim@example' });
      await el.updateComplete;
      expect(msg.textContent).to.equal('Enter an email address like name@example.org.');
      $(el, '[part=give]').click();
      await el.updateComplete;
      expect(net.calls.filter((c) => c.url.endsWith('/v1/checkout'))).to.deep.equal([]);
      expect(stripe.calls.load).to.deep.equal([]);
      expect(stripeJsUntouched()).to.deep.equal({ scripts: 0, resources: [] });
      await sendKeys({ type: '.org' });
      await el.updateComplete;
      expect(msg.textContent).to.equal('');
      expect(email.getAttribute('aria-invalid')).to.equal('false');
    } finally {
      net.restore();
    }
  });

  it('email: a bad address shows its message when the donor leaves the field, not while typing the first characters', async () => {
    const el = await signup();
    const email = $<HTMLInputElement>(el, '[part=email]');
    email.focus();
    await sendKeys({ type: 'kim' });
    await el.updateComplete;
    expect($(el, '#email-msg').textContent).to.equal('');
    await sendKeys({ press: 'Tab' });
    await el.updateComplete;
    expect($(el, '#email-msg').textContent).to.equal('Enter an email address like name@example.org.');
  });

  it('custom amount: parsed like the picker’s, same messages', async () => {
    const el = await signup();
    const input = $<HTMLInputElement>(el, '[part=custom]');
    input.focus();
    await sendKeys({ type: '0.2' });
    await el.updateComplete;
    expect(checked(el)).to.equal(undefined);
    expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $0.50.');
    input.select();
    await sendKeys({ type: '30' });
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal('Give $30 monthly');
  });

  it('Allies goal from the progress: "1,204 of 25 million Allies" over a progressbar; no bar without a goal', async () => {
    progress.restore();
    progress = serveProgress({ ...withAllies, allies: 1204, alliesGoal: 25_000_000 });
    const el = await signup();
    await loaded(el);
    expect(partText(el, 'allies')).to.equal('1,204 of 25 million Allies');
    const bar = $(el, '[part=allies-bar]');
    expect([bar.getAttribute('role'), bar.getAttribute('aria-label'), bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax'), bar.getAttribute('aria-valuenow')]).to.deep.equal([
      'progressbar',
      'Allies toward the goal',
      '0',
      '25000000',
      '1204',
    ]);
    expect(bar.getAttribute('aria-valuetext')).to.equal('1,204 of 25 million Allies');
    // 1,204 of 25 million is 0.005 %: drawn as a sliver so the bar is not blank.
    const fill = $(el, '[part=allies-fill]');
    expect(fill.style.getPropertyValue('--_p')).to.equal('0.005');
    expect(fill.getBoundingClientRect().width).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    el.progress = { ...withAllies, allies: 18_750_000, alliesGoal: 25_000_000 };
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('18,750,000 of 25 million Allies');
    expect(fill.style.getPropertyValue('--_p')).to.equal('0.75');
    expect(fill.getBoundingClientRect().width / bar.clientWidth).to.be.closeTo(0.75, 0.02);
    el.progress = { ...withAllies, allies: 12 };
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('12 Allies — one for every North Korean is 25 million');
    expect(el.shadowRoot!.querySelector('[part=allies-bar]')).to.equal(null);
  });

  it('the allies-goal attribute overrides the progress; a goal that is not a positive whole number is ignored', async () => {
    const el = await signup();
    await loaded(el);
    el.progress = { ...withAllies, allies: 40, alliesGoal: 25_000_000 };
    el.setAttribute('allies-goal', '100');
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('40 of 100 Allies');
    expect($(el, '[part=allies-fill]').style.getPropertyValue('--_p')).to.equal('0.4');
    el.setAttribute('allies-goal', '-5');
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('40 of 25 million Allies');
    el.setAttribute('allies-goal', '1500000');
    el.progress = { ...withAllies, allies: 40 };
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('40 of 1.5 million Allies');
    await expect(el).to.be.accessible();
  });

  it('Allies goal in Korean: compact Korean numbers, the same sentence as the bar\'s value text', async () => {
    const wrap = await fixture(html`<div lang="ko"><monthly-ally-signup endpoint="https://api.test" campaign="the-hundred"></monthly-ally-signup></div>`);
    const el = wrap.querySelector('monthly-ally-signup')!;
    await loaded(el);
    el.progress = { ...withAllies, allies: 1204, alliesGoal: 25_000_000 };
    await el.updateComplete;
    expect(partText(el, 'allies')).to.equal('정기 후원자 2500만명 중 1,204명');
    const bar = $(el, '[part=allies-bar]');
    expect(bar.getAttribute('aria-label')).to.equal('정기 후원자 목표 달성도');
    expect(bar.getAttribute('aria-valuetext')).to.equal('정기 후원자 2500만명 중 1,204명');
    await expect(el).to.be.accessible();
  });

  it('Korean: words, counter with Intl numbers, money', async () => {
    const wrap = await fixture(html`<div lang="ko"><monthly-ally-signup endpoint="https://api.test" campaign="the-hundred"></monthly-ally-signup></div>`);
    const el = wrap.querySelector('monthly-ally-signup')!;
    await loaded(el);
    el.progress = { ...withAllies, allies: 12345 };
    await el.updateComplete;
    expect($(el, 'h2').textContent).to.equal('정기 후원자(Ally)가 되어 주세요');
    expect(partText(el, 'allies')).to.equal('정기 후원자 12,345명 — 목표는 북한 주민 한 사람당 한 명, 2500만명입니다');
    expect(partText(el, 'manage')).to.equal('내 정기 후원 관리');
    expect(partText(el, 'give')).to.equal('매월 US$9 후원하기');
    $(el, '[part=give]').click();
    await el.updateComplete;
    expect($(el, '#email-msg').textContent).to.equal('영수증을 받을 이메일 주소를 입력해 주세요.');
    await expect(el).to.be.accessible();
  });
});

/** Keyboard only: Tab past the manage link into the tiers, → to $25, Tab to the email (typed), Tab to cover-fees, Space, Tab to Give, Enter. */
async function chooseTwentyFiveWithFeesAndGive(el: MonthlyAllySignup, email = 'ally@example.org') {
  (el.parentElement!.querySelector('#before') as HTMLElement).focus();
  await sendKeys({ press: 'Tab' });
  if (active(el)?.getAttribute('part') == 'manage') await sendKeys({ press: 'Tab' });
  expect(active(el)?.textContent).to.equal('$9');
  await sendKeys({ press: 'ArrowRight' });
  expect(active(el)?.textContent).to.equal('$25');
  expect(active(el)?.getAttribute('aria-checked')).to.equal('true');
  await sendKeys({ press: 'Tab' }); // custom amount
  await sendKeys({ press: 'Tab' }); // email
  expect(active(el)?.getAttribute('part')).to.equal('email');
  await sendKeys({ type: email });
  await sendKeys({ press: 'Tab' }); // cover-fees
  expect(active(el)?.getAttribute('part')).to.equal('cover-fees');
  await sendKeys({ press: 'Space' });
  await sendKeys({ press: 'Tab' }); // Give
  expect(active(el)?.getAttribute('part')).to.equal('give');
  expect(partText(el, 'give')).to.equal(`Give ${formatMoney(2500 + FEE_25, 'usd')} monthly`);
  await sendKeys({ press: 'Enter' });
}

const gift25 = { campaign: 'the-hundred', amount: 2500, currency: 'usd', frequency: 'monthly', coverFees: true, total: 2500 + FEE_25 };

describe('<monthly-ally-signup> checkout (Stripe.js stand-in, stub endpoint)', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let progress: ReturnType<typeof serveProgress>;
  let net: ReturnType<typeof stubFetch>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    progress = serveProgress(withAllies);
    net = stubFetch(() => json(200, { clientSecret: 'cs_test_ally_secret_abc' }));
  });
  afterEach(() => {
    net.restore();
    progress.restore();
    stripe.restore();
  });
  const checkouts = () => net.calls.filter((c) => c.url.endsWith('/v1/checkout'));

  it('acceptance: $25 + cover-fees + email, keyboard only -> modal with the client secret; monthly body with the email; no Stripe.js before', async () => {
    const el = await signup();
    await loaded(el);
    const heard: Event[] = [];
    for (const type of ['rescue-give-start', 'rescue-checkout-open']) document.addEventListener(type, (e) => heard.push(e), { once: true });
    expect(stripe.calls.load, 'loader not called before Give').to.deep.equal([]);
    expect(stripeJsUntouched()).to.deep.equal({ scripts: 0, resources: [] });
    await chooseTwentyFiveWithFeesAndGive(el);
    await waitUntil(() => dialog(el).open, 'checkout modal opens');
    expect(checkouts().map((c) => [c.method, c.url])).to.deep.equal([['POST', 'https://api.test/v1/checkout']]);
    expect(checkouts()[0]!.body).to.deep.include({ campaign: 'the-hundred', amount: 2500, currency: 'usd', frequency: 'monthly', coverFees: true, uiMode: 'embedded', email: 'ally@example.org' });
    expect(stripe.calls.load).to.deep.equal(['pk_test_ally']);
    expect(stripe.calls.secrets).to.deep.equal(['cs_test_ally_secret_abc']);
    expect($(el, '[part=checkout] section').dataset.secret).to.equal('cs_test_ally_secret_abc');
    expect(el.checkout.state).to.equal('open');
    // Analytics hear what, never who: no email in events or in what is remembered for the return.
    expect(heard.map((e) => [e.type, (e as CustomEvent).detail])).to.deep.equal([
      ['rescue-give-start', gift25],
      ['rescue-checkout-open', { ...gift25, mode: 'embedded' }],
    ]);
    expect(JSON.stringify(sessionStorage)).not.to.include('ally@example.org');
    expect(dialog(el).contains(active(el))).to.equal(true);
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => el.checkout.state == 'idle', 'Escape closes the modal');
    expect(active(el)?.getAttribute('part')).to.equal('give');
  });

  it('redirect mode (no publishable key): the same monthly body, Stripe’s hosted page, no Stripe.js', async () => {
    net.restore();
    net = stubFetch(() => json(200, { url: 'https://checkout.stripe.com/c/pay/cs_test_ally' }));
    const nav = captureNavigation();
    try {
      const el = await signup({ key: null });
      $<HTMLInputElement>(el, '[part=email]').focus();
      await sendKeys({ type: 'ally@example.org' });
      const opened = oneEvent(el, 'rescue-checkout-open');
      $(el, '[part=give]').click();
      expect((await opened).detail).to.deep.equal({ campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'monthly', coverFees: false, total: 900, mode: 'redirect' });
      expect(checkouts()[0]!.body).to.deep.include({ frequency: 'monthly', uiMode: 'redirect', email: 'ally@example.org' });
      expect(nav.urls).to.deep.equal(['https://checkout.stripe.com/c/pay/cs_test_ally']);
      expect(stripe.calls.load).to.deep.equal([]);
    } finally {
      nav.restore();
    }
  });

  it('loading: spinner, aria-busy, Give aria-disabled and ignoring presses; axe clean', async () => {
    net.restore();
    let answer!: (r: Response) => void;
    net = stubFetch(() => new Promise<Response>((r) => (answer = r)));
    const el = await signup();
    el.progress = withAllies;
    $<HTMLInputElement>(el, '[part=email]').focus();
    await sendKeys({ type: 'ally@example.org' });
    $(el, '[part=give]').click();
    await el.updateComplete;
    const give = $(el, '[part=give]');
    expect([give.getAttribute('aria-busy'), give.getAttribute('aria-disabled')]).to.deep.equal(['true', 'true']);
    expect(give.querySelector('.spin')).to.not.equal(null);
    expect(partText(el, 'status')).to.equal('Opening secure checkout…');
    await expect(el).to.be.accessible();
    give.click();
    expect(checkouts()).to.have.length(1);
    answer(json(200, { clientSecret: 'cs_test_x_secret' }));
    await waitUntil(() => dialog(el).open);
    el.checkout.close();
  });

  const failures = checkoutFailures('email', 'your email address');
  for (const [state, respond, text, detail] of failures) {
    it(`${state}: visible message, fallback link, rescue-checkout-error; axe clean`, async () => {
      net.restore();
      net = stubFetch(respond);
      const el = await signup();
      await loaded(el);
      $<HTMLInputElement>(el, '[part=email]').focus();
      await sendKeys({ type: 'ally@example.org' });
      const failed = oneEvent(el, 'rescue-checkout-error');
      $(el, '[part=give]').click();
      const e = await failed;
      await el.updateComplete;
      expect(el.checkout.state).to.equal(state);
      expect(partText(el, 'status')).to.equal(text);
      expect($(el, '[part=status]').getAttribute('role')).to.equal('status');
      expect(e.detail).to.deep.include({ campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'monthly', coverFees: false, total: 900, ...detail });
      expect(e.detail).not.to.have.property('email');
      expect(el.querySelector('a')!.assignedSlot).to.not.equal(null);
      expect(el.querySelector('a')!.getClientRects().length, 'fallback link shown').to.be.greaterThan(0);
      await expect(el).to.be.accessible();
    });
  }

  it('thanks: Embedded Checkout completes -> welcome message, form gone, counter and manage link stay; axe clean', async () => {
    const el = await signup();
    await loaded(el);
    await chooseTwentyFiveWithFeesAndGive(el);
    await waitUntil(() => el.checkout.state == 'open');
    const done = oneEvent(el, 'rescue-checkout-complete');
    stripe.complete();
    expect((await done).detail).to.deep.equal(gift25);
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('Welcome, Ally! Thank you for giving every month. A receipt is on its way from Stripe.');
    expect(el.shadowRoot!.querySelector('[part=give], [part=email]')).to.equal(null);
    expect(partText(el, 'allies')).to.match(/^12 Allies/);
    expect(el.shadowRoot!.querySelector('[part=manage]')).to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('Korean state message and thanks', async () => {
    const el = await signup();
    el.lang = 'ko';
    el.checkout.state = 'thanks';
    el.requestUpdate();
    await el.updateComplete;
    expect(partText(el, 'status')).to.equal('정기 후원자가 되어 주셔서 감사합니다! Stripe에서 영수증을 보내 드립니다.');
    await expect(el).to.be.accessible();
  });
});

describe('<monthly-ally-signup> against the real endpoint', function () {
  const endpoint = document.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content;
  before(function () {
    if (!endpoint) this.skip();
  });

  it('reads the ally counter from GET /v1/campaigns/:id and POSTs the monthly body with the email to /v1/checkout', async () => {
    const real = window.fetch;
    const posted: { url: string; body: any }[] = [];
    // A recording stand-in: every request still goes to the real endpoint.
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method == 'POST') posted.push({ url: String(input), body: JSON.parse(String(init.body)) });
      return real(input, init);
    };
    const stripe = installStripeStandIn();
    try {
      const el = await signup({ endpoint: endpoint!, campaign: 'rescue-team-demo' });
      await loaded(el);
      expect(el.progress, 'the endpoint’s progress document').to.not.equal(null);
      expect(partText(el, 'allies')).to.match(/^\d[\d,]* All(y|ies) — one for every North Korean is 25 million$/);
      expect(partText(el, 'allies')).to.include(String(el.progress!.allies));
      await chooseTwentyFiveWithFeesAndGive(el);
      await waitUntil(() => posted.length > 0 && el.checkout.state != 'loading', 'the endpoint answered', { timeout: 8000 });
      expect(posted[0]!.url).to.equal(`${endpoint}/v1/checkout`);
      expect(posted[0]!.body).to.deep.include({
        campaign: 'rescue-team-demo',
        amount: 2500,
        currency: 'usd',
        frequency: 'monthly',
        coverFees: true,
        uiMode: 'embedded',
        email: 'ally@example.org',
      });
      el.checkout.close();
    } finally {
      window.fetch = real;
      stripe.restore();
    }
  });

  it('POST /v1/checkout -> a monthly subscription session -> the modal mounts its client secret', async () => {
    const stripe = installStripeStandIn();
    try {
      const el = await signup({ endpoint: endpoint!, campaign: 'rescue-team-demo' });
      await loaded(el);
      await chooseTwentyFiveWithFeesAndGive(el);
      await waitUntil(() => dialog(el).open || el.checkout.state != 'loading', 'an answer', { timeout: 8000 });
      expect(el.checkout.state, partText(el, 'status')).to.equal('open');
      expect(stripe.calls.secrets[0]).to.match(/^cs_test_\w+_secret_\w+$/);
      const session = await executeServerCommand<{ mode: string; amount_total: number; currency: string; metadata: Record<string, string> } | null, unknown>('stripe-last-session');
      expect(session, 'the endpoint created a session on the Stripe test server').to.not.equal(null);
      expect(session).to.deep.include({ mode: 'subscription', amount_total: 2500 + FEE_25, currency: 'usd' });
      expect(session!.metadata).to.deep.include({ rescuekit_campaign: 'rescue-team-demo', gift_amount: '2500' });
      el.checkout.close();
    } finally {
      stripe.restore();
    }
  });
});
