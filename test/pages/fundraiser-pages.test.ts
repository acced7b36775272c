// A supporter's fundraiser page and its team's page in Chromium, served by a real endpoint (in-memory
// SQLite, demo config, publicUrl set): hostile supporter text makes no element and runs nothing on a
// 320 px phone, the story keeps its line breaks, neither page moves as its elements upgrade, and the
// posters (a team's with its join code, a page's with its team) print on one A4 or Letter page.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { launchChromium, type Host } from './harness.js';
import { VIEWPORTS, layoutShifts, score } from './layout-shift.js';

const STORY = '"><script>alert(1)</script>\nhttps://evil.example\n<img src=x onerror=alert(2)> javascript:alert(3)';

describe('fundraiser pages in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: Host;
  let page = '';
  const admin = randomUUID();
  const post = async (path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json();
    assert.ok(res.ok, JSON.stringify(json));
    return json;
  };

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = 'https://give.example.org';
    config.campaigns.push({
      id: 'giving-day-team-of-the-greater-riverside', title: 'Rescue Team of the Greater Riverside and Harbor District Volunteers and Friends',
      currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred', endsAt: '2026-12-03T18:00:00-05:00',
      match: { ratio: 1, cap: 100000, startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z', label: 'the Kim Family Foundation of the Greater Riverside' },
    });
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const created = await post('/v1/campaigns/rescue-team-demo/fundraisers', { displayName: '<img src=x onerror=alert(1)>', goal: 30000, story: STORY, occasion: 'javascript:alert(1)', date: '2027-03-14' });
    page = created.id;
    await post(`/v1/campaigns/${page}/approve`, undefined, admin);
    browser = await launchChromium();
    host = { url: server.url, browser, recordGift: async () => {}, close: async () => {} };
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('at 320 px supporter text makes no element and runs nothing; the story keeps its line breaks', async () => {
    const tab = await browser.newPage();
    try {
      await tab.setViewport({ width: 320, height: 700 });
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(String(e)));
      tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await tab.evaluateOnNewDocument(() => {
        (globalThis as any).__alerts = [];
        window.alert = (m?: unknown) => (globalThis as any).__alerts.push(m);
      });
      await tab.goto(`${server.url}/c/${page}`, { waitUntil: 'load' });
      await tab.waitForFunction(() => (document.querySelector('rescue-thermometer') as any)?.progress, { timeout: 15_000 });
      const found = await tab.evaluate(() => {
        const main = document.querySelector('main')!;
        const story = main.querySelector('.story') as HTMLElement;
        const text = story.firstChild!;
        const range = document.createRange();
        range.selectNodeContents(text);
        const lineTops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return {
          elements: [...main.querySelectorAll('img, script, iframe, object, embed')].map((e) => e.outerHTML),
          links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')).filter((h) => /javascript:|evil\.example/.test(h ?? '')),
          storyChildren: story.children.length,
          storyLines: story.innerText.split('\n'),
          lineTops: lineTops.size,
          heading: document.querySelector('h1')!.textContent,
          dirs: [...main.querySelectorAll('h1, .story, .occasion span')].map((e) => e.getAttribute('dir')),
          sideways: document.documentElement.scrollWidth > document.documentElement.clientWidth,
          alerts: (globalThis as any).__alerts.length,
        };
      });
      assert.deepEqual(found.elements, [], 'no element from supporter text');
      assert.deepEqual(found.links, [], 'no link from supporter text');
      assert.equal(found.storyChildren, 0, 'the story is one text node');
      assert.deepEqual(found.storyLines, STORY.split('\n'), 'its line breaks show');
      assert.ok(found.lineTops >= 3, `the story is drawn on ${found.lineTops} lines`);
      assert.equal(found.heading, '<img src=x onerror=alert(1)>');
      assert.deepEqual(found.dirs, ['auto', 'auto', 'auto']);
      assert.equal(found.sideways, false, 'nothing scrolls sideways at 320 px');
      assert.equal(found.alerts, 0);
      assert.deepEqual(errors, []);
    } finally {
      await tab.close();
    }
  });

  test('the fundraiser page and its team page do not move as their elements upgrade', async () => {
    for (const path of [`/c/${page}`, '/c/rescue-team-demo']) {
      for (const viewport of VIEWPORTS) {
        const shifts = await layoutShifts(host, path, viewport);
        assert.ok(score(shifts) <= 0.01, `${path} at ${viewport.width}px: ${JSON.stringify(shifts)}`);
      }
    }
  });

  test('posters print on one page, A4 and Letter, English and Korean', async () => {
    for (const id of ['giving-day-team-of-the-greater-riverside', 'rescue-team-demo', page]) {
      for (const paper of ['a4', 'letter']) {
        for (const lang of ['en', 'ko']) {
          const tab = await browser.newPage();
          try {
            await tab.goto(`${server.url}/c/${id}/poster?paper=${paper}&lang=${lang}`, { waitUntil: 'load' });
            const joins = await tab.$$eval('.qr.join', (els) => els.length);
            assert.equal(joins, id === page ? 0 : 1, `${id}: a join code on a team's poster only`);
            const pdf = Buffer.from(await tab.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
            const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
            assert.equal(pages, 1, `${id} on ${paper} in ${lang}: ${pages} pages`);
          } finally {
            await tab.close();
          }
        }
      }
    }
  });
});
