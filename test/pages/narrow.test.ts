// Narrow and zoomed: from 160 CSS px up nothing is cut and nothing scrolls sideways. Every element,
// each variant and the states with the longest lines (messages, the fallback link, long amounts)
// at 160, 320 and 360 px, and at 200% zoom on a phone (a 195 px viewport at device scale 2).
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { TAGS, rendered, scratchDir, startHost, visit, type Host } from './harness.js';

const link = '<a href="https://example.org/give">Give to the Rescue Team through our own page</a>';
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>body { margin: 8px; font-family: system-ui, sans-serif; } main { display: grid; gap: 16px; }</style>
<script type="module">
  import '/cdn/rescuekit.js';
  const big = { campaign: 'rescue-team-demo', title: 'Rescue Team demo: three rescues by the spring concert', currency: 'krw', goal: 9000000000, raised: 4212345678,
    donors: 123456, rescueCost: 3000000, rescuesFunded: 1404, allies: 1234567, updatedAt: '2026-11-22T10:00:00Z' };
  for (const t of document.querySelectorAll('rescue-thermometer[data-big]')) t.progress = big;
  const team = (n, title) => ({ campaign: 'team-' + n, title, raised: 4212345678 - n, goal: 9000000000, donors: 1234, rescuesFunded: 1404 });
  const bigTeams = { campaign: big, teams: [team(1, 'Rescue Team of the Greater Riverside and Harbor District Volunteers'), team(2, '서울 구출팀: 세 명의 구출')], count: 165, updatedAt: big.updatedAt };
  for (const b of document.querySelectorAll('rescue-leaderboard[data-big]')) b.feed = bigTeams;
  const gift = (title, category) => ({ amount: 4212345678, currency: 'krw', team: title, when: '2026-11-22T10:00:00Z', kind: 'offline', category });
  const bigGifts = { campaign: 'rescue-team-demo', gifts: [gift('Rescue Team of the Greater Riverside and Harbor District Volunteers', 'bake_sale'), gift('서울 구출팀: 세 명의 구출', 'concert')], updatedAt: big.updatedAt };
  for (const r of document.querySelectorAll('rescue-recent-gifts[data-big]')) r.feed = bigGifts;
  const state = (sel, s, extra = {}) => { const el = document.querySelector(sel); Object.assign(el.checkout, { state: s, ...extra }); el.requestUpdate(); return el; };
  state('#picker-error', 'rate-limited', { retryAfter: 30 });
  state('#signup-error', 'invalid', { field: 'email' });
  state('#button-error', 'not-configured');
  const picker = document.querySelector('#picker-typed');
  await picker.updateComplete;
  const input = picker.shadowRoot.querySelector('[part=custom]');
  input.value = '1234567.891';
  input.dispatchEvent(new Event('input'));
  picker.shadowRoot.querySelector('label:has(input[type=checkbox]:not([part])) input').click();
  picker.monthly = true;
  await picker.updateComplete;
  window.__ready = true;
