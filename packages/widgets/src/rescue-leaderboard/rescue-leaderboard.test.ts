import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
import type { TeamsFeed } from '@rescuekit/schema';
import '../define/rescue-leaderboard.js';
import type { RescueLeaderboard } from './rescue-leaderboard.js';
import { fundraisers, partText, teams } from '../test-support/fixtures.js';
import { applyPalette, dark } from '../test-support/palettes.js';

/** Chromium's accessibility node for the element `expression` evaluates to (see web-test-runner.config.mjs). */
const axNode = (expression: string) => executeServerCommand<{ ignored: boolean; role: string; name: string }, unknown>('ax-node', { expression });

const withFeed = (feed: TeamsFeed | undefined, limit = 3) =>
  fixture<RescueLeaderboard>(html`<rescue-leaderboard limit=${limit} .feed=${feed}></rescue-leaderboard>`);

const $ = (el: Element, sel: string) => el.shadowRoot!.querySelector<HTMLElement>(sel)!;
const $$ = (el: Element, sel: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(sel)];
const base = (el: Element) => $(el, '[part=base]');
const live = (el: Element) => $(el, '[aria-live=polite]');
/** Each row's cells as the visitor reads them. */
const rows = (el: Element) => $$(el, 'tbody tr').map((tr) => [...tr.children].map((c) => c.textContent!.trim()));

/** Moves `campaign` to `raised` and re-ranks, as the endpoint does. */
function withRaised(feed: TeamsFeed, campaign: string, raised: number): TeamsFeed {
  const list = feed.teams.map((t) => (t.campaign == campaign ? { ...t, raised, rescuesFunded: Math.floor(raised / 300_000) } : t));
  return { ...feed, teams: list.sort((a, b) => b.raised - a.raised || a.title.localeCompare(b.title)) };
}

