// On a phone (320 and 375 px), in English and Korean, every element: no amount breaks inside itself
// (a line break between "US$" and "9", or inside "$4,200"), and no text runs out of its box.
import { expect, fixture, html } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { TemplateResult } from 'lit';
import '../define/rescue-thermometer.js';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import '../define/rescue-leaderboard.js';
import '../define/rescue-recent-gifts.js';
import { demo, empty, recentGifts, teams } from '../test-support/fixtures.js';

/** A data: URL endpoint: never a request that could answer. */
const STUB = 'data:text/plain,';
const progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 10_000_000, manageGivingUrl: 'https://example.org/manage' };
const impact = {
  ...progress,
  impact: {
    '900': { en: 'A day of safe shelter', ko: '안전한 쉼터에서의 하루' },
    '2700': { en: 'Feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식량' },
    '4500': { en: 'A guide for one stretch of the road', ko: '탈출길 한 구간의 안내인' },
    '9000': { en: 'A safe house for a month', ko: '한 달 동안의 안전가옥' },
  },
};
/** Bigger amounts than the demo's: the longest numbers a team shows. */
const large = { ...demo, goal: 120_000_000, raised: 45_678_900, rescuesFunded: 152, donors: 1_204 };
const tenTeams = {
  ...teams,
  teams: Array.from({ length: 10 }, (_, i) => ({ ...teams.teams[i % 3]!, campaign: `team-${i}`, title: `Team number ${i + 1} of the riverside chapter`, raised: 1_234_500 - i * 100_000, goal: 9_000_000 })),
  count: 24,
};

/** The longest a board gets: a won campaign in the billions, a long team title. */
const bigTeams = {
  ...teams,
  campaign: { ...teams.campaign, currency: 'krw', goal: 9_000_000_000, raised: 4_212_345_678 },
  teams: [
    { campaign: 'team-1', title: 'Rescue Team of the Greater Riverside and Harbor District Volunteers', raised: 4_212_345_677, goal: 9_000_000_000, donors: 1_234, rescuesFunded: 1_404 },
    { campaign: 'team-2', title: '서울 구출팀: 세 명의 구출', raised: 4_212_345_676, goal: 9_000_000_000, donors: 1_234, rescuesFunded: 1_404 },
  ],
  count: 165,
};

const elements: [string, () => TemplateResult][] = [
  ['thermometer', () => html`<rescue-thermometer endpoint=${STUB} .progress=${large}></rescue-thermometer>`],
  ['thermometer before the first rescue', () => html`<rescue-thermometer endpoint=${STUB} .progress=${{ ...empty, raised: 4_500, donors: 1 }}></rescue-thermometer>`],
  ['bar', () => html`<rescue-thermometer variant="bar" endpoint=${STUB} .progress=${large}></rescue-thermometer>`],
  ['picker', () => html`<nine-lives-picker endpoint=${STUB} campaign="the-hundred" amounts="900 2700 4500 9000" monthly .progress=${progress}></nine-lives-picker>`],
  ['picker, large presets', () => html`<nine-lives-picker endpoint=${STUB} campaign="the-hundred" amounts="2700 4500 90000 250000" .progress=${progress}></nine-lives-picker>`],
  ['picker with impact lines', () => html`<nine-lives-picker endpoint=${STUB} campaign="the-hundred" .progress=${impact}></nine-lives-picker>`],
  ['Ally signup', () => html`<monthly-ally-signup endpoint=${STUB} campaign="the-hundred" tiers="900 2500 5000 10000" .progress=${{ ...progress, alliesGoal: 25_000_000 }}></monthly-ally-signup>`],
  ['donate button', () => html`<rescue-donate-button endpoint=${STUB} campaign="the-hundred" amount="250000" frequency="monthly"></rescue-donate-button>`],
  ['leaderboard', () => html`<rescue-leaderboard endpoint=${STUB} limit="10" .feed=${tenTeams}></rescue-leaderboard>`],
  ['leaderboard, billions of won', () => html`<rescue-leaderboard endpoint=${STUB} limit="2" .feed=${bigTeams}></rescue-leaderboard>`],
  ['recent gifts', () => html`<rescue-recent-gifts endpoint=${STUB} limit="4" .feed=${recentGifts()}></rescue-recent-gifts>`],
];

/** Shadow roots of `el` and of the elements inside it. */
function roots(el: Element): ShadowRoot[] {
  const root = el.shadowRoot;
  if (!root) return [];
  return [root, ...[...root.querySelectorAll('*')].flatMap(roots)];
}

/** An amount as the elements format one in en and ko: "$4,200", "US$9", "₩4,200,000", "US$2,500.00". */
const AMOUNT = /(?:US\$|\$|₩)\d[\d,]*(?:\.\d+)?/g;

/** Each amount shown (not visually hidden) with the number of lines it is drawn on. */
export function amountLines(el: Element): [amount: string, lines: number][] {
  const out: [string, number][] = [];
  for (const root of roots(el)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (node.parentElement?.closest('.sr') || !node.parentElement?.checkVisibility()) continue;
      for (const m of node.data.matchAll(AMOUNT)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        out.push([m[0], tops.size]);
      }
    }
  }
  return out;
}

/** Boxes whose content is wider than they are (text running out), as "part or tag: scroll width > client width". */
export function overflows(el: Element): string[] {
  const out: string[] = [];
  const host = el.getBoundingClientRect();
  if (host.right > document.documentElement.clientWidth + 0.5) out.push(`host: right ${host.right} > ${document.documentElement.clientWidth}`);
  for (const root of roots(el)) {
    for (const box of root.querySelectorAll<HTMLElement>('*')) {
      // Boxes that hold text (a decoration such as the tube's rescue ticks may stand beside its box).
      if (box.closest('.sr') || !box.checkVisibility() || box.clientWidth == 0 || !box.textContent?.trim()) continue;
      if (box.scrollWidth > box.clientWidth + 1) out.push(`${box.getAttribute('part') ?? box.localName}: ${box.scrollWidth} > ${box.clientWidth}`);
    }
  }
  return out;
}

for (const width of [320, 375]) {
  for (const lang of ['en', 'ko']) {
    describe(`layout at ${width} px in ${lang}`, () => {
      before(() => setViewport({ width, height: 800 }));
      after(() => setViewport({ width: 800, height: 600 }));

      for (const [name, tpl] of elements) {
        it(`${name}: no amount breaks inside itself, no text overflows`, async () => {
          // The page's own margins vary: the element at full width and in columns up to 64 px narrower.
          for (const pad of [0, 8, 12, 16, 20, 24, 32]) {
            const frame = await fixture<HTMLElement>(html`<div lang=${lang} style="padding: 12px ${pad}px">${tpl()}</div>`);
            const el = frame.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
            await el.updateComplete;
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            const amounts = amountLines(el);
            expect(amounts.length, 'amounts shown').to.be.greaterThan(0);
            expect(amounts.filter(([, lines]) => lines != 1), `amounts drawn on more than one line (${width - 2 * pad} px)`).to.deep.equal([]);
            expect(overflows(el), `${width - 2 * pad} px`).to.deep.equal([]);
          }
        });
      }
    });
  }
}
