// The console at /console/, served by a real endpoint (temporary SQLite, a movement -> region -> team
// tree), in Chromium: the admin invites an organiser, who joins by the link and invites a team's
// lead, who joins and invites a treasurer, who joins on a 320 px phone and records $45 by keyboard
// only; the organiser approves it from the queue and the totals move at team and region. Also: a
// used link's message, the code wiped from the address bar, no key in any requested URL, void with
// a reason, the CSV, a revoked key signing out, Korean, axe at 320 and 1280 px, the strict CSP, and
// the page a server without the console's build answers.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { createConsoleHandler } from '../../packages/endpoint/src/static/console.js';
import { axe, fits, MOVEMENT, REGION, shot, startConsoleHost, TEAM, text, waitText, type ConsoleHost, type Person } from './console-harness.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('the console', () => {
  let host: ConsoleHost;
  const people: Record<string, Person> = {};
  const links: Record<string, string> = {};
  /** The new team's lead invite code, from its welcome pack. */
  let welcomeLink = '';
  const keyOf = (page: Page) => page.evaluate(() => sessionStorage.getItem('rescuekit:console') ?? localStorage.getItem('rescuekit:console'));

  before(async () => (host = await startConsoleHost()));
  after(async () => host?.close());

  /** Opens an invite link as a new person, checks the address bar, joins; answers the person. */
  async function joinBy(name: string, url: string, width: number, remember = false): Promise<Person> {
    const person = await host.person(url, { width });
    const { page } = person;
    await page.waitForSelector('rk-console form button[type=submit]');
    assert.equal(await page.evaluate(() => location.hash), '', 'the code left the address bar before anything else');
    assert.deepEqual(await axe(page), [], 'axe: the join screen');
    await shot(page, `join-${name}-${width}`);
    assert.match(await page.evaluate(() => location.href), /\/console\/join$/);
    if (remember) await page.click('#remember');
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
    links['treasurer'] = await invite(page, { role: 'treasurer', label: 'River treasurer' });
    assert.deepEqual(await page.$$eval('#invite-role option', (o) => o.map((x) => (x as HTMLOptionElement).value)), ['lead', 'treasurer', 'recorder']);
    assert.equal(await page.$('#invite-campaign'), null, 'a lead invites to its own team only');
    const [approvals] = await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]');
    assert.equal(approvals, undefined, 'a lead has no approval queue');
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

  test('the organiser starts a new team: its campaign, its lead\'s invite link, its welcome pack', async () => {
    const { page, errors } = people['organiser']!;
    const [tab] = await page.$$('xpath/.//nav//button[normalize-space()="New team"]');
    await tab!.click();
    await page.waitForSelector('#team-title');
    await page.waitForFunction(() => document.querySelectorAll('#team-parent option').length === 3);
    await page.click('form.onboard button[type=submit]');
    assert.match(await waitText(page, 'form.onboard', /Give the team a name/), /Give the team a name/);
    await page.type('#team-title', 'Hill Rescue Team');
    assert.equal(await page.$eval('#team-id', (el) => (el as HTMLInputElement).value), 'hill-rescue-team', 'the web address follows the name');
    await page.type('#team-goal', '6,000');
    await page.type('#team-lead', 'Hill lead');
    await page.click('form.onboard button[type=submit]');
    await page.waitForSelector('#pack-invite');
    assert.match(await text(page, '[role=status]'), /Hill Rescue Team was created/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'welcome-h');
    welcomeLink = (await page.$eval('#pack-invite', (el) => (el as HTMLInputElement).value)).split('#')[1]!;
    assert.match(welcomeLink, /^rk_invite_/);
    assert.match(await page.$eval('#pack-page', (el) => (el as HTMLInputElement).value), /\/c\/hill-rescue-team$/);
    const team = (await host.api('GET', '/v1/campaigns/hill-rescue-team')).body;
    assert.deepEqual([team.parent, team.goal, team.currency], [REGION, 600_000, 'usd']);
    const invites = (await host.api('GET', '/v1/campaigns/hill-rescue-team/invites')).body.invites;
    assert.deepEqual(invites.map((i: any) => [i.role, i.label]), [['lead', 'Hill lead']]);
    assert.deepEqual(await axe(page), [], 'axe: the welcome pack');
    await shot(page, 'organiser-welcome-1280');
    assert.deepEqual(errors, []);
  });

  test('the organiser rejects a gift with a reason (asked for in a dialog); its outcome is listed and it never counts', async () => {
    const lead = (await keyOf(people['lead']!.page))!;
    const recorded = await fetch(`${host.server.url}/v1/campaigns/${TEAM}/offline-gifts`, {
      method: 'POST', headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ amount: 700, currency: 'usd', category: 'other', donors: 1 }),
    });
    assert.equal(recorded.status, 201);
    const { page, errors } = people['organiser']!;
    const [tab] = await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]');
    await tab!.click();
    await page.waitForSelector('rk-approvals ul.queue li input[type=checkbox]');
    await page.click('rk-approvals ul.queue li input[type=checkbox]');
    await page.click('xpath/.//rk-approvals//button[normalize-space()="Reject (1)"]');
    await page.waitForSelector('#reject-dialog[open]');
    await page.keyboard.press('Enter');
    await waitText(page, '#reject-dialog', /Say why/);
    await page.type('#reject-reason', 'counted twice');
    await page.keyboard.press('Enter');
    assert.match(await waitText(page, '[role=status]', /Rejected 1\./), /^Rejected 1\.$/);
    assert.match(await text(page, '.outcomes'), /\$7\.00 · Other · 1 person \(River Rescue Team\): rejected/);
    const gift = (await host.api('GET', `/v1/campaigns/${TEAM}/offline-gifts`)).body.gifts.find((g: any) => g.amount === 700);
    assert.ok(gift.rejectedAt);
    assert.deepEqual([(await host.api('GET', `/v1/campaigns/${TEAM}`)).body.raised], [4500]);
    assert.deepEqual(errors, []);
  });

  test('each gift is answered on its own: one decided meanwhile elsewhere does not undo the other', async () => {
    const lead = (await keyOf(people['lead']!.page))!;
    const ids: string[] = [];
    for (const amount of [800, 900]) {
      const res = await fetch(`${host.server.url}/v1/campaigns/${TEAM}/offline-gifts`, {
        method: 'POST', headers: { authorization: `Bearer ${lead}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount, currency: 'usd', category: 'bake_sale', donors: 2 }),
      });
      ids.push(((await res.json()) as { gift: { id: string } }).gift.id);
    }
    const { page } = people['organiser']!;
    const [cash, approvals] = [...(await page.$$('xpath/.//nav//button[normalize-space()="Cash"]')), ...(await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]'))];
    await cash!.click();
    await approvals!.click();
    await page.waitForFunction(() => document.querySelectorAll('rk-approvals ul.queue li').length === 2);
    assert.equal((await host.api('POST', '/v1/approvals', { gifts: [ids[0]], decision: 'approve' })).status, 200, 'the admin decides one first');
    await page.click('#select-all');
    await page.click('xpath/.//rk-approvals//button[normalize-space()="Approve (2)"]');
    assert.equal(await waitText(page, '[role=status]', /Approved 1\./), 'Approved 1. 1 not changed: see each gift below.');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'outcomes-h', 'focus on the outcomes');
    assert.deepEqual((await text(page, '.outcomes ul')).split('\n'), [
      '$8.00 · Bake sale · 2 people (River Rescue Team): was already approved',
      '$9.00 · Bake sale · 2 people (River Rescue Team): approved',
    ]);
    assert.equal((await host.api('GET', `/v1/campaigns/${TEAM}`)).body.raised, 4500 + 800 + 900);
  });

  test('a team key signs in too; a retried gift keeps its Idempotency-Key and counts once, a new gift gets a new one', async () => {
    const token = (await host.api('POST', `/v1/campaigns/${TEAM}/keys`, {})).body.token as string;
    const { page } = await host.person('/console/', { width: 1280 });
    await page.type('#key', token);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger table');
    assert.match(await text(page, '.who'), /^team key · River Rescue Team$/);
    assert.deepEqual(await page.$$eval('nav button', (b) => b.map((x) => x.textContent!.trim())), ['Cash', 'Share']);
    assert.ok(await page.$('xpath/.//button[normalize-space()="Download CSV"]'), 'a team key exports');
    const keys: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      if (r.method() !== 'POST' || !r.url().endsWith('/offline-gifts')) return void r.continue();
      keys.push(r.headers()['idempotency-key']!);
      return void (keys.length === 1 ? r.abort() : r.continue()); // the first try is lost on the way
    });
    await page.type('#amount', '12.50');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=alert]', /could not be reached/);
    await page.keyboard.press('Enter'); // the same gift again, from the same field
    await waitText(page, '[role=status]', /Recorded \$12\.50/);
    await page.type('#amount', '12.50');
    await page.keyboard.press('Enter');
    const count = async () => (await host.api('GET', `/v1/campaigns/${TEAM}/offline-gifts`)).body.gifts.filter((g: any) => g.amount === 1250).length;
    for (let i = 0; i < 100 && (await count()) < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await count(), 2, 'the retried gift once, the new gift once');
    assert.equal(keys.length, 3);
    assert.equal(keys[0], keys[1], 'the retry sends the same key');
    assert.notEqual(keys[2], keys[1], 'a new gift gets a new key');
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

  test('a used invite link says so, with what to do', async () => {
    const { page } = await host.person(links['treasurer']!, { width: 320 });
    await page.click('rk-console form button[type=submit]');
    const said = await waitText(page, '[role=alert]', /already used/);
    assert.equal(said, 'This invite link was already used. Ask whoever sent it for a new link.');
    assert.ok(await page.$('xpath/.//button[normalize-space()="Sign in with a key instead"]'));
    assert.deepEqual(await axe(page), []);
    await shot(page, 'used-link-320');
  });

  test('the treasurer voids a second gift with a reason, after a confirming step, and downloads the CSV', async () => {
    const { page, errors } = people['treasurer']!;
    await page.type('#amount', '10');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Recorded \$10\.00/);
    await page.waitForSelector('rk-ledger li.pending button');
    await page.click('rk-ledger li.pending button');
    await page.waitForSelector('#void-dialog[open]');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'void-reason');
    await page.keyboard.press('Enter');
    await waitText(page, '#void-dialog', /Say why/);
    assert.deepEqual(await axe(page), [], 'axe: the open dialog');
    await shot(page, 'treasurer-void-320');
    await page.type('#void-reason', 'mistyped amount');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Voided \$10\.00/);
    await waitText(page, 'rk-ledger', /Voided/);
    const cdp = await page.createCDPSession();
    const downloads = mkdtempSync(join(tmpdir(), 'rescuekit-console-csv-'));
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, browserContextId: page.browserContext().id });
    await page.click('xpath/.//button[normalize-space()="Download CSV"]');
    await waitText(page, '[role=status]', /CSV is downloading/);
    for (let i = 0; i < 100 && !readdirSync(downloads).includes(`${TEAM}-ledger.csv`); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(readFileSync(join(downloads, `${TEAM}-ledger.csv`), 'utf8'), /^time,kind,amount/);
    rmSync(downloads, { recursive: true, force: true });
    assert.deepEqual(errors, []);
  });

  test('Korean: ?lang=ko, the lead signs in by pasting a key (remembered on the device); the ledger is a table at 1280 px', async () => {
    const key = await keyOf(people['lead']!.page);
    const { page, errors } = await host.person('/console/?lang=ko', { width: 1280 });
    await page.waitForSelector('#key');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.equal(await text(page, 'main h1'), '로그인');
    assert.deepEqual(await axe(page), [], 'axe: sign-in in Korean');
    await page.type('#key', 'not-a-key');
    await page.keyboard.press('Enter');
    assert.match(await waitText(page, '[role=alert]', /콘솔 키가 아닙니다/), /rk_person_/);
    await page.$eval('#key', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#key', key!);
    await page.click('#remember');
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger table');
    assert.equal(await page.evaluate(() => [localStorage.length, sessionStorage.length].join()), '1,0', 'remembered: local storage only');
    assert.match(await text(page, 'nav'), /현금[\s\S]*사람/);
    assert.match(await text(page, 'rk-ledger table'), /승인됨|무효 처리됨/);
    assert.deepEqual(await axe(page), [], 'axe: the ledger table in Korean');
    await shot(page, 'lead-ko-1280');
    await page.click('xpath/.//header//button[normalize-space()="로그아웃"]');
    await waitText(page, '[role=status]', /로그아웃되었습니다/);
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
    assert.deepEqual(errors, []);
  });

  test('Korean from the browser language at 320 px, dark palette: axe clean', async () => {
    const key = await keyOf(people['treasurer']!.page);
    const { page } = await host.person('/console/', { width: 320, dark: true, lang: 'ko-KR' });
    await page.waitForSelector('#key');
    assert.equal(await text(page, 'main h1'), '로그인');
    await page.type('#key', key!);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger ul.cards');
    assert.ok(await fits(page));
    assert.deepEqual(await axe(page), [], 'axe: dark, Korean, 320 px');
    await shot(page, 'treasurer-ko-dark-320');
  });

  test('the dark palette at 1280 px, English: axe clean, the table and the share panel', async () => {
    const key = await keyOf(people['lead']!.page);
    const { page, errors } = await host.person('/console/', { width: 1280, dark: true });
    await page.type('#key', key!);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger table');
    assert.deepEqual(await axe(page), [], 'axe: dark, 1280 px');
    await shot(page, 'lead-dark-1280');
    const [share] = await page.$$('xpath/.//nav//button[normalize-space()="Share"]');
    await share!.click();
    await page.waitForSelector('#pack-page');
    assert.match(await page.$eval('#pack-page', (el) => (el as HTMLInputElement).value), new RegExp(`/c/${TEAM}$`));
    assert.equal(await page.$$eval('rk-share textarea', (els) => els.length), 5, 'an embed snippet per element');
    assert.deepEqual(await axe(page), [], 'axe: the share panel');
    await shot(page, 'lead-share-dark-1280');
    assert.deepEqual(errors, []);
  });

  test('the organiser\'s screens on a 320 px phone in Korean: nothing sideways, axe clean', async () => {
    const key = await keyOf(people['organiser']!.page);
    const { page, errors } = await host.person('/console/?lang=ko', { width: 320 });
    await page.type('#key', key!);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-record');
    for (const [tab, ready, name] of [['승인', 'rk-approvals p, rk-approvals ul', 'approvals'], ['사람', 'rk-people #invites-h + *', 'people'], ['새 팀', '#team-title', 'onboard'], ['공유', '#pack-page', 'share']] as const) {
      const [button] = await page.$$(`xpath/.//nav//button[normalize-space()="${tab}"]`);
      await button!.click();
      await page.waitForSelector(ready);
      assert.ok(await fits(page), `${name}: nothing scrolls sideways at 320 px`);
      assert.deepEqual(await axe(page), [], `axe: ${name}, Korean, 320 px`);
      await shot(page, `organiser-ko-${name}-320`);
    }
    assert.deepEqual(errors, []);
  });

  test('the organiser withdraws an invite and revokes a person, each after a confirming step; a withdrawn or unknown link says so', async () => {
    const { page, errors } = people['organiser']!;
    const [tab] = await page.$$('xpath/.//nav//button[normalize-space()="People"]');
    await tab!.click();
    await page.waitForSelector('#invites-h + ul');
    const link = (await host.api('GET', `/v1/campaigns/hill-rescue-team/invites`)).body.invites[0];
    assert.equal(link.label, 'Hill lead');
    await page.click('xpath/.//button[@aria-label="Withdraw: Hill lead, lead"]');
    await page.waitForSelector('#people-dialog[open]');
    assert.match(await text(page, '#people-dialog'), /Withdraw this invite\?/);
    await page.click('xpath/.//dialog//button[normalize-space()="Cancel"]');
    assert.equal((await host.api('GET', `/v1/campaigns/hill-rescue-team/invites`)).body.invites.length, 1, 'Cancel withdraws nothing');
    await page.click('xpath/.//button[@aria-label="Withdraw: Hill lead, lead"]');
    await page.click('xpath/.//dialog//button[normalize-space()="Withdraw"]');
    await waitText(page, '[role=status]', /The invite was withdrawn/);
    assert.equal((await host.api('GET', `/v1/campaigns/hill-rescue-team/invites`)).body.invites.length, 0);

    await page.click('xpath/.//button[@aria-label="Revoke: River recorder, recorder"]');
    await page.waitForSelector('#people-dialog[open]');
    assert.match(await text(page, '#people-dialog'), /Revoke River recorder\?[\s\S]*stops working at once/);
    await page.click('xpath/.//dialog//button[normalize-space()="Revoke"]');
    await waitText(page, '[role=status]', /River recorder was revoked/);
    assert.doesNotMatch(await text(page, '#people-h + ul'), /River recorder/);
    assert.deepEqual(errors, []);

    const withdrawn = await host.person(`/console/join#${welcomeLink}`, { width: 320 });
    await withdrawn.page.click('rk-console form button[type=submit]');
    assert.equal(await waitText(withdrawn.page, '[role=alert]', /withdrawn/), 'This invite link was withdrawn. Ask whoever sent it for a new link.');
    const unknown = await host.person(`/console/join#rk_invite_${'A'.repeat(22)}`, { width: 320 });
    await unknown.page.click('rk-console form button[type=submit]');
    assert.match(await waitText(unknown.page, '[role=alert]', /not known/), /ask for a new one/);
    const bare = await host.person('/console/join', { width: 320 });
    assert.match(await waitText(bare.page, '[role=alert]', /no invite code/), /ask for a new one/);
  });

  test('a revoked key signs its holder out and says so', async () => {
    const me = (await host.api('GET', '/v1/people/me', undefined, (await keyOf(people['treasurer']!.page))!)).body;
    assert.equal((await host.api('DELETE', `/v1/people/${me.person.id}`)).status, 200);
    const { page } = people['treasurer']!;
    await page.type('#amount', '5');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=alert]', /no longer works/);
    await page.waitForSelector('#key');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  });

  test('no key or invite code appears in any URL the browser requested (the invite links we opened carry the code in the fragment only)', () => {
    assert.ok(host.requested.length > 20);
    const [opened, others] = [host.requested.filter((u) => u.includes('/console/join#')), host.requested.filter((u) => !u.includes('/console/join#'))];
    assert.equal(opened.length, 7, 'the four joins, the used, withdrawn and unknown links');
    assert.deepEqual(opened.filter((u) => /rk_/.test(u.split('#')[0]!)), []);
    assert.deepEqual(others.filter((u) => /rk_(person|team|invite)_/.test(u)), []);
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
      assert.equal((await fetch(`${url}/cash-book/`)).status, 404, 'other paths are not its business');
    } finally {
      server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
