// Rows link to the teams' hosted pages; a re-ranking moves rows, so focus stays on the same team's link;
// a team's first gifts show in its bar.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { TeamsFeed } from '@rescuekit/schema';
import '../define/rescue-leaderboard.js';
import type { RescueLeaderboard } from './rescue-leaderboard.js';
import { fundraisers, teams } from '../test-support/fixtures.js';
import { fillExtent } from '../test-support/fill.js';

const board = (feed: TeamsFeed, attrs = '') =>
  fixture<RescueLeaderboard>(
    attrs == 'same-origin'
      ? html`<rescue-leaderboard endpoint="" limit="5" .feed=${feed}></rescue-leaderboard>`
      : html`<rescue-leaderboard endpoint="https://give.example/" limit="5" kind=${attrs || 'teams'} .feed=${feed}></rescue-leaderboard>`,
  );
const links = (el: Element) => [...el.shadowRoot!.querySelectorAll<HTMLAnchorElement>('[part=link]')];
const linkOf = (el: Element, title: string) => links(el).find((a) => a.textContent == title)!;

/** Harbor (third) takes the lead. */
const harborLeads: TeamsFeed = { ...teams, teams: [{ ...teams.teams[2]!, raised: 500_000 }, teams.teams[0]!, teams.teams[1]!] };

describe('<rescue-leaderboard> links to the teams\' pages', () => {
  it("each team's title links to its hosted page on the widget's endpoint", async () => {
    const el = await board(teams);
    expect(links(el).map((a) => [a.textContent, a.href])).to.deep.equal([
      ['Rescue Team demo: three rescues', 'https://give.example/c/rescue-team-demo'],
      ['Riverside Rescue Team', 'https://give.example/c/rescue-team-riverside'],
      ['Harbor Rescue Team', 'https://give.example/c/rescue-team-harbor'],
    ]);
    // Still the row header: the link is inside it.
    expect(links(el)[0]!.closest('th')!.getAttribute('scope')).to.equal('row');
    await expect(el).to.be.accessible();
  });

  it('a same-origin endpoint links to /c/<id> on the page\'s origin; fundraisers link to their pages', async () => {
    const meta = document.querySelector('meta[name="rescuekit:endpoint"]');
    meta?.remove();
    try {
      const el = await board(teams, 'same-origin');
      expect(links(el)[0]!.getAttribute('href')).to.equal('/c/rescue-team-demo');
    } finally {
      if (meta) document.head.append(meta);
    }
    const pages = await board(fundraisers, 'fundraisers');
    expect(links(pages).map((a) => a.href)).to.deep.equal([
      'https://give.example/c/mina-runs-10k',
      'https://give.example/c/jaewon-birthday',
      'https://give.example/c/the-parks-bake-sale',
    ]);
  });

  it('rows are reached with Tab, and a focused link shows a focus ring', async () => {
    const el = await board(teams);
    const before = document.createElement('button');
    el.before(before);
    before.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.textContent).to.equal(links(el)[0]!.textContent);
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.textContent).to.equal(links(el)[1]!.textContent);
    const ring = getComputedStyle(links(el)[1]!);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    before.remove();
  });

  it('a live re-ranking keeps focus on the same team\'s link, wherever its row goes', async () => {
    for (const title of ['Harbor Rescue Team', 'Rescue Team demo: three rescues']) {
      const el = await board(teams);
      const link = linkOf(el, title);
      link.focus();
      const row = link.closest('tr');
      el.feed = harborLeads;
      await el.updateComplete;
      expect(links(el)[0]!.textContent, 'Harbor moved to the top').to.equal('Harbor Rescue Team');
      // (Compared as a boolean: chai cannot print an element of a shadow tree in a failure message.)
      expect(el.shadowRoot!.activeElement == link, `focus on ${title}'s link`).to.equal(true);
      expect(link.textContent).to.equal(title);
      expect(link.closest('tr') == row, 'the same row, moved').to.equal(true);
      expect(link.closest('tr')!.querySelector('[part=rank]')!.textContent).to.equal(title == 'Harbor Rescue Team' ? '1' : '2');
    }
  });

  it('in a browser without moveBefore, the moved row\'s link gets focus back', async () => {
    const own = Object.getOwnPropertyDescriptor(Element.prototype, 'moveBefore');
    delete (Element.prototype as { moveBefore?: unknown }).moveBefore;
    try {
      expect('moveBefore' in document.createElement('tbody')).to.equal(false);
      const el = await board(teams);
      const link = linkOf(el, 'Harbor Rescue Team');
      link.focus();
      el.feed = harborLeads;
      await el.updateComplete;
      expect(links(el)[0] == link, 'moved to the top').to.equal(true);
      expect(el.shadowRoot!.activeElement == link, 'focus back on its link').to.equal(true);
    } finally {
      if (own) Object.defineProperty(Element.prototype, 'moveBefore', own);
    }
  });

  it('a team that leaves the list takes its row; a new team gets a row of its own', async () => {
    const el = await board(teams);
    const riverside = linkOf(el, 'Riverside Rescue Team').closest('tr');
    el.feed = { ...teams, teams: [teams.teams[1]!, { ...teams.teams[0]!, campaign: 'rescue-team-new', title: 'New Team' }] };
    await el.updateComplete;
    expect(links(el).map((a) => a.textContent)).to.deep.equal(['Riverside Rescue Team', 'New Team']);
    expect(linkOf(el, 'Riverside Rescue Team').closest('tr') == riverside, 'the same row').to.equal(true);
    expect(el.shadowRoot!.querySelectorAll('tbody tr').length).to.equal(2);
  });
});

describe('<rescue-leaderboard> a visible fill from the first gift', () => {
  before(() => emulateMedia({ reducedMotion: 'reduce' }));

  it('1 % and $1 draw at least the bar\'s thickness and 8 px, inside the track; nothing raised, nothing drawn', async () => {
    const first = { ...teams.teams[0]!, raised: 9_000 };
    const el = await board({ ...teams, teams: [first, { ...teams.teams[1]!, raised: 100 }, { ...teams.teams[2]!, raised: 0 }] });
    const root = el.shadowRoot!;
    const [one, dollar, none] = [...root.querySelectorAll('tbody tr')].map((tr) =>
      fillExtent(root, tr.querySelector('[part=indicator]')!, tr.querySelector('[part=track]')!, 'x'),
    );
    for (const drawn of [one!, dollar!]) {
      expect(drawn.extent).to.be.at.least(Math.max(drawn.thickness, 8) - 1);
      expect(drawn.outside).to.equal(0);
    }
    expect(none!.extent).to.equal(0);
  });
});
