// The heights in docs/embedding.md, measured again: every element and variant at 375 and 1280 px wide, in
// English, with the demo's data and the pinned fonts (web-test-runner.visual.config.mjs). A change of looks
// that moves a height by more than a few px fails here until the table says the new height.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../../packages/widgets/src/define/rescue-thermometer.js';
import '../../packages/widgets/src/define/nine-lives-picker.js';
import '../../packages/widgets/src/define/monthly-ally-signup.js';
import '../../packages/widgets/src/define/rescue-donate-button.js';
import '../../packages/widgets/src/define/rescue-leaderboard.js';
import '../../packages/widgets/src/define/rescue-recent-gifts.js';
import { demo, recentGifts, teams } from '../../packages/widgets/src/test-support/fixtures.js';

const STUB = 'data:text/plain,';
const progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 10_000_000, manageGivingUrl: 'https://example.org/manage' };
const tenTeams = {
  ...teams,
  teams: Array.from({ length: 10 }, (_, i) => ({ ...teams.teams[i % 3]!, campaign: `team-${i}`, title: `${['Riverside', 'Harbor', 'Hilltop', 'Campus', 'Valley'][i % 5]} Rescue Team`, raised: 900_000 - i * 60_000 })),
  count: 24,
};

/** Each row of the table: its name there, and the element as a page would hold it. */
export const EMBEDS: [string, () => TemplateResult][] = [
  ['`<rescue-thermometer>`', () => html`<rescue-thermometer endpoint=${STUB} .progress=${demo}></rescue-thermometer>`],
  ['`<rescue-thermometer variant="bar">`', () => html`<rescue-thermometer variant="bar" endpoint=${STUB} .progress=${demo}></rescue-thermometer>`],
  ['`<nine-lives-picker>`', () => html`<nine-lives-picker endpoint=${STUB} campaign="the-hundred" .progress=${progress}></nine-lives-picker>`],
  ['`<monthly-ally-signup>`', () => html`<monthly-ally-signup endpoint=${STUB} campaign="the-hundred" .progress=${progress}></monthly-ally-signup>`],
  ['`<rescue-donate-button>`', () => html`<rescue-donate-button endpoint=${STUB} campaign="the-hundred" amount="2700"></rescue-donate-button>`],
  ['`<rescue-leaderboard limit="3">`', () => html`<rescue-leaderboard endpoint=${STUB} limit="3" .feed=${teams}></rescue-leaderboard>`],
  ['`<rescue-leaderboard>` (10 rows)', () => html`<rescue-leaderboard endpoint=${STUB} .feed=${tenTeams}></rescue-leaderboard>`],
  ['`<rescue-recent-gifts>` (5 gifts)', () => html`<rescue-recent-gifts endpoint=${STUB} .feed=${recentGifts()}></rescue-recent-gifts>`],
];
const WIDTHS = [375, 1280];
/** How far a measured height may be from the table's (sub-pixel rounding, anti-aliasing of the fonts). */
const TOLERANCE = 4;

/** The element's height (its border box, rounded up) in a page `width` px wide with no margins. */
async function measure(tpl: () => TemplateResult, width: number): Promise<number> {
  await setViewport({ width, height: 1000 });
  const frame = await fixture<HTMLElement>(html`<div lang="en" style="display: flow-root; margin: 0">${tpl()}</div>`);
  const el = frame.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
  await el.updateComplete;
  await document.fonts.ready;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return Math.ceil(el.getBoundingClientRect().height);
}

/** The table in docs/embedding.md: element -> heights at 375 and 1280 px. */
async function documented(): Promise<Map<string, number[]>> {
  const text = await (await fetch('/docs/embedding.md')).text();
  const rows = new Map<string, number[]>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const px = cells.slice(2, 4).map((c) => /^(\d+) px$/.exec(c)?.[1]);
    if (cells.length >= 5 && px.every(Boolean)) rows.set(cells[1]!, px.map(Number));
  }
  return rows;
}

describe('embed heights (docs/embedding.md)', () => {
  before(async () => {
    document.body.style.margin = '0';
    await emulateMedia({ reducedMotion: 'reduce' });
  });

  it('the table lists every element and variant, and each height is within a few px of what it measures', async () => {
    const table = await documented();
    const measured: string[] = [];
    const off: string[] = [];
    for (const [name, tpl] of EMBEDS) {
      const heights: number[] = [];
      for (const width of WIDTHS) heights.push(await measure(tpl, width));
      measured.push(`| ${name} | ${heights.map((h) => `${h} px`).join(' | ')} |`);
      const doc = table.get(name);
      if (!doc || doc.some((h, i) => Math.abs(h - heights[i]!) > TOLERANCE)) off.push(`${name}: table ${doc?.join(', ') ?? 'missing'}, measured ${heights.join(', ')}`);
    }
    // What the table should say, printed when it does not.
    if (off.length) console.log(measured.join('\n'));
    expect(off).to.deep.equal([]);
    expect(table.size, 'no row for an element that is not measured').to.equal(EMBEDS.length);
  });
});
