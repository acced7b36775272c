import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { RecentGifts as RecentGiftsSchema, type RecentGifts } from '@rescuekit/schema';
import '../define/rescue-recent-gifts.js';
import type { RescueRecentGifts } from './rescue-recent-gifts.js';
import { coarseTime, parseRecent } from '../feed/recent.js';
import { hoursAgo, partText, recentGifts } from '../test-support/fixtures.js';
import { applyPalette, dark } from '../test-support/palettes.js';

/** Noon (local time) on a fixed day: relative words do not depend on when the test runs. */
const NOON = new Date(2026, 10, 22, 12, 30).getTime();
const realNow = Date.now;
const realFetch = window.fetch;
const RealSource = window.EventSource;

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
const base = (el: Element) => $(el, '[part=base]');
const live = (el: Element) => $(el, '[aria-live=polite]');
/** Each gift as the visitor reads it. */
const items = (el: Element) => [...el.shadowRoot!.querySelectorAll('li')].map((li) => [...li.children].map((c) => c.textContent));
const withFeed = (feed: RecentGifts | undefined, attrs = '') => {
  const wrap = document.createElement('div');
  wrap.innerHTML = `<rescue-recent-gifts limit="4" ${attrs}></rescue-recent-gifts>`;
  const el = wrap.firstElementChild as RescueRecentGifts;
  el.feed = feed;
  return fixture<RescueRecentGifts>(el);
};

beforeEach(() => {
  Date.now = () => NOON;
});
afterEach(() => {
  Date.now = realNow;
  window.fetch = realFetch;
  window.EventSource = RealSource;
});

