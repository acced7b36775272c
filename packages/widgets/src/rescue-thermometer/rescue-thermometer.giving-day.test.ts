import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { Progress } from '@rescuekit/schema';
import '../define/rescue-thermometer.js';
import type { RescueThermometer } from './rescue-thermometer.js';
import { demo, partText } from '../test-support/fixtures.js';
import { inFromNow, match, matchedProgress, matchedReached, matchExhausted } from '../test-support/giving-day.js';
import { applyPalette, dark, light } from '../test-support/palettes.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// The value text is read from the element's ElementInternals, captured here (as in rescue-thermometer.test.ts).
const internalsOf = new WeakMap<HTMLElement, ElementInternals>();
const attachInternals = HTMLElement.prototype.attachInternals;
HTMLElement.prototype.attachInternals = function (this: HTMLElement) {
  const internals = attachInternals.call(this);
  internalsOf.set(this, internals);
  return internals;
};
const aria = (el: HTMLElement) => internalsOf.get(el)!;

const withData = (p: Progress | undefined, variant = 'thermometer') =>
  fixture<RescueThermometer>(html`<rescue-thermometer .progress=${p} variant=${variant}></rescue-thermometer>`);
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;
const shown = (el: Element, name: string) => part(el, name).getClientRects().length > 0;
const region = (el: Element) => el.shadowRoot!.querySelector('[aria-live=polite]')!;
const fills = (el: Element) => ['--_p', '--_m'].map((v) => Number(part(el, 'track').style.getPropertyValue(v)));
/** A window open now: the match counts gifts made from an hour ago to an hour from now. */
const openMatch = () => ({ ...match, startsAt: inFromNow(-HOUR, Date.now()), endsAt: inFromNow(HOUR, Date.now()) });

