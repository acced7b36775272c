// Checkout from a framed embed: a team's site on another origin frames the donate button and the
// picker; pressing Give opens Stripe's hosted page in a new tab (Stripe refuses to be framed, and a
// card form inside a third party's frame is unreliable) and leaves the team's page where it was.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from './harness.js';
import type { Browser, Frame, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { freePort } from '../packages/local-servers.js';
import { startStripeServer, type StripeServer } from '../../packages/endpoint/test/support/stripe-server.js';

describe('checkout from an embed framed by another site', () => {
  let server: RunningServer;
  let stripe: StripeServer;
  let other: Server;
  let otherUrl = '';
  let browser: Browser;

  before(async () => {
    stripe = await startStripeServer();
    const port = await freePort();
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    // The endpoint's own address is its public one, as in production: the embeds' checkout comes from it.
    config.publicUrl = `http://127.0.0.1:${port}`;
    server = await startServer({
      config, databaseUrl: 'sqlite::memory:', adminToken: 'embed-admin-token-0123456789abcdefghijklmn', port, host: '127.0.0.1', log: () => {},
      env: { STRIPE_SECRET_KEY: 'sk_test_embed', STRIPE_API_URL: stripe.url },
    });
    const frames = ['rescue-donate-button', 'nine-lives-picker']
      .map((el) => `<iframe id="${el}" src="${server.url}/embed/${el}?campaign=rescue-team-demo" title="${el}" width="360" height="420"></iframe>`)
      .join('');
    other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>A team site</title><h1>Our team</h1>${frames}`));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    otherUrl = `http://localhost:${(other.address() as AddressInfo).port}/`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    other?.close();
    await server?.close();
    await stripe?.close();
  });

  async function framed(page: Page, id: string): Promise<Frame> {
    await page.bringToFront();
    await page.goto(otherUrl, { waitUntil: 'load' });
    // The frames are cross-site (localhost frames 127.0.0.1), so each runs in its own renderer: the
    // frame handle taken from the <iframe> before its navigation commits can stay bound to the
    // discarded about:blank document. The parent's load event waits for its frames, so look the frame
    // up by the address it committed to.
    const src = `${server.url}/embed/${id}`;
    const frame = page.frames().find((f) => f.url().startsWith(src))
      ?? await page.waitForFrame((f) => f.url().startsWith(src), { timeout: 15_000 });
    try {
      await frame.waitForFunction((tag) => customElements.get(tag) !== undefined && (document.querySelector(tag) as any)?.shadowRoot?.querySelector('button'), { timeout: 15_000 }, id);
    } catch (e) {
      throw new Error(`${String(e)} ${frame.url()} ${await frame.evaluate(() => document.body.outerHTML).catch(String)}`);
    }
    return frame;
  }

  /** Presses the element's submit button by keyboard (a real user gesture) and waits for the new tab. */
  async function giveAndCatchTab(page: Page, frame: Frame, tag: string): Promise<string> {
    const opened = browser.waitForTarget((t) => t.url().startsWith('https://checkout.stripe.com/'), { timeout: 15_000 });
    const button = await frame.evaluateHandle((t) => {
      const buttons = [...(document.querySelector(t) as any).shadowRoot.querySelectorAll('button')] as HTMLButtonElement[];
      return buttons.find((b) => b.type === 'submit' || b.getAttribute('part') === 'give')!;
    }, tag);
    await (button as any).focus();
    await page.keyboard.press('Enter');
    try {
      const tab = await opened;
      const url = tab.url();
      await (await tab.page())?.close();
      return url;
    } catch (e) {
      const text = await frame.evaluate((t) => (document.querySelector(t) as any).shadowRoot.innerHTML, tag);
      throw new Error(`${String(e)}\n${text}\n${JSON.stringify(stripe.requests.map((r) => r.path))}`);
    }
  }

  test('the donate button opens Stripe in a new tab; the team page stays', async () => {
    const context = await browser.createBrowserContext(); // each test its own tabs: the last one's Stripe tab cannot hold this one up
    const page = await context.newPage();
    try {
      const frame = await framed(page, 'rescue-donate-button');
      const before = stripe.sessions.size;
      const url = await giveAndCatchTab(page, frame, 'rescue-donate-button');
      assert.equal(stripe.sessions.size, before + 1, 'one Checkout Session');
      const session = [...stripe.sessions.values()].at(-1)!;
      assert.equal(url, session.url, 'the new tab is the session\'s hosted page');
      assert.equal(session.metadata && (session.metadata as Record<string, string>).rescuekit_campaign, 'rescue-team-demo');
      assert.equal(page.url(), otherUrl, 'the team\'s page did not navigate');
      assert.equal(new URL(frame.url()).pathname, '/embed/rescue-donate-button', 'nor did the frame');
    } finally {
      await context.close();
    }
  });

  test('the picker does the same', async () => {
    const context = await browser.createBrowserContext(); // each test its own tabs: the last one's Stripe tab cannot hold this one up
    const page = await context.newPage();
    try {
      const frame = await framed(page, 'nine-lives-picker');
      const url = await giveAndCatchTab(page, frame, 'nine-lives-picker');
      assert.match(url, /^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_/);
      assert.equal(page.url(), otherUrl);
    } finally {
      await context.close();
    }
  });
});
