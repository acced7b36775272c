// The hosted pages as a visitor sees them, in Chromium against a real endpoint (in-memory SQLite,
// demo config, publicUrl set, a supporter's page approved): the campaign's title once, the
// leaderboard's rows as links to the teams' pages (focus kept as rows re-rank), the share row's
// Copy buttons and images, and at 320 and 375 px in English and Korean no amount broken across
// lines and no text out of the viewport.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { launchChromium, type Host } from './harness.js';
import { VIEWPORTS, layoutShifts, score } from './layout-shift.js';
import { axe } from './console-harness.js';
import { brokenAmounts, overflowingText, visibleCount } from './page-checks.js';

const PUBLIC = 'https://give.example.org';

describe('hosted pages: the design', () => {
  let server: RunningServer;
  let browser: Browser;
  let fundraiser = '';
  const admin = randomUUID();
  const post = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json();
    assert.ok(res.ok, JSON.stringify(json));
    return json;
  };
  const gift = (campaign: string, amount: number) => post(`/v1/campaigns/${campaign}/offline-gifts`, { amount, currency: 'usd', note: 'bake sale' }, { 'idempotency-key': randomUUID() });

  /** A page at a width and language, its elements loaded. */
  async function open(path: string, width: number, lang: 'en' | 'ko'): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width, height: 900 });
    await page.goto(`${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { waitUntil: 'load' });
    await page.waitForFunction(() => [...document.querySelectorAll('rescue-thermometer')].every((t: any) => t.progress), { timeout: 15_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('rescue-leaderboard')].every((t: any) => t.feed), { timeout: 15_000 });
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = PUBLIC;
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const created = await post('/v1/campaigns/rescue-team-demo/fundraisers', { displayName: 'Mina Park', goal: 50000, story: 'I am running 10 km for the team.', occasion: 'City run', date: '2027-03-14' });
    fundraiser = created.id;
    await post(`/v1/campaigns/${fundraiser}/approve`);
    await gift('rescue-team-demo', 420000);
    await gift('rescue-team-harbor', 123456);
    await gift(fundraiser, 4500);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the campaign title appears once on each hosted page', async () => {
    const cases = [
      { path: '/c/rescue-team-demo', title: 'Rescue Team demo: three rescues' },
      { path: '/c/the-hundred', title: 'The Hundred: 100 rescues to freedom' },
      { path: '/c/rescue-team-harbor', title: 'Harbor Rescue Team' },
    ];
    for (const { path, title } of cases) {
      for (const width of [375, 1280]) {
        for (const lang of ['en', 'ko'] as const) {
          const page = await open(path, width, lang);
          try {
            assert.equal(await visibleCount(page, title), 1, `${path} ${width}px ${lang}`);
            assert.equal(await page.$eval('h1', (h) => h.textContent), title);
          } finally {
            await page.close();
          }
        }
      }
    }
    const page = await open(`/c/${fundraiser}`, 375, 'en');
    try {
      assert.equal(await visibleCount(page, 'Mina Park'), 1, 'the supporter\'s page names them once');
    } finally {
      await page.close();
    }
  });

  test('at 320 and 375 px in English and Korean no amount breaks across lines and no text leaves the viewport', async () => {
    for (const path of ['/c/rescue-team-demo', '/c/the-hundred', `/c/${fundraiser}`]) {
      for (const width of [320, 375]) {
        for (const lang of ['en', 'ko'] as const) {
          const page = await open(path, width, lang);
          try {
            const { seen, broken } = await brokenAmounts(page);
            assert.ok(seen >= 8, `${path} ${width}px ${lang}: only ${seen} amounts seen`);
            assert.deepEqual(broken, [], `${path} ${width}px ${lang}`);
            assert.deepEqual(await overflowingText(page), [], `${path} ${width}px ${lang}`);
          } finally {
            await page.close();
          }
        }
      }
    }
  });

  test('the leaderboard rows link to the teams\' pages, and focus stays on its row as rows re-rank', async () => {
    const page = await open('/c/the-hundred', 1280, 'en');
    try {
      const links = await page.$eval('rescue-leaderboard', (el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => ({ text: a.textContent!.trim(), href: a.getAttribute('href') })));
      assert.deepEqual(
        links.map((l) => l.text),
        ['Rescue Team demo: three rescues', 'Harbor Rescue Team', 'Riverside Rescue Team'],
      );
      for (const l of links) assert.match(l.href ?? '', /\/c\/rescue-team-(demo|harbor|riverside)$/);
      // Focus the harbor row by keyboard order, then move it to the top with a gift.
      await page.evaluate(() => {
        const a = [...document.querySelector('rescue-leaderboard')!.shadowRoot!.querySelectorAll('a')].find((x) => x.textContent!.includes('Harbor'))!;
        a.focus();
      });
      await gift('rescue-team-harbor', 800000);
      await page.waitForFunction(() => document.querySelector('rescue-leaderboard')!.shadowRoot!.querySelector('a')!.textContent!.includes('Harbor'), { timeout: 15_000 });
      const focused = await page.evaluate(() => document.querySelector('rescue-leaderboard')!.shadowRoot!.activeElement?.textContent?.trim());
      assert.equal(focused, 'Harbor Rescue Team');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
      assert.equal(await page.$eval('h1', (h) => h.textContent), 'Harbor Rescue Team');
    } finally {
      await page.close();
    }
  });

  test('the share row copies the page\'s link and the embed code, and offers the images and poster', async () => {
    await browser.defaultBrowserContext().overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
    const page = await open('/c/rescue-team-demo', 375, 'en');
    try {
      await page.click('button[data-copy="share-url"]');
      await page.waitForFunction(() => document.querySelector('.share-status')!.textContent === 'Link copied.');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${PUBLIC}/c/rescue-team-demo`);
      await page.click('.embed summary');
      await page.click('button[data-copy="embed-code"]');
      await page.waitForFunction(() => document.querySelector('.share-status')!.textContent === 'Code copied.');
      const code = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(code, /^<iframe src="https:\/\/give\.example\.org\/embed\/rescue-thermometer\?campaign=rescue-team-demo" title="Rescue Team demo: three rescues" width="100%" height="\d+"/);
      const links = await page.$$eval('.share-images a', (as) => as.map((a) => a.getAttribute('href')!));
      assert.equal(links.length, 4);
      for (const href of links) {
        const res = await fetch(new URL(href, server.url));
        assert.equal(res.status, 200, href);
        assert.match(res.headers.get('content-type') ?? '', href.includes('.png') ? /^image\/png/ : /^text\/html/, href);
      }
    } finally {
      await page.close();
    }
    const off = await browser.newPage();
    try {
      await off.setJavaScriptEnabled(false);
      await off.goto(`${server.url}/c/rescue-team-demo`, { waitUntil: 'load' });
      // Without the script the link is text to copy by hand and the Copy button holds its room unseen.
      assert.equal(await off.$eval('#share-url', (c) => c.textContent), `${PUBLIC}/c/rescue-team-demo`);
      assert.equal(await off.$eval('button[data-copy="share-url"]', (b) => getComputedStyle(b).visibility), 'hidden');
    } finally {
      await off.close();
    }
  });

  test('axe finds nothing on the team\'s, the movement\'s and a supporter\'s page, at 375 and 1280 px, en and ko', async () => {
    for (const path of ['/c/rescue-team-demo', '/c/the-hundred', `/c/${fundraiser}`]) {
      for (const width of [375, 1280]) {
        for (const lang of ['en', 'ko'] as const) {
          const page = await open(path, width, lang);
          try {
            assert.deepEqual(await axe(page), [], `${path} ${width}px ${lang}`);
          } finally {
            await page.close();
          }
        }
      }
    }
  });

  test('a hosted page is sent compressed to a browser that takes gzip', async () => {
    const res = await fetch(`${server.url}/c/the-hundred`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-encoding'), 'gzip');
    assert.match(res.headers.get('vary') ?? '', /accept-encoding/i);
    assert.match(await res.text(), /<h1>The Hundred: 100 rescues to freedom<\/h1>/);
  });

  test('the movement\'s page does not move as its elements upgrade', async () => {
    const host: Host = { url: server.url, browser, recordGift: async () => {}, close: async () => {} };
    for (const viewport of VIEWPORTS) {
      for (const path of ['/c/the-hundred', '/c/the-hundred?lang=ko']) {
        const shifts = await layoutShifts(host, path, viewport);
        assert.ok(score(shifts) <= 0.01, `${path} ${viewport.width}px: ${JSON.stringify(shifts)}`);
      }
    }
  });
});