describe('<rescue-recent-gifts> states', () => {
  it('loaded: a list named by its heading: amount, what, team and a coarse time', async () => {
    const el = await withFeed(recentGifts(NOON));
    expect(base(el).className).to.equal('ok');
    expect($(el, 'ul').getAttribute('aria-labelledby')).to.equal($(el, '[part=title]').id);
    expect(partText(el, 'title')).to.equal('Recent gifts');
    expect(items(el)).to.deep.equal([
      ['$27', 'online', 'this hour'],
      ['$45', 'bake sale', 'Riverside Rescue Team · today'],
      ['$9', 'monthly', 'Harbor Rescue Team · yesterday'],
      ['$300', 'concert', 'Rescue Team demo: three rescues · 3 days ago'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('loading holds the loaded box; empty says so; both accessible', async () => {
    const el = await withFeed(undefined);
    expect(base(el).className).to.equal('sk');
    expect(partText(el, 'note')).to.equal('Loading recent gifts…');
    await expect(el).to.be.accessible();
    const before = el.getBoundingClientRect().height;
    el.feed = recentGifts(NOON);
    await el.updateComplete;
    expect(el.getBoundingClientRect().height).to.equal(before);
    el.feed = { ...recentGifts(NOON), gifts: [] };
    await el.updateComplete;
    expect(base(el).className).to.equal('empty');
    expect(partText(el, 'note')).to.equal('No gifts yet. Be the first!');
    expect(el.getBoundingClientRect().height).to.equal(before);
    await expect(el).to.be.accessible();
  });

  it('hide-amounts: "A gift" instead of every amount', async () => {
    const el = await withFeed(recentGifts(NOON), 'hide-amounts');
    expect(items(el).map((i) => i[0])).to.deep.equal(['A gift', 'A gift', 'A gift', 'A gift']);
    expect(el.shadowRoot!.textContent).not.to.match(/\$/);
  });

  it('Korean: words, categories, money and times', async () => {
    const el = await withFeed(recentGifts(NOON), 'lang="ko"');
    expect(partText(el, 'title')).to.equal('최근 기부');
    expect(items(el)).to.deep.equal([
      ['US$27', '온라인', '현재 시간'],
      ['US$45', '베이크 세일', 'Riverside Rescue Team · 오늘'],
      ['US$9', '정기 후원', 'Harbor Rescue Team · 어제'],
      ['US$300', '콘서트', 'Rescue Team demo: three rescues · 3일 전'],
    ]);
    el.feed = { ...recentGifts(NOON), gifts: [{ amount: 5000, currency: 'usd', team: null, when: hoursAgo(1, NOON), kind: 'offline', category: 'cheque' }, { amount: 100, currency: 'usd', team: null, when: hoursAgo(1, NOON), kind: 'offline', category: 'other' }] };
    await el.updateComplete;
    expect(items(el).map((i) => i[1])).to.deep.equal(['수표', '현장 기부']);
    await expect(el).to.be.accessible();
  });

  it('category labels in English, never the note', async () => {
    const el = await withFeed({ ...recentGifts(NOON), gifts: ['bake_sale', 'concert', 'cheque', 'other'].map((category) => ({ amount: 100, currency: 'usd', team: null, when: hoursAgo(3, NOON), kind: 'offline' as const, category: category as 'other' })) });
    expect(items(el).map((i) => i[1])).to.deep.equal(['bake sale', 'concert', 'cheque', 'offline']);
  });

  it('coarse times never say minutes, whatever the hour or language', () => {
    for (const lang of ['en', 'ko'])
      for (let h = 0; h < 200; h += 1) {
        const words = coarseTime(hoursAgo(h, NOON), lang, NOON + 59 * 60_000);
        expect(words, `${h} h in ${lang}`).not.to.match(/minute|분|second|초|\d:\d\d/);
      }
    expect(coarseTime(hoursAgo(0, NOON), 'en', NOON)).to.equal('this hour');
    expect(coarseTime(hoursAgo(3, NOON), 'en', NOON)).to.equal('today');
  });

  it('a dark palette stays readable (axe contrast)', async () => {
    const wrap = await fixture<HTMLElement>(html`<div><rescue-recent-gifts limit="4" .feed=${recentGifts(NOON)}></rescue-recent-gifts></div>`);
    applyPalette(wrap, dark);
    await expect(wrap).to.be.accessible();
  });
});

/** An EventSource stand-in that the test drives. */
class FakeSource {
  static all: FakeSource[] = [];
  listeners: Record<string, (e: MessageEvent) => void> = {};
  onopen?: () => void;
  onerror?: () => void;
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners[type] = fn;
  }
  close() {}
  send(data: unknown) {
    this.listeners.recent!(new MessageEvent('recent', { data: JSON.stringify(data) }));
  }
}

describe('<rescue-recent-gifts> over the network (a stand-in endpoint)', () => {
  let calls: string[];
  let answer: () => Response;
  beforeEach(() => {
    FakeSource.all = [];
    calls = [];
    answer = () => new Response(JSON.stringify(recentGifts(NOON)));
    window.fetch = async (url) => (calls.push(String(url)), answer());
    (window as { EventSource?: unknown }).EventSource = FakeSource;
  });

  it('never shows a name, email, city, note or reference, even when the endpoint sends one', async () => {
    const leaky = {
      ...recentGifts(NOON),
      donorName: 'Kim Min-jun',
      gifts: recentGifts(NOON).gifts.map((g) => ({ ...g, name: 'Kim Min-jun', email: 'minjun@example.org', city: 'Gangnam', note: "Kim Min-jun's bake sale", metadata: { donor_name: 'Kim Min-jun' }, sourceRef: 'offline:x:key:y' })),
    };
    const el = await fixture<RescueRecentGifts>(html`<rescue-recent-gifts endpoint="https://e.example" campaign="the-hundred"></rescue-recent-gifts>`);
    await waitUntil(() => el.feed, 'loaded');
    for (const secret of ['Kim', 'minjun', 'Gangnam', 'bake sale\'', 'offline:x']) {
      expect(el.shadowRoot!.innerHTML).not.to.include(secret);
      expect(JSON.stringify(el.feed)).not.to.include(secret);
    }
    expect(RecentGiftsSchema.safeParse(el.feed).success, 'what is kept matches the contract').to.equal(true);
    void leaky;
  });

  it('drops the leaky fields the endpoint might send', async () => {
    const leaky = { ...recentGifts(NOON), gifts: recentGifts(NOON).gifts.map((g) => ({ ...g, name: 'Kim Min-jun', note: 'Kim Min-jun' })) };
    answer = () => new Response(JSON.stringify(leaky));
    const el = await fixture<RescueRecentGifts>(html`<rescue-recent-gifts endpoint="https://e.example" campaign="the-hundred"></rescue-recent-gifts>`);
    await waitUntil(() => el.feed, 'loaded');
    expect(el.shadowRoot!.textContent).not.to.include('Kim');
    expect(JSON.stringify(el.feed)).not.to.include('Kim');
    expect(parseRecent({ ...leaky, gifts: [{ ...leaky.gifts[0], when: '2026-11-22T10:41:00Z' }] }), 'a time with minutes is refused').to.equal(undefined);
  });

  it('live: GETs `limit` gifts, streams `recent` frames; new gifts announced politely at most once in 15 s', async () => {
    let now = NOON;
    Date.now = () => now;
    const el = await fixture<RescueRecentGifts>(html`<rescue-recent-gifts endpoint="https://e.example/" campaign="the-hundred" limit="4" live></rescue-recent-gifts>`);
    await waitUntil(() => FakeSource.all.length === 1 && el.feed, 'loaded and live');
    expect(calls).to.deep.equal(['https://e.example/v1/campaigns/the-hundred/recent?limit=4']);
    expect(FakeSource.all[0]!.url).to.equal('https://e.example/v1/campaigns/the-hundred/events?recent=4');
    expect(live(el).textContent, 'the first load is not news').to.equal('');
    const source = FakeSource.all[0]!;
    const first = recentGifts(NOON);
    const gift = (amount: number) => ({ amount, currency: 'usd', team: 'Harbor Rescue Team', when: hoursAgo(0, NOON), kind: 'online' as const });
    const one = { ...first, gifts: [gift(1800), ...first.gifts.slice(0, 3)] };
    source.send(one);
    await el.updateComplete;
    expect(items(el)[0]).to.deep.equal(['$18', 'online', 'Harbor Rescue Team · this hour']);
    expect(live(el).textContent).to.equal('A new gift');
    const timers: { fn: () => void; delay: number }[] = [];
    const realTimeout = window.setTimeout;
    window.setTimeout = ((fn: () => void, delay = 0) => (timers.push({ fn, delay }), 0)) as typeof setTimeout;
    let three = first;
    try {
      now += 5_000;
      const two = { ...first, gifts: [gift(900), ...one.gifts.slice(0, 3)] };
      source.send(two);
      await el.updateComplete;
      three = { ...first, gifts: [gift(3600), ...two.gifts.slice(0, 3)] };
      source.send(three);
      await el.updateComplete;
      expect(items(el)[0]![0], 'shown at once').to.equal('$36');
      expect(live(el).textContent, 'said later').to.equal('A new gift');
      expect(timers.map((t) => t.delay)).to.deep.equal([10_000]);
      now += 10_000;
      timers[0]!.fn();
    } finally {
      window.setTimeout = realTimeout;
    }
    expect(live(el).textContent).to.equal('2 new gifts');
    // A voided gift leaving the list is not news, nor the older one sliding back in at the end.
    now += 20_000;
    source.send({ ...first, gifts: [three.gifts[0]!, three.gifts[2]!, three.gifts[3]!, first.gifts[1]!] });
    await el.updateComplete;
    expect(items(el).map((i) => i[0])).to.deep.equal(['$36', '$18', '$27', '$45']);
    expect(live(el).textContent).to.equal('2 new gifts');
  });

  it('error: a message, Retry from the keyboard, and the fallback link', async () => {
    answer = () => new Response('{}', { status: 500 });
    const el = await fixture<RescueRecentGifts>(html`<rescue-recent-gifts endpoint="https://e.example" campaign="the-hundred"><a href="https://example.org/give">Give now</a></rescue-recent-gifts>`);
    await waitUntil(() => base(el).className === 'err', 'error state');
    expect(partText(el, 'note')).to.equal('Recent gifts could not be loaded. Retry');
    expect(el.querySelector('a')!.getClientRects().length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    answer = () => new Response(JSON.stringify(recentGifts(NOON)));
    const before = document.createElement('button');
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.textContent).to.equal('Retry');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => base(el).className === 'ok', 'loaded after Retry');
    before.remove();
  });
});

describe('<rescue-recent-gifts> layout', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  it('right to left: each gift starts on the right', async () => {
    const wrap = await fixture(html`<div dir="rtl" lang="en" style="width:400px"><rescue-recent-gifts limit="4" .feed=${recentGifts(NOON)}></rescue-recent-gifts></div>`);
    const el = wrap.querySelector('rescue-recent-gifts')!;
    await el.updateComplete;
    const box = el.getBoundingClientRect();
    // The first line (amount and what) sits against the right edge, the left side empty.
    const range = document.createRange();
    range.setStartBefore($(el, '[part=amount]'));
    range.setEndAfter($(el, '[part=what]'));
    const line = range.getBoundingClientRect();
    expect(box.right - line.right, 'against the right edge').to.be.lessThan(2);
    expect(line.left - box.left, 'the left side empty').to.be.greaterThan(200);
    await expect(wrap).to.be.accessible();
  });

  it('320 px: nothing overflows, the reserved room holds the list', async () => {
    await setViewport({ width: 320, height: 700 });
    const wrap = await fixture(html`<div style="width:320px"><rescue-recent-gifts limit="4" .feed=${recentGifts(NOON)}></rescue-recent-gifts></div>`);
    const el = wrap.querySelector('rescue-recent-gifts')!;
    await el.updateComplete;
    const box = el.getBoundingClientRect();
    expect(box.width).to.equal(320);
    for (const li of el.shadowRoot!.querySelectorAll('li')) expect(li.getBoundingClientRect().right).to.be.at.most(box.right + 0.5);
    expect(box.height).to.be.closeTo(parseFloat(getComputedStyle(base(el)).minHeight), 0.5);
    await expect(wrap).to.be.accessible();
  });
});