describe('<rescue-leaderboard> states', () => {
  it('loading: a skeleton holding the loaded box (no layout shift)', async () => {
    const el = await withFeed(undefined);
    expect(base(el).className).to.equal('sk');
    expect(partText(el, 'note')).to.equal('Loading teams…');
    await expect(el).to.be.accessible();
    const before = el.getBoundingClientRect();
    const message = $(el, '[part=message]').getBoundingClientRect().top;
    el.feed = teams;
    await el.updateComplete;
    const after = el.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
    expect($(el, '[part=message]').getBoundingClientRect().top, 'the message line stays put').to.equal(message);
  });

  it('loaded: a table with the parent as caption, headers, and a row per team in rank order', async () => {
    const el = await withFeed(teams);
    expect(base(el).className).to.equal('ok');
    const table = $(el, 'table');
    expect(table.querySelector('caption')!.textContent).to.equal('The Hundred: 100 rescues to freedom $10,200 of $300,000 raised');
    expect([...table.querySelectorAll('thead th')].map((th) => [th.textContent, th.getAttribute('scope')])).to.deep.equal([
      ['Rank', 'col'],
      ['Team', 'col'],
      ['Raised of goal', 'col'],
      ['Rescues funded', 'col'],
    ]);
    expect(rows(el)).to.deep.equal([
      ['1', 'Rescue Team demo: three rescues', '$4,200 of $9,000', '1'],
      ['2', 'Riverside Rescue Team', '$3,600 of $9,000', '1'],
      ['3', 'Harbor Rescue Team', '$2,400 of $6,000', '0'],
    ]);
    expect($$(el, 'tbody th').every((th) => th.getAttribute('scope') == 'row')).to.equal(true);
    // The bars: raised / goal of each team, drawn by CSS.
    expect($$(el, '[part=indicator]').map((i) => i.style.getPropertyValue('--_p'))).to.deep.equal(['0.46', '0.4', '0.4']);
    const [first, , third] = $$(el, '[part=indicator]').map((i) => i.getBoundingClientRect().width);
    expect(first).to.be.greaterThan(third! + 5);
    expect(await axNode("document.querySelector('rescue-leaderboard').shadowRoot.querySelector('table')")).to.include({ ignored: false, role: 'table', name: 'The Hundred: 100 rescues to freedom $10,200 of $300,000 raised' });
    expect(partText(el, 'message')).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('says when only the first teams are shown, and when totals may be old', async () => {
    const el = await withFeed({ ...teams, teams: teams.teams.slice(0, 2), count: 165, campaign: { ...teams.campaign, stale: true } }, 2);
    expect(partText(el, 'message')).to.equal('These totals may be a few minutes old. Top 2 of 165 teams');
  });

  it('the plural follows how many there are in all, not how many are shown', async () => {
    const el = await withFeed({ ...teams, teams: teams.teams.slice(0, 1), count: 3 }, 1);
    expect(partText(el, 'message')).to.equal('Top 1 of 3 teams');
  });

  it('empty: the parent\'s title and total, and "no teams yet"', async () => {
    const el = await withFeed({ ...teams, teams: [], count: 0 });
    expect(base(el).className).to.equal('empty');
    expect(partText(el, 'head')).to.equal('The Hundred: 100 rescues to freedom $10,200 of $300,000 raised');
    expect(partText(el, 'note')).to.equal('No teams yet.');
    expect($(el, '[part=scroll]').getClientRects().length, 'no empty table').to.equal(0);
    await expect(el).to.be.accessible();
  });

  it("a supporter's page title is text: markup in it creates no element, and its direction stays isolated", async () => {
    const probe = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    const feed = { ...teams, teams: [{ ...teams.teams[0]!, title: probe }, { ...teams.teams[1]!, title: 'שלום Mina' }] };
    const el = await withFeed(feed);
    const root = el.shadowRoot!;
    expect(root.querySelector('img, script'), 'no element from the title').to.equal(null);
    expect(root.textContent).to.include(probe);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    const cells = [...root.querySelectorAll('[part~=team]')] as HTMLElement[];
    expect(cells.some((c) => c.textContent!.includes('שלום Mina'))).to.equal(true);
    expect(cells.every((c) => getComputedStyle(c).unicodeBidi == 'isolate' || c.getAttribute('dir') == 'auto' || c.querySelector('bdi') != null), 'each title isolated').to.equal(true);
  });

  it('never shows a donor name, even if one is sent', async () => {
    const leaky = {
      ...teams,
      campaign: { ...teams.campaign, donorName: 'Kim Secret' },
      teams: teams.teams.map((t) => ({ ...t, donorName: 'Kim Secret', lastGift: { name: 'Kim Secret' } })),
    } as TeamsFeed;
    const el = await withFeed(undefined);
    const res = (window.fetch = async () => new Response(JSON.stringify(leaky)));
    try {
      el.campaign = 'the-hundred';
      el.endpoint = 'https://e.example';
      await waitUntil(() => el.feed, 'loaded');
      expect(el.shadowRoot!.innerHTML).not.to.include('Kim');
      expect(JSON.stringify(el.feed)).not.to.include('Kim');
    } finally {
      if (window.fetch === res) window.fetch = realFetch;
    }
  });

  it('Korean: words, money and announcements follow the nearest lang', async () => {
    const wrap = await fixture(html`<div lang="ko"><rescue-leaderboard limit="3" .feed=${teams}></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await el.updateComplete;
    expect($(el, 'caption').textContent).to.equal('The Hundred: 100 rescues to freedom US$300,000 중 US$10,200 모금');
    expect([...$(el, 'thead tr').children].map((th) => th.textContent)).to.deep.equal(['순위', '팀', '모금액 / 목표', '구출 비용 마련']);
    expect(rows(el)[2]).to.deep.equal(['3', 'Harbor Rescue Team', 'US$6,000 중 US$2,400', '0']);
    await expect(el).to.be.accessible();
    el.feed = withRaised(teams, 'rescue-team-harbor', 500_000);
    await el.updateComplete;
    expect(live(el).textContent).to.equal('Harbor Rescue Team, 1위로 올라섰습니다');
    el.feed = { ...teams, teams: [] };
    await el.updateComplete;
    expect(partText(el, 'note')).to.equal('아직 팀이 없습니다.');
  });

  it('kind="fundraisers": people\'s pages in the same table, with the fundraiser words', async () => {
    const el = await fixture<RescueLeaderboard>(html`<rescue-leaderboard kind="fundraisers" limit="3"></rescue-leaderboard>`);
    expect(partText(el, 'note')).to.equal('Loading fundraisers…');
    await expect(el).to.be.accessible();
    el.feed = fundraisers;
    await el.updateComplete;
    expect([...$(el, 'thead tr').children].map((th) => th.textContent)).to.deep.equal(['Rank', 'Fundraiser', 'Raised of goal', 'Rescues funded']);
    expect(rows(el)).to.deep.equal([
      ['1', 'Mina runs 10 km for Riverside', '$3,200 of $5,000', '1'],
      ['2', 'Jae-won’s birthday for the dogs', '$1,200 of $1,500', '0'],
      ['3', 'The Parks’ bake sale', '$640 of $1,000', '0'],
    ]);
    expect(partText(el, 'message')).to.equal('Top 3 of 12 fundraisers');
    await expect(el).to.be.accessible();
    el.feed = withRaised(fundraisers, 'the-parks-bake-sale', 400_000);
    await el.updateComplete;
    expect(live(el).textContent).to.equal('The Parks’ bake sale moved up to number 1');
    el.feed = { ...fundraisers, teams: [], count: 0 };
    await el.updateComplete;
    expect(partText(el, 'note')).to.equal('No fundraisers yet.');
  });

  it('kind="fundraisers" in Korean', async () => {
    const wrap = await fixture(html`<div lang="ko"><rescue-leaderboard kind="fundraisers" limit="3"></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await el.updateComplete;
    expect(partText(el, 'note')).to.equal('모금 페이지를 불러오는 중…');
    el.feed = fundraisers;
    await el.updateComplete;
    expect([...$(el, 'thead tr').children].map((th) => th.textContent)).to.deep.equal(['순위', '모금 페이지', '모금액 / 목표', '구출 비용 마련']);
    expect(partText(el, 'message')).to.equal('전체 12개 모금 페이지 중 상위 3개');
    await expect(el).to.be.accessible();
    el.feed = { ...fundraisers, teams: [], count: 0 };
    await el.updateComplete;
    expect(partText(el, 'note')).to.equal('아직 모금 페이지가 없습니다.');
  });

  it('an unknown kind is the teams board', async () => {
    const el = await fixture<RescueLeaderboard>(html`<rescue-leaderboard kind="people" limit="3" .feed=${teams}></rescue-leaderboard>`);
    expect($$(el, 'thead th')[1]!.textContent).to.equal('Team');
    el.feed = { ...teams, teams: [], count: 0 };
    await el.updateComplete;
    expect(partText(el, 'note')).to.equal('No teams yet.');
  });

  it('a dark palette: the table, bars and messages stay readable (axe contrast)', async () => {
    const wrap = await fixture<HTMLElement>(html`<div><rescue-leaderboard limit="3" .feed=${teams}></rescue-leaderboard></div>`);
    applyPalette(wrap, dark);
    await expect(wrap).to.be.accessible();
  });
});

const realFetch = window.fetch;

/** An EventSource stand-in that the test drives. */
class FakeSource {
  static all: FakeSource[] = [];
  onopen?: () => void;
  onerror?: () => void;
  listeners: Record<string, (e: MessageEvent) => void> = {};
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners[type] = fn;
  }
  close() {}
  /** Sends a `teams` frame (or another event's), as the endpoint does to the clients that asked for it. */
  send(feed: TeamsFeed, event = 'teams') {
    this.listeners[event]?.(new MessageEvent(event, { data: JSON.stringify(feed) }));
  }
}

describe('<rescue-leaderboard> over the network (a stand-in endpoint)', () => {
  const RealSource = window.EventSource;
  let calls: string[];
  let answer: () => Response;
  beforeEach(() => {
    FakeSource.all = [];
    calls = [];
    answer = () => new Response(JSON.stringify(teams));
    window.fetch = async (url) => (calls.push(String(url)), answer());
    (window as { EventSource?: unknown }).EventSource = FakeSource;
  });
  afterEach(() => {
    window.fetch = realFetch;
    window.EventSource = RealSource;
    Date.now = realNow;
  });
  const realNow = Date.now;

  /** A board of the-hundred, 3 rows; with `kind` as written in the page when given (none otherwise, as boards embedded before it). */
  const board = (attrs = html`live`, kind?: string) =>
    kind
      ? fixture<RescueLeaderboard>(`<rescue-leaderboard endpoint="https://e.example/" campaign="the-hundred" limit="3" kind="${kind}"${attrs ? ' live' : ''}></rescue-leaderboard>`)
      : fixture<RescueLeaderboard>(html`<rescue-leaderboard endpoint="https://e.example/" campaign="the-hundred" limit="3" ?live=${!!attrs}></rescue-leaderboard>`);

  it('GETs the first `limit` teams, then asks the event stream for `teams` frames', async () => {
    const el = await board();
    await waitUntil(() => FakeSource.all.length === 1, 'stream opened');
    expect(calls).to.deep.equal(['https://e.example/v1/campaigns/the-hundred/teams?limit=3']);
    expect(FakeSource.all[0]!.url).to.equal('https://e.example/v1/campaigns/the-hundred/events?teams=3');
    expect(Object.keys(FakeSource.all[0]!.listeners)).to.deep.equal(['teams']);
    expect(rows(el).map((r) => r[1])).to.deep.equal(['Rescue Team demo: three rescues', 'Riverside Rescue Team', 'Harbor Rescue Team']);
  });

  it('kind="teams" and an unknown kind read the teams, as a board without `kind` does', async () => {
    for (const kind of ['teams', 'Fundraisers']) {
      FakeSource.all = [];
      calls = [];
      await board(html`live`, kind);
      await waitUntil(() => FakeSource.all.length === 1, 'stream opened');
      expect(calls).to.deep.equal(['https://e.example/v1/campaigns/the-hundred/teams?limit=3']);
      expect(FakeSource.all[0]!.url).to.equal('https://e.example/v1/campaigns/the-hundred/events?teams=3');
      expect(Object.keys(FakeSource.all[0]!.listeners)).to.deep.equal(['teams']);
    }
  });

  it('kind="fundraisers": GETs the fundraisers, follows `fundraisers` frames and ignores `teams` ones', async () => {
    answer = () => new Response(JSON.stringify(fundraisers));
    const el = await board(html`live`, 'fundraisers');
    await waitUntil(() => FakeSource.all.length === 1 && el.feed, 'loaded and live');
    expect(calls).to.deep.equal(['https://e.example/v1/campaigns/the-hundred/fundraisers?limit=3']);
    const source = FakeSource.all[0]!;
    expect(source.url).to.equal('https://e.example/v1/campaigns/the-hundred/events?fundraisers=3');
    expect(Object.keys(source.listeners)).to.deep.equal(['fundraisers']);
    expect(rows(el).map((r) => r[1])).to.deep.equal(['Mina runs 10 km for Riverside', 'Jae-won’s birthday for the dogs', 'The Parks’ bake sale']);
    // A teams frame (another board's) changes nothing.
    source.send(teams);
    await el.updateComplete;
    expect(el.feed).to.deep.equal(fundraisers);
    // A gift to the Parks: $640 -> $4,000 moves their page from third to first.
    const heard = oneEvent(el, 'rescue-teams');
    source.send(withRaised(fundraisers, 'the-parks-bake-sale', 400_000), 'fundraisers');
    expect((await heard).detail.teams[0]!.campaign).to.equal('the-parks-bake-sale');
    await el.updateComplete;
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([
      ['1', 'The Parks’ bake sale'],
      ['2', 'Mina runs 10 km for Riverside'],
      ['3', 'Jae-won’s birthday for the dogs'],
    ]);
    expect(live(el).textContent).to.equal('The Parks’ bake sale moved up to number 1');
  });

  it('switching a board from teams to fundraisers puts the teams away at once and says no one moved up', async () => {
    const el = await board(html``);
    await waitUntil(() => el.feed, 'teams loaded');
    answer = () => new Response(JSON.stringify(fundraisers));
    el.kind = 'fundraisers';
    await el.updateComplete;
    expect(el.feed, 'no team stands under the fundraisers heading').to.equal(undefined);
    expect(partText(el, 'note')).to.equal('Loading fundraisers…');
    await waitUntil(() => el.feed, 'fundraisers loaded');
    expect(calls).to.deep.equal(['https://e.example/v1/campaigns/the-hundred/teams?limit=3', 'https://e.example/v1/campaigns/the-hundred/fundraisers?limit=3']);
    expect(rows(el)[0]![1]).to.equal('Mina runs 10 km for Riverside');
    expect(live(el).textContent, 'a new list is not news').to.equal('');
  });

  it('live re-ranking: a frame moves a team up; one polite announcement per 10 s at most', async () => {
    let now = 1_000_000;
    Date.now = () => now;
    const el = await board();
    await waitUntil(() => FakeSource.all.length === 1 && el.feed, 'loaded and live');
    const heard = oneEvent(el, 'rescue-teams');
    expect(live(el).textContent, 'the first load is not announced').to.equal('');
    let announcements = 0;
    new MutationObserver(() => announcements++).observe(live(el), { childList: true, characterData: true, subtree: true });
    const source = FakeSource.all[0]!;
    // A gift to Harbor: $2,400 -> $5,000 moves it from third to first.
    const moved = withRaised(teams, 'rescue-team-harbor', 500_000);
    source.send(moved);
    expect((await heard).detail.teams[0]!.campaign).to.equal('rescue-team-harbor');
    await el.updateComplete;
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([
      ['1', 'Harbor Rescue Team'],
      ['2', 'Rescue Team demo: three rescues'],
      ['3', 'Riverside Rescue Team'],
    ]);
    expect(live(el).textContent).to.equal('Harbor Rescue Team moved up to number 1');
    await new Promise((r) => setTimeout(r));
    expect(announcements).to.equal(1);
    // 4 s later Riverside overtakes the demo team: shown at once, announced only when 10 s have passed.
    const timers: { fn: () => void; delay: number }[] = [];
    const realTimeout = window.setTimeout;
    window.setTimeout = ((fn: () => void, delay = 0) => (timers.push({ fn, delay }), 0)) as typeof setTimeout;
    try {
      now += 4_000;
      source.send(withRaised(moved, 'rescue-team-riverside', 450_000));
      await el.updateComplete;
      expect(rows(el)[1]![1]).to.equal('Riverside Rescue Team');
      expect(live(el).textContent).to.equal('Harbor Rescue Team moved up to number 1');
      expect(timers.map((t) => t.delay)).to.deep.equal([6_000]);
      // A further change in the same window waits for the same turn.
      source.send(withRaised(withRaised(moved, 'rescue-team-riverside', 450_000), 'rescue-team-riverside', 460_000));
      await el.updateComplete;
      expect(timers.length).to.equal(1);
      now += 6_000;
      timers[0]!.fn();
    } finally {
      window.setTimeout = realTimeout;
    }
    expect(live(el).textContent).to.equal('Riverside Rescue Team moved up to number 2');
    await new Promise((r) => setTimeout(r));
    expect(announcements, 'two announcements in 10 s of changes').to.equal(2);
    // A frame with the same order (totals only) says nothing.
    now += 20_000;
    source.send({ ...withRaised(moved, 'rescue-team-riverside', 470_000), updatedAt: '2026-11-22T10:05:00Z' });
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(announcements).to.equal(2);
  });

  it('error: a message, Retry (reached and pressed from the keyboard) and the fallback link', async () => {
    answer = () => new Response('{}', { status: 500 });
    const el = await fixture<RescueLeaderboard>(
      html`<rescue-leaderboard endpoint="https://e.example" campaign="the-hundred"><a href="https://example.org/teams">See the teams</a></rescue-leaderboard>`,
    );
    await waitUntil(() => base(el).className === 'err', 'error state');
    expect(partText(el, 'head')).to.equal('Teams could not be loaded. Retry');
    expect(partText(el, 'label')).to.equal('Teams could not be loaded.');
    expect(el.querySelector('a')!.getClientRects().length, 'fallback link shown').to.be.greaterThan(0);
    await expect(el).to.be.accessible();
    answer = () => new Response(JSON.stringify(teams));
    const before = document.createElement('button');
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.textContent).to.equal('Retry');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => base(el).className === 'ok', 'loaded after Retry');
    expect(calls.length).to.equal(2);
    before.remove();
  });

  it('error, kind="fundraisers": its own words, in English and Korean', async () => {
    answer = () => new Response('{}', { status: 500 });
    const wrap = await fixture(html`<div>
      <rescue-leaderboard kind="fundraisers" endpoint="https://e.example" campaign="the-hundred"></rescue-leaderboard>
      <rescue-leaderboard kind="fundraisers" lang="ko" endpoint="https://e.example" campaign="the-hundred"></rescue-leaderboard>
    </div>`);
    const [en, ko] = [...wrap.children] as RescueLeaderboard[];
    await waitUntil(() => base(en!).className === 'err' && base(ko!).className === 'err', 'error state');
    expect(partText(en!, 'head')).to.equal('Fundraisers could not be loaded. Retry');
    expect(partText(ko!, 'head')).to.equal('모금 페이지를 불러오지 못했습니다. 다시 시도');
    await expect(wrap).to.be.accessible();
  });

  it('error: Korean', async () => {
    answer = () => new Response('not json');
    const el = await fixture<RescueLeaderboard>(html`<rescue-leaderboard lang="ko" endpoint="https://e.example" campaign="x"></rescue-leaderboard>`);
    await waitUntil(() => base(el).className === 'err', 'error state');
    expect(partText(el, 'head')).to.equal('팀 순위를 불러오지 못했습니다. 다시 시도');
    expect($(el, '[part=head] button').textContent).to.equal('다시 시도');
    await expect(el).to.be.accessible();
  });
});

