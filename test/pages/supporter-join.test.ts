// The supporters' pages in Chromium against a real endpoint, by keyboard only (Tab, typing, Enter,
// Space) at 320 px: a supporter fills the join form, sees the goal refused beside its field, then a
// name the endpoint refuses, fixes both, and keeps the page's own link from the success panel.
// The link opens the owner's page, which wipes the secret from the address bar; once a lead has
// approved the page, a story edit waits for approval, the name comes off, the page closes and reopens.
// A replaced link and an address without one say what to do. axe clean, nothing scrolls sideways,
// no policy violation. `CONSOLE_SCREENSHOTS=<dir>` keeps the screens at 320 and 1280 px.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axe, fits, shot, startConsoleHost, TEAM, text, waitText, type ConsoleHost, type Person } from './console-harness.js';

/** Presses Tab until the element with `id` has focus (a keyboard user's way there). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

/** Selects the whole of the focused field and types `value` over it. */
async function retype(page: Page, value: string): Promise<void> {
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.type(value);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const visible = (page: Page, selector: string) => page.$eval(selector, (el) => !(el as HTMLElement).closest('[hidden]'));
/** Errors the test did not provoke (the refusals it asks for log their status). */
const unexpected = (p: Person) => p.errors.filter((e) => !/status of (400|401)/.test(e));

describe('a supporter\'s own page, from the join form to next year', () => {
  let host: ConsoleHost;
  let link = '';
  before(async () => {
    host = await startConsoleHost();
  });
  after(async () => host?.close());

  test('at 320 px, by keyboard: the form refuses a bad goal and a hidden character beside their fields, then gives the page\'s link', async () => {
    const person = await host.person(`/c/${TEAM}/join`, { width: 320 });
    const { page } = person;
    const sent: unknown[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && sent.push(JSON.parse(r.postData() ?? 'null'))));
    assert.equal(await text(page, 'h1'), 'Start your own page for River Rescue Team');
    await shot(page, 'join-320');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'join-name', 'the name is the first stop');
    await page.keyboard.type('Mina \u202ePark');
    await page.keyboard.press('Tab');
    await page.keyboard.type('three hundred');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'join-story');
    await page.keyboard.type('I turn 20 this spring.\nInstead of gifts, give nine lives a chance.');
    assert.equal(await text(page, '#join-story-count'), '66 / 600', 'the count follows the typing');
    await page.keyboard.press('Tab');
    await page.keyboard.type('my 20th birthday');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'join-date');
    await page.keyboard.type('03142027');
    assert.equal(await page.$eval('#join-date', (el) => (el as HTMLInputElement).value), '2027-03-14');
    await tabTo(page, 'join-submit');
    await page.keyboard.press('Enter');

    // The goal is checked here: its error beside it, focus on it, nothing sent.
    assert.equal(await waitText(page, '#join-goal-error', /./), 'Type an amount above 0, such as 300.50.');
    assert.equal(await focused(page), 'join-goal');
    assert.equal(await page.$eval('#join-goal', (el) => el.getAttribute('aria-invalid')), 'true');
    assert.equal(sent.length, 0);
    await shot(page, 'join-320-goal-error');
    await retype(page, '300.50');
    await page.keyboard.press('Enter');

    // The name is checked by the endpoint: its problem's field and detail, beside the name.
    assert.equal(await waitText(page, '#join-name-error', /./), 'must not contain direction-override characters');
    assert.equal(await focused(page), 'join-name');
    assert.equal(await text(page, '#join-goal-error'), '', 'the goal\'s error is gone');
    assert.deepEqual(sent[0], { displayName: 'Mina \u202ePark', goal: 30050, story: 'I turn 20 this spring.\nInstead of gifts, give nine lives a chance.', occasion: 'my 20th birthday', date: '2027-03-14', locale: 'en' });
    await retype(page, 'Mina Park');
    await page.keyboard.press('Enter');

    await page.waitForSelector('#join-done:not([hidden])');
    assert.equal(await page.$eval('#join', (el) => (el as HTMLElement).hidden), true, 'the form gave way to the panel');
    assert.equal(await text(page, 'h2[data-when="pending"]'), 'Your page is waiting for approval');
    assert.equal(await page.evaluate(() => document.activeElement?.matches('h2[data-when="pending"]')), true, 'focus on the outcome');
    assert.equal(await visible(page, 'h2[data-when="approved"]'), false);
    assert.equal(await visible(page, '#join-see'), false, 'no public page to see yet');
    assert.match(await text(page, '#join-save'), /^Save this link: it is the only way to edit your page\.$/);
    link = await page.$eval('#join-link', (el) => (el as HTMLInputElement).value);
    assert.match(link, new RegExp(`^${host.server.url}/c/p-[a-z2-7]{20}/manage#rk_page_[A-Za-z0-9_-]{43}$`));
    assert.equal(Number.isInteger((sent[1] as { goal: number }).goal), true);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'join-link');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'join-copy');
    await page.keyboard.press('Enter');
    assert.equal(await waitText(page, '#join-copied', /./), 'Link copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    assert.ok(await fits(page), 'nothing scrolls sideways at 320 px');
    assert.deepEqual(await axe(page), []);
    await shot(page, 'join-320-done');
    assert.deepEqual(unexpected(person), []);
    assert.deepEqual(await person.cspViolations(), []);
    await page.browserContext().close();
  });

  test('the link opens the owner\'s page, which wipes the secret from the address bar; edits wait once the page is public; close, then reopen', async () => {
    assert.ok(link, 'the join test gave a link');
    const secret = link.split('#')[1]!;
    const id = /\/c\/(p-[a-z2-7]+)\/manage/.exec(link)![1]!;
    const person = await host.person(link, { width: 320 });
    const { page } = person;
    await page.waitForSelector('#m-view:not([hidden])');
    assert.equal(await page.evaluate(() => location.hash), '');
    assert.equal(await page.evaluate((s) => location.href.includes(s), secret), false, 'the secret is no longer in the address');
    assert.equal(await text(page, '#m-title'), 'Mina Park');
    assert.match(await text(page, '[data-state="pending"]'), /^Waiting for approval/);
    assert.equal(await visible(page, '#m-close-sec'), false, 'a page not yet public cannot be closed');
    await shot(page, 'manage-320-pending');

    const approved = await host.api('POST', `/v1/campaigns/${id}/approve`);
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    // The secret lives only in the page's memory: the owner opens the saved link again.
    await page.goto(link, { waitUntil: 'load' });
    await page.waitForSelector('#m-view:not([hidden])');
    assert.match(await text(page, '[data-state="approved"]'), /^Live: your page is public and takes gifts\.$/);
    assert.equal(await text(page, '#m-raised'), '$0 raised of $300.50');
    assert.equal(await text(page, '#m-link'), `${host.server.url}/c/${id}`);
    assert.equal(await page.$eval('#m-goal', (el) => (el as HTMLInputElement).value), '300.50');
    assert.equal(await text(page, '#m-goal-hint'), 'An amount in US Dollar.');

    await tabTo(page, 'm-story');
    await retype(page, 'I turned 20.\nNine lives, one gift at a time.');
    await tabTo(page, 'm-edit-submit');
    await page.keyboard.press('Enter');
    assert.equal(await waitText(page, '#m-edit-status', /Saved/), 'Saved. Your text changes now wait for approval.');
    assert.equal(await visible(page, '#m-waiting'), true);
    assert.equal(await page.$eval('[data-proposed="story"] dd', (el) => el.textContent), 'I turned 20.\nNine lives, one gift at a time.');
    assert.equal(await visible(page, '[data-proposed="displayName"]'), false, 'only what changed waits');
    const info = (await host.api('GET', `/v1/fundraisers?under=${TEAM}&review=true`)).body.fundraisers.find((f: any) => f.id === id);
    assert.equal(info.story, 'I turn 20 this spring.\nInstead of gifts, give nine lives a chance.', 'the approved story stays public meanwhile');

    await tabTo(page, 'm-hide');
    assert.match(await text(page, '#m-hide-hint'), /^The page will show “A supporter of River Rescue Team” instead of your name\.$/);
    await page.keyboard.press('Space');
    assert.equal(await waitText(page, '#m-hide-status', /name/), 'Your name is removed from the page.');
    assert.equal(await page.$eval('#m-hide', (el) => (el as HTMLInputElement).checked), true);
    assert.ok(await fits(page), 'nothing scrolls sideways at 320 px');
    assert.deepEqual(await axe(page), []);
    await shot(page, 'manage-320-live');

    await tabTo(page, 'm-close');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-state="closed"]:not([hidden])');
    assert.equal(await text(page, '#m-said'), 'Your page is closed.');
    assert.equal(await focused(page), 'm-status-h', 'focus goes to the status that says so');
    assert.equal(await visible(page, '#m-close-sec'), false);
    assert.equal(await visible(page, '#m-reopen-sec'), true);
    assert.equal(await page.$eval('#m-re-occasion', (el) => (el as HTMLInputElement).value), 'my 20th birthday');
    await shot(page, 'manage-320-closed');

    await tabTo(page, 'm-re-goal');
    await page.keyboard.type('500');
    await tabTo(page, 'm-re-occasion');
    await retype(page, 'my 21st birthday');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-state="approved"]:not([hidden])');
    assert.equal(await text(page, '#m-said'), 'Your page is open again.');
    assert.equal(await text(page, '#m-raised'), '$0 raised of $500');
    assert.equal(await page.$eval('[data-proposed="occasion"] dd', (el) => el.textContent), 'my 21st birthday', 'a new occasion waits for approval too');
    const reopened = (await host.api('GET', `/v1/fundraisers?under=${TEAM}`)).body.fundraisers.find((f: any) => f.id === id);
    assert.equal(reopened.state, 'approved');
    assert.equal(reopened.goal, 50000);
    assert.equal(reopened.rounds.length, 2);
    assert.deepEqual(await axe(page), []);

    await page.setViewport({ width: 1280, height: 900 });
    await shot(page, 'manage-1280-live');
    assert.deepEqual(unexpected(person), []);
    assert.deepEqual(await person.cspViolations(), []);
    assert.deepEqual(host.requested.filter((u) => u.split('#')[0]!.includes('rk_page_')), [], 'the secret is never in a URL sent');
    await page.browserContext().close();

    // A lead issues a new link: the old one says so, and still leaves the address bar.
    const renewed = await host.api('POST', `/v1/campaigns/${id}/manage-link`);
    assert.equal(renewed.status, 200);
    const old = await host.person(link, { width: 320 });
    assert.equal(await waitText(old.page, '#m-problem', /./), 'This link no longer opens the page; ask your team lead for a new one.');
    assert.equal(await old.page.evaluate(() => location.hash), '');
    assert.equal(await visible(old.page, '#m-view'), false);
    await shot(old.page, 'manage-320-refused');
    await old.page.browserContext().close();
  });

  test('an address without a link says what to open; the join form in Korean at 1280 px', async () => {
    const bare = await host.person('/c/p-abc/manage', { width: 320, lang: 'ko-KR,ko' });
    assert.equal(await waitText(bare.page, '#m-problem', /./), '이 주소에는 페이지 링크가 들어 있지 않습니다. 페이지를 만들 때 저장한 링크 전체를 열어 주세요.');
    await bare.page.browserContext().close();

    const ko = await host.person(`/c/${TEAM}/join`, { width: 1280, lang: 'ko-KR,ko' });
    assert.equal(await text(ko.page, 'h1'), 'River Rescue Team을(를) 위한 나만의 모금 페이지 만들기');
    await ko.page.keyboard.press('Tab');
    await ko.page.keyboard.press('Enter');
    assert.equal(await waitText(ko.page, '#join-name-error', /./), '이 칸을 채워 주세요.');
    assert.equal(await focused(ko.page), 'join-name', 'the first field to fix takes focus');
    assert.equal(await text(ko.page, '#join-goal-error'), '이 칸을 채워 주세요.');
    assert.deepEqual(await axe(ko.page), []);
    await shot(ko.page, 'join-1280-ko-errors');
    assert.deepEqual(unexpected(ko), []);
    await ko.page.browserContext().close();
  });
});
