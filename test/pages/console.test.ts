// The console at /console/, served by a real endpoint (temporary SQLite, a movement -> region -> team
// tree), in Chromium: the admin invites an organiser, who joins by the link and invites a team's
// lead, who joins and invites a treasurer, who joins on a 320 px phone and records $45 by keyboard
// only; the organiser approves it from the queue and the totals move at team, region and movement.
// Also: a used link's message, the code wiped from the address bar, no key in any requested URL, the
// strict CSP, a spent invite's key kept across a lost check, and the page a server without the
// console's build answers. Every other screen and state is in console-screens.test.ts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { createConsoleHandler } from '../../packages/endpoint/src/static/console.js';
import { axe, fits, keyOf, MOVEMENT, noKeyInUrls, REGION, shot, startConsoleHost, TEAM, text, waitText, type ConsoleHost, type Person } from './console-harness.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('the console', () => {
  let host: ConsoleHost;
  const people: Record<string, Person> = {};
  const links: Record<string, string> = {};

  before(async () => (host = await startConsoleHost()));
  after(async () => host?.close());

  /** Opens an invite link as a new person, checks the address bar, joins; answers the person. */
  async function joinBy(name: string, url: string, width: number): Promise<Person> {
    const person = await host.person(url, { width });
    const { page } = person;
    await page.waitForSelector('rk-console form button[type=submit]');
    assert.equal(await page.evaluate(() => location.hash), '', 'the code left the address bar before anything else');
    assert.deepEqual(await axe(page), [], 'axe: the join screen');
    await shot(page, `join-${name}-${width}`);
    assert.match(await page.evaluate(() => location.href), /\/console\/join$/);
    await page.click('rk-console form button[type=submit]');
    await waitText(page, '[role=status]', /Welcome! You joined/);
    assert.equal(await page.evaluate(() => location.pathname), '/console/');
    people[name] = person;
    return person;
  }

  async function invite(page: Page, opts: { campaign?: string; role: string; label: string }): Promise<string> {
    const [peopleTab] = await page.$$('xpath/.//nav//button[normalize-space()="People"]');
    await peopleTab!.click();
    await page.waitForSelector('#invite-role');
    if (opts.campaign) {
      await page.waitForFunction((c: string) => !!document.querySelector(`#invite-campaign option[value="${c}"]`), {}, opts.campaign);
      await page.select('#invite-campaign', opts.campaign);
    }
    await page.select('#invite-role', opts.role);
    await page.type('#invite-label', opts.label);
    await page.click('form.invite button[type=submit]');
    await page.waitForSelector('#invite-url');
    const url = await page.$eval('#invite-url', (el) => (el as HTMLInputElement).value);
    assert.match(url, /\/console\/join#rk_invite_/);
    assert.match(await text(page, '[role=status]'), new RegExp(`Invite link for a ${opts.role}`));
    return url;
  }

  test('the page is served under the strict policy, at / and at /join', async () => {
    for (const path of ['/console/', '/console/join']) {
      const res = await fetch(`${host.server.url}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      assert.match(await res.text(), /<rk-console>/);
    }
    assert.equal((await fetch(`${host.server.url}/console`, { redirect: 'manual' })).status, 301);
  });

  test('the admin invites an organiser of the region, who joins by the link (1280 px, axe clean)', async () => {
    const made = await host.api('POST', `/v1/campaigns/${REGION}/invites`, { role: 'organiser', label: 'North organiser' });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { page, errors } = await joinBy('organiser', made.body.url, 1280);
    assert.match(await text(page, '[role=status]'), /joined North Region as organiser/);
    const looks = await page.$eval('[role=status]', (el) => {
      const [ok, bad] = [getComputedStyle(el), getComputedStyle(document.querySelector('[role=alert]')!)];
      return { color: ok.color === bad.color, border: ok.borderTopColor === bad.borderTopColor };
    });
    assert.deepEqual(looks, { color: false, border: false }, 'a success does not look like an error');
    assert.deepEqual(await axe(page), [], 'axe: the organiser at home');
    await shot(page, 'organiser-home-1280');
    assert.deepEqual(errors, []);
  });

  test('the organiser invites a lead of a team below (roles up to organiser, campaigns of its subtree)', async () => {
    const { page } = people['organiser']!;
    links['lead'] = await invite(page, { campaign: TEAM, role: 'lead', label: 'River lead' });
    assert.deepEqual(await page.$$eval('#invite-role option', (o) => o.map((x) => (x as HTMLOptionElement).value)), ['organiser', 'lead', 'treasurer', 'recorder']);
    assert.deepEqual(await page.$$eval('#invite-campaign option', (o) => o.map((x) => (x as HTMLOptionElement).value)), [REGION, 'team-lake', TEAM], 'its own first, then its subtree');
    await page.click('.copy-row button');
    await waitText(page, '[role=status]', /Copied/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), links['lead']);
    assert.match(await text(page, '#invites-h + ul'), /River lead · lead · River Rescue Team/);
    assert.deepEqual(await axe(page), [], 'axe: people, with the link shown');
    await shot(page, 'organiser-people-1280');
  });

  test('the lead joins and invites a treasurer (roles up to lead, its own team only)', async () => {
    const { page } = await joinBy('lead', links['lead']!, 1280);
    await page.waitForSelector('#pack-page');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'share-h', 'a lead who just joined starts on the welcome pack');
    links['treasurer'] = await invite(page, { role: 'treasurer', label: 'River treasurer' });
    assert.deepEqual(await page.$$eval('#invite-role option', (o) => o.map((x) => (x as HTMLOptionElement).value)), ['lead', 'treasurer', 'recorder']);
    assert.equal(await page.$('#invite-campaign'), null, 'a lead invites to its own team only');
    // A lead reviews its team's fundraiser pages there; cash waits for an organiser.
    const [approvals] = await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]');
    await approvals!.click();
    await page.waitForSelector('rk-fundraiser-review p.empty');
    assert.equal(await page.$('#approvals-h'), null, 'a lead has no cash approval queue');
  });

  test('the treasurer joins on a 320 px phone and records $45 by keyboard only; it waits for approval', async () => {
    const { page, errors, cspViolations } = await joinBy('treasurer', links['treasurer']!, 320);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'record-h', 'focus on the first section of the new screen');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'amount');
    await page.keyboard.type('45');
    await page.keyboard.press('Tab'); // the checked category
    await page.keyboard.press('ArrowRight'); // concert
    await page.keyboard.press('Tab'); // one fewer
    await page.keyboard.press('Tab'); // people
    await page.keyboard.press('Backspace');
    await page.keyboard.type('6');
    await page.keyboard.press('Enter');
    const said = await waitText(page, '[role=status]', /Recorded/);
    assert.match(said, /Recorded \$45\.00\. It waits for approval before it counts\./);
    assert.equal(await text(page, '[role=alert]'), '');
    await waitText(page, 'rk-ledger', /Waiting for approval: 1 gift, \$45\.00/);
    assert.ok(await page.$('rk-ledger ul.cards li.pending'), 'a card at 320 px, marked waiting');
    assert.equal(await page.$('rk-ledger table'), null, 'no table at 320 px');
    const gifts = (await host.api('GET', `/v1/campaigns/${TEAM}/offline-gifts`)).body.gifts;
    assert.deepEqual(gifts.map((g: any) => [g.amount, g.currency, g.category, g.donors, g.status]), [[4500, 'usd', 'concert', 6, 'pending']]);
    const team = (await host.api('GET', `/v1/campaigns/${TEAM}`)).body;
    assert.deepEqual([team.raised, team.pending], [0, 4500]);
    assert.ok(await fits(page), 'nothing scrolls sideways at 320 px');
    const small = await page.$$eval('button, input:not([type=checkbox]):not([type=radio]), select, .choice', (els) =>
      els.filter((el) => (el as HTMLElement).offsetParent && el.getBoundingClientRect().height < 44).map((el) => el.outerHTML.slice(0, 60)));
    assert.deepEqual(small, [], 'every target at least 44 px high');
    assert.deepEqual(await axe(page), [], 'axe: recording at 320 px');
    await shot(page, 'treasurer-320');
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(errors, []);
  });

  test('the organiser approves it from the queue; the totals move at team, region and movement', async () => {
    const { page, errors } = people['organiser']!;
    const [tab] = await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]');
    await tab!.click();
    await page.waitForSelector('rk-approvals ul.queue li');
    assert.match(await text(page, 'rk-approvals ul.queue'), /\$45\.00 · Concert · 6 people/);
    assert.deepEqual(await axe(page), [], 'axe: the queue');
    await page.click('#select-all');
    await page.click('xpath/.//rk-approvals//button[normalize-space()="Approve (1)"]');
    assert.match(await waitText(page, '[role=status]', /Approved 1\./), /Approved 1\./);
    assert.match(await text(page, '.outcomes'), /\$45\.00 · Concert · 6 people \(River Rescue Team\): approved/);
    await waitText(page, 'rk-approvals', /No cash waits for approval/);
    for (const id of [TEAM, REGION, MOVEMENT]) {
      const p = (await host.api('GET', `/v1/campaigns/${id}`)).body;
      assert.deepEqual([id, p.raised, p.pending ?? 0], [id, 4500, 0]);
    }
    await shot(page, 'organiser-approvals-1280');
    assert.deepEqual(errors, []);
  });

  test('a used invite link says so, with what to do', async () => {
    const { page } = await host.person(links['treasurer']!, { width: 320 });
    await page.click('rk-console form button[type=submit]');
    const said = await waitText(page, '[role=alert]', /already used/);
    assert.equal(said, 'This invite link was already used. Ask whoever sent it for a new link.');
    assert.ok(await page.$('xpath/.//button[normalize-space()="Sign in with a key instead"]'));
    assert.deepEqual(await axe(page), []);
    await shot(page, 'used-link-320');
  });

  test('a join whose first check cannot reach the server keeps the key: Try again opens the console (a recorder: no void, no CSV)', async () => {
    const made = await host.api('POST', `/v1/campaigns/${TEAM}/invites`, { role: 'recorder', label: 'River recorder' });
    const { page } = await host.person(made.body.url, { width: 320 });
    await page.waitForSelector('rk-console form button[type=submit]');
    let failed = false;
    await page.setRequestInterception(true);
    page.on('request', (r) => (!failed && r.url().endsWith('/v1/people/me') ? ((failed = true), r.abort()) : r.continue()));
    await page.click('rk-console form button[type=submit]');
    await waitText(page, '[role=alert]', /could not be reached/);
    assert.match((await keyOf(page)) ?? '', /^rk_person_/, 'the spent invite\'s key is kept');
    await page.click('xpath/.//button[normalize-space()="Try again"]');
    await page.waitForSelector('rk-ledger ul.cards li');
    assert.equal(await page.$('xpath/.//button[normalize-space()="Download CSV"]'), null);
    assert.equal(await page.$('rk-ledger li button'), null, 'a recorder voids nothing');
    await page.waitForSelector('nav');
    assert.deepEqual(await page.$$eval('nav button', (b) => b.map((x) => x.textContent!.trim())), ['Cash', 'Share'], 'a recorder: no approvals, people or new team');
  });

  test('no key or invite code appears in any URL the browser requested (the invite links we opened carry the code in the fragment only)', () => {
    assert.equal(noKeyInUrls(host), 5, 'the four joins and the used link');
  });

  test('without the build, /console/ answers a page saying to run it (503, never a 500)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'rescuekit-no-console-'));
    const handler = createConsoleHandler(empty);
    const server = createServer((req, res) => void handler(req, res).then((served) => served || res.writeHead(404).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      for (const path of ['/console/', '/console/join', '/console/console.js']) {
        const res = await fetch(url + path);
        assert.equal(res.status, 503, path);
        assert.equal(res.headers.get('content-security-policy'), CSP);
        assert.match(await res.text(), /npm run build/);
      }
      assert.equal((await fetch(`${url}/elsewhere/`)).status, 404, 'other paths are not its business');
      assert.equal((await fetch(`${url}/cash-book/?lang=ko`, { redirect: 'manual' })).headers.get('location'), '/console/?lang=ko', 'the cash book\'s address moves on, built or not');
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
