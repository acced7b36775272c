// The console's Team page, in Chromium against a real endpoint: a lead edits its team's title and
// goal by keyboard, sees the preview change before anything is saved, saves (only the changed
// fields are sent) and the API answers the new values; the preview's words agree with the hosted
// page's; no field only the admin sets is offered; a refused field's detail shows beside it; impact
// lines and the page's language; the poster's lower third (why, date, place, prices) with a refused
// line named beside its field; an organiser edits a team below it from the picker. At 320 and
// 1280 px, English and Korean, light and dark, axe clean.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { axe, fits, personKey, REGION, shot, signedIn, startConsoleHost, TEAM, text, waitText, type ConsoleHost } from './console-harness.js';

/** Every control of the page form (not the buttons): what a person may change. */
const controls = (page: Page) =>
  page.$$eval('form.page input, form.page textarea, form.page select', (els) => [...new Set(els.map((el) => (el.closest('fieldset.impact') ? 'impact' : el.closest('fieldset.poster-fields') ? 'poster' : (el as HTMLInputElement).name || el.id)))]);

async function openTab(page: Page, name: string): Promise<void> {
  const [tab] = await page.$$(`xpath/.//nav//button[normalize-space()="${name}"]`);
  await tab!.click();
}

/** Selects the whole of the focused field and types `value` over it, as a keyboard user would. */
async function retype(page: Page, value: string): Promise<void> {
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.type(value);
}

