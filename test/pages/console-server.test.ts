// The console for organisers: the Server screen (the settings this server runs with and when it
// read them, no secret; for an organiser of the whole movement, the paid money waiting for a
// campaign, which a region's organiser does not see), and the movement-wide approval queue used by
// keyboard on a phone in Korean. 320 and 1280 px, en and ko, axe clean.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { axe, fits, shot, MOVEMENT, personKey, REGION, signedIn, startConsoleHost, TEAM, text, waitText, type ConsoleHost } from './console-harness.js';

describe('the console\'s Server screen', () => {
  let host: ConsoleHost;
  before(async () => {
    host = await startConsoleHost();
  });
  after(async () => host?.close());

  const open = async (key: string, opts: { width: number; lang?: string; dark?: boolean; path?: string }) => {
    const person = await signedIn(host, key, opts);
    const { page } = person;
    const tab = opts.lang === 'ko' || opts.path?.includes('lang=ko') ? '서버' : 'Server';
    const button = await page.waitForSelector(`xpath/.//nav//button[normalize-space()="${tab}"]`);
    await button!.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-server dl.facts');
    return person;
  };

  test('a movement organiser at 320 px sees the settings and the unassigned money, by keyboard, axe clean', async () => {
    const key = await personKey(host, MOVEMENT, 'organiser', 'Movement organiser');
    const { page, errors } = await open(key, { width: 320 });
    const facts = await text(page, 'rk-server dl.facts');
    assert.match(facts, new RegExp(`Public address\\s+${host.server.url.replace(/[.]/g, '\\.')}`));
    assert.match(facts, /Settings last read\s+\S+/);
    assert.doesNotMatch(facts, /rk_person_|rk_team_/, 'no key or secret');
    await waitText(page, 'rk-server', /Paid money waiting for a campaign[\s\S]*None: every gift found its campaign/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'server-h', 'focus moves to the screen\'s heading, as on every screen');
    assert.ok(await fits(page), 'nothing sideways at 320 px');
    await shot(page, 'server-320');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });

  test('a movement organiser approves team cash from the movement-wide queue by keyboard at 320 px, in Korean', async () => {
    const treasurer = await personKey(host, TEAM, 'treasurer', 'River treasurer');
    const recorded = await host.api('POST', `/v1/campaigns/${TEAM}/offline-gifts`, { amount: 4500, currency: 'usd', category: 'bake_sale', donors: 3 }, treasurer, { 'idempotency-key': 'movement-queue-1' });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const raised = async (id: string) => (await host.api('GET', `/v1/campaigns/${id}`)).body.raised as number;
    const before = await Promise.all([TEAM, REGION, MOVEMENT].map(raised));
    const key = await personKey(host, MOVEMENT, 'organiser', 'Movement organiser 2');
    const { page, errors } = await signedIn(host, key, { width: 320, path: '/console/?lang=ko' });
    const tab = await page.waitForSelector('xpath/.//nav//button[normalize-space()="승인"]');
    await tab!.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-approvals ul.queue li');
    assert.match(await text(page, 'rk-approvals ul.queue'), /US\$45\.00/);
    await page.focus('#select-all');
    await page.keyboard.press('Space');
    const approve = await page.waitForSelector('xpath/.//rk-approvals//button[contains(normalize-space(), "(1)")]');
    await approve!.focus();
    await page.keyboard.press('Enter');
    await waitText(page, '.outcomes', /US\$45\.00/);
    const after = await Promise.all([TEAM, REGION, MOVEMENT].map(raised));
    assert.deepEqual(after.map((x, i) => x - before[i]!), [4500, 4500, 4500], 'counted at team, region and movement');
    assert.ok(await fits(page));
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });

  test('a region organiser in Korean at 1280 px (dark) sees the settings, not the movement\'s unassigned list', async () => {
    const key = await personKey(host, REGION, 'organiser', 'North organiser');
    const { page, errors } = await open(key, { width: 1280, path: '/console/?lang=ko', dark: true });
    await waitText(page, 'rk-server', /이 서버의 설정[\s\S]*공개 주소/);
    assert.equal(await page.$('#unassigned-h'), null, 'not for a region');
    await shot(page, 'server-ko-dark-1280');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors.filter((e) => !/status of 403/.test(e)), []);
  });
});
