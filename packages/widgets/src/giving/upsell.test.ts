/**
 * The monthly upsell (<nine-lives-picker>, <rescue-donate-button>) and impact lines on presets,
 * keyboard only, in Chromium: focus, the answer in `rescue-give-start` and in the checkout body,
 * the answer on the Stripe test server's session (through the real endpoint), axe, en and ko.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import { formatMoney, type Progress } from '@rescuekit/schema';
import '../define/nine-lives-picker.js';
import '../define/rescue-donate-button.js';
import type { NineLivesPicker } from '../nine-lives-picker/nine-lives-picker.js';
import type { RescueDonateButton } from '../rescue-donate-button/rescue-donate-button.js';
import type { GiftDetail } from '../events/rescue-give-start.js';
import { installStripeStandIn, json, stubFetch } from '../test-support/checkout-stand-ins.js';
import { partText } from '../test-support/fixtures.js';
import { parseGivingProgress } from './giving-progress.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const active = (el: Element) => el.shadowRoot!.activeElement;
const axNode = (expression: string) => executeServerCommand<{ role: string; name: string }, unknown>('ax-node', { expression });

const impact = { '900': { en: 'A day of safe shelter', ko: '안전한 쉼터에서의 하루' }, '2700': { en: 'Feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식량' } };
const progress = (over: Partial<Progress> = {}): Progress => ({
  campaign: 'the-hundred', title: 'The Hundred', currency: 'usd', goal: 30_000_000, raised: 0, donors: 0, rescueCost: 300_000, rescuesFunded: 0, allies: 0,
  updatedAt: '2026-11-22T10:00:00Z', upsell: { monthly: true }, ...over,
});

async function picker(p: Progress, endpoint = 'https://api.test', lang = 'en', campaign = 'the-hundred') {
  const wrap = await fixture(html`<div lang=${lang}><button id="before">before</button>
    <nine-lives-picker endpoint=${endpoint} campaign=${campaign} publishable-key="pk_test_wtr" .progress=${p}></nine-lives-picker></div>`);
  const el = wrap.querySelector('nine-lives-picker')!;
  await el.updateComplete;
  return el as NineLivesPicker;
}

/** Keyboard only: Tab into the presets, → to $27, Tab past custom, cover-fees and tribute to Give, Enter. */
async function chooseTwentySevenAndGive(el: NineLivesPicker) {
  (el.parentElement!.querySelector('#before') as HTMLElement).focus();
  await sendKeys({ press: 'Tab' });
  await sendKeys({ press: 'ArrowRight' });
  for (let i = 0; i < 4; i++) await sendKeys({ press: 'Tab' });
  expect(active(el)?.getAttribute('part')).to.equal('give');
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
}

const starts = () => {
  const heard: GiftDetail[] = [];
  const on = (e: Event) => heard.push((e as CustomEvent<GiftDetail>).detail);
  document.addEventListener('rescue-give-start', on);
  return { heard, stop: () => document.removeEventListener('rescue-give-start', on) };
};

