// One supporter's page from start to the top of the board, in Chromium against a real endpoint with a
// Stripe stand-in: the team's poster carries a join QR code; its URL opens the join form, which a
// supporter fills at 320 px by keyboard; the team's lead approves the page in the console by keyboard;
// a donor gives through the page's picker by keyboard (the checkout names the page); Stripe's webhook
// counts the gift once at the page, the team and above; and the team page's supporters' board, open the
// whole time, re-ranks live without a reload.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import type { Page } from 'puppeteer-core';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from '../../packages/endpoint/test/support/stripe-server.js';
import { axe, fits, MOVEMENT, personKey, REGION, shot, signedIn, startConsoleHost, TEAM, waitText, type ConsoleHost } from './console-harness.js';

const WEBHOOK_SECRET = 'whsec_fundraiser_journey';

/** Presses Tab until `id` has the focus, as a keyboard user moves. */
async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}`);
}

/** The titles on a supporters' board, in rank order (read from its shadow tree). */
const boardTitles = (page: Page): Promise<string[]> =>
  page.$eval('rescue-leaderboard[kind="fundraisers"]', (el) => [...el.shadowRoot!.querySelectorAll('[part~="team"]')].map((c) => c.textContent!.trim()).filter(Boolean));

describe('a supporter\'s page, from the poster\'s QR code to the top of the board', () => {
  let host: ConsoleHost;
  let stripe: StripeServer;
  let leadKey = '';
  let joinUrl = '';
  let pageId = '';
  let board: Page;

  before(async () => {
    stripe = await startStripeServer();
    host = await startConsoleHost({ env: { STRIPE_SECRET_KEY: 'sk_test_journey', STRIPE_API_URL: stripe.url, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
    leadKey = await personKey(host, TEAM, 'lead', 'River lead');
  });
  after(async () => {
    await host?.close();
    await stripe?.close();
  });

  /** What Stripe sends once the donor has paid the session the endpoint created. */
  async function pay(session: Record<string, any>): Promise<void> {
    const paid = { ...session, status: 'complete', payment_status: 'paid', payment_intent: `pi_${session['id']}` };
    const signed = signedWebhook(stripeEvent('checkout.session.completed', paid), WEBHOOK_SECRET);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${host.server.url}/v1/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body });
      assert.equal(res.status, 200, await res.text());
    }
  }
  const raised = async (id: string) => ((await (await fetch(`${host.server.url}/v1/campaigns/${id}`)).json()) as { raised: number }).raised;

  test('the team\'s poster carries a QR code that scans to its join link', async () => {
    const html = await (await fetch(`${host.server.url}/c/${TEAM}/poster`)).text();
    const decoded = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map(([inline]) => {
      // Inline in HTML an <svg> needs no namespace; as a document of its own it does.
      const svg = inline.includes('xmlns=') ? inline : inline.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
      const png = new Resvg(svg, { fitTo: { mode: 'width', value: 500 }, background: 'white' }).render();
      return jsQR(new Uint8ClampedArray(png.pixels), png.width, png.height)?.data;
    });
    joinUrl = decoded.find((d) => d?.startsWith(`${host.server.url}/c/${TEAM}/join`)) ?? '';
    assert.match(joinUrl, new RegExp(`^${host.server.url}/c/${TEAM}/join(\\?lang=en)?$`), `the codes on the poster: ${JSON.stringify(decoded)}`);
    assert.ok(html.includes(`${host.server.url}/c/${TEAM}/join`), 'its URL is printed beside it');
  });

  test('a rival page is public and has raised money; the team page\'s board shows it, live', async () => {
    const started = await fetch(`${host.server.url}/v1/campaigns/${TEAM}/fundraisers`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Ada Lee', goal: 50_000, story: 'Running 10 km.' }),
    });
    const rival = (await started.json()) as { id: string };
    assert.equal((await host.api('POST', `/v1/campaigns/${rival.id}/approve`)).status, 200);
    await pay({ id: 'cs_rival', object: 'checkout.session', mode: 'payment', amount_total: 500, currency: 'usd', metadata: { rescuekit_campaign: rival.id } });
    const team = await host.person(`/c/${TEAM}`, { width: 1280 });
    board = team.page;
    await board.waitForFunction(() => (document.querySelector('rescue-leaderboard[kind="fundraisers"]') as any)?.feed?.teams?.length === 1, { timeout: 15_000 });
    assert.deepEqual(await boardTitles(board), ['Ada Lee']);
  });

  test('at 320 px, by keyboard, a supporter starts a page from the join link', async () => {
    const supporter = await host.person(joinUrl, { width: 320 });
    const { page } = supporter;
    await tabTo(page, 'join-name');
    await page.keyboard.type('Mina Park');
    await page.keyboard.press('Tab');
    await page.keyboard.type('300');
    await page.keyboard.press('Tab');
    await page.keyboard.type('I turn 20 this spring.\nInstead of presents, give nine lives a chance.');
    await tabTo(page, 'join-submit');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#join-done:not([hidden])', { timeout: 15_000 });
    const link = await page.$eval('#join-link', (el) => (el as HTMLInputElement).value);
    pageId = /\/c\/(p-[a-z2-7]{20})\/manage#rk_page_/.exec(link)?.[1] ?? '';
    assert.ok(pageId, link);
    assert.ok(await fits(page), 'nothing scrolls sideways at 320 px');
    assert.equal((await fetch(`${host.server.url}/v1/campaigns/${pageId}`)).status, 404, 'not public before approval');
    assert.deepEqual(supporter.errors, []);
    await page.browserContext().close();
  });

  test('the lead approves it in the console by keyboard; it is public and on the board at once', async () => {
    const lead = await signedIn(host, leadKey, { width: 1280 });
    const { page } = lead;
    const [tab] = await page.$$('xpath/.//nav//button[normalize-space()="Approvals"]');
    await tab!.click();
    await page.waitForSelector(`#review-${pageId}-approve`, { timeout: 15_000 });
    await page.focus('#review-h');
    await tabTo(page, `review-${pageId}-approve`);
    await page.keyboard.press('Enter');
    await waitText(page, '[role=status]', /Approved/);
    assert.equal((await fetch(`${host.server.url}/v1/campaigns/${pageId}`)).status, 200);
    await board.waitForFunction(() => (document.querySelector('rescue-leaderboard[kind="fundraisers"]') as any)?.feed?.teams?.length === 2, { timeout: 15_000 });
    assert.deepEqual(await boardTitles(board), ['Ada Lee', 'Mina Park'], 'the new page joins the board below the one that has raised money');
    assert.deepEqual(lead.errors, []);
  });

  test('a donor gives through the page by keyboard; the gift counts once at page, team and above, and the board re-ranks live', async () => {
    const before = { team: await raised(TEAM), region: await raised(REGION), movement: await raised(MOVEMENT) };
    const donor = await host.person(`/c/${pageId}`, { width: 320 });
    const { page } = donor;
    // Stripe's hosted page cannot be reached from here: the browser is stopped on its way there.
    await page.setRequestInterception(true);
    page.on('request', (r) => void (r.url().startsWith('https://checkout.stripe.com/') ? r.abort() : r.continue()));
    await page.waitForFunction(() => (document.querySelector('nine-lives-picker') as any)?.shadowRoot?.querySelector('button[type=submit]'), { timeout: 15_000 });
    const asked = page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST', { timeout: 15_000 });
    const give = await page.evaluateHandle(() => (document.querySelector('nine-lives-picker') as any).shadowRoot.querySelector('button[type=submit]'));
    await (give as any).focus();
    await page.keyboard.press('Enter');
    const checkout = await asked;
    assert.equal(checkout.status(), 200);
    assert.equal(stripe.sessions.size, 1, 'one checkout session, the donor\'s');
    const session = [...stripe.sessions.values()].at(-1)!;
    assert.equal((session['metadata'] as Record<string, string>)['rescuekit_campaign'], pageId, 'the checkout names the page');
    const amount = Number(session['amount_total']);
    assert.ok(amount > 500, `a gift larger than the rival's: ${amount}`);
    await pay(session);
    assert.equal(await raised(pageId), amount);
    assert.equal(await raised(TEAM), before.team + amount);
    assert.equal(await raised(REGION), before.region + amount);
    assert.equal(await raised(MOVEMENT), before.movement + amount);
    await board.waitForFunction(() => {
      const titles = [...(document.querySelector('rescue-leaderboard[kind="fundraisers"]') as any).shadowRoot.querySelectorAll('[part~="team"]')].map((c: Element) => c.textContent!.trim());
      return titles[0] === 'Mina Park';
    }, { timeout: 15_000 });
    assert.deepEqual(await boardTitles(board), ['Mina Park', 'Ada Lee'], 're-ranked live, no reload');
    assert.deepEqual(await axe(board), []);
    await board.$eval('rescue-leaderboard[kind="fundraisers"]', (el) => el.scrollIntoView());
    await shot(board, 'journey-team-board-1280');
    await shot(page, 'journey-page-320');
    assert.deepEqual(donor.errors, []);
  });
});
