// The console's screens beyond the main scenario (console.test.ts), for people made through the API
// who sign in by pasting their key: void with a reason and the CSV, reject with a reason, per-gift
// outcomes, a new team and its welcome pack, a team key, an Idempotency-Key kept across a retry, a
// spent invite's key kept across a lost check, withdraw and revoke, Korean and the dark palette at
// 320 and 1280 px (axe clean), and a revoked key signing out.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { axe, fits, noKeyInUrls, personKey, REGION, shot, signedIn, startConsoleHost, TEAM, text, waitText, type ConsoleHost, type Person } from './console-harness.js';

describe('the console\'s screens', () => {
  let host: ConsoleHost;
  const keys = { organiser: '', lead: '', treasurer: '' };
  const people: Record<'organiser' | 'treasurer', Person> = {} as never;
  /** The new team's lead invite code, from its welcome pack. */
  let welcomeLink = '';
  const raisedOf = async (id: string) => (await host.api('GET', `/v1/campaigns/${id}`)).body.raised as number;

  before(async () => {
    host = await startConsoleHost();
    keys.organiser = await personKey(host, REGION, 'organiser', 'North organiser');
    keys.lead = await personKey(host, TEAM, 'lead', 'River lead');
    keys.treasurer = await personKey(host, TEAM, 'treasurer', 'River treasurer');
    await personKey(host, TEAM, 'recorder', 'River recorder');
    people.organiser = await signedIn(host, keys.organiser, { width: 1280 });
    people.treasurer = await signedIn(host, keys.treasurer, { width: 320 });
  });
  after(async () => host?.close());

  test('the treasurer records $10 at 320 px, then voids it with a reason, after a confirming step, and downloads the CSV', async () => {
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

  test('the organiser rejects a gift with a reason (asked for in a dialog); its outcome is listed and it never counts', async () => {
    const lead = keys.lead;
    const raised = await raisedOf(TEAM);
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
    assert.equal(await raisedOf(TEAM), raised, 'a rejected gift never counts');
    assert.deepEqual(errors, []);
  });

  test('each gift is answered on its own: one decided meanwhile elsewhere does not undo the other', async () => {
    const lead = keys.lead;
    const raised = await raisedOf(TEAM);
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
    assert.equal(await raisedOf(TEAM), raised + 800 + 900);
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
    // Copy the thermometer's embed snippet from the pack, as an organiser sends it to the team.
    await page.click('xpath/.//rk-share//div[.//textarea[@id="pack-embed-0"]]//button');
    await waitText(page, '[role=status]', /Copied/);
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^<iframe src="[^"]+\/embed\/rescue-thermometer\?campaign=hill-rescue-team"/);
    const team = (await host.api('GET', '/v1/campaigns/hill-rescue-team')).body;
    assert.deepEqual([team.parent, team.goal, team.currency], [REGION, 600_000, 'usd']);
    const invites = (await host.api('GET', '/v1/campaigns/hill-rescue-team/invites')).body.invites;
    assert.deepEqual(invites.map((i: any) => [i.role, i.label]), [['lead', 'Hill lead']]);
    assert.deepEqual(await axe(page), [], 'axe: the welcome pack');
    await shot(page, 'organiser-welcome-1280');
    assert.deepEqual(errors, []);
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

  test('Korean: ?lang=ko, the lead signs in by pasting a key (remembered on the device); the ledger is a table at 1280 px', async () => {
    const key = keys.lead;
    const { page, errors } = await host.person('/console/?lang=ko', { width: 1280 });
    await page.waitForSelector('#key');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.equal(await text(page, 'main h1'), '로그인');
    assert.deepEqual(await axe(page), [], 'axe: sign-in in Korean');
    await page.type('#key', 'not-a-key');
    await page.keyboard.press('Enter');
    assert.match(await waitText(page, '[role=alert]', /콘솔 키가 아닙니다/), /rk_person_/);
    await page.$eval('#key', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('#key', key);
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
    const key = keys.treasurer;
    const { page } = await host.person('/console/', { width: 320, dark: true, lang: 'ko-KR' });
    await page.waitForSelector('#key');
    assert.equal(await text(page, 'main h1'), '로그인');
    await page.type('#key', key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger ul.cards');
    assert.ok(await fits(page));
    assert.deepEqual(await axe(page), [], 'axe: dark, Korean, 320 px');
    await shot(page, 'treasurer-ko-dark-320');
  });

  test('the dark palette at 1280 px, English: axe clean, the table and the share panel', async () => {
    const key = keys.lead;
    const { page, errors } = await host.person('/console/', { width: 1280, dark: true });
    await page.type('#key', key);
    await page.keyboard.press('Enter');
    await page.waitForSelector('rk-ledger table');
    assert.deepEqual(await axe(page), [], 'axe: dark, 1280 px');
    await shot(page, 'lead-dark-1280');
    const [share] = await page.$$('xpath/.//nav//button[normalize-space()="Share"]');
    await share!.click();
    await page.waitForSelector('#pack-page');
    assert.match(await page.$eval('#pack-page', (el) => (el as HTMLInputElement).value), new RegExp(`/c/${TEAM}$`));
    // The QR code shows under the console's policy (img-src data:), and says where it leads.
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('figure.qr img')?.naturalWidth ?? 0) > 0, { timeout: 10_000 });
    assert.match((await page.$eval('figure.qr img', (img) => img.getAttribute('alt')))!, new RegExp(`/c/${TEAM}$`));
    assert.equal(await page.$$eval('rk-share textarea', (els) => els.length), 5, 'an embed snippet per element');
    assert.deepEqual(await axe(page), [], 'axe: the share panel');
    await shot(page, 'lead-share-dark-1280');
    assert.deepEqual(errors, []);
  });

  test('the organiser\'s screens on a 320 px phone in Korean: nothing sideways, axe clean', async () => {
    const key = keys.organiser;
    const { page, errors } = await host.person('/console/?lang=ko', { width: 320 });
    await page.type('#key', key);
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

  test('a revoked key signs its holder out and says so', async () => {
    const me = (await host.api('GET', '/v1/people/me', undefined, keys.treasurer)).body;
    assert.equal((await host.api('DELETE', `/v1/people/${me.person.id}`)).status, 200);
    const { page } = people['treasurer']!;
    await page.type('#amount', '5');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=alert]', /no longer works/);
    await page.waitForSelector('#key');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  });

  test('no key or invite code appears in any URL the browser requested', () => {
    assert.equal(noKeyInUrls(host), 2, 'the withdrawn and the unknown links');
  });
});