</script></head><body><main>
<rescue-thermometer campaign="rescue-team-demo">${link}</rescue-thermometer>
<rescue-thermometer campaign="rescue-team-demo" variant="bar">${link}</rescue-thermometer>
<rescue-thermometer data-big></rescue-thermometer>
<rescue-thermometer data-big variant="bar"></rescue-thermometer>
<rescue-thermometer endpoint="/no-such-endpoint" campaign="x">${link}</rescue-thermometer>
<nine-lives-picker campaign="rescue-team-demo">${link}</nine-lives-picker>
<nine-lives-picker id="picker-error" campaign="rescue-team-demo">${link}</nine-lives-picker>
<nine-lives-picker id="picker-typed" campaign="rescue-team-demo" amounts="900 2700 4500 9000 100000 1000000">${link}</nine-lives-picker>
<monthly-ally-signup campaign="rescue-team-demo">${link}</monthly-ally-signup>
<monthly-ally-signup id="signup-error" campaign="rescue-team-demo" lang="ko">${link}</monthly-ally-signup>
<rescue-donate-button campaign="rescue-team-demo" amount="123456789" frequency="monthly">${link}</rescue-donate-button>
<rescue-donate-button id="button-error" campaign="rescue-team-demo" amount="2700">${link}</rescue-donate-button>
<rescue-leaderboard campaign="the-hundred" limit="3">${link}</rescue-leaderboard>
<rescue-leaderboard data-big limit="2"></rescue-leaderboard>
<rescue-leaderboard data-big limit="2" lang="ko"></rescue-leaderboard>
<rescue-leaderboard endpoint="/no-such-endpoint" campaign="x">${link}</rescue-leaderboard>
<rescue-recent-gifts campaign="rescue-team-demo" limit="3">${link}</rescue-recent-gifts>
<rescue-recent-gifts data-big limit="2"></rescue-recent-gifts>
<rescue-recent-gifts data-big limit="2" lang="ko"></rescue-recent-gifts>
<rescue-recent-gifts endpoint="/no-such-endpoint" campaign="x">${link}</rescue-recent-gifts>
</main></body></html>`;

interface Problem {
  what: string;
}

describe('narrow and zoomed columns', () => {
  let host: Host;
  before(async () => {
    const dir = scratchDir();
    writeFileSync(`${dir}/narrow-states.html`, PAGE);
    host = await startHost([{ prefix: '/gen/', dir }]);
  });
  after(() => host?.close());

  const viewports = [
    { width: 160, deviceScaleFactor: 1 },
    { width: 320, deviceScaleFactor: 1 },
    { width: 360, deviceScaleFactor: 1 },
    { width: 195, deviceScaleFactor: 2, name: '200% zoom on a 390 px phone' },
  ];
  for (const vp of viewports) {
    test(`${vp.name ?? `${vp.width} px`}: nothing cut, nothing scrolls sideways`, async () => {
      const { page, errors } = await visit(host, '/gen/narrow-states.html', {
        before: (p) => p.setViewport({ width: vp.width, height: 700, deviceScaleFactor: vp.deviceScaleFactor }),
      });
      await rendered(page);
      await page.waitForFunction(
        () => (window as any).__ready && [...document.querySelectorAll<any>('rescue-thermometer, rescue-leaderboard, rescue-recent-gifts')].every((t) => t.progress || t.feed || t.shadowRoot.querySelector('.err')),
        { timeout: 10_000 },
      );
      const found: Problem[] = await page.evaluate((tags: string[]) => {
        const out: { what: string }[] = [];
        const vw = document.documentElement.clientWidth;
        if (document.documentElement.scrollWidth > vw) out.push({ what: `the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}` });
        for (const el of document.querySelectorAll(tags.join(','))) {
          const name = `<${el.localName}${el.id ? `#${el.id}` : ''}${el.getAttribute('variant') ? ` ${el.getAttribute('variant')}` : ''}>`;
          const box = el.getBoundingClientRect();
          if (box.left < -0.5 || box.right > vw + 0.5) out.push({ what: `${name} spans ${box.left}..${box.right} of ${vw}` });
          for (const inner of el.shadowRoot!.querySelectorAll('*')) {
            if (inner.closest('dialog:not([open]), .sr, style') || !(inner instanceof HTMLElement)) continue;
            const r = inner.getBoundingClientRect();
            const s = getComputedStyle(inner);
            const label = `${name} ${inner.getAttribute('part') ?? inner.localName}`;
            if (r.width && (r.left < box.left - 0.5 || r.right > Math.min(box.right, vw) + 0.5) && s.position != 'absolute') out.push({ what: `${label} sticks out: ${r.left}..${r.right} in ${box.left}..${box.right}` });
            if (s.position == 'absolute' && r.width > 1 && (r.left < -0.5 || r.right > vw + 0.5)) out.push({ what: `${label} (a bubble) leaves the page: ${r.left}..${r.right}` });
            if (s.textOverflow == 'ellipsis') out.push({ what: `${label} may end in an ellipsis` });
            const clips = ['hidden', 'clip', 'auto', 'scroll'].includes(s.overflowX);
            if (clips && inner.scrollWidth > inner.clientWidth + 1 && !(inner instanceof HTMLInputElement)) out.push({ what: `${label} cuts its content: ${inner.scrollWidth} > ${inner.clientWidth}` });
          }
        }
        return out;
      }, [...TAGS]);
      assert.deepEqual(found, []);
      // The long amounts are there in full: wrapped, not cut.
      const value = await page.$eval('rescue-thermometer[data-big]', (el) => el.shadowRoot!.querySelector('[part=value]')!.textContent);
      assert.match(value ?? '', /₩4,212,345,678 of ₩9,000,000,000 raised/);
      assert.deepEqual(errors.filter((e) => !e.includes('no-such-endpoint')), []);
      await page.close();
    });
  }
});
