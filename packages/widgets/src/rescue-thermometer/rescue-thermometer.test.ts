import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import { formatMoney, type Progress } from '@rescuekit/schema';
import '../define/rescue-thermometer.js';
import type { RescueThermometer } from './rescue-thermometer.js';
import { demo, empty, krw, partText, reached, shadowText } from '../test-support/fixtures.js';

/** Chromium's accessibility node for the element `expression` evaluates to (see web-test-runner.config.mjs). */
const axNode = (expression: string) =>
  executeServerCommand<{ ignored: boolean; role: string; name: string; value?: number; valuemin?: number; valuemax?: number; live?: string }, unknown>('ax-node', { expression });
const AX_HOST = "document.querySelector('rescue-thermometer')";

// Chromium's CDP reports aria-valuetext as "" even for a plain attribute, so the
// value text is read from the element's ElementInternals, captured here.
const internalsOf = new WeakMap<HTMLElement, ElementInternals>();
const attachInternals = HTMLElement.prototype.attachInternals;
HTMLElement.prototype.attachInternals = function (this: HTMLElement) {
  const internals = attachInternals.call(this);
  internalsOf.set(this, internals);
  return internals;
};
const aria = (el: HTMLElement) => internalsOf.get(el)!;

const withData = (p: Progress | undefined, variant?: string) =>
  fixture<RescueThermometer>(html`<rescue-thermometer .progress=${p} variant=${variant ?? 'thermometer'}></rescue-thermometer>`);

const indicator = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part=indicator]')!;
const track = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>('[part=track]')!;
/** Where the raised fill ends, and where the matched fill ends (fractions of the goal). */
const fill = (el: Element) => Number(track(el).style.getPropertyValue('--_p'));
const fillEnd = (el: Element) => Number(track(el).style.getPropertyValue('--_m'));
const base = (el: Element) => el.shadowRoot!.querySelector('[part=base]')!;

