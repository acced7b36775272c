// The thermometer's CDN bundle loads its giving-day file (cdn/chunks/giving-day-<hash>.js) only for a
// progress with giving-day fields; a failed load leaves the plain thermometer working and is retried.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { rendered, scratchDir, shadowText, startHost, visit, type Host } from './harness.js';

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>thermometer</title>
<script type="module" src="/cdn/rescue-thermometer.js"></script></head>
<body><rescue-thermometer campaign="rescue-team-demo" live></rescue-thermometer></body></html>`;

/** The demo team's progress with a matching challenge open now. */
const givingDay = (matched: number) => {
  const now = Date.now();
  const match = { ratio: 1, cap: 500_000, startsAt: new Date(now - 3_600_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString(), label: 'the Kim Family Foundation' };
  return { campaign: 'rescue-team-demo', title: 'Rescue Team Demo', currency: 'usd', goal: 900_000, raised: 450_000, donors: 19, rescueCost: 300_000, rescuesFunded: 1, allies: 0, updatedAt: new Date(now).toISOString(), match, matched, matchLeft: 500_000 - matched };
};

describe('the thermometer CDN bundle and its giving-day file', () => {
  let host: Host;
  before(async () => {
    const dir = scratchDir();
    writeFileSync(`${dir}/thermometer.html`, PAGE);
    host = await startHost([{ prefix: '/gen/', dir }]);
  });
  after(() => host?.close());

  test('a campaign without a giving day never requests it, live updates included', async () => {
    const { page, errors } = await visit(host, '/gen/thermometer.html');
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await rendered(page, ['rescue-thermometer']);
    await host.recordGift('rescue-team-demo', 4_500);
    await page.waitForFunction(() => /\$45 of \$9,000/.test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!), { timeout: 10_000 });
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    assert.ok(loaded.some((u) => u.endsWith('/cdn/rescue-thermometer.js')), 'the bundle itself is a resource entry');
    assert.deepEqual([...loaded, ...requested].filter((u) => u.includes('/chunks/giving-day-')), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a giving day loads it; a failed load shows the plain thermometer (no error) and the next progress tries again', async () => {
    const { page, errors } = await visit(host, '/gen/thermometer.html');
    await rendered(page, ['rescue-thermometer']);
    const chunkRequests: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (!r.url().includes('/cdn/chunks/giving-day-')) return void r.continue();
      chunkRequests.push(r.url());
      return void (chunkRequests.length == 1 ? r.abort('connectionrefused') : r.continue());
    });
    const show = (p: object) => page.$eval('rescue-thermometer', (el, p) => void ((el as unknown as { progress: object }).progress = p), p);
    await show(givingDay(120_000));
    await page.waitForFunction(() => /\$4,500 of \$9,000 raised/.test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!), { timeout: 10_000 });
    let text = await shadowText(page, 'rescue-thermometer');
    assert.doesNotMatch(text, /matched|could not be loaded/, text);
    assert.equal(chunkRequests.length, 1);
    await show(givingDay(130_000));
    await page.waitForFunction(() => /\$1,300 matched by/.test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!), { timeout: 10_000 });
    text = await shadowText(page, 'rescue-thermometer');
    assert.match(text, /64%/, "raised and matched count toward the goal");
    assert.equal(chunkRequests.length, 2);
    assert.match(chunkRequests[0]!, /\/cdn\/chunks\/giving-day-[\w-]+\.js$/);
    assert.deepEqual(errors.filter((e) => !e.includes('/cdn/chunks/giving-day-')), []);
    await page.close();
  });
});