describe('<rescue-thermometer> matched money', () => {
  it('two fills: raised, then matched after it; the percent and value count both, rescues count raised only', async () => {
    for (const variant of ['thermometer', 'bar']) {
      const el = await withData({ ...matchedProgress, match: openMatch() }, variant);
      expect(fills(el), variant).to.deep.equal([0.5, 0.63]);
      expect(partText(el, 'value')).to.equal('63% $4,500 of $9,000 raised');
      expect(partText(el, 'rescues'), 'raised only: $4,500 is one $3,000 rescue').to.equal('1 rescue funded');
      expect(partText(el, 'match')).to.equal('$1,200 matched by the Kim Family Foundation');
      expect(partText(el, 'match-left')).to.equal('$3,800 of match left');
      expect(aria(el)).to.include({ ariaValueNow: '63', ariaValueText: '$4,500 raised and $1,200 matched of $9,000 goal, 1 rescue funded' });
      await expect(el).to.be.accessible();
    }
  });

  it('the matched fill is hatched, not only another colour, and its stripes are >= 3:1 on the track, light and dark', async () => {
    for (const palette of [light, dark]) {
      const frame = await fixture<HTMLElement>(html`<div><rescue-thermometer .progress=${matchedProgress}></rescue-thermometer></div>`);
      applyPalette(frame, palette);
      const el = frame.firstElementChild as RescueThermometer;
      await el.updateComplete;
      const fill = getComputedStyle(part(el, 'matched'));
      expect(fill.backgroundImage, palette.name).to.match(/^repeating-linear-gradient\(-45deg, rgb\(/);
      const stripe = fill.backgroundImage.match(/rgb\([^)]*\)/)![0];
      const track = getComputedStyle(part(el, 'track')).backgroundColor;
      expect(contrast(stripe, track), `${palette.name}: ${stripe} on ${track}`).to.be.at.least(3);
      expect(getComputedStyle(part(el, 'indicator')).backgroundImage, 'the raised fill is solid').to.equal('none');
    }
  });

  it('the match used up: no "left" line; a window not yet open or closed: no "left" line either', async () => {
    const el = await withData({ ...matchExhausted, match: openMatch() });
    expect(partText(el, 'match')).to.equal('$5,000 matched by the Kim Family Foundation');
    expect(shown(el, 'match-left')).to.equal(false);
    expect(fills(el)).to.deep.equal([0.33, 0.88]);
    el.progress = { ...matchedProgress, match: { ...match, startsAt: inFromNow(HOUR, Date.now()), endsAt: inFromNow(2 * HOUR, Date.now()) } };
    await el.updateComplete;
    expect([shown(el, 'match'), shown(el, 'match-left')], 'not yet open').to.deep.equal([true, false]);
    el.progress = { ...matchedProgress, match: { ...match, startsAt: inFromNow(-2 * HOUR, Date.now()), endsAt: inFromNow(-HOUR, Date.now()) } };
    await el.updateComplete;
    expect(shown(el, 'match-left'), 'closed').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('matched money without a challenge in the progress, and no matched money: the plain thermometer', async () => {
    const el = await withData({ ...demo, matched: 30_000 });
    expect(partText(el, 'match')).to.equal('$300 matched');
    const plain = await withData(demo);
    expect(['match', 'match-left', 'countdown'].map((p) => shown(plain, p))).to.deep.equal([false, false, false]);
    expect(fills(plain)).to.deep.equal([0.46, 0.46]);
  });

  it('Korean', async () => {
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer lang="ko" .progress=${{ ...matchedProgress, match: openMatch() }}></rescue-thermometer>`);
    expect(partText(el, 'match')).to.equal('the Kim Family Foundation 매칭 US$1,200');
    expect(partText(el, 'match-left')).to.equal('남은 매칭 US$3,800');
    expect(aria(el).ariaValueText).to.equal('목표 US$9,000 중 US$4,500 모금, US$1,200 매칭, 1명 구출 비용 마련');
  });

  it('the fills mirror right-to-left in the bar', async () => {
    const frame = await fixture<HTMLElement>(html`<div dir="rtl"><rescue-thermometer variant="bar" .progress=${matchedProgress}></rescue-thermometer></div>`);
    const el = frame.firstElementChild as RescueThermometer;
    await el.updateComplete;
    for (const p of ['indicator', 'matched']) part(el, p).getAnimations().forEach((a) => a.finish());
    const [raised, matched] = ['indicator', 'matched'].map((p) => getComputedStyle(part(el, p)).clipPath);
    expect(raised).to.equal('inset(0px 0px 0px calc(100% - max(50%, 20px, 8px)))');
    expect(matched).to.equal('inset(0px max(50%, 20px, 8px) 0px calc(100% - max(63%, 8px + max(50%, 20px, 8px))))');
  });
});

describe('<rescue-thermometer> countdown', () => {
  const at = (ms: number) => ({ ...demo, endsAt: inFromNow(ms, Date.now()) });

  it('days and hours, hours and minutes, minutes, Ended; none without a deadline', async () => {
    const el = await withData(at(3 * DAY + 4 * HOUR + 30_000));
    expect(partText(el, 'countdown')).to.equal('3 days 4 hours left');
    el.progress = at(5 * HOUR + 12 * MIN - 30_000);
    await el.updateComplete;
    expect(partText(el, 'countdown')).to.equal('5 hours 12 minutes left');
    el.progress = at(12 * MIN - 30_000);
    await el.updateComplete;
    expect(partText(el, 'countdown')).to.equal('12 minutes left');
    el.progress = at(-MIN);
    await el.updateComplete;
    expect(partText(el, 'countdown')).to.equal('Ended');
    await expect(el).to.be.accessible();
    const ko = await fixture<RescueThermometer>(html`<rescue-thermometer lang="ko" .progress=${at(3 * DAY + 4 * HOUR + 30_000)}></rescue-thermometer>`);
    expect(partText(ko, 'countdown')).to.equal('3일 4시간 남음');
  });

  it('one timer, aligned to the minute, none without a deadline, stopped on disconnect', async () => {
    const timers: number[] = [];
    const cleared: number[] = [];
    const { setTimeout: realSet, clearTimeout: realClear } = window;
    window.setTimeout = ((fn: TimerHandler, ms?: number) => (timers.push(ms!), realSet(fn, ms))) as typeof setTimeout;
    window.clearTimeout = ((id?: number) => (cleared.push(id!), realClear(id))) as typeof clearTimeout;
    try {
      const el = await withData(demo);
      expect(timers, 'no deadline, no timer').to.deep.equal([]);
      el.progress = at(12 * MIN + 20_000);
      await el.updateComplete;
      expect(timers.length).to.equal(1);
      expect(timers[0], 'fires when 12 minutes are left').to.be.within(19_000, 20_000);
      const id = realSet(() => {}, 0); // ids count up: the element's timer is the one before
      el.remove();
      expect(cleared, 'stopped on disconnect').to.include(id - 1);
    } finally {
      window.setTimeout = realSet;
      window.clearTimeout = realClear;
    }
  });

  it('announced at 10 minutes left, not every minute; then "Ended"', async () => {
    const el = await withData(at(10 * MIN + 300));
    expect(partText(el, 'countdown')).to.equal('11 minutes left');
    expect(region(el).textContent, 'not on load').to.equal('');
    await waitUntil(() => partText(el, 'countdown') == '10 minutes left', 'the timer ticked', { timeout: 3000 });
    expect(region(el).textContent).to.equal('10 minutes left');
    region(el).textContent = '';
    el.progress = { ...el.progress!, endsAt: inFromNow(9 * MIN + 300, Date.now()) };
    await el.updateComplete;
    await waitUntil(() => partText(el, 'countdown') == '9 minutes left', 'the next minute', { timeout: 3000 });
    expect(region(el).textContent, 'an ordinary minute is not announced').to.equal('');
    el.progress = { ...el.progress!, endsAt: inFromNow(200, Date.now()) };
    await el.updateComplete;
    await waitUntil(() => partText(el, 'countdown') == 'Ended', 'ended', { timeout: 3000 });
    expect(region(el).textContent).to.equal('Ended');
  });
});

describe('<rescue-thermometer> celebration', () => {
  const message = (el: Element) => part(el, 'message');
  const animations = (el: Element) => [part(el, 'track'), message(el)].flatMap((e) => e.getAnimations()).map((a) => (a as CSSAnimation).animationName);
  afterEach(() => emulateMedia({ reducedMotion: 'no-preference' }));

  it('a live update that reaches the goal (raised + matched) celebrates once, with the goal text and event', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const el = await withData(matchedProgress);
    let fired = 0;
    el.addEventListener('rescue-goal-reached', () => fired++);
    expect(animations(el)).to.deep.equal([]);
    el.progress = matchedReached;
    await el.updateComplete;
    expect(partText(el, 'message')).to.equal('Goal reached. Thank you!');
    expect(animations(el)).to.have.members(['y', 'z']);
    expect(getComputedStyle(message(el)).animationName).to.equal('z');
    expect(fired).to.equal(1);
    // Short and once: it ends, and the next update does not start it again.
    for (const a of [part(el, 'track'), message(el)].flatMap((e) => e.getAnimations())) expect(Number(a.effect!.getComputedTiming().endTime)).to.be.at.most(2000);
    [part(el, 'track'), message(el)].flatMap((e) => e.getAnimations()).forEach((a) => a.finish());
    el.progress = { ...matchedReached, raised: 470_000 };
    await el.updateComplete;
    expect(animations(el)).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('with prefers-reduced-motion: reduce, the text only', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const el = await withData(matchedProgress);
    el.progress = matchedReached;
    await el.updateComplete;
    expect(partText(el, 'message')).to.equal('Goal reached. Thank you!');
    expect(getComputedStyle(message(el)).animationName).to.equal('none');
    expect(animations(el)).to.deep.equal([]);
  });

  it('a page loaded with the goal already reached shows it without animation; so does a switch of campaign', async () => {
    await emulateMedia({ reducedMotion: 'no-preference' });
    const el = await withData(matchedReached);
    expect(partText(el, 'message')).to.equal('Goal reached. Thank you!');
    expect(getComputedStyle(message(el)).animationName).to.equal('none');
    expect(animations(el)).to.deep.equal([]);
    const other = await withData(matchedProgress);
    other.progress = { ...matchedReached, campaign: 'another-team' };
    await other.updateComplete;
    expect(animations(other)).to.deep.equal([]);
  });
});

/** WCAG contrast of two `rgb()` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) =>
    c
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((v) => ((v = String(Number(v) / 255)), Number(v) <= 0.04045 ? Number(v) / 12.92 : ((Number(v) + 0.055) / 1.055) ** 2.4))
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i]!, 0);
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
