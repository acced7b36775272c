// Visual baselines of the hosted pages (a team's, the movement's and a supporter's) at 320, 375 and
// 1280 px in English and Korean, so their look cannot drift unseen. A real endpoint (in-memory
// SQLite, demo config, fixed gifts, no deadline or match: nothing on the page depends on the clock),
// Chromium with reduced motion (no fill animation mid-screenshot) and the served fonts loaded.
// After a deliberate change of looks: UPDATE_BASELINES=1, then look at test/visual/pages/baseline/.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { matchBaseline, waitForFonts } from '../visual/pages.js';
import { launchChromium } from './harness.js';

describe('hosted pages: visual baselines', () => {
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

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = 'https://give.example.org';
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    fundraiser = (await post('/v1/campaigns/rescue-team-demo/fundraisers', { displayName: 'Mina Park', goal: 50000, story: 'I am running 10 km on my birthday.\nEvery $9 gives nine lives a chance.', occasion: 'City run', date: '2027-03-14' })).id;
    await post(`/v1/campaigns/${fundraiser}/approve`);
    for (const [campaign, amount] of [['rescue-team-demo', 420000], ['rescue-team-harbor', 9000], [fundraiser, 4500]] as const) {
      await post(`/v1/campaigns/${campaign}/offline-gifts`, { amount, currency: 'usd', note: 'bake sale' }, { 'idempotency-key': randomUUID() });
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the team\'s, the movement\'s and a supporter\'s page look as their baselines, at 320, 375 and 1280 px, en and ko', async () => {
    const pages = { team: '/c/rescue-team-demo', movement: '/c/the-hundred', supporter: () => `/c/${fundraiser}` };
    for (const [name, path] of Object.entries(pages)) {
      for (const width of [320, 375, 1280]) {
        for (const lang of ['en', 'ko'] as const) {
          const tab = await browser.newPage();
          try {
            await tab.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]);
            await tab.setViewport({ width, height: 900 });
            // Twice: the fonts are `font-display: optional`, so a first visit may draw before they arrive; the second has them cached.
            const url = `${server.url}${typeof path === 'string' ? path : path()}?lang=${lang}`;
            await tab.goto(url, { waitUntil: 'load' });
            await waitForFonts(tab);
            await tab.goto(url, { waitUntil: 'load' });
            await tab.waitForFunction(() => [...document.querySelectorAll('rescue-thermometer')].every((t: any) => t.progress) && [...document.querySelectorAll('rescue-leaderboard')].every((t: any) => t.feed), { timeout: 15_000 });
            await waitForFonts(tab);
            assert.ok(await tab.evaluate(() => document.fonts.check('700 16px "Noto Sans"', 'A')), 'the served fonts are in use');
            // A supporter's page's address holds its random id: kept out of the picture (its room stays).
            await tab.evaluate(() => document.querySelectorAll<HTMLElement>('#share-url').forEach((c) => (c.style.visibility = 'hidden')));
            matchBaseline(`hosted-${name}-${lang}-${width}`, Buffer.from(await tab.screenshot({ fullPage: true, type: 'png' })));
          } finally {
            await tab.close();
          }
        }
      }
    }
  });
});
