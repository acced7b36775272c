// Layout shift of the example pages and recipes as a visitor's browser sees it: Chromium at a
// phone's and a laptop's width with the CPU slowed down 4x and scripts arriving late (so the page
// paints before the widgets' script has run, as on a real phone), a `layout-shift`
// PerformanceObserver from the first byte, and the sum of every shift not caused by input until
// the widgets have loaded.
// Used by layout-shift.test.ts (asserts) and layout-shift-report.ts (`npm run bench`).
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { build } from 'vite';
import { TAGS, rendered, scratchDir, startHost, type Host } from './harness.js';

/** Every example page and recipe with widgets. */
export const PAGES = ['/chapter-page/', '/giving-day/', '/partner-site/', '/plain-html/', '/strict-csp/', '/wordpress/', '/react-vite/', '/vue-vite/'] as const;
export const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;
/** Chromium's CPU slowdown while loading. */
export const CPU_SLOWDOWN = 4;

export interface Shift {
  /** ms after navigation start */
  at: number;
  value: number;
  /** What moved: tag or part, and its top before and after. */
  sources: string[];
}

/**
 * Starts a host serving the examples, the CDN bundles, the two Vite recipes (built now) and, at
 * `/unreserved/`, the plain-HTML page without its `:not(:defined)` rules.
 */
export async function startExamplesHost(): Promise<Host> {
  const recipes = await Promise.all(
    ['react-vite', 'vue-vite'].map(async (recipe) => {
      const outDir = scratchDir();
      await build({ configFile: `examples/${recipe}/vite.config.ts`, logLevel: 'error', build: { outDir, emptyOutDir: true } });
      return { prefix: `/${recipe}/`, dir: outDir };
    }),
  );
  // The control: the plain-HTML page without its reservation rules must shift, or the measurement is blind.
  const control = scratchDir();
  const plain = readFileSync('examples/plain-html/index.html', 'utf8');
  writeFileSync(`${control}/index.html`, plain.replace('<link rel="stylesheet" href="page.css">', '<style>main { max-width: 40rem; margin: 0 auto; padding: 2rem 1rem; display: grid; gap: 2rem; }</style>'));
  const host = await startHost([...recipes, { prefix: '/unreserved/', dir: control }]);
  await host.recordGift('rescue-team-demo', 300_000); // a third full: every bar has a fill
  return host;
}

/**
 * Scripts arrive this long after they are asked for (a CDN on a phone's network), so the page
 * always paints before the widgets upgrade, as it does for visitors: without the delay a cached,
 * local bundle can run before the first paint, and the pre-upgrade boxes would go untested.
 */
export const SCRIPT_DELAY_MS = 400;

/**
 * Answers what the pages name that is not this host: the demo endpoint (`localhost:8787` in the
 * chapter and partner pages), the WordPress snippet's jsDelivr bundle and organisation endpoint.
 * Every script is held back by {@link SCRIPT_DELAY_MS}.
 */
async function routeToHost(page: Page, host: Host): Promise<void> {
  const wordpress = readFileSync('examples/wordpress/custom-html-block.html', 'utf8');
  const cdn = /src="(https:\/\/cdn\.jsdelivr\.net\/[^"]+\/dist\/cdn\/([\w-]+\.js))"/.exec(wordpress)!;
  const orgEndpoint = /endpoint="([^"]+)"/.exec(wordpress)![1]!;
  await page.setRequestInterception(true);
  page.on('request', async (req) => {
    const url = req.url();
    try {
      if (req.resourceType() === 'script') await new Promise((r) => setTimeout(r, SCRIPT_DELAY_MS));
      if (req.resourceType() === 'document' && url.startsWith(host.url)) {
        const res = await fetch(url);
        const body = (await res.text()).replaceAll('http://localhost:8787', host.url);
        return await req.respond({ status: res.status, contentType: res.headers.get('content-type') ?? 'text/html', body });
      }
      if (url === cdn[1]) {
        const body = readFileSync(`packages/widgets/dist/cdn/${cdn[2]}`);
        return await req.respond({ status: 200, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body });
      }
      if (url.startsWith(orgEndpoint)) {
        const res = await fetch(host.url + url.slice(orgEndpoint.length), { headers: req.headers() });
        return await req.respond({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      }
      return await req.continue();
    } catch {
      // The page went away mid-request.
    }
  });
}

/** Loads `path` at `viewport` with the CPU slowed down and returns every layout shift until the widgets settle. */
export async function layoutShifts(host: Host, path: string, viewport: { width: number; height: number }): Promise<Shift[]> {
  const page = await host.browser.newPage();
  try {
    await page.setViewport(viewport);
    await page.setCacheEnabled(false);
    const cdp = await page.createCDPSession();
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await routeToHost(page, host);
    // (No named functions in code sent to the page: the test transpiler would wrap them in a helper the page lacks.)
    await page.evaluateOnNewDocument(() => {
      const shifts: unknown[] = ((globalThis as any).__shifts = []);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as any[]) {
          if (e.hadRecentInput) continue;
          shifts.push({
            at: Math.round(e.startTime),
            value: e.value,
            sources: e.sources.map((s: any) => {
              const el: Element | null | undefined = s.node instanceof Element ? s.node : s.node?.parentElement;
              const root = el?.getRootNode();
              const what = root instanceof ShadowRoot ? `${root.host.localName} ${el!.getAttribute('part') ?? el!.localName}` : (el?.localName ?? '?');
              return `${what} ${Math.round(s.previousRect.top)}->${Math.round(s.currentRect.top)}`;
            }),
          });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(new URL(path, host.url).href, { waitUntil: 'load' });
    const tags = await page.evaluate((t: string[]) => t.filter((x) => document.querySelector(x)), [...TAGS]);
    await rendered(page, tags);
    // Loaded: every thermometer shows progress, every giving element has read (or failed to read) its campaign,
    // and every leaderboard shows its teams (or its error).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll<any>('rescue-thermometer')].every((t) => t.progress) &&
        [...document.querySelectorAll<any>('nine-lives-picker, monthly-ally-signup, rescue-donate-button')].every((t) => t.progress !== undefined) &&
        [...document.querySelectorAll<any>('rescue-leaderboard')].every((t) => t.feed || t.shadowRoot?.querySelector('.err')),
      { timeout: 15_000 },
    );
    // Two frames and a pause: anything the last data caused has been laid out and reported.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300)))));
    const shifts = await page.evaluate(() => (globalThis as any).__shifts);
    if (!Array.isArray(shifts)) throw new Error(`${path}: the layout-shift observer did not run`);
    return shifts;
  } finally {
    await page.close();
  }
}

/** The score: every shift summed (stricter than CLS's worst session window). */
export const score = (shifts: Shift[]) => shifts.reduce((a, s) => a + s.value, 0);
