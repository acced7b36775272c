// Supporters' fundraiser pages in the console, in Chromium against a real endpoint: a lead of the
// River team reviews its team's waiting pages (approves one by keyboard and the page goes public,
// rejects one with a reason, sees a waiting edit beside the text public now), text typed as markup
// stays text, the Lake team's lead sees only its own team's pages, every page of the team with
// take-down and a new owner's link, and the team's intake setting. 320 and 1280 px, axe clean.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axe, fits, personKey, REGION, shot, signedIn, startConsoleHost, TEAM, text, waitText, type ConsoleHost, type Person } from './console-harness.js';

const LAKE = 'team-lake';
/** The status line's supporter names come wrapped in bidi isolates; the tests read the words. */
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');

async function openTab(page: Page, name: string): Promise<void> {
  const [tab] = await page.$$(`xpath/.//nav//button[normalize-space()="${name}"]`);
  await tab!.click();
}

/** Presses Tab until `id` has the focus (as a keyboard user moves), at most `max` times. */
async function tabTo(page: Page, id: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${id} was not reached by Tab`);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('the console\'s fundraiser pages', () => {
  let host: ConsoleHost;
  const keys = { lead: '', lakeLead: '', organiser: '' };
  /** The pages supporters started, by what the tests do with them. */
  const pages: Record<'approve' | 'reject' | 'edit' | 'markup' | 'lake', { id: string; manageUrl: string }> = {} as never;
  let lead: Person;
  /** Alerts the page opened (markup run as script would open one). */
  const dialogs: string[] = [];

  /** A supporter starts a page from the team's join link (no key: anyone may). */
  async function start(team: string, body: Record<string, unknown>): Promise<{ id: string; manageUrl: string }> {
    const res = await fetch(`${host.server.url}/v1/campaigns/${team}/fundraisers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { id: string; manageUrl: string };
  }
  const publicStatus = async (id: string) => (await fetch(`${host.server.url}/v1/campaigns/${id}`)).status;
  const owner = (manageUrl: string) => manageUrl.split('#')[1]!;
  const card = (id: string) => `#review-${id}-h`;

  before(async () => {
    host = await startConsoleHost();
    keys.lead = await personKey(host, TEAM, 'lead', 'River lead');
    keys.lakeLead = await personKey(host, LAKE, 'lead', 'Lake lead');
    keys.organiser = await personKey(host, REGION, 'organiser', 'North organiser');
    // Five pages: as many as one address may start in an hour.
    pages.approve = await start(TEAM, { displayName: 'Mina Park', goal: 30_000, story: 'I turn 20 and ask for nine lives.\nJoin me.', occasion: 'my birthday', date: '2027-03-14' });
    pages.reject = await start(TEAM, { displayName: 'Jun Seo', goal: 10_000, story: 'Buy cheap watches at example.test' });
    pages.edit = await start(TEAM, { displayName: 'Ada Lee', goal: 50_000, story: 'Running 10 km for the rescue teams.' });
    assert.equal((await host.api('POST', `/v1/campaigns/${pages.edit.id}/approve`)).status, 200);
    const edited = await fetch(`${host.server.url}/v1/fundraisers/me`, {
      method: 'PATCH', headers: { authorization: `Bearer ${owner(pages.edit.manageUrl)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ story: 'Running 21 km now!\nEvery kilometre for the rescue teams.' }),
    });
    assert.equal(edited.status, 200);
    pages.markup = await start(TEAM, { displayName: '<img src=x onerror=alert(1)>', goal: 20_000, story: '<script>alert(2)</script>\n<b>bold?</b> https://example.test' });
    pages.lake = await start(LAKE, { displayName: 'Lake walker', goal: 40_000, story: 'Walking around the lake.' });
    lead = await signedIn(host, keys.lead, { width: 1280 });
    lead.page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
  });
  after(async () => host?.close());

  test('the lead sees its team\'s waiting pages, oldest first, with their facts and stories as typed', async () => {
    const { page, errors } = lead;
    await openTab(page, 'Approvals');
    await page.waitForSelector('rk-fundraiser-review ul.fr-list');
    assert.equal(await focused(page), 'review-h', 'the screen\'s heading takes the focus');
    assert.equal(await page.$('rk-approvals #approvals-h'), null, 'cash waits for an organiser: a lead is not shown that queue');
    assert.deepEqual(await page.$$eval('rk-fundraiser-review li.fr-card h3', (h) => h.map((x) => (x as HTMLElement).innerText)), ['Mina Park', 'Jun Seo', 'Ada Lee', '<img src=x onerror=alert(1)>']);
    const mina = await text(page, `rk-fundraiser-review li:has(${card(pages.approve.id)})`);
    for (const fact of ['New page', 'Team\nRiver Rescue Team', 'Goal\n$300.00', 'Occasion\nmy birthday', 'Date\nMarch 14, 2027', 'Story\nI turn 20 and ask for nine lives.\nJoin me.']) assert.ok(mina.includes(fact), `${fact} in ${mina}`);
    assert.equal(await page.$eval(`li:has(${card(pages.approve.id)}) .story`, (el) => getComputedStyle(el).whiteSpace), 'pre-line');
    assert.equal(await publicStatus(pages.approve.id), 404, 'waiting: not public');
    assert.deepEqual(await axe(page), [], 'axe: the review list, 1280 px');
    await shot(page, 'fundraisers-review-1280');
    assert.deepEqual(errors, []);
  });

  test('a waiting edit shows the text public now beside the text proposed (one above the other on a phone)', async () => {
    const { page } = lead;
    const edit = `rk-fundraiser-review li:has(${card(pages.edit.id)})`;
    assert.match(await text(page, `${edit} .badge`), /^Edits waiting$/);
    const sides = await page.$$eval(`${edit} .compare .side`, (els) => els.map((el) => ({ text: (el as HTMLElement).innerText, box: el.getBoundingClientRect().toJSON() })));
    assert.deepEqual(sides.map((s) => s.text), ['Public now\n\nRunning 10 km for the rescue teams.', 'Proposed\n\nRunning 21 km now!\nEvery kilometre for the rescue teams.']);
    assert.equal(await text(page, `${edit} .compare h4`), 'Story');
    assert.equal(sides[0]!.box.top, sides[1]!.box.top, 'side by side at 1280 px');
    assert.ok(sides[0]!.box.right <= sides[1]!.box.left);
    const phone = await signedIn(host, keys.lead, { width: 320 });
    await openTab(phone.page, 'Approvals');
    await phone.page.waitForSelector(`${edit} .compare`);
    const [now, proposed] = await phone.page.$$eval(`${edit} .compare .side`, (els) => els.map((el) => el.getBoundingClientRect().toJSON()));
    assert.ok(proposed.top >= now.bottom, 'one above the other at 320 px');
    assert.ok(await fits(phone.page), 'nothing scrolls sideways at 320 px');
    assert.deepEqual(await axe(phone.page), [], 'axe: the review list, 320 px');
    await phone.page.$eval(edit, (el) => el.scrollIntoView());
    await shot(phone.page, 'fundraisers-review-320');
    assert.deepEqual(phone.errors, []);
  });

  test('text typed as markup stays text: no element is made from it, and it reads as typed', async () => {
    const { page } = lead;
    const markup = `rk-fundraiser-review li:has(${card(pages.markup.id)})`;
    assert.equal(await text(page, `${markup} h3`), '<img src=x onerror=alert(1)>');
    assert.equal(await text(page, `${markup} .story`), '<script>alert(2)</script>\n<b>bold?</b> https://example.test');
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('main img, main script, main b, main a')].map((el) => el.outerHTML)), [], 'no element made of a supporter\'s text, no link');
    assert.deepEqual(await page.$$eval(`${markup} h3, ${markup} .story`, (els) => els.map((el) => el.getAttribute('dir'))), ['auto', 'auto'], 'each in its own direction');
    assert.deepEqual(dialogs, [], 'nothing ran');
  });

  test('the lead approves a page by keyboard; it leaves the list, the focus moves on, and the page is public', async () => {
    const { page, errors } = lead;
    await page.focus('#review-h');
    await tabTo(page, `review-${pages.approve.id}-approve`);
    await page.keyboard.press('Enter');
    assert.equal(plain(await waitText(page, '[role=status]', /Approved/)), 'Approved: the page of Mina Park is public now.');
    await page.waitForFunction((sel: string) => !document.querySelector(sel), {}, card(pages.approve.id));
    assert.equal(await focused(page), `review-${pages.reject.id}-h`, 'the focus goes to the next page waiting');
    assert.equal(await publicStatus(pages.approve.id), 200, 'approved: public');
    assert.deepEqual(errors, []);
  });

  test('the lead rejects a page with a reason, asked in a dialog; the reason shows on the page\'s card', async () => {
    const { page, errors } = lead;
    await tabTo(page, `review-${pages.reject.id}-reject`);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#review-dialog[open]');
    assert.match(await text(page, '#review-dialog'), /^Reject this page\?\n+Jun Seo\n/);
    assert.equal(await focused(page), 'review-reason');
    assert.deepEqual(await axe(page), [], 'axe: the open dialog');
    await shot(page, 'fundraisers-reject-dialog-1280');
    await page.keyboard.type('Advertising, not a fundraiser');
    await page.keyboard.press('Enter');
    assert.equal(plain(await waitText(page, '[role=status]', /Rejected/)), 'Rejected the page of Jun Seo.');
    await page.waitForFunction((sel: string) => !document.querySelector(sel), {}, card(pages.reject.id));
    assert.equal(await focused(page), `review-${pages.edit.id}-h`);
    const listed = (await host.api('GET', `/v1/fundraisers?under=${TEAM}`)).body.fundraisers.find((f: any) => f.id === pages.reject.id);
    assert.deepEqual([listed.state, listed.reason], ['rejected', 'Advertising, not a fundraiser']);
    await openTab(page, 'Fundraiser pages');
    await page.waitForSelector(`#pages-${pages.reject.id}-h`);
    const rejected = await text(page, `rk-fundraisers li:has(#pages-${pages.reject.id}-h)`);
    assert.match(rejected, /^Jun Seo\nRejected\n/);
    assert.ok(rejected.includes('Reason\nAdvertising, not a fundraiser'), rejected);
    assert.deepEqual(errors, []);
  });

  test('a refused decision says why (the endpoint\'s words) beside the page, and the page stays', async () => {
    const { page } = lead;
    await openTab(page, 'Approvals');
    await page.waitForSelector(`#review-${pages.edit.id}-approve`);
    // Meanwhile the admin takes the page down: approving it now is refused.
    assert.equal((await host.api('POST', `/v1/campaigns/${pages.markup.id}/take-down`, { reason: 'seen elsewhere' })).status, 200);
    await page.click(`#review-${pages.markup.id}-approve`);
    const said = await waitText(page, `li:has(${card(pages.markup.id)}) [role=alert]`, /taken down/);
    assert.equal(said, 'This page was taken down; it cannot be approved again.');
    assert.equal(await focused(page), `review-${pages.markup.id}-approve`, 'the focus stays where it was');
    assert.ok(await page.$(card(pages.markup.id)), 'the page stays listed');
    assert.deepEqual(lead.errors.splice(0), ['console: Failed to load resource: the server responded with a status of 409 (Conflict)'], 'only the refusal the test provoked');
  });

  test('the Lake team\'s lead sees its own team\'s page and none of the River team\'s', async () => {
    const lake = await signedIn(host, keys.lakeLead, { width: 1280 });
    await openTab(lake.page, 'Approvals');
    await lake.page.waitForSelector('rk-fundraiser-review ul.fr-list');
    assert.deepEqual(await lake.page.$$eval('rk-fundraiser-review li.fr-card h3', (h) => h.map((x) => (x as HTMLElement).innerText)), ['Lake walker']);
    await openTab(lake.page, 'Fundraiser pages');
    await lake.page.waitForSelector('rk-fundraisers ul.fr-list');
    assert.deepEqual(await lake.page.$$eval('rk-fundraisers li.fr-card h3', (h) => h.map((x) => (x as HTMLElement).innerText)), ['Lake walker']);
    assert.equal((await host.api('GET', `/v1/fundraisers?under=${TEAM}&review=true`, undefined, keys.lakeLead)).status, 403);
    assert.deepEqual(lake.errors, []);
  });

  test('every page of the team: its state, raised of goal, public link; the lead approves the edit, takes a page down and makes its owner a new link', async () => {
    const { page, errors } = lead;
    await page.focus('#review-h');
    await tabTo(page, `review-${pages.edit.id}-approve`);
    await page.keyboard.press('Enter');
    assert.equal(plain(await waitText(page, '[role=status]', /Approved/)), 'Approved: the new text of Ada Lee\'s page is public now.');
    await openTab(page, 'Fundraiser pages');
    await page.waitForSelector('rk-fundraisers ul.fr-list');
    assert.deepEqual(await page.$$eval('rk-fundraisers li.fr-card h3', (h) => h.map((x) => (x as HTMLElement).innerText)).then((n) => n.sort()), ['<img src=x onerror=alert(1)>', 'Ada Lee', 'Jun Seo', 'Mina Park']);
    const mina = `rk-fundraisers li:has(#pages-${pages.approve.id}-h)`;
    assert.ok((await text(page, mina)).includes('Raised\n$0.00 of $300.00'));
    assert.match(await page.$eval(`${mina} a`, (a) => (a as HTMLAnchorElement).href), new RegExp(`/c/${pages.approve.id}$`));
    assert.equal(await page.$(`rk-fundraisers li:has(#pages-${pages.reject.id}-h) a`), null, 'a rejected page has no public page');
    assert.equal(await page.$eval(`li:has(#pages-${pages.edit.id}-h) details`, (d) => (d as HTMLDetailsElement).open), false, 'the story folds away until asked');
    assert.deepEqual(await axe(page), [], 'axe: every page, 1280 px');
    await shot(page, 'fundraisers-all-1280');

    await page.click(`#pages-${pages.approve.id}-take-down`);
    await page.waitForSelector('#pages-dialog[open]');
    await page.keyboard.press('Enter');
    await waitText(page, '#pages-dialog', /Say why/);
    await page.type('#pages-reason', 'The owner asked us to');
    await page.keyboard.press('Enter');
    assert.equal(plain(await waitText(page, '[role=status]', /Took down/)), 'Took down the page of Mina Park. What it raised stays counted.');
    assert.match(await waitText(page, mina, /Taken down/), /Reason\nThe owner asked us to/);
    assert.equal(await focused(page), `pages-${pages.approve.id}-h`);
    assert.equal(await publicStatus(pages.approve.id), 404, 'taken down: gone from the public');

    const ada = `rk-fundraisers li:has(#pages-${pages.edit.id}-h)`;
    const me = (token: string) => fetch(`${host.server.url}/v1/fundraisers/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    assert.equal(await me(owner(pages.edit.manageUrl)), 200);
    await page.click(`#pages-${pages.edit.id}-link`);
    await page.waitForSelector('#pages-dialog[open]');
    assert.match(await text(page, '#pages-dialog'), /^Make a new link for the owner\?\n+Ada Lee\n/);
    await page.click('xpath/.//dialog[@id="pages-dialog"]//button[normalize-space()="Make a new link"]');
    await page.waitForSelector(`${ada} #pages-link`);
    assert.equal(await focused(page), 'pages-link');
    const made = await page.$eval('#pages-link', (el) => (el as HTMLInputElement).value);
    assert.match(made, new RegExp(`/c/${pages.edit.id}/manage#rk_page_`));
    assert.equal(await me(owner(pages.edit.manageUrl)), 401, 'the old link no longer opens the page');
    assert.equal(await me(owner(made)), 200);
    await page.click(`${ada} .copy-row button`);
    await waitText(page, '[role=status]', /Copied/);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), made);
    const story = (await host.api('GET', `/v1/fundraisers?under=${TEAM}`)).body.fundraisers.find((f: any) => f.id === pages.edit.id).story;
    assert.equal(story, 'Running 21 km now!\nEvery kilometre for the rescue teams.', 'the approved edit is the page\'s text');
    assert.deepEqual(errors, []);
  });

  test('every page at 320 px in Korean, dark: nothing sideways, axe clean', async () => {
    const phone = await signedIn(host, keys.lead, { width: 320, dark: true, path: '/console/?lang=ko' });
    await openTab(phone.page, '모금 페이지');
    await phone.page.waitForSelector('rk-fundraisers ul.fr-list');
    assert.match(await text(phone.page, 'rk-fundraisers'), /내려짐/);
    assert.ok(await fits(phone.page));
    assert.deepEqual(await axe(phone.page), [], 'axe: every page, Korean, dark, 320 px');
    await shot(phone.page, 'fundraisers-all-ko-dark-320');
    assert.deepEqual(phone.errors, []);
  });

  test('the lead sets how its team takes new pages on the Team page; closed, the join link refuses', async () => {
    const { page, errors } = lead;
    await openTab(page, 'Team page');
    await page.waitForSelector('rk-intake input[value=approval]:checked');
    await page.focus('rk-intake input[value=approval]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.$eval('rk-intake input:checked', (el) => (el as HTMLInputElement).value), 'off');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('form.intake') ? document.activeElement.tagName : ''), 'BUTTON', 'the radio group is one stop; then its Save');
    await page.keyboard.press('Enter');
    assert.equal(await waitText(page, '[role=status]', /Saved/), 'Saved: River Rescue Team takes no new pages; its join link is closed.');
    const config = (await host.api('GET', `/v1/campaigns?under=${TEAM}`)).body.campaigns.find((c: any) => c.id === TEAM);
    assert.equal(config.fundraisers, 'off');
    const refused = await fetch(`${host.server.url}/v1/campaigns/${TEAM}/fundraisers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Late', goal: 100, story: 'Too late.' }) });
    assert.equal(refused.status, 409);
    assert.deepEqual(await axe(page), [], 'axe: the Team page with its intake setting');
    await page.$eval('rk-intake', (el) => el.scrollIntoView());
    await shot(page, 'fundraisers-intake-1280');
    assert.deepEqual(errors, []);
  });

  test('an organiser sees the cash queue and the pages to review; its campaign pickers leave the pages out', async () => {
    const { page, errors } = await signedIn(host, keys.organiser, { width: 1280 });
    await openTab(page, 'Approvals');
    await page.waitForSelector('#approvals-h');
    await page.waitForSelector('rk-fundraiser-review ul.fr-list, rk-fundraiser-review p.empty');
    assert.deepEqual(await page.$$eval('rk-approvals h2', (h) => h.map((x) => x.textContent)), ['Approval queue', 'Fundraiser pages to review']);
    await openTab(page, 'Team page');
    await page.waitForFunction(() => document.querySelectorAll('#page-campaign option').length > 1);
    assert.deepEqual(await page.$$eval('#page-campaign option', (o) => o.map((x) => (x as HTMLOptionElement).value).filter((v) => v.startsWith('p-'))), []);
    await openTab(page, 'Teams');
    await page.waitForSelector('ul.tree');
    assert.doesNotMatch(await text(page, 'ul.tree'), /Ada Lee|Jun Seo/);
    assert.deepEqual(errors, []);
  });
});
