// A language a host page added before newer strings existed (`upsellAsk`, `upsellYes`, `upsellNo`,
// and any key added since): every element renders, with the language's words where it has them and
// English per missing key, never `undefined` or a thrown render; the monthly upsell step still works.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Progress } from '@rescuekit/schema';
import { registerStrings, type RescuekitStrings } from '../index.js';
import '../define/rescue-thermometer.js';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import '../define/rescue-leaderboard.js';
import '../define/rescue-recent-gifts.js';
import { installStripeStandIn, json, stubFetch } from '../test-support/checkout-stand-ins.js';
import { demo, fundraisers, partText, recentGifts, shadowText, teams } from '../test-support/fixtures.js';

const settled = () => new Promise((r) => setTimeout(r, 10));
const giving: Progress = { ...demo, campaign: 'the-hundred', upsell: { monthly: true } };

/**
 * German as an older release knew it: a few words per element, none of the checkout's, the
 * upsell's or the newer keys. (Cast: the type rightly asks for every key; pages that add a
 * language from plain JavaScript are not type-checked, and an older table is what they hold.)
 */
const OLD_GERMAN = {
  'rescue-thermometer': { first: 'Sei die erste Spenderin!', donors: (_n: number, count: string) => `${count} Spender` },
  'nine-lives-picker': { title: '9 Leben', once: 'Einmalig', give: (amount?: string) => `${amount} spenden` },
  'monthly-ally-signup': { title: 'Werde Ally' },
  'rescue-donate-button': { give: (amount?: string) => `${amount} spenden` },
  'rescue-leaderboard': { rank: 'Platz', team: 'Team' },
  'rescue-recent-gifts': { title: 'Neueste Spenden', kinds: { online: 'online', monthly: 'monatlich', offline: 'vor Ort' } },
} as unknown as Partial<RescuekitStrings>;

const noHoles = (el: Element) => {
  const text = shadowText(el);
  expect(text).to.not.match(/undefined|NaN|\[object/);
  return text;
};

describe('a language missing newer keys', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  let net: ReturnType<typeof stubFetch>;
  before(() => registerStrings('de', OLD_GERMAN));
  beforeEach(() => {
    stripe = installStripeStandIn();
    net = stubFetch(() => json(200, { clientSecret: 'cs_test_partial_secret_1' }));
  });
  afterEach(() => {
    net.restore();
    stripe.restore();
  });

  it('thermometer: its German words, English for the rest', async () => {
    const wrap = await fixture(html`<div lang="de"><rescue-thermometer .progress=${{ ...demo, donors: 0, raised: 0, rescuesFunded: 0 }}></rescue-thermometer>
      <rescue-thermometer .progress=${demo}></rescue-thermometer></div>`);
    const [first, later] = [...wrap.children] as HTMLElement[];
    await settled();
    expect(noHoles(first!)).to.include('Sei die erste Spenderin!');
    expect(partText(later!, 'donors')).to.equal('12 Spender');
    expect(partText(later!, 'rescues')).to.equal('1 rescue funded');
    noHoles(later!);
    await expect(later!).to.be.accessible();
  });

  it('picker: German title and Give, English upsell step; Yes gives monthly', async () => {
    const wrap = await fixture(html`<div lang="de"><nine-lives-picker endpoint="https://api.test" campaign="the-hundred" publishable-key="pk_test_wtr" .progress=${giving}></nine-lives-picker></div>`);
    const el = wrap.querySelector('nine-lives-picker')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('9 Leben');
    expect(noHoles(el)).to.include('Choose an amount');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=amount]:nth-child(2)')!.click(); // $27
    await el.updateComplete;
    expect(partText(el, 'give')).to.include('spenden');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=give]')!.click();
    await el.updateComplete;
    expect(partText(el, 'upsell-yes')).to.match(/^Yes, give .*9.* monthly$/);
    expect(partText(el, 'upsell-no')).to.match(/^No, give .*27.* once$/);
    noHoles(el);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=upsell-yes]')!.click();
    await waitUntil(() => net.calls.length == 1, 'checkout called');
    expect(net.calls[0]!.body).to.deep.include({ amount: 900, frequency: 'monthly', upsell: 'accepted' });
    el.checkout.close();
  });

  it('donate button: German Give, English upsell step; No gives once', async () => {
    const wrap = await fixture(html`<div lang="de"><rescue-donate-button endpoint="https://api.test" campaign="the-hundred" amount="2700" publishable-key="pk_test_wtr" .progress=${giving}></rescue-donate-button></div>`);
    const el = wrap.querySelector('rescue-donate-button')!;
    await el.updateComplete;
    expect(partText(el, 'give')).to.include('spenden');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=give]')!.click();
    await el.updateComplete;
    expect(partText(el, 'upsell')).to.include('Could you give');
    noHoles(el);
    await expect(el).to.be.accessible();
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part=upsell-no]')!.click();
    await waitUntil(() => net.calls.length == 1, 'checkout called');
    expect(net.calls[0]!.body).to.deep.include({ amount: 2700, frequency: 'once', upsell: 'declined' });
    el.checkout.close();
  });

  it('ally signup, leaderboard and recent gifts: their German words, English for the rest', async () => {
    const wrap = await fixture(html`<div lang="de">
      <monthly-ally-signup endpoint="https://api.test" campaign="the-hundred" .progress=${giving}></monthly-ally-signup>
      <rescue-leaderboard endpoint="https://api.test" campaign="the-hundred" .feed=${teams}></rescue-leaderboard>
      <rescue-recent-gifts endpoint="https://api.test" campaign="the-hundred" .feed=${recentGifts()}></rescue-recent-gifts></div>`);
    const [signup, board, recent] = [...wrap.children] as HTMLElement[];
    await settled();
    expect(signup!.shadowRoot!.querySelector('h2')!.textContent).to.equal('Werde Ally');
    expect(noHoles(signup!)).to.include('Email for your receipts');
    expect(noHoles(board!)).to.include('Platz');
    expect(noHoles(recent!)).to.include('Neueste Spenden');
    for (const el of [signup!, board!, recent!]) await expect(el).to.be.accessible();
  });

  it('leaderboard of fundraisers: German where the table has the words, the English fundraiser words for the rest', async () => {
    const wrap = await fixture(html`<div lang="de"><rescue-leaderboard kind="fundraisers" limit="3" .feed=${fundraisers}></rescue-leaderboard></div>`);
    const board = wrap.querySelector('rescue-leaderboard')!;
    await settled();
    expect([...board.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent)).to.deep.equal(['Platz', 'Fundraiser', 'Raised of goal', 'Rescues funded']);
    expect(partText(board, 'message')).to.equal('Top 3 of 12 fundraisers');
    noHoles(board);
    await expect(board).to.be.accessible();
  });
});