describe('the console\'s team page', () => {
  let host: ConsoleHost;
  const keys = { lead: '', organiser: '', treasurer: '' };
  /** The body of every PATCH the browser sent. */
  const patches: unknown[] = [];
  const config = async (id: string) => (await host.api('GET', `/v1/campaigns?under=${id}`)).body.campaigns.find((c: any) => c.id === id);

  before(async () => {
    host = await startConsoleHost();
    keys.lead = await personKey(host, TEAM, 'lead', 'River lead');
    keys.organiser = await personKey(host, REGION, 'organiser', 'North organiser');
    keys.treasurer = await personKey(host, TEAM, 'treasurer', 'River treasurer');
  });
  after(async () => host?.close());

  const watch = (page: Page) => page.on('request', (r) => void (r.method() === 'PATCH' && patches.push(JSON.parse(r.postData() ?? 'null'))));

  test('a lead edits its team\'s title and goal by keyboard at 1280 px; the preview follows before saving; only the changed fields are sent', async () => {
    const { page, errors } = await signedIn(host, keys.lead, { width: 1280 });
    watch(page);
    await openTab(page, 'Team page');
    await page.waitForSelector('#page-title');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-h', 'focus on the screen\'s heading');
    assert.deepEqual(await controls(page), ['page-title', 'page-description', 'page-goal', 'page-locale', 'impact', 'poster'], 'a lead is offered its page fields only (no campaign picker, nothing only the admin sets)');
    assert.equal(await text(page, '.preview-title'), 'River Rescue Team');
    assert.equal(await text(page, '.preview-raised'), '$0 raised of $9,000');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-title');
    await retype(page, 'River Rescue Team Seoul');
    await page.keyboard.press('Tab'); // description
    await page.keyboard.press('Tab'); // goal
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-goal');
    assert.equal(await page.$eval('#page-goal', (el) => (el as HTMLInputElement).value), '9,000', 'the goal as a person types it');
    await retype(page, '12,500.50');
    assert.equal(await text(page, '.preview-title'), 'River Rescue Team Seoul', 'the preview shows the new title');
    assert.equal(await text(page, '.preview-raised'), '$0 raised of $12,500.50', 'and the new goal');
    const before = (await host.api('GET', `/v1/campaigns/${TEAM}`)).body;
    assert.deepEqual([before.title, before.goal], ['River Rescue Team', 900_000], 'nothing is saved yet');
    assert.deepEqual(await axe(page), [], 'axe: the form and its preview');
    await page.keyboard.press('Enter');
    assert.equal(await waitText(page, '[role=status]', /Saved/), 'Saved: the page of River Rescue Team Seoul shows it now.');
    assert.equal(await text(page, '[role=alert]'), '');
    assert.deepEqual(patches, [{ title: 'River Rescue Team Seoul', goal: 1_250_050 }]);
    const after = (await host.api('GET', `/v1/campaigns/${TEAM}`)).body;
    assert.deepEqual([after.title, after.goal], ['River Rescue Team Seoul', 1_250_050]);
    assert.match(await text(page, '.who'), /River Rescue Team Seoul/, 'the header names the team by its new title');
    const hosted = await (await fetch(`${host.server.url}/c/${TEAM}?lang=en`)).text();
    assert.ok(hosted.includes(await text(page, '.preview-raised')), 'the preview\'s words are the hosted page\'s');
    assert.deepEqual(await axe(page), [], 'axe: saved');
    await shot(page, 'lead-page-1280');
    await page.click('form.page button[type=submit]');
    await waitText(page, '[role=status]', /Nothing was changed/);
    assert.equal(patches.length, 1, 'an unchanged form sends nothing');
    assert.deepEqual(errors, []);
  });

  test('Korean, 320 px, dark: the preview sits below the form and speaks the page\'s language; an impact line; a refused goal is named beside it', async () => {
    patches.length = 0;
    const { page, errors } = await signedIn(host, keys.lead, { width: 320, dark: true, lang: 'ko-KR' });
    watch(page);
    await openTab(page, '팀 페이지');
    await page.waitForSelector('#page-title');
    const [form, preview] = await Promise.all(['form.page', '.preview'].map((s) => page.$eval(s, (el) => el.getBoundingClientRect().toJSON())));
    assert.ok(preview.top >= form.bottom, 'the preview comes after the form on a phone');
    await page.click('xpath/.//label[.//span[normalize-space()="한국어"]]');
    assert.equal(await page.$eval('.preview-page', (el) => el.getAttribute('lang')), 'ko');
    assert.match(await text(page, '.preview-raised'), /^목표 US\$12,500\.50 중 US\$0 모금$/);
    const legends = await page.$$eval('fieldset.impact-row legend', (els) => els.map((el) => el.textContent!.trim()));
    assert.deepEqual(legends, ['US$9 아래 문구', 'US$27 아래 문구', 'US$45 아래 문구', 'US$90 아래 문구'], 'a line for each amount the page offers');
    const row = await page.$$eval('fieldset.impact-row', (els) => els[1]!.querySelector('input')!.id.replace(/-en$/, ''));
    await page.type(`#${row}-en`, 'feeds a family in hiding for a week');
    await page.type(`#${row}-ko`, '숨어 지내는 가족의 일주일 식비');
    assert.match(await text(page, 'ul.preview-amounts'), /^US\$9\s+US\$27\s+숨어 지내는 가족의 일주일 식비\s+US\$45\s+US\$90$/, 'the preview lays the line out as the picker does');
    await page.click('xpath/.//button[normalize-space()="다른 금액의 문구 추가"]');
    const extra = await page.$$eval('fieldset.impact-row input[inputmode=decimal]', (els) => els.at(-1)!.id.replace(/-amount$/, ''));
    await page.type(`#${extra}-amount`, '30');
    await page.type(`#${extra}-ko`, '한 달 교통비');
    assert.match(await text(page, `fieldset.impact-row:last-of-type`), /공개 페이지는 US\$9, US\$27, US\$45 및 US\$90을\(를\) 제시합니다/, 'a line for an amount the page does not offer says where it shows');
    await page.click('xpath/.//button[normalize-space()="후원 효과 문구 5 삭제"]');
    await page.focus('#page-goal');
    await retype(page, '2000000000');
    await page.keyboard.press('Enter');
    await waitText(page, '#goal-error', /goal/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-goal', 'the refused field takes focus');
    assert.equal(await page.$eval('#page-goal', (el) => el.getAttribute('aria-invalid')), 'true');
    assert.equal(await text(page, '[role=alert]'), '', 'the problem is shown beside its field');
    assert.ok(await fits(page), 'nothing scrolls sideways at 320 px');
    assert.deepEqual(await axe(page), [], 'axe: the refused goal, Korean, dark, 320 px');
    await shot(page, 'lead-page-ko-dark-320');
    await retype(page, '12,500.50');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /저장했습니다/);
    assert.deepEqual(patches.at(-1), { locale: 'ko', impact: { 2700: { en: 'feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식비' } } });
    const saved = await config(TEAM);
    assert.deepEqual([saved.locale, saved.impact, saved.goal], ['ko', { 2700: { en: 'feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식비' } }, 1_250_050]);
    assert.equal((await host.api('GET', `/v1/campaigns/${TEAM}`)).body.impact['2700'].ko, '숨어 지내는 가족의 일주일 식비', 'the picker reads it');
    assert.deepEqual(await axe(page), [], 'axe: saved, Korean, dark, 320 px');
    await shot(page, 'lead-page-ko-dark-320-saved');
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [], 'nothing but the 400 the test provoked');
  });

  test('a treasurer is not offered the team page', async () => {
    const { page } = await signedIn(host, keys.treasurer, { width: 1280 });
    await page.waitForSelector('nav');
    assert.deepEqual(await page.$$eval('nav button', (b) => b.map((x) => x.textContent!.trim())), ['Cash', 'Share']);
  });

  test('an organiser picks a team below it and edits its description at 1280 px, dark; then its own region at 320 px in Korean', async () => {
    patches.length = 0;
    const cash = { amount: 300_000, currency: 'usd', category: 'concert', donors: 12 };
    assert.equal((await host.api('POST', '/v1/campaigns/team-lake/offline-gifts', cash, undefined, { 'idempotency-key': crypto.randomUUID() })).status, 201);
    const { page, errors } = await signedIn(host, keys.organiser, { width: 1280, dark: true });
    watch(page);
    await openTab(page, 'Team page');
    await page.waitForFunction(() => document.querySelectorAll('#page-campaign option').length === 3);
    assert.deepEqual(await page.$$eval('#page-campaign option', (o) => o.map((x) => (x as HTMLOptionElement).value)), [REGION, 'team-lake', TEAM], 'its own first, then the campaigns below');
    assert.deepEqual(await controls(page), ['page-campaign', 'page-title', 'page-description', 'page-goal', 'page-locale', 'impact', 'poster']);
    await page.select('#page-campaign', 'team-lake');
    await waitText(page, '.preview-title', /^Lake Rescue Team$/);
    assert.equal(await text(page, '.preview-raised'), '$3,000 raised of $9,000', 'the campaign\'s own numbers');
    assert.match(await text(page, '.preview-meter'), /1 rescue funded · 12 donors/);
    assert.equal(await page.$eval('.preview progress', (el) => (el as HTMLProgressElement).value), 300_000);
    await page.focus('#page-description');
    await page.keyboard.type('Bake sales by the lake every Saturday.');
    assert.equal(await text(page, '.preview-lede'), 'Bake sales by the lake every Saturday.');
    assert.equal(await text(page, '#description-hint'), '38 of 300 characters');
    await page.click('form.page button[type=submit]');
    await waitText(page, '[role=status]', /Saved: the page of Lake Rescue Team/);
    assert.deepEqual(patches, [{ description: 'Bake sales by the lake every Saturday.' }]);
    assert.equal((await config('team-lake')).description, 'Bake sales by the lake every Saturday.');
    assert.match(await (await fetch(`${host.server.url}/c/team-lake`)).text(), /Bake sales by the lake every Saturday\./);
    assert.deepEqual(await axe(page), [], 'axe: organiser, dark, 1280 px');
    await shot(page, 'organiser-page-dark-1280');
    assert.deepEqual(errors, []);

    const phone = await signedIn(host, keys.organiser, { width: 320, path: '/console/?lang=ko' });
    await openTab(phone.page, '팀 페이지');
    await phone.page.waitForSelector('#page-campaign');
    assert.equal(await text(phone.page, '.preview-title'), 'North Region');
    assert.ok(await fits(phone.page));
    assert.deepEqual(await axe(phone.page), [], 'axe: organiser, Korean, 320 px');
    await shot(phone.page, 'organiser-page-ko-320');
    assert.deepEqual(phone.errors, []);
  });
  test("a lead sets the poster's lower third at 375 px; a refused line is named beside its field; the poster prints it", async () => {
    patches.length = 0;
    const { page, errors } = await signedIn(host, keys.lead, { width: 375 });
    watch(page);
    await openTab(page, 'Team page');
    await page.waitForSelector('#poster-why');
    // Direction overrides are refused by the endpoint: its words show beside the field.
    await page.type('#poster-why', 'Every $3,000 brings one refugee \u202eto freedom');
    await page.type('#poster-date', 'Saturday 14 March, 10am-2pm');
    await page.type('#poster-place', 'Riverside High School');
    await page.click('xpath/.//button[normalize-space()="Add a price"]');
    const item = await page.$eval('.price-row input', (el) => el.id);
    await page.type(`#${item}`, 'Cupcake');
    await page.type(`#${item}-amount`, '2.50');
    await page.click('xpath/.//button[normalize-space()="Save"]');
    await waitText(page, '#poster-why-error', /direction-override/);
    assert.equal(await page.$eval('#poster-why', (el) => el.getAttribute('aria-invalid')), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'poster-why', 'the refused field takes focus');
    assert.equal((await config(TEAM)).poster, undefined, 'nothing saved');
    await page.focus('#poster-why');
    await retype(page, 'Every $3,000 brings one refugee to freedom');
    // An item without a name is named before anything is sent.
    await page.focus(`#${item}`);
    await retype(page, ' ');
    await page.keyboard.press('Enter');
    await waitText(page, `#${item}-error`, /Name the item/);
    await page.focus(`#${item}`);
    await retype(page, 'Cupcake');
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Saved/);
    const poster = { why: 'Every $3,000 brings one refugee to freedom', date: 'Saturday 14 March, 10am-2pm', place: 'Riverside High School', prices: [{ item: 'Cupcake', amount: 250 }] };
    assert.deepEqual(patches.at(-1), { poster });
    assert.deepEqual((await config(TEAM)).poster, poster);
    const printed = await (await fetch(`${host.server.url}/c/${TEAM}/poster?lang=en`)).text();
    assert.match(printed, /<p class="why">Every \$3,000 brings one refugee to freedom<\/p>/);
    assert.match(printed, /<th scope="row">Cupcake<\/th><td class="amount">\$2.50<\/td>/);
    assert.ok(await fits(page), 'nothing scrolls sideways at 375 px');
    assert.deepEqual(await axe(page), [], 'axe: the poster fields');
    await shot(page, 'lead-page-poster-375');
    assert.deepEqual(errors.filter((e) => !/status of 400/.test(e)), [], 'nothing but the 400 the test provoked');
  });
});
