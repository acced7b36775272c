// The chapter page and the partner site, as a visitor opens them: the demo tree's leaderboard (The
// Hundred's three Rescue Teams, from the real teams feed), kept live on the chapter page, with no
// error. The pages name the demo endpoint (http://localhost:8787); the test host answers for it.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { rendered, startHost, visit, type Host } from './harness.js';

/** Serves the example pages with the demo endpoint's URL pointing at `host`. */
const toHost = (host: Host) => async (page: Page) => {
  await page.setRequestInterception(true);
  page.on('request', async (req) => {
    try {
      if (req.resourceType() === 'document' && req.url().startsWith(host.url)) {
        const res = await fetch(req.url());
        const body = (await res.text()).replaceAll('http://localhost:8787', host.url);
        return await req.respond({ status: res.status, contentType: res.headers.get('content-type') ?? 'text/html', body });
      }
      return await req.continue();
    } catch {
      // The page went away mid-request.
    }
  });
};

/** The board's caption and its rows (rank, team, raised of goal, rescues), as shown. */
const board = (page: Page) =>
  page.$eval('rescue-leaderboard', (el) => {
    const root = el.shadowRoot!;
    return {
      caption: root.querySelector('caption')?.textContent ?? '',
      rows: [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim())),
      announced: root.querySelector('[aria-live]')!.textContent,
    };
  });

describe('example pages: the leaderboard of the demo tree', () => {
  let host: Host;
  before(async () => {
    host = await startHost();
  });
  after(() => host?.close());

  test('chapter page: The Hundred\'s three teams, ranked, re-ranked live by a bake-sale gift and announced', async () => {
    const { page, errors } = await visit(host, '/chapter-page/', { before: toHost(host) });
    await rendered(page, ['rescue-leaderboard']);
    await page.waitForFunction(() => (document.querySelector('rescue-leaderboard') as any)?.feed, { timeout: 10_000 });
    const first = await board(page);
    assert.match(first.caption, /^The Hundred: 100 rescues to freedom \$[\d,]+ of \$300,000 raised$/);
    assert.deepEqual(first.rows.map((r) => r[1]).sort(), ['Harbor Rescue Team', 'Rescue Team demo: three rescues', 'Riverside Rescue Team']);
    assert.deepEqual(first.rows.map((r) => r[0]), ['1', '2', '3']);
    assert.notEqual(first.rows[0]![1], 'Riverside Rescue Team');
    // The event stream is open (live); a $6,000 bake sale puts Riverside first.
    await new Promise((r) => setTimeout(r, 500));
    await host.recordGift('rescue-team-riverside', 600_000);
    await page.waitForFunction(
      () => (document.querySelector('rescue-leaderboard') as any).shadowRoot.querySelector('tbody tr th')?.textContent === 'Riverside Rescue Team',
      { timeout: 5_000 },
    );
    const moved = await board(page);
    assert.deepEqual(moved.rows[0], ['1', 'Riverside Rescue Team', '$6,000 of $9,000', '2']);
    assert.equal(moved.announced, 'Riverside Rescue Team moved up to number 1');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('partner site: the same board, no error', async () => {
    const { page, errors } = await visit(host, '/partner-site/', { before: toHost(host) });
    await rendered(page, ['rescue-leaderboard']);
    await page.waitForFunction(() => (document.querySelector('rescue-leaderboard') as any)?.feed, { timeout: 10_000 });
    const { caption, rows } = await board(page);
    assert.match(caption, /^The Hundred: 100 rescues to freedom/);
    assert.equal(rows.length, 3);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
