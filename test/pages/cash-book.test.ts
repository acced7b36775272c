// The team lead's cash book at /cash-book/, served by a real endpoint (in-memory SQLite, demo
// config), in Chromium: a bad key's error, record (a double click counts once), the key kept in
// this tab's session storage only, void, the CSV download, keyboard use, 320 px, axe and the CSP.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { launchChromium, visit, type Host } from './harness.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TEAM = 'rescue-team-demo';

describe('the cash book page', () => {
  let server: RunningServer;
  let browser: Browser;
  let host: Host;
  const admin = randomUUID();
  let teamKey = '';
  let otherKey = '';
  const downloads = mkdtempSync(join(tmpdir(), 'rescuekit-cash-book-'));

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', ...init.headers } });
    return { status: res.status, body: await res.json() };
  };

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    teamKey = (await api(`/v1/campaigns/${TEAM}/keys`, { method: 'POST', body: '{}' })).body.token;
    otherKey = (await api('/v1/campaigns/rescue-team-riverside/keys', { method: 'POST', body: '{}' })).body.token;
    browser = await launchChromium();
    host = { url: server.url, browser, recordGift: async () => {}, close: async () => {} };
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  const text = (page: Page, sel: string) => page.$eval(sel, (el) => (el as HTMLElement).innerText.trim());
  const axe = async (page: Page) => {
    await page.evaluate(AXE); // through DevTools: outside the page's CSP
    const result = await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ['violations'] }));
    return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  };
  async function unlock(page: Page, key: string) {
    await page.focus('#campaign');
    await page.keyboard.type(TEAM);
    await page.keyboard.press('Tab');
    await page.keyboard.type(key);
    await page.keyboard.press('Enter');
  }

  test('a bad key and another team\'s key: the problem\'s detail, shown and announced; the key field marked', async () => {
    const { page, cspViolations } = await visit(host, '/cash-book/', { width: 320 });
    const res = await page.goto(`${server.url}/cash-book/`);
    assert.match(res!.headers()['content-security-policy']!, /script-src 'self'; style-src 'self'/);
    assert.deepEqual(await axe(page), [], 'axe: the key form');
    await unlock(page, 'rk_team_not-a-real-key-0000000000000000');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await text(page, '#error'), /team key of this campaign/);
    assert.equal(await page.$eval('#error', (el) => el.getAttribute('role')), 'alert');
    assert.equal(await page.$eval('#key', (el) => el.getAttribute('aria-invalid')), 'true');
    assert.equal(await page.$eval('#book', (el) => (el as HTMLElement).hidden), true);

    await page.$eval('#key', (el) => ((el as HTMLInputElement).value = ''));
    await page.$eval('#campaign', (el) => ((el as HTMLInputElement).value = ''));
    await unlock(page, otherKey);
    await page.waitForFunction(() => /another campaign/.test(document.querySelector('#error')!.textContent!));
    assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, 'a refused key is not kept');
    assert.deepEqual(await cspViolations(), []);
    await page.close();
  });

  test('record with the keyboard at 320 px: a double click counts once; the key stays in this tab only; void; axe clean', async () => {
    const { page, errors, cspViolations } = await visit(host, '/cash-book/', { width: 320 });
    await unlock(page, teamKey);
    await page.waitForSelector('#book:not([hidden])');
    assert.match(await text(page, '#status'), /Cash book open/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'book-h', 'focus moves to the book that replaced the form');
    assert.equal(await page.evaluate(() => localStorage.length + document.cookie.length), 0, 'nothing outside session storage');
    assert.ok((await page.evaluate(() => sessionStorage.getItem('rescuekit:cash-book')))!.includes(teamKey));

    await page.type('#amount', '45.50');
    await page.$eval('#donors', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#donors', '6');
    await page.type('#note', '=bake sale');
    await page.click('#record', { count: 2 });
    await page.waitForFunction(() => /Recorded \$45\.50/.test(document.querySelector('#status')!.textContent!));
    // Two submits in one turn, as a fast double tap makes: still one gift.
    await page.type('#amount', '10');
    await page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('#gift-form')!;
      form.requestSubmit();
      form.requestSubmit();
    });
    await page.waitForFunction(() => /Recorded \$10\.00/.test(document.querySelector('#status')!.textContent!));
    const listed = (await api(`/v1/campaigns/${TEAM}/offline-gifts`)).body.gifts as { amount: number; donors: number; note: string }[];
    assert.deepEqual(listed.map((g) => [g.amount, g.donors, g.note ?? null]), [[4550, 6, '=bake sale'], [1000, 1, null]]);
    assert.equal(await page.$$eval('#gifts tbody tr', (rows) => rows.length), 2);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, 'nothing scrolls sideways at 320 px');
    assert.deepEqual(await axe(page), [], 'axe: the open book');

    // A reload in the same tab opens the book without the key being pasted again.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#book:not([hidden])');

    const voidButton = `#gifts button[data-gift]`;
    const label = await page.$eval(voidButton, (el) => el.getAttribute('aria-label'));
    assert.equal(label, 'Void the gift of $10.00', 'newest first, each void button names its gift');
    await page.focus(voidButton);
    await page.keyboard.press('Enter');
    assert.match(await text(page, voidButton), /Confirm: void \$10\.00/);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /Voided \$10\.00/.test(document.querySelector('#status')!.textContent!));
    const progress = (await api(`/v1/campaigns/${TEAM}`)).body;
    assert.equal(progress.raised, 4550);
    assert.match(await text(page, '#gifts tbody tr:first-child'), /Voided/);
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Korean with ?lang=ko; ?campaign= fills in the team', async () => {
    const { page, errors } = await visit(host, `/cash-book/?lang=ko&campaign=${TEAM}`);
    await page.waitForFunction(() => document.documentElement.lang === 'ko');
    assert.equal(await text(page, 'h1'), '팀 현금 장부');
    assert.equal(await page.$eval('#campaign', (el) => (el as HTMLInputElement).value), TEAM);
    assert.equal(await text(page, 'label[for=key]'), '팀 키');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('downloads the ledger CSV with the key (a blob link), formulas neutralised', async () => {
    const { page, errors } = await visit(host, '/cash-book/');
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    // Session storage belongs to one tab: a new tab asks for the key again.
    assert.equal(await page.$eval('#book', (el) => (el as HTMLElement).hidden), true);
    await unlock(page, teamKey);
    await page.waitForSelector('#book:not([hidden])');
    await page.click('#download');
    await page.waitForFunction(() => /CSV is downloading/.test(document.querySelector('#status')!.textContent!));
    const file = join(downloads, `${TEAM}-ledger.csv`);
    for (let i = 0; i < 100 && !readdirSync(downloads).includes(`${TEAM}-ledger.csv`); i++) await new Promise((r) => setTimeout(r, 50));
    const csv = readFileSync(file, 'utf8');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'time,kind,amount,currency,covered_fee,reference,campaign,recorded_by,status,entry,note,approved_by');
    const rows = lines.slice(1, -1).map((l) => l.split(','));
    assert.deepEqual(rows.map((r) => [r[1], r[2]]), [['offline', '4550'], ['offline', '1000'], ['void', '-1000']]);
    assert.equal(rows[0]![10], "'=bake sale", 'the note that looks like a formula is neutralised');
    assert.equal(rows.reduce((s, r) => s + Number(r[2]), 0), (await api(`/v1/campaigns/${TEAM}`)).body.raised);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
