// The cash book's old addresses, now the console's: /cash-book/ (and its index.html, with any
// ?campaign= and ?lang=) answers a redirect to /console/ keeping the language, so bookmarks and
// printed QR codes keep working; its old files are gone; and a treasurer holding the team key the
// cash book used signs in to the console by pasting it, and records cash (in Chromium, axe clean).
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { consoleAddressFor } from '../../packages/endpoint/src/static/console.js';
import { axe, fits, startConsoleHost, TEAM, text, waitText, type ConsoleHost } from './console-harness.js';

describe('the cash book\'s addresses', () => {
  let host: ConsoleHost;
  before(async () => (host = await startConsoleHost()));
  after(async () => host?.close());

  test('answer a redirect to the console that keeps the language', async () => {
    const cases: [string, string][] = [
      ['/cash-book/', '/console/'],
      ['/cash-book', '/console/'],
      ['/cash-book/index.html', '/console/'],
      [`/cash-book/?campaign=${TEAM}`, '/console/'],
      [`/cash-book/?campaign=${TEAM}&lang=ko`, '/console/?lang=ko'],
      ['/cash-book/index.html?lang=en', '/console/?lang=en'],
      ['/cash-book/?lang=ko-KR&campaign=x', '/console/?lang=ko-KR'],
      ['/cash-book/?lang=%22%3E%3Cscript%3E', '/console/'],
    ];
    for (const [from, to] of cases) {
      const res = await fetch(`${host.server.url}${from}`, { redirect: 'manual' });
      assert.equal(res.status, 302, from);
      assert.equal(res.headers.get('location'), to, from);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.ok((await res.text()).includes(`href="${to}"`), `${from}: a link too`);
    }
    assert.equal((await fetch(`${host.server.url}/cash-book/`, { method: 'HEAD', redirect: 'manual' })).status, 302);
    assert.equal(consoleAddressFor('lang=ko&campaign=a'), '/console/?lang=ko');
  });

  test('its old files are gone', async () => {
    for (const path of ['/cash-book/cash-book.js', '/cash-book/cash-book.css', '/cash-book/strings.js']) {
      assert.equal((await fetch(`${host.server.url}${path}`, { redirect: 'manual' })).status, 404, path);
    }
  });

  test('a printed QR code in Korean lands on the console in Korean, where the team key signs in and records cash (320 px)', async () => {
    const token = (await host.api('POST', `/v1/campaigns/${TEAM}/keys`, {})).body.token as string;
    const { page, errors, cspViolations } = await host.person(`/cash-book/?campaign=${TEAM}&lang=ko`, { width: 320 });
    assert.equal(await page.evaluate(() => location.pathname + location.search), '/console/?lang=ko');
    await page.waitForSelector('#key');
    assert.equal(await text(page, 'main h1'), '로그인');
    await page.type('#key', token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger');
    assert.match(await text(page, '.who'), /^팀 키 · River Rescue Team$/);
    await page.type('#amount', '45');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /기록했습니다/);
    const gifts = (await host.api('GET', `/v1/campaigns/${TEAM}/offline-gifts`)).body.gifts;
    assert.deepEqual(gifts.map((g: any) => [g.amount, g.currency]), [[4500, 'usd']]);
    assert.ok(await fits(page));
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(errors, []);
  });
});