describe('<rescue-thermometer> states', () => {
  it('loading: a skeleton in the same box as the loaded state (no layout shift)', async () => {
    for (const variant of ['thermometer', 'bar']) {
      const el = await withData(undefined, variant);
      expect(base(el).className).to.equal('sk');
      expect(partText(el, 'message')).to.equal('Loading progress…');
      await expect(el).to.be.accessible();
      const before = el.getBoundingClientRect();
      el.progress = demo;
      await el.updateComplete;
      const after = el.getBoundingClientRect();
      expect([after.width, after.height], variant).to.deep.equal([before.width, before.height]);
      expect(aria(el).role).to.equal('progressbar');
    }
  });

  it('loaded: raised of goal, percent, rescues funded and donors', async () => {
    const el = await withData(demo);
    expect(partText(el, 'label')).to.equal('Rescue Team demo: three rescues');
    expect(partText(el, 'value')).to.equal('46% $4,200 of $9,000 raised');
    expect(partText(el, 'rescues')).to.equal('1 rescue funded');
    expect(partText(el, 'donors')).to.equal('12 donors');
    expect(partText(el, 'message')).to.equal('');
    expect(fill(el)).to.equal(0.46);
    await expect(el).to.be.accessible();
  });

  it('is a progressbar with the value in words and money', async () => {
    const el = await withData(demo);
    // A progressbar's range is 0–100 unless set (WAI-ARIA's defaults): what Chromium exposes.
    expect(await axNode(AX_HOST)).to.include({ ignored: false, role: 'progressbar', name: demo.title, value: 46, valuemin: 0, valuemax: 100 });
    expect(aria(el)).to.include({ role: 'progressbar', ariaLabel: demo.title, ariaValueNow: '46' });
    expect(aria(el).ariaValueText).to.equal('$4,200 of $9,000 raised, 1 rescue funded');
    // Inside the progressbar, yet Chromium keeps the live region in the tree.
    expect(await axNode(`${AX_HOST}.shadowRoot.querySelector('[aria-live]')`)).to.include({ ignored: false, live: 'polite' });
  });

  it('loading: a named progressbar without a value', async () => {
    const el = await withData(undefined);
    expect(aria(el)).to.include({ role: 'progressbar', ariaLabel: 'Loading progress…', ariaValueNow: null, ariaValueText: null });
  });

  it('empty: raised 0 shows an encouraging line', async () => {
    const el = await withData(empty);
    expect(base(el).className).to.equal('empty');
    expect(partText(el, 'value')).to.equal('0% $0 of $9,000 raised');
    expect(partText(el, 'rescues')).to.equal('$0 of $3,000 toward the first rescue');
    expect(partText(el, 'donors')).to.equal('0 donors');
    expect(partText(el, 'message')).to.equal('Be the first to give!');
    await expect(el).to.be.accessible();
  });

  it('before the first rescue is funded: how far to it, not "0 rescues funded"', async () => {
    const first = { ...empty, raised: 4_500, donors: 1 };
    const el = await withData(first);
    expect(partText(el, 'rescues')).to.equal('$45 of $3,000 toward the first rescue');
    el.lang = 'ko';
    await el.updateComplete;
    await waitUntil(() => partText(el, 'rescues') != '$45 of $3,000 toward the first rescue', 'Korean words');
    expect(partText(el, 'rescues')).to.equal('첫 구출까지 US$3,000 중 US$45');
    el.progress = { ...krw, raised: 45_000, rescuesFunded: 0 };
    await el.updateComplete;
    expect(partText(el, 'rescues')).to.equal('첫 구출까지 ₩3,000,000 중 ₩45,000');
    // Once one is funded, the count again; a campaign without a rescue cost keeps the count too.
    el.lang = 'en';
    el.progress = { ...first, raised: 300_000, rescuesFunded: 1 };
    await el.updateComplete;
    expect(partText(el, 'rescues')).to.equal('1 rescue funded');
    el.progress = { ...first, rescueCost: 0 };
    await el.updateComplete;
    expect(partText(el, 'rescues')).to.equal('0 rescues funded');
    await expect(el).to.be.accessible();
  });

  it('goal reached: celebration, full bar, rescue-goal-reached once', async () => {
    const el = await withData(demo);
    let fired = 0;
    el.addEventListener('rescue-goal-reached', () => fired++);
    el.progress = reached;
    await el.updateComplete;
    expect(partText(el, 'message')).to.equal('Goal reached. Thank you!');
    expect(partText(el, 'value')).to.equal('100% $9,125 of $9,000 raised');
    expect(partText(el, 'rescues')).to.equal('3 rescues funded');
    expect(fill(el)).to.equal(1);
    el.progress = { ...reached, raised: 1_000_000 };
    await el.updateComplete;
    expect(fired).to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('variants: the thermometer is vertical, the bar horizontal', async () => {
    const v = (await withData(demo)).shadowRoot!.querySelector('[part=track]')!.getBoundingClientRect();
    expect(v.height).to.be.greaterThan(v.width * 3);
    const barEl = await withData(demo, 'bar');
    const h = barEl.shadowRoot!.querySelector('[part=track]')!.getBoundingClientRect();
    expect(h.width).to.be.greaterThan(h.height * 3);
    await expect(barEl).to.be.accessible();
  });

  it('reads as a thermometer: a bulb under the tube, the goal at the top, a stronger outline', async () => {
    const el = await withData(demo);
    const root = el.shadowRoot!;
    const track = root.querySelector<HTMLElement>('[part=track]')!;
    const t = track.getBoundingClientRect();
    const bulb = getComputedStyle(track, '::before');
    expect(parseFloat(bulb.width), 'bulb twice the tube').to.be.closeTo(t.width * 2, 1);
    expect(bulb.borderRadius).to.equal('50%');
    expect(bulb.backgroundColor, 'a filled bulb').to.equal(getComputedStyle(root.querySelector('[part=indicator]')!).backgroundColor);
    expect(getComputedStyle(track).borderTopWidth).to.equal('2px');
    const goal = root.querySelector('[part=goal]')!;
    expect(goal.textContent).to.equal('Goal $9,000');
    const g = goal.getBoundingClientRect();
    expect(t.top, 'the tube starts beside the goal').to.be.within(g.top, g.bottom);
    // Empty: the bulb is the empty tube's colour, not the fill.
    const none = await withData(empty);
    const noneTrack = none.shadowRoot!.querySelector('[part=track]')!;
    expect(getComputedStyle(noneTrack, '::before').backgroundColor).to.equal(getComputedStyle(noneTrack).backgroundColor);
    await expect(none).to.be.accessible();
  });

  it('a tick per rescue when the goal holds 10 rescues or fewer, else only the goal mark', async () => {
    const ticks = (el: Element) => {
      const track = el.shadowRoot!.querySelector<HTMLElement>('[part=track]')!;
      return [track.style.getPropertyValue('--_t'), getComputedStyle(track, '::after').backgroundImage];
    };
    const [three, image] = ticks(await withData(demo)); // $9,000 goal, $3,000 a rescue
    expect(Number(three)).to.be.closeTo(1 / 3, 1e-9);
    expect(image).to.match(/^repeating-linear-gradient/);
    expect(ticks(await withData({ ...demo, goal: 1_000_000, rescueCost: 100_000 }))[0], 'ten rescues').to.equal('0.1');
    const [many, manyImage] = ticks(await withData({ ...demo, goal: 1_100_000, rescueCost: 100_000 }));
    expect(many, 'eleven rescues: the goal mark only').to.equal('1');
    expect(manyImage).to.match(/^repeating-linear-gradient/);
    const bar = await withData(demo, 'bar');
    const barTrack = bar.shadowRoot!.querySelector('[part=track]')!;
    expect([getComputedStyle(barTrack, '::before').display, getComputedStyle(barTrack, '::after').display], 'the bar has no bulb or ticks').to.deep.equal(['none', 'none']);
    expect(getComputedStyle(bar.shadowRoot!.querySelector('[part=goal]')!).display).to.equal('none');
  });

  it('Korean: words, money and value text follow the nearest lang', async () => {
    const wrap = await fixture(html`<div lang="ko"><rescue-thermometer .progress=${demo}></rescue-thermometer></div>`);
    const el = wrap.querySelector('rescue-thermometer')!;
    await el.updateComplete;
    expect(partText(el, 'value')).to.equal('46% US$9,000 중 US$4,200 모금');
    expect(partText(el, 'rescues')).to.equal('1명 구출 비용 마련');
    expect(partText(el, 'donors')).to.equal('후원자 12명');
    expect(aria(el).ariaValueText).to.equal('US$9,000 중 US$4,200 모금, 1명 구출 비용 마련');
    await expect(el).to.be.accessible();
    el.progress = empty;
    await el.updateComplete;
    expect(partText(el, 'message')).to.equal('첫 후원자가 되어 주세요!');
  });

  it('KRW: a zero-decimal currency, in English and Korean', async () => {
    const el = await withData(krw);
    expect(partText(el, 'value')).to.equal('46% ₩4,200,000 of ₩9,000,000 raised');
    const ko = await fixture<RescueThermometer>(html`<rescue-thermometer lang="ko" .progress=${krw}></rescue-thermometer>`);
    expect(partText(ko, 'value')).to.equal('46% ₩9,000,000 중 ₩4,200,000 모금');
    expect(aria(ko).ariaValueText).to.equal('₩9,000,000 중 ₩4,200,000 모금, 1명 구출 비용 마련');
  });

  it('never shows a donor name, even if one is sent', async () => {
    const leaky = { ...demo, donorName: 'Kim Secret', lastGift: { name: 'Kim Secret' } } as Progress;
    const el = await withData(leaky);
    expect(el.shadowRoot!.innerHTML).not.to.include('Kim Secret');
    expect(aria(el).ariaValueText).not.to.include('Kim');
    expect(aria(el).ariaLabel).not.to.include('Kim');
  });
});

describe('<rescue-thermometer> events and announcements', () => {
  it('fires a bubbling, composed rescue-progress with the progress', async () => {
    const el = await withData(undefined);
    const heard = oneEvent(document, 'rescue-progress');
    el.progress = demo;
    const e = await heard;
    expect(e.detail).to.equal(demo);
    expect(e.bubbles && e.composed).to.equal(true);
  });

  it('announces politely, and only when the value changes', async () => {
    const el = await withData(demo);
    const region = el.shadowRoot!.querySelector('[aria-live=polite]')!;
    expect(region.textContent).to.equal('');
    let changes = 0;
    new MutationObserver((m) => (changes += m.length)).observe(region, { subtree: true, childList: true, characterData: true });
    el.progress = { ...demo, raised: 600_000, rescuesFunded: 2 };
    await el.updateComplete;
    expect(region.textContent).to.equal('$6,000 of $9,000 raised, 2 rescues funded');
    await new Promise((r) => setTimeout(r));
    const after = changes;
    el.progress = { ...demo, raised: 600_000, rescuesFunded: 2, donors: 13 };
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(changes, 'same total: no new announcement').to.equal(after);
  });

  it('respects prefers-reduced-motion and has a forced-colors style', async () => {
    const el = await withData(demo);
    await emulateMedia({ reducedMotion: 'no-preference' });
    expect(getComputedStyle(indicator(el)).transitionDuration).to.equal('0.8s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(indicator(el)).transitionDuration).to.equal('0s');
    await emulateMedia({ reducedMotion: 'no-preference' });
    const rules = el.shadowRoot!.adoptedStyleSheets.flatMap((s) => [...s.cssRules]);
    expect(rules.some((r) => r instanceof CSSMediaRule && r.conditionText.includes('forced-colors: active'))).to.equal(true);
  });

  it('fills under a strict CSP that blocks style attributes', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'self'">
      <script type="module" src="/packages/widgets/src/define/rescue-thermometer.ts"></script>
      <rescue-thermometer variant="bar"></rescue-thermometer>`;
    document.body.append(frame);
    try {
      await waitUntil(() => frame.contentWindow?.customElements.get('rescue-thermometer'), 'defined in the frame', { timeout: 5000 });
      const doc = frame.contentDocument!;
      const violations: string[] = [];
      doc.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const el = doc.querySelector<RescueThermometer>('rescue-thermometer')!;
      el.progress = demo;
      await el.updateComplete;
      indicator(el).getAnimations().forEach((a) => a.finish()); // the fill's transition
      expect(frame.contentWindow!.getComputedStyle(indicator(el)).clipPath).to.equal('inset(0px calc(100% - max(46%, 20px, 8px)) 0px 0px)');
      // The control: a style attribute string (what `style="${…}"` in a template does) is blocked.
      const probe = doc.createElement('p');
      probe.setAttribute('style', '--_p: 1');
      expect(probe.style.getPropertyValue('--_p')).to.equal('');
      await waitUntil(() => violations.length > 0, 'the control was reported');
      expect(violations).to.deep.equal(['style-src-attr']);
    } finally {
      frame.remove();
    }
  });
});

describe('<rescue-thermometer> fallback content and errors', () => {
  const broken = () =>
    fixture<RescueThermometer>(html`<rescue-thermometer endpoint="/no-such-endpoint" campaign="the-hundred">
      <a href="https://example.org/give">Give to The Hundred</a>
    </rescue-thermometer>`);

  it('hides the no-JS fallback once upgraded', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer .progress=${demo}><a href="https://example.org/give">Give</a></rescue-thermometer>`);
    expect(el.querySelector('a')!.getClientRects().length).to.equal(0);
  });

  it('error: a visible message, Retry, and the fallback link', async () => {
    const el = await broken();
    await waitUntil(() => base(el).className === 'err', 'error state', { timeout: 3000 });
    expect(partText(el, 'message')).to.equal('Progress could not be loaded. Retry');
    expect(el.querySelector('a')!.getClientRects().length, 'fallback link shown').to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    const fetches: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => (fetches.push(String(input)), realFetch(input, init));
    try {
      el.shadowRoot!.querySelector('button')!.click();
      await el.updateComplete;
      expect(base(el).className).to.equal('sk');
      await waitUntil(() => base(el).className === 'err', 'error again', { timeout: 3000 });
      expect(fetches).to.deep.equal(['/no-such-endpoint/v1/campaigns/the-hundred']);
    } finally {
      window.fetch = realFetch;
    }
  });

  it('error: Korean', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer lang="ko" endpoint="/nope" campaign="x"></rescue-thermometer>`);
    await waitUntil(() => base(el).className === 'err', 'error state', { timeout: 3000 });
    expect(partText(el, 'message')).to.equal('모금 현황을 불러오지 못했습니다. 다시 시도');
    await expect(el).to.be.accessible();
  });
});

describe('<rescue-thermometer> against the real endpoint', function () {
  const endpoint = document.querySelector<HTMLMetaElement>('meta[name="rescuekit:endpoint"]')?.content;
  before(function () {
    if (!endpoint) this.skip();
  });

  it('fetches and renders a campaign', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer campaign="the-hundred" variant="bar"></rescue-thermometer>`);
    await waitUntil(() => el.progress, 'progress loaded', { timeout: 3000 });
    expect(partText(el, 'label')).to.equal('The Hundred: 100 rescues to freedom');
    expect(partText(el, 'value')).to.match(/^\d+% \$[\d,.]+ of \$300,000 raised$/);
    await expect(el).to.be.accessible();
  });

  it('shows the error state for an unknown campaign (404)', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer campaign="no-such-campaign"></rescue-thermometer>`);
    await waitUntil(() => base(el).className === 'err', 'error state', { timeout: 3000 });
    expect(partText(el, 'message')).to.include('Progress could not be loaded.');
  });

  it('a live thermometer shows a newly recorded offline gift within 2 s', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer campaign="rescue-team-demo" live></rescue-thermometer>`);
    await waitUntil(() => el.progress, 'initial progress', { timeout: 3000 });
    const before = el.progress!;
    expect(partText(el, 'value')).to.include(`${formatMoney(before.raised, 'usd')} of $9,000 raised`);
    const expected = `${formatMoney(before.raised + 4500, 'usd')} of $9,000 raised`;
    const started = performance.now();
    const res = await executeServerCommand<{ status: number }, unknown>('record-offline-gift', {
      campaign: 'rescue-team-demo',
      amount: 4500,
      note: 'bake sale (wtr)',
    });
    expect(res.status).to.equal(201);
    await waitUntil(() => partText(el, 'value').endsWith(expected), `shows ${expected}`, { timeout: 2000, interval: 20 });
    const ms = performance.now() - started;
    expect(ms).to.be.lessThan(2000);
    const region = el.shadowRoot!.querySelector('[aria-live=polite]')!;
    expect(region.textContent).to.include(formatMoney(before.raised + 4500, 'usd'));
  });
});