describe('<rescue-leaderboard> layout', () => {
  after(() => setViewport({ width: 800, height: 600 }));

  it('right to left: rank on the right, bars fill from the right', async () => {
    const wrap = await fixture(html`<div dir="rtl" lang="en"><rescue-leaderboard limit="3" .feed=${teams}></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await el.updateComplete;
    const [rank, title] = [...$(el, 'tbody tr').children].map((c) => c.getBoundingClientRect());
    expect(rank!.left, 'rank is the rightmost column').to.be.greaterThan(title!.right - 1);
    const track = $(el, '[part=track]').getBoundingClientRect();
    const fill = $(el, '[part=indicator]').getBoundingClientRect();
    expect(Math.abs(fill.right - (track.right - 1))).to.be.lessThan(1);
    expect(fill.left).to.be.greaterThan(track.left + 10);
    await expect(wrap).to.be.accessible();
  });

  it('right to left, error state: the message starts on the right', async () => {
    const wrap = await fixture(html`<div dir="rtl" lang="en"><rescue-leaderboard endpoint="data:text/plain," campaign="x"><a href="https://example.org/teams">See the teams</a></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await waitUntil(() => base(el).className === 'err', 'error state');
    const box = el.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents($(el, '[part=head] [part=label]').firstChild!);
    const text = range.getBoundingClientRect();
    expect(box.right - text.right, 'from the right').to.be.lessThan(text.left - box.left);
  });

  it('320 px: everything fits (no sideways scroll), so the table is not a tab stop', async () => {
    await setViewport({ width: 320, height: 700 });
    const wrap = await fixture(html`<div style="width:320px"><rescue-leaderboard limit="3" .feed=${teams}></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await el.updateComplete;
    const scroll = $(el, '[part=scroll]');
    expect(scroll.scrollWidth).to.be.at.most(scroll.clientWidth);
    const box = el.getBoundingClientRect();
    expect(box.width).to.equal(320);
    for (const cell of $$(el, 'td, th')) expect(cell.getBoundingClientRect().right, cell.textContent!).to.be.at.most(box.right + 0.5);
    // Rows keep to the room held for them, so the page below does not move when they arrive.
    expect(box.height).to.be.closeTo(parseFloat(getComputedStyle(base(el)).minHeight), 0.5);
    expect(scroll.hasAttribute('tabindex')).to.equal(false);
    await expect(wrap).to.be.accessible();
  });

  it('too narrow for the table: the scroller becomes a named, focusable region', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:40px"><rescue-leaderboard limit="3" .feed=${teams}></rescue-leaderboard></div>`);
    const el = wrap.querySelector('rescue-leaderboard')!;
    await el.updateComplete;
    const scroll = $(el, '[part=scroll]');
    await waitUntil(() => scroll.getAttribute('tabindex') === '0', 'focusable while it overflows');
    expect(await axNode("document.querySelector('rescue-leaderboard').shadowRoot.querySelector('[part=scroll]')")).to.include({ role: 'region', name: $(el, 'caption').textContent! });
    await expect(wrap).to.be.accessible();
    wrap.style.width = '640px';
    await waitUntil(() => !scroll.hasAttribute('tabindex'), 'not a tab stop once it fits');
  });
});