describe('monthly upsell', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let net: ReturnType<typeof stubFetch>;
  let events: ReturnType<typeof starts>;
  beforeEach(() => {
    stripe = installStripeStandIn();
    net = stubFetch(() => json(200, { clientSecret: 'cs_test_upsell_secret_1' }));
    events = starts();
  });
  afterEach(() => {
    events.stop();
    net.restore();
    stripe.restore();
  });

  it('picker, accepted with Enter: the step asks for $9 monthly, focus on Yes; monthly $9 with upsell "accepted" in the event and the body', async () => {
    const el = await picker(progress());
    await chooseTwentySevenAndGive(el);
    const step = $(el, '[part=upsell]')!;
    expect(step, 'the upsell step shows').to.exist;
    expect(net.calls, 'nothing sent before the answer').to.deep.equal([]);
    expect(events.heard).to.deep.equal([]);
    expect(active(el)?.getAttribute('part')).to.equal('upsell-yes');
    expect(partText(el, 'upsell-yes')).to.equal('Yes, give $9 monthly');
    expect(partText(el, 'upsell-no')).to.equal('No, give $27 once');
    const group = await axNode(`document.querySelector('nine-lives-picker').shadowRoot.querySelector('[part=upsell]')`);
    expect(group).to.deep.include({ role: 'group', name: 'Could you give $9 a month instead? Monthly gifts let teams plan rescues ahead.' });
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => net.calls.length == 1, 'checkout called');
    expect(net.calls[0]!.body).to.deep.include({ amount: 900, frequency: 'monthly', upsell: 'accepted', upsellFrom: 2700, coverFees: false });
    expect(events.heard).to.deep.equal([{ campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'monthly', coverFees: false, total: 900, upsell: 'accepted' }]);
    expect($(el, '[part=upsell]')).to.equal(null);
    el.checkout.close();
  });

  it('picker, declined with Tab + Enter on "No": once at $27 with upsell "declined"', async () => {
    const el = await picker(progress());
    await chooseTwentySevenAndGive(el);
    await sendKeys({ press: 'Tab' });
    expect(active(el)?.getAttribute('part')).to.equal('upsell-no');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => net.calls.length == 1, 'checkout called');
    expect(net.calls[0]!.body).to.deep.include({ amount: 2700, frequency: 'once', upsell: 'declined' });
    expect(net.calls[0]!.body).to.not.have.property('upsellFrom');
    expect(events.heard).to.deep.equal([{ campaign: 'the-hundred', amount: 2700, currency: 'usd', frequency: 'once', coverFees: false, total: 2700, upsell: 'declined' }]);
    el.checkout.close();
  });

  it('picker, Escape gives once; focus returns to Give', async () => {
    const el = await picker(progress());
    await chooseTwentySevenAndGive(el);
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => net.calls.length == 1, 'checkout called');
    expect(net.calls[0]!.body).to.deep.include({ amount: 2700, frequency: 'once', upsell: 'declined' });
    expect(events.heard[0]!.upsell).to.equal('declined');
    el.checkout.close();
  });

  it('no upsell when the campaign does not enable it, or when a third of the gift is below the $9 floor', async () => {
    for (const [p, choose] of [
      [progress({ upsell: undefined }), chooseTwentySevenAndGive],
      [progress({ upsell: { monthly: false } }), chooseTwentySevenAndGive],
      // $9 itself: a third is $3, below the floor
      [progress(), async (el: NineLivesPicker) => ((el.parentElement!.querySelector('#before') as HTMLElement).focus(), await sendKeys({ press: 'Tab' }), await sendKeys({ press: 'Tab' }), await sendKeys({ type: '20' }), await sendKeys({ press: 'Enter' }))],
    ] as const) {
      net.calls.length = 0;
      events.heard.length = 0;
      const el = await picker(p);
      await choose(el);
      await waitUntil(() => net.calls.length == 1, 'checkout called at once');
      expect($(el, '[part=upsell]')).to.equal(null);
      expect(net.calls[0]!.body.upsell).to.equal(undefined);
      expect(events.heard[0]).to.not.have.property('upsell');
      el.checkout.close();
    }
  });

  it('a monthly gift is never upsold; ko words on the step', async () => {
    const el = await picker(progress(), 'https://api.test', 'ko');
    el.monthly = true;
    el.frequency = 'monthly';
    await el.updateComplete;
    $(el, '[part=give]')!.click();
    await waitUntil(() => net.calls.length == 1);
    expect(net.calls[0]!.body).to.deep.include({ frequency: 'monthly', amount: 900 });
    el.checkout.close();
    el.frequency = 'once';
    el.checkout.state = 'idle';
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part=amount]:nth-child(3)')!.click(); // $45
    await el.updateComplete;
    $(el, '[part=give]')!.click();
    await el.updateComplete;
    expect(partText(el, 'upsell-yes')).to.equal(`네, 매월 ${formatMoney(900, 'usd', 'ko')} 후원할게요`);
    expect(partText(el, 'upsell-no')).to.equal(`아니요, ${formatMoney(4500, 'usd', 'ko')} 한 번만 후원할게요`);
    await expect(el).to.be.accessible();
  });

  it('donate button: $27 -> the step; Yes (keyboard) -> $9 monthly, accepted', async () => {
    const wrap = await fixture(html`<div><button id="before">before</button>
      <rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="2700" publishable-key="pk_test_wtr" .progress=${progress()}></rescue-donate-button></div>`);
    const el = wrap.querySelector('rescue-donate-button') as RescueDonateButton;
    await el.updateComplete;
    (wrap.querySelector('#before') as HTMLElement).focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(active(el)?.getAttribute('part')).to.equal('upsell-yes');
    expect(partText(el, 'upsell')).to.include('Could you give $9 a month instead?');
    await expect(el).to.be.accessible();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => net.calls.length == 1);
    expect(net.calls[0]!.body).to.deep.include({ amount: 900, frequency: 'monthly', upsell: 'accepted', upsellFrom: 2700 });
    expect(events.heard[0]).to.deep.include({ amount: 900, frequency: 'monthly', upsell: 'accepted' });
    el.checkout.close();
  });

  it('donate button: $20 (a third is below $9) goes straight to checkout', async () => {
    const el = (await fixture(html`<rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="2000" publishable-key="pk_test_wtr" .progress=${progress()}></rescue-donate-button>`)) as RescueDonateButton;
    $(el, '[part=give]')!.click();
    await waitUntil(() => net.calls.length == 1);
    expect(net.calls[0]!.body).to.deep.include({ amount: 2000, frequency: 'once' });
    expect(net.calls[0]!.body.upsell).to.equal(undefined);
    el.checkout.close();
  });
});

