// The CDN bundles load their live part (cdn/chunks/progress-live-<hash>.js: the event stream, its
// backoff and polling) only for a `live` element, beside its first GET; a failed load leaves the
// total shown (no error state) and is asked for again with the next read 15 s later.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { rendered, scratchDir, startHost, visit, type Host } from './harness.js';

const page = (live: boolean) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>thermometer</title>
<script type="module" src="/cdn/rescue-thermometer.js"></script></head>
<body><rescue-thermometer campaign="rescue-team-demo"${live ? ' live' : ''}></rescue-thermometer></body></html>`;

const LIVE = '/cdn/chunks/progress-live-';
const text = () => document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!;
/** Waits until the thermometer's text is no longer `was` (a live update arrived). */
const changed = (page: Page, was: string) =>
  page.waitForFunction((was) => document.querySelector('rescue-thermometer')!.shadowRoot!.textContent != was, { timeout: 10_000 }, was);

describe('the live part of the CDN bundles', () => {
  let host: Host;
  before(async () => {
    const dir = scratchDir();
    writeFileSync(`${dir}/once.html`, page(false));
    writeFileSync(`${dir}/live.html`, page(true));
    host = await startHost([{ prefix: '/gen/', dir }]);
  });
  after(() => host?.close());

  test('a thermometer that shows its total once never requests it', async () => {
    const { page, errors } = await visit(host, '/gen/once.html');
    await rendered(page, ['rescue-thermometer']);
    await page.waitForFunction(() => /of \$9,000 raised/.test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!), { timeout: 10_000 });
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(loaded.some((u) => u.endsWith('/cdn/rescue-thermometer.js')), 'the bundle itself is a resource entry');
    assert.deepEqual(loaded.filter((u) => u.includes('/chunks/')), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a live thermometer loads it once and follows the total', async () => {
    const { page, errors } = await visit(host, '/gen/live.html');
    await rendered(page, ['rescue-thermometer']);
    const before = await page.evaluate(text);
    await host.recordGift('rescue-team-demo', 4_500);
    await host.recordGift('rescue-team-demo', 5_500);
    await changed(page, before);
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.equal(loaded.filter((u) => u.includes(LIVE)).length, 1, loaded.join('\n'));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a failed load keeps the total on screen and is tried again with the next read', async () => {
    const requests: string[] = [];
    const { page, errors } = await visit(host, '/gen/live.html', {
      // The retry waits 15 s: run the page's 15 s timers 100x sooner (only those).
      before: async (p) => {
        await p.evaluateOnNewDocument(() => {
          const real = window.setTimeout;
          window.setTimeout = ((fn: () => void, ms?: number, ...a: unknown[]) => real(fn, ms === 15_000 ? 150 : ms, ...a)) as typeof setTimeout;
        });
        await p.setRequestInterception(true);
        p.on('request', (r) => {
          if (!r.url().includes(LIVE)) return void r.continue();
          requests.push(r.url());
          return void (requests.length == 1 ? r.abort('connectionrefused') : r.continue());
        });
      },
    });
    await rendered(page, ['rescue-thermometer']);
    const shown = await page.evaluate(text);
    assert.doesNotMatch(shown, /could not be loaded/, shown);
    // Tried again, then live: a new gift reaches the page.
    const deadline = Date.now() + 10_000;
    while (requests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(requests.length, 2, 'asked for again');
    const was = await page.evaluate(text);
    await host.recordGift('rescue-team-demo', 7_000);
    await changed(page, was);
    assert.doesNotMatch(await page.evaluate(text), /could not be loaded/);
    assert.deepEqual(errors.filter((e) => !e.includes(LIVE)), []);
    await page.close();
  });
});
