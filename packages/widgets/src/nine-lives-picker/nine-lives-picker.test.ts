import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { formatMoney } from '@rescuekit/schema';
import { quoteGift } from '@rescuekit/schema';
import '../define/nine-lives-picker.js';
import type { NineLivesPicker } from './nine-lives-picker.js';
import { installStripeStandIn, json, stubFetch } from '../test-support/checkout-stand-ins.js';
import { partText, shadowText } from '../test-support/fixtures.js';

const $ = <T extends Element = HTMLElement>(el: Element, sel: string) => el.shadowRoot!.querySelector<T>(sel)!;
const radios = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[role=radio]')];
const checked = (el: Element) => radios(el).find((r) => r.getAttribute('aria-checked') == 'true')?.textContent;
const active = (el: Element) => el.shadowRoot!.activeElement;

const picker = (attrs = html``) =>
  fixture<NineLivesPicker>(html`<div><button id="before">before</button><nine-lives-picker endpoint="https://api.test" campaign="the-hundred" publishable-key="pk_test_wtr">${attrs}</nine-lives-picker></div>`).then(
    async (wrap) => {
      const el = wrap.querySelector('nine-lives-picker')!;
      await el.updateComplete;
      return el;
    },
  );

describe('<nine-lives-picker> idle', () => {
  let stripe: ReturnType<typeof installStripeStandIn>;
  beforeEach(() => void (stripe = installStripeStandIn()));
  afterEach(() => stripe.restore());

  it('nine lives, $9 preselected, presets 9/27/45/90, no donor name field; axe clean', async () => {
    const el = await picker();
    expect([...el.shadowRoot!.querySelectorAll('[part=life]')].map((l) => l.textContent!.trim())).to.deep.equal([
      'Trafficked', 'Imprisoned', 'Hiding in China', 'Forcibly returned', 'Separated from family', 'Forced to labour', 'Going hungry', 'On the run', 'Free',
    ]);
    expect(radios(el).map((r) => r.textContent)).to.deep.equal(['$9', '$27', '$45', '$90']);
    expect(checked(el)).to.equal('$9');
    expect(radios(el).map((r) => r.tabIndex)).to.deep.equal([0, -1, -1, -1]);
    expect(partText(el, 'give')).to.equal('Give $9');
    expect(shadowText(el)).not.to.match(/your name|email/i);
    expect(el.shadowRoot!.querySelectorAll('input[type=text]')).to.have.length(1); // the custom amount only
    expect(el.shadowRoot!.textContent).not.to.include('Monthly');
    await expect(el).to.be.accessible();
  });

  it('a giving card: framed, the $9 ask, the amounts and a full-width Give in a phone\'s first screen (390x844)', async () => {
    await setViewport({ width: 390, height: 844 });
    try {
      const el = await fixture<NineLivesPicker>(html`<nine-lives-picker endpoint="data:text/plain," campaign="x" style="margin: 0"></nine-lives-picker>`);
      const root = el.shadowRoot!;
      const base = getComputedStyle(root.querySelector('[part=base]')!);
      expect([base.borderTopStyle, base.borderTopWidth], 'a card outline').to.deep.equal(['solid', '1px']);
      expect(parseFloat(base.paddingTop)).to.be.greaterThan(4);
      const top = el.getBoundingClientRect().top;
      const give = root.querySelector('[part=give]')!.getBoundingClientRect();
      const amounts = root.querySelector('[part=amounts]')!.getBoundingClientRect();
      expect(give.bottom - top, 'Give within the first screen').to.be.at.most(844);
      expect(amounts.bottom - top, 'amounts within the first screen').to.be.at.most(844);
      expect(give.width, 'Give spans the card').to.be.closeTo(amounts.width, 1);
      expect(checked(el)).to.equal('$9');
      // Nine lives, each a compact numbered tag: fewer rows than lives.
      const rows = new Set([...root.querySelectorAll('[part=life]')].map((l) => Math.round(l.getBoundingClientRect().top)));
      expect(rows.size).to.be.at.most(6);
      await expect(el).to.be.accessible();
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('lives are replaceable through slots life-1 … life-9', async () => {
    const el = await picker(html`<span slot="life-3">Hiding in Shenyang</span>`);
    const slot = $<HTMLSlotElement>(el, 'slot[name=life-3]');
    expect(slot.assignedElements()[0]!.textContent).to.equal('Hiding in Shenyang');
  });

  it('campaign presets through amounts; cover-fees shows the exact fee from the schema', async () => {
    const el = await picker();
    el.setAttribute('amounts', '500 1000');
    await el.updateComplete;
    expect(radios(el).map((r) => r.textContent)).to.deep.equal(['$5', '$10']);
    expect(checked(el)).to.equal('$5');
    radios(el)[1]!.click();
    await el.updateComplete;
    const fee = quoteGift(1000, { percentBps: 290, fixed: 30 }, true).fee;
    expect($(el, 'label:has([part=cover-fees])').textContent!.trim()).to.equal(`Add ${formatMoney(fee, 'usd')} to cover card processing fees`);
    $(el, '[part=cover-fees]').click();
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal(`Give $${((1000 + fee) / 100).toFixed(2)}`);
    el.setAttribute('fee-percent-bps', '0');
    el.setAttribute('fee-fixed', '50');
    await el.updateComplete;
    expect(partText(el, 'give')).to.equal('Give $10.50');
  });

  it('custom amount: parsed with parseMoney, visible validation message', async () => {
    const el = await picker();
    const input = $<HTMLInputElement>(el, '[part=custom]');
    input.focus();
    await sendKeys({ type: '12.345' });
    await el.updateComplete;
    expect(checked(el)).to.equal(undefined);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '#custom-msg').textContent).to.equal('Use at most two decimal places, like 27.50.');
    expect(input.getAttribute('aria-describedby')).to.equal('custom-msg');
    expect(partText(el, 'give')).to.equal('Give');
    await expect(el).to.be.accessible();
    input.select();
    await sendKeys({ type: '0.2' });
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent).to.equal('The smallest gift is $0.50.');
    input.select();
    await sendKeys({ type: '1,000' });
    await el.updateComplete;
    expect($(el, '#custom-msg').textContent, 'the message goes; its line stays reserved').to.equal('');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(input.hasAttribute('aria-describedby')).to.equal(false);
    expect(partText(el, 'give')).to.equal('Give $1,000');
  });

  it('monthly is hidden unless the monthly attribute is set', async () => {
    const el = await picker();
    expect(el.shadowRoot!.querySelector('input[value=monthly]')).to.equal(null);
    el.monthly = true;
    await el.updateComplete;
    $(el, 'input[value=monthly]').click();
    await el.updateComplete;
    expect(el.frequency).to.equal('monthly');
    expect(partText(el, 'give')).to.equal('Give $9 monthly');
    await expect(el).to.be.accessible();
  });

  it('tribute: in honour / in memory of + name; a ticked tribute needs a name', async () => {
    const el = await picker();
    const calls = stubFetch(() => json(200, { clientSecret: 'cs_test_t_secret' }));
    try {
      $(el, 'label:has(input[type=checkbox]:not([part])) input').click();
      await el.updateComplete;
      $(el, 'input[value=memory]').click();
      await el.updateComplete;
      $(el, '[part=give]').click();
      await el.updateComplete;
      expect($(el, '#tn-msg').textContent).to.equal('Enter their name, or untick the tribute.');
      expect(active(el)?.id).to.equal('tn');
      await expect(el).to.be.accessible();
      $(el, '#tn').focus();
      await sendKeys({ type: '  Grandmother ' });
      $(el, '[part=give]').click();
      await waitUntil(() => calls.calls.length == 1);
      expect(calls.calls[0]!.body.tribute).to.deep.equal({ kind: 'memory', name: 'Grandmother' });
    } finally {
      calls.restore();
      el.checkout.close();
    }
  });

  it('Korean copy and money', async () => {
    const wrap = await fixture(html`<div lang="ko"><nine-lives-picker campaign="the-hundred"></nine-lives-picker></div>`);
    const el = wrap.querySelector('nine-lives-picker')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=life]')!.textContent!.trim()).to.equal('인신매매');
    expect(partText(el, 'give')).to.equal('US$9 후원하기');
    await expect(el).to.be.accessible();
  });
});