describe('monthly upsell against the real endpoint', () => {
  const endpoint = () => {
    const url = document.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content;
    expect(url, 'web-test-runner.config.mjs starts a real endpoint').to.be.a('string');
    return url!;
  };

  it('accepted: the Stripe test server session carries rescuekit_upsell = accepted', async () => {
    const stripe = installStripeStandIn();
    try {
      // The demo config's Riverside team makes the offer ("upsell": { "monthly": true }).
      const el = await picker(progress({ campaign: 'rescue-team-riverside' }), endpoint(), 'en', 'rescue-team-riverside');
      await chooseTwentySevenAndGive(el);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.checkout.state != 'idle' && el.checkout.state != 'loading', 'an answer', { timeout: 8000 });
      expect(el.checkout.state).to.equal('open');
      const session = await executeServerCommand<{ mode: string; amount_total: number; metadata: Record<string, string> } | null, unknown>('stripe-last-session');
      expect(session).to.deep.include({ mode: 'subscription', amount_total: 900 });
      expect(session!.metadata).to.deep.include({ rescuekit_campaign: 'rescue-team-riverside', rescuekit_frequency: 'monthly', rescuekit_upsell: 'accepted', gift_amount: '900' });
      el.checkout.close();
    } finally {
      stripe.restore();
    }
  });

  it('an offer the campaign does not make is refused: the status line says so, Give stays', async () => {
    const stripe = installStripeStandIn();
    try {
      // Progress says the upsell is on, but the endpoint's config for the-hundred has none: the endpoint decides.
      const el = await picker(progress(), endpoint());
      await chooseTwentySevenAndGive(el);
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.checkout.state != 'idle' && el.checkout.state != 'loading', 'an answer', { timeout: 8000 });
      expect([el.checkout.state, el.checkout.field]).to.deep.equal(['invalid', 'upsell']);
      expect(partText(el, 'status')).to.not.equal('');
      expect($(el, '[part=give]')).to.exist;
      await expect(el).to.be.accessible();
    } finally {
      stripe.restore();
    }
  });
});

