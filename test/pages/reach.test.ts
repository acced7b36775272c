// The endpoint's own pages in Chromium, served by a real endpoint (in-memory SQLite, demo config,
// publicUrl set): the hosted campaign page with scripts off (the numbers are there) and on (the
// elements upgrade over them without moving the page), and an embed framed by a page on another
// origin that resizes its iframe to the content with the README's listener snippet.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { launchChromium, type Host } from './harness.js';
import { VIEWPORTS, layoutShifts, score } from './layout-shift.js';

describe('hosted campaign pages and embeds', () => {
  let server: RunningServer;
  let other: Server;
  let otherUrl = '';
  let browser: Browser;
  let host: Host;
  const admin = randomUUID();

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = 'https://give.example.org';
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const res = await fetch(`${server.url}/v1/campaigns/rescue-team-demo/offline-gifts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: 420000, currency: 'usd', note: 'bake sale' }),
    });
    assert.equal(res.status, 201);
    // A team's site on another origin, framing the thermometer with the snippet docs/rescue-teams.md gives.
    const snippet = readFileSync('docs/rescue-teams.md', 'utf8').match(/<!-- embed-snippet -->\n```html\n([\s\S]*?)```/)![1]!.replaceAll('https://give.example.org', server.url);
    other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A team site</title><h1>Our team</h1>${snippet}<p id="after">after the frame</p>`));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
    browser = await launchChromium();
    host = { url: server.url, browser, recordGift: async () => {}, close: async () => {} };
  });
  after(async () => {
    await browser?.close();
    other?.close();
    await server?.close();
  });

  test('with JavaScript off the hosted page shows the numbers', async () => {
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.goto(`${server.url}/c/rescue-team-demo`, { waitUntil: 'load' });
      const text = await page.evaluate(() => document.body.innerText);
      assert.match(text, /\$4,200 raised of \$9,000/);
      assert.match(text, /1 rescue funded/);
      assert.match(text, /\$4,200 raised of \$300,000/, 'the parent\'s total (the team\'s gift rolls up)');
      assert.equal(await page.evaluate(() => customElements.get('rescue-thermometer')), undefined);
    } finally {
      await page.close();
    }
  });

  test('with JavaScript on the elements upgrade over the numbers without a layout shift', async () => {
    for (const viewport of VIEWPORTS) {
      const shifts = await layoutShifts(host, '/c/rescue-team-demo', viewport);
      assert.ok(score(shifts) <= 0.01, `${viewport.width}px: ${JSON.stringify(shifts)}`);
    }
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/c/the-hundred`, { waitUntil: 'load' });
      await page.waitForFunction(() => (document.querySelector('rescue-thermometer') as any)?.progress?.raised === 420000, { timeout: 15_000 });
      await page.waitForFunction(() => (document.querySelector('rescue-leaderboard') as any)?.feed?.teams?.length > 0, { timeout: 15_000 });
    } finally {
      await page.close();
    }
  });

  test('an embed framed by another origin resizes its iframe to the content', async () => {
    const page = await browser.newPage();
    try {
      await page.setViewport({ width: 390, height: 844 });
      await page.goto(otherUrl, { waitUntil: 'load' });
      const frame = await (await page.waitForSelector('iframe'))!.contentFrame();
      await frame!.waitForFunction(() => (document.querySelector('rescue-thermometer') as any)?.progress, { timeout: 15_000 });
      const inner = () => frame!.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
      const outer = () => page.$eval('iframe', (f) => f.getBoundingClientRect().height);
      await page.waitForFunction(() => document.querySelector('iframe')!.getBoundingClientRect().height !== 150, { timeout: 10_000 });
      const content = await inner();
      assert.ok(content > 150, `content height ${content}`);
      assert.ok(Math.abs((await outer()) - content) <= 1, `iframe ${await outer()} px, content ${content} px`);
      // No scrollbar inside: the frame's document fits its viewport.
      assert.ok(await frame!.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1));
      assert.notEqual(new URL(frame!.url()).origin, new URL(otherUrl).origin);
    } finally {
      await page.close();
    }
  });
});
