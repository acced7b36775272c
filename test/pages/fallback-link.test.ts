// When checkout cannot be created, donors can still give: a real endpoint whose Stripe keeps refusing (its
// checkout answers 503), and elements pointed at a closed port, each offer the campaign's Stripe Payment Link
// (progress's `fallbackPaymentLink`, else the `fallback-link` attribute) at 320 px, the next keyboard stop after
// Give, in a new tab; a campaign without one shows today's message.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium, scratchDir } from './harness.js';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { freePort } from '../packages/local-servers.js';
import { startStripeServer, type StripeServer } from '../../packages/endpoint/test/support/stripe-server.js';

const LINK = 'https://buy.stripe.com/test_rescue_team';
const ATTR = 'https://buy.stripe.com/test_attribute';
const TAGS = ['nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button'] as const;
const SAYS = 'We can’t start the payment right now. You can still give through Stripe directly: Give through Stripe';
const TODAY = 'Checkout could not be opened. Please try again.';

/** A page with the three giving elements for `campaign` at `endpoint` (with a `fallback-link` attribute when given). */
const pageHtml = (endpoint: string, campaign: string, link?: string) => {
  const attrs = `endpoint="${endpoint}" campaign="${campaign}" mode="redirect"${link ? ` fallback-link="${link}"` : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Fallback</title>
<script type="module" src="/cdn/rescuekit.js"></script></head><body><main>
<nine-lives-picker ${attrs}></nine-lives-picker>
<monthly-ally-signup ${attrs}></monthly-ally-signup>
<rescue-donate-button ${attrs} amount="900"></rescue-donate-button>
</main></body></html>`;
};

describe('a fallback Payment Link when checkout cannot be created (Chromium, 320 px)', () => {
  let server: RunningServer;
  let stripe: StripeServer;
  let browser: Browser;
  let closed = 0;

  before(async () => {
    stripe = await startStripeServer();
    const port = await freePort();
    closed = await freePort(); // nothing listens here: an endpoint that cannot be reached
    const origin = `http://127.0.0.1:${port}`;
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.allowedOrigins = [...(config.allowedOrigins ?? []), origin];
    for (const c of config.campaigns) if (c.id === 'rescue-team-demo') c.fallbackPaymentLink = LINK;
    const dir = scratchDir();
    writeFileSync(`${dir}/campaign-link.html`, pageHtml(origin, 'rescue-team-demo'));
    writeFileSync(`${dir}/no-link.html`, pageHtml(origin, 'the-hundred'));
    writeFileSync(`${dir}/unreachable.html`, pageHtml(`http://127.0.0.1:${closed}`, 'rescue-team-demo', ATTR));
    server = await startServer({
      config, databaseUrl: 'sqlite::memory:', adminToken: 'fallback-admin-token-0123456789abcdefghijkl', port, host: '127.0.0.1', log: () => {},
      env: { STRIPE_SECRET_KEY: 'sk_test_fallback', STRIPE_API_URL: stripe.url },
      staticMounts: [{ prefix: '/t/', dir }, { prefix: '/cdn/', dir: 'packages/widgets/dist/cdn' }],
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await stripe?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 320, height: 900 });
    await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await page.waitForFunction((tags: readonly string[]) => tags.every((t) => (document.querySelector(t) as any)?.shadowRoot?.querySelector('[part~=give]')), { timeout: 15_000 }, TAGS);
    // The Ally signup asks for an email before it gives.
    const email = await page.evaluateHandle(() => (document.querySelector('monthly-ally-signup') as any).shadowRoot.querySelector('input[type=email]'));
    await (email as any).type('ally@example.org');
    return page;
  }

  /** Presses Give by keyboard and waits for the status line to settle on a problem; returns its text. */
  async function giveByKeyboard(page: Page, tag: string): Promise<string> {
    const give = await page.evaluateHandle((t) => (document.querySelector(t) as any).shadowRoot.querySelector('[part~=give]'), tag);
    await (give as any).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((t) => (document.querySelector(t) as any).checkout.state === 'error', { timeout: 20_000 }, tag);
    return page.evaluate((t) => (document.querySelector(t) as any).shadowRoot.querySelector('[part~=status]').textContent.replace(/\s+/g, ' ').trim(), tag);
  }

  /** The offered link: where it goes, how it opens, and whether Tab from Give reaches it, inside 320 px. */
  async function offered(page: Page, tag: string) {
    await page.keyboard.press('Tab');
    return page.evaluate((t) => {
      const root = (document.querySelector(t) as any).shadowRoot as ShadowRoot;
      const a = root.querySelector<HTMLAnchorElement>('[part~=fallback-link]');
      const box = a?.getBoundingClientRect();
      return {
        href: a?.href, target: a?.target, rel: a?.rel,
        tabReachesIt: !!a && root.activeElement === a,
        inside: !!box && box.left >= 0 && box.right <= document.documentElement.clientWidth && box.width > 0,
        noSideScroll: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      };
    }, tag);
  }

  test('checkout answers 503 (Stripe keeps refusing): each element offers the campaign’s link', async () => {
    const page = await open('/t/campaign-link.html');
    try {
      for (const tag of TAGS) {
        const before = stripe.requests.length;
        stripe.failNext({ status: 429 }, 4); // Stripe busy: the endpoint's checkout answers 503
        const res = page.waitForResponse((r) => r.url().endsWith('/v1/checkout') && r.request().method() === 'POST');
        assert.equal(await giveByKeyboard(page, tag), SAYS, tag);
        assert.equal((await res).status(), 503, tag);
        assert.ok(stripe.requests.length > before, `${tag}: the endpoint did ask Stripe`);
        assert.deepEqual(await offered(page, tag), { href: LINK, target: '_blank', rel: 'noopener', tabReachesIt: true, inside: true, noSideScroll: true }, tag);
      }
    } finally {
      await page.close();
    }
  });

  test('the endpoint cannot be reached at all: each element offers its fallback-link attribute’s link', async () => {
    const page = await open('/t/unreachable.html');
    try {
      for (const tag of TAGS) {
        assert.equal(await giveByKeyboard(page, tag), SAYS, tag);
        assert.deepEqual(await offered(page, tag), { href: ATTR, target: '_blank', rel: 'noopener', tabReachesIt: true, inside: true, noSideScroll: true }, tag);
      }
    } finally {
      await page.close();
    }
  });

  test('a campaign without fallbackPaymentLink: today’s message, no link', async () => {
    const page = await open('/t/no-link.html');
    try {
      for (const tag of TAGS) {
        stripe.failNext({ status: 429 }, 4);
        assert.equal(await giveByKeyboard(page, tag), TODAY, tag);
        assert.equal(await page.evaluate((t) => !!(document.querySelector(t) as any).shadowRoot.querySelector('[part~=fallback-link]'), tag), false, tag);
      }
    } finally {
      await page.close();
    }
  });
});