describe('impact lines', () => {
  const name = (n: number) => axNode(`document.querySelector('nine-lives-picker').shadowRoot.querySelectorAll('[part=amount]')[${n}]`);

  it('en: shown under the amount and read with it (the radio’s accessible name); presets without a line stay as they were', async () => {
    const el = await picker(progress({ upsell: undefined, impact }));
    expect(partText(el, 'impact')).to.equal('A day of safe shelter');
    expect(await name(0)).to.deep.include({ role: 'radio', name: '$9 A day of safe shelter' });
    expect(await name(1)).to.deep.include({ role: 'radio', name: '$27 Feeds a family in hiding for a week' });
    expect(await name(2)).to.deep.include({ role: 'radio', name: '$45' });
    await expect(el).to.be.accessible();
  });

  it('ko: the Korean line, followed live when lang changes; the amount alone in a language the campaign did not write', async () => {
    const el = await picker(progress({ upsell: undefined, impact }), 'https://api.test', 'ko');
    expect(await name(1)).to.deep.include({ role: 'radio', name: `${formatMoney(2700, 'usd', 'ko')} 숨어 지내는 가족의 일주일 식량` });
    await expect(el).to.be.accessible();
    el.parentElement!.lang = 'en';
    await waitUntil(() => partText(el, 'impact') == 'A day of safe shelter', 'English lines');
    expect((await name(1)).name).to.equal('$27 Feeds a family in hiding for a week');
    // Only English written: a Korean page shows the amount alone rather than mix languages.
    el.parentElement!.lang = 'ko';
    el.progress = progress({ upsell: undefined, impact: { '2700': { en: 'Feeds a family in hiding for a week' } } });
    await waitUntil(() => !$(el, '[part=impact]'), 'no line');
    expect((await name(1)).name).to.equal(formatMoney(2700, 'usd', 'ko'));
  });

  it('--rescue-impact-lines keeps their room from the first paint: nothing moves when they arrive; a narrow card puts presets two to a row', async () => {
    const box = async (lines: number) => {
      const wrap = await fixture(html`<div style=${`width: 340px; font-size: 16px; line-height: 1.5; --rescue-impact-lines: ${lines}`}>
        <nine-lives-picker campaign="the-hundred" .progress=${undefined}></nine-lives-picker></div>`);
      const el = wrap.querySelector('nine-lives-picker') as NineLivesPicker;
      await el.updateComplete;
      const at = () => ({ height: el.getBoundingClientRect().height, custom: $(el, '[part=custom]')!.getBoundingClientRect().top });
      const before = at();
      el.progress = progress({ upsell: undefined, impact });
      await el.updateComplete;
      const tops = [...el.shadowRoot!.querySelectorAll('[part=amount]')].map((b) => Math.round(b.getBoundingClientRect().top));
      return { before, after: at(), tops };
    };
    const reserved = await box(3);
    expect(reserved.after).to.deep.equal(reserved.before);
    expect(reserved.tops[0]).to.equal(reserved.tops[1]);
    expect(reserved.tops[2]).to.be.greaterThan(reserved.tops[1]!);
    // The control: without the reservation the same lines push the form down.
    const bare = await box(0);
    expect(bare.after.custom).to.be.greaterThan(bare.before.custom + 10);
  });

  it('the giving progress check keeps valid settings and drops malformed ones', () => {
    const base = progress({ upsell: undefined });
    expect(parseGivingProgress({ ...base, upsell: { monthly: true, divisor: 4 }, impact })).to.deep.include({ upsell: { monthly: true, divisor: 4 }, impact });
    const bad = parseGivingProgress({ ...base, upsell: { monthly: true, floor: -1 }, impact: { '900': 'not lines' } })!;
    expect(bad).to.not.have.property('upsell');
    expect(bad).to.not.have.property('impact');
    expect(bad.raised).to.equal(0);
  });
});
