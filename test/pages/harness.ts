// Host-page smoke tests: a real endpoint (in-memory SQLite, demo config) serves
// the example pages, the built CDN bundles and any extra folders; Chromium
// (puppeteer-core) opens them and records every console error, uncaught error
// and Content-Security-Policy violation.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startServer, type RunningServer, type StaticMount } from '../../packages/endpoint/src/node.js';

/** Tags with a define entry: every test page covers each of them. */
export const TAGS = readdirSync('packages/widgets/src/define')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

/** Debian's Chromium (or `CHROME_PATH`), headless, as every page test drives it. */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface Host {
  url: string;
  browser: Browser;
  /** Records a bake-sale gift through the admin route (the token stays here). */
  recordGift(campaign: string, amount: number): Promise<void>;
  /** A fresh temporary folder, removed on close(); mount it with `mounts`. */
  close(): Promise<void>;
}

export interface Visit {
  page: Page;
  /** Console errors, uncaught exceptions and failed requests, in order. */
  errors: string[];
  /** `securitypolicyviolation` events seen by the document. */
  cspViolations(): Promise<{ directive: string; blocked: string }[]>;
}

/** A temporary folder for generated pages; removed at process exit. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rescuekit-pages-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function startHost(extra: StaticMount[] = []): Promise<Host> {
  const adminToken = randomUUID();
  const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
  const server: RunningServer = await startServer({
    config,
    databaseUrl: 'sqlite::memory:',
    adminToken,
    port: 0,
    host: '127.0.0.1',
    log: () => {},
    staticMounts: [...extra, { prefix: '/cdn/', dir: 'packages/widgets/dist/cdn' }, { prefix: '/', dir: 'examples' }],
  });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    url: server.url,
    browser,
    async recordGift(campaign, amount) {
      const res = await fetch(`${server.url}/v1/campaigns/${campaign}/offline-gifts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount, currency: 'usd', note: 'smoke test' }),
      });
      if (!res.ok) throw new Error(`offline gift: HTTP ${res.status} ${await res.text()}`);
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens `path` on the host in a new tab (`width` px wide), recording errors from the first byte. */
export async function visit(host: Host, path: string, opts: { width?: number; before?: (page: Page) => Promise<void> } = {}): Promise<Visit> {
  const page = await host.browser.newPage();
  await page.setViewport({ width: opts.width ?? 1024, height: 800 });
  const errors: string[] = [];
  page.on('console', (m) => {
    // The browser's own favicon probe is not the page's doing.
    if (m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico')) errors.push(`console: ${m.text()} ${m.location()?.url ?? ''}`);
  });
  page.on('pageerror', (e) => errors.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  // Runs before any page script, outside the page's CSP (DevTools injection).
  await page.evaluateOnNewDocument(() => {
    const seen: { directive: string; blocked: string }[] = ((globalThis as any).__csp = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  await opts.before?.(page);
  await page.goto(new URL(path, host.url).href, { waitUntil: 'load' });
  return { page, errors, cspViolations: () => page.evaluate(() => (globalThis as any).__csp) };
}

/** Waits until every tag on the page is defined and has rendered into its shadow root. */
export async function rendered(page: Page, tags: readonly string[] = TAGS): Promise<void> {
  await page.waitForFunction(
    (tags: string[]) =>
      tags.every((t) => {
        const els = [...document.querySelectorAll(t)];
        return customElements.get(t) && els.length > 0 && els.every((el) => (el.shadowRoot?.textContent ?? '').trim().length > 0);
      }),
    { timeout: 10_000 },
    [...tags],
  );
}

/** Visible text of an element's shadow tree (what `innerText` shows of its base part, else of every child). */
export function shadowText(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => {
    const root = el.shadowRoot!;
    return [...root.children].map((c) => (c instanceof HTMLElement ? c.innerText : '')).join('\n').trim();
  });
}
