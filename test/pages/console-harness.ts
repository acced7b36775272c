// The console's page tests' shared pieces: a real endpoint on a temporary SQLite file with a
// movement -> region -> team tree (the team's cash needs approval), one browser context per person
// (their own storage), every requested URL recorded, axe, and screenshots on request.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../packages/local-servers.js';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { launchChromium } from './harness.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** `CONSOLE_SCREENSHOTS=<dir>` keeps a PNG of each screen the tests pass through. */
const SHOTS = process.env['CONSOLE_SCREENSHOTS'];

export const TEAM = 'team-river';
export const REGION = 'region-north';
export const MOVEMENT = 'movement';

export interface Person {
  page: Page;
  /** Console errors and uncaught errors (HTTP refusals the test provokes are not errors). */
  errors: string[];
  cspViolations(): Promise<string[]>;
}

export interface ConsoleHost {
  server: RunningServer;
  browser: Browser;
  /** Every URL any page requested, from the first byte (fragments are never sent). */
  requested: string[];
  api(method: string, path: string, body?: unknown, token?: string, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** A new person: a browser context of their own (storage included), `width` px wide. */
  person(path: string, opts?: { width?: number; dark?: boolean; lang?: string }): Promise<Person>;
  close(): Promise<void>;
}

/** `env`: the server's environment (a Stripe stand-in's key, API address and webhook secret, say). */
export async function startConsoleHost(opts: { env?: Record<string, string> } = {}): Promise<ConsoleHost> {
  const dir = mkdtempSync(join(tmpdir(), 'rescuekit-console-'));
  const port = await freePort();
  const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 };
  const config = {
    publicUrl: `http://127.0.0.1:${port}`,
    allowedOrigins: [`http://127.0.0.1:${port}`],
    campaigns: [
      { id: MOVEMENT, title: 'The Movement', ...base, goal: 30_000_000 },
      { id: REGION, title: 'North Region', parent: MOVEMENT, ...base },
      { id: TEAM, title: 'River Rescue Team', parent: REGION, cashNeedsApproval: true, ...base },
      { id: 'team-lake', title: 'Lake Rescue Team', parent: REGION, cashNeedsApproval: true, ...base },
    ],
  };
  const admin = randomUUID() + randomUUID();
  const server = await startServer({ config: config as never, databaseUrl: `sqlite:${join(dir, 'console.db')}`, adminToken: admin, port, host: '127.0.0.1', log: () => {}, env: opts.env ?? {} });
  const browser = await launchChromium();
  const requested: string[] = [];
  return {
    server,
    browser,
    requested,
    async api(method, path, body, token = admin, extra = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extra };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      const text = await res.text();
      return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
    },
    async person(path, opts = {}) {
      const context = await browser.createBrowserContext();
      await context.overridePermissions(server.url, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write']);
      const page = await context.newPage();
      await page.setViewport({ width: opts.width ?? 1280, height: 900 });
      if (opts.dark) await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      // The browser's language (navigator.languages and Accept-Language), as a phone set to Korean has it.
      const cdp = await page.createCDPSession();
      await cdp.send('Network.setUserAgentOverride', { userAgent: await browser.userAgent(), acceptLanguage: opts.lang ?? 'en-US,en' });
      const errors: string[] = [];
      page.on('request', (r) => void requested.push(r.url()));
      page.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|404|410)/.test(m.text()) && !m.location()?.url?.endsWith('/favicon.ico')) {
          errors.push(`console: ${m.text()}`);
        }
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e instanceof Error ? e.message : String(e)}`));
      await page.evaluateOnNewDocument(() => {
        const seen: string[] = ((globalThis as any).__csp = []);
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
      });
      await page.goto(path.startsWith('http') ? path : `${server.url}${path}`, { waitUntil: 'load' });
      return { page, errors, cspViolations: () => page.evaluate(() => (globalThis as any).__csp) };
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** axe's violations on the whole document (injected through DevTools: outside the page's CSP). */
export async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return (result.violations as { id: string; nodes: { target: string[] }[] }[]).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const text = (page: Page, selector: string): Promise<string> => page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());

/** Waits until the element matching `selector` shows text matching `pattern`. */
export async function waitText(page: Page, selector: string, pattern: RegExp): Promise<string> {
  await page.waitForFunction((s: string, p: string) => new RegExp(p).test(document.querySelector<HTMLElement>(s)?.innerText ?? ''), { timeout: 10_000 }, selector, pattern.source);
  return text(page, selector);
}

/** Nothing scrolls sideways. */
export const fits = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

/** A full-page PNG named `name` when CONSOLE_SCREENSHOTS is set. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) as `${string}.png`, fullPage: true });
}

/**
 * Fails when a key or an invite code appears in a URL the browser sent (the invite links the test
 * opened carry the code in their fragment, which is never sent); answers how many of those it opened.
 */
export function noKeyInUrls(host: ConsoleHost): number {
  assert.ok(host.requested.length > 10, 'requests were recorded');
  const opened = host.requested.filter((u) => u.includes('/console/join#'));
  assert.deepEqual(opened.filter((u) => /rk_/.test(u.split('#')[0]!)), []);
  assert.deepEqual(host.requested.filter((u) => !u.includes('/console/join#') && /rk_(person|team|invite)_/.test(u)), []);
  return opened.length;
}

/** What the console keeps for the signed-in person (session storage, else local storage). */
export const keyOf = (page: Page): Promise<string | null> => page.evaluate(() => sessionStorage.getItem('rescuekit:console') ?? localStorage.getItem('rescuekit:console'));

/** A person with `role` on `campaign`, invited by the admin and joined through the API: their key. */
export async function personKey(host: ConsoleHost, campaign: string, role: string, label: string): Promise<string> {
  const made = await host.api('POST', `/v1/campaigns/${campaign}/invites`, { role, label });
  const taken = await fetch(`${host.server.url}/v1/invites/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: made.body.code }) });
  assert.equal(taken.status, 201);
  return ((await taken.json()) as { key: string }).key;
}

/** Opens the console as a new person and signs in by pasting `key`; resolves on the cash screen. */
export async function signedIn(host: ConsoleHost, key: string, opts: { width?: number; dark?: boolean; lang?: string; path?: string } = {}): Promise<Person> {
  const person = await host.person(opts.path ?? '/console/', opts);
  await person.page.waitForSelector('#key');
  await person.page.type('#key', key);
  await person.page.keyboard.press('Enter');
  await person.page.waitForSelector('rk-ledger');
  return person;
}
