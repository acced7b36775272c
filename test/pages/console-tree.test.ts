// The console's Teams screen for organisers: the campaigns below its own, indented; a team moved under
// another campaign of the subtree and archived (after a confirming step) and brought back, by keyboard,
// with the store saying so; a team is never offered a place under itself. 320 and 1280 px, en and ko, axe clean.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { axe, fits, personKey, REGION, shot, signedIn, startConsoleHost, TEAM, text, waitText, type ConsoleHost } from './console-harness.js';

describe('the console\'s Teams screen', () => {
  let host: ConsoleHost;
  before(async () => {
    host = await startConsoleHost();
    const made = await host.api('POST', '/v1/campaigns', { id: 'north-east', title: 'North East', parent: REGION, currency: 'usd', goal: 900_000, rescueCost: 300_000 });
    assert.equal(made.status, 201);
  });
  after(async () => host?.close());

  const open = async (opts: { width: number; path?: string; dark?: boolean }, tab: string) => {
    const key = await personKey(host, REGION, 'organiser', 'North organiser');
    const person = await signedIn(host, key, opts);
    const button = await person.page.waitForSelector(`xpath/.//nav//button[normalize-space()="${tab}"]`);
    await button!.focus();
    await person.page.keyboard.press('Enter');
    await person.page.waitForSelector('rk-tree ul.tree');
    return person;
  };

  test('at 320 px by keyboard: a team moves under another campaign, is archived after a confirming step, and comes back', async () => {
    const { page, errors } = await open({ width: 320 }, 'Teams');
    assert.match(await text(page, 'rk-tree ul.tree'), /North Region[\s\S]*Lake Rescue Team[\s\S]*North East[\s\S]*River Rescue Team/);
    const options = await page.$$eval('#move-north-east option', (o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(!options.includes('north-east'), 'never under itself');
    await page.focus('#move-team-lake');
    await page.select('#move-team-lake', 'north-east');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Lake Rescue Team now counts toward North East/);
    assert.equal((await host.api('GET', '/v1/campaigns/team-lake')).body.parent, 'north-east');
    assert.ok(!(await page.$$eval('#move-north-east option', (o) => o.map((x) => (x as HTMLOptionElement).value))).includes('team-lake'), 'nor under its own sub-team');
    const chosen = await page.$$eval('rk-tree select', (s) => s.map((x) => [x.id, (x as HTMLSelectElement).value]));
    assert.deepEqual(chosen, [['move-north-east', 'region-north'], ['move-team-lake', 'north-east'], [`move-${TEAM}`, 'region-north']], 'each select shows where its team counts now');
    const archive = await page.waitForSelector(`xpath/.//rk-tree//li[.//strong[normalize-space()="Lake Rescue Team"]]//button[normalize-space()="Archive"]`);
    await archive!.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#tree-dialog[open]');
    assert.deepEqual(await axe(page), [], 'axe: the open dialog');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Lake Rescue Team is archived/);
    assert.equal((await host.api('GET', '/v1/campaigns?under=team-lake')).body.campaigns[0].archived, true);
    const back = await page.waitForSelector(`xpath/.//rk-tree//li[.//strong[normalize-space()="Lake Rescue Team"]]//button[normalize-space()="Bring back"]`);
    await back!.focus();
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Lake Rescue Team is back/);
    assert.equal((await host.api('GET', '/v1/campaigns?under=team-lake')).body.campaigns[0].archived, false);
    assert.ok(await fits(page));
    await shot(page, 'tree-320');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });

  test('Korean at 1280 px, dark: the tree reads, axe clean', async () => {
    const { page, errors } = await open({ width: 1280, path: '/console/?lang=ko', dark: true }, '팀 목록');
    await waitText(page, 'rk-tree', new RegExp(`내 캠페인 아래의 캠페인[\\s\\S]*River Rescue Team`));
    assert.ok(await page.$(`#move-${TEAM}`));
    await shot(page, 'tree-ko-dark-1280');
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(errors, []);
  });
});
