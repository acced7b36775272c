import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Progress } from '@rescuekit/schema';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import type { GivingElement } from './giving-element.js';
import { parseGivingProgress } from './giving-progress.js';
import { captureNavigation, json, stubFetch } from '../test-support/checkout-stand-ins.js';
import { demo, partText } from '../test-support/fixtures.js';

const LINK = 'https://buy.stripe.com/test_campaign';
const ATTR = 'https://buy.stripe.com/test_attribute';
const TODAY = 'Checkout could not be opened. Please try again.';
const SAYS = 'We can’t start the payment right now. You can still give through Stripe directly: Give through Stripe';
const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel);
const active = (el: Element) => el.shadowRoot!.activeElement;
const status = (el: Element) => partText(el, 'status').replace(/\s+/g, ' ').trim();

/** Each giving element, with what a Give needs filled in (the Ally's email); `link` as its `fallback-link` attribute. */
const ELEMENTS: [string, (link: string | undefined, progress?: Progress) => Promise<GivingElement>][] = [
  ['nine-lives-picker', (link, progress) => fixture(html`<nine-lives-picker endpoint="https://api.test" campaign="the-hundred" mode="redirect" fallback-link=${link ?? ''} .progress=${progress}></nine-lives-picker>`)],
  ['monthly-ally-signup', async (link, progress) => {
    const el = await fixture<GivingElement>(html`<monthly-ally-signup endpoint="https://api.test" campaign="the-hundred" mode="redirect" fallback-link=${link ?? ''} .progress=${progress}></monthly-ally-signup>`);
    const email = $<HTMLInputElement>(el, 'input[type=email]')!;
    email.value = 'ally@example.org';
    email.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    return el;
  }],
  ['rescue-donate-button', (link, progress) => fixture(html`<rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="900" mode="redirect" fallback-link=${link ?? ''} .progress=${progress}></rescue-donate-button>`)],
];

/** Presses Give by keyboard (focus, Enter) and waits for the failure. */
async function giveAndFail(el: GivingElement): Promise<void> {
  const failed = oneEvent(el, 'rescue-checkout-error');
  $(el, '[part~=give]')!.focus();
  await sendKeys({ press: 'Enter' });
  await failed;
  await el.updateComplete;
}

describe('giving elements: a fallback Payment Link when checkout cannot be created', () => {
  let nav: ReturnType<typeof captureNavigation>;
  beforeEach(() => {
    nav = captureNavigation();
  });
  afterEach(() => nav.restore());

  it('progress keeps an https fallbackPaymentLink and drops any other', () => {
    expect(parseGivingProgress({ ...demo, fallbackPaymentLink: LINK })!.fallbackPaymentLink).to.equal(LINK);
    expect(parseGivingProgress({ ...demo, fallbackPaymentLink: 'javascript:alert(1)' })!.fallbackPaymentLink).to.equal(undefined);
    expect(parseGivingProgress(demo)!.fallbackPaymentLink).to.equal(undefined);
  });

  for (const [tag, make] of ELEMENTS) {
    describe(`<${tag}>`, () => {
      let net: ReturnType<typeof stubFetch> | undefined;
      afterEach(() => net?.restore());

      it('503: says so kindly and offers the campaign’s link (before the attribute’s), next after Give for the keyboard, in a new tab', async () => {
        net = stubFetch(() => json(503, { code: 'unavailable' }));
        const el = await make(ATTR, { ...demo, campaign: 'the-hundred', fallbackPaymentLink: LINK });
        await giveAndFail(el);
        expect(status(el)).to.equal(SAYS);
        const a = $<HTMLAnchorElement>(el, '[part~=fallback-link]')!;
        expect([a.href, a.target, a.rel]).to.deep.equal([LINK, '_blank', 'noopener']);
        expect(active(el)?.getAttribute('part')).to.equal('give', 'focus stays on Give, which the message describes');
        await sendKeys({ press: 'Tab' });
        expect(active(el)).to.equal(a);
        expect(nav.urls).to.deep.equal([]);
        await expect(el).to.be.accessible();
      });

      it('the endpoint cannot be reached (progress never loads): the fallback-link attribute’s link, in Korean too', async () => {
        net = stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
        const el = await make(ATTR);
        await giveAndFail(el);
        expect(el.progress ?? undefined).to.equal(undefined);
        expect(status(el)).to.equal(SAYS);
        expect($<HTMLAnchorElement>(el, '[part~=fallback-link]')!.href).to.equal(ATTR);
        el.lang = 'ko';
        await waitUntil(() => status(el).startsWith('지금'), 'Korean words load');
        expect(status(el)).to.equal('지금은 결제를 시작할 수 없습니다. Stripe에서 바로 후원하실 수 있습니다: Stripe에서 후원하기');
      });

      it('without a fallback link: exactly today’s message', async () => {
        net = stubFetch(() => json(503, { code: 'unavailable' }));
        const el = await make(undefined, { ...demo, campaign: 'the-hundred' });
        await giveAndFail(el);
        expect(status(el)).to.equal(TODAY);
        expect($(el, '[part~=fallback-link]')).to.equal(null);
      });

      it('a 4xx is the donor’s to fix: today’s message, no link; a link that is not https is never offered', async () => {
        net = stubFetch(() => json(404, { code: 'not_found', field: 'campaign' }));
        const el = await make(ATTR, { ...demo, campaign: 'the-hundred', fallbackPaymentLink: LINK });
        await giveAndFail(el);
        expect(status(el)).to.equal(TODAY);
        expect($(el, '[part~=fallback-link]')).to.equal(null);
        net.restore();
        net = stubFetch(() => json(500, { code: 'internal' }));
        const other = await make('javascript:alert(1)');
        await giveAndFail(other);
        await waitUntil(() => status(other) == TODAY);
        expect($(other, '[part~=fallback-link]')).to.equal(null);
      });
    });
  }
});
