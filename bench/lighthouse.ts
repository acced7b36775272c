// Lighthouse (mobile: a mid-range phone on a slow 4G network, simulated) on the hosted team and
// movement pages, served by a real endpoint (in-memory SQLite, the demo config, a gift recorded so
// every bar has a fill), in Debian's Chromium. Prints one JSON line for `npm run bench`:
//   { "/c/rescue-team-demo": { "performance": 100, "accessibility": 100, "best-practices": 100, "seo": 100, "lcpMs": 770 }, ... }
//   node --import tsx bench/lighthouse.ts
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import { launchChromium } from '../test/pages/harness.js';
import { startServer } from '../packages/endpoint/src/node.js';

export const PAGES = ['/c/rescue-team-demo', '/c/the-hundred'] as const;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const out: Record<string, Record<string, number>> = {};
for (const path of PAGES) {
  // A fresh endpoint and browser per page, as a visitor's first view: measured one after the other on one
  // endpoint, the second page's LCP came out about 550 ms later than the same page measured first.
  const admin = randomUUID();
  const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
  const server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
  const browser = await launchChromium();
  try {
    const res = await fetch(`${server.url}/v1/campaigns/rescue-team-demo/offline-gifts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: 420000, currency: 'usd', note: 'bake sale' }),
    });
    if (res.status !== 201) throw new Error(`gift: ${res.status}`);
    const port = Number(new URL(browser.wsEndpoint()).port);
    const result = await lighthouse(`${server.url}${path}`, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error(`no Lighthouse result for ${path}`);
    const { categories, audits } = result.lhr;
    const row: Record<string, number> = {};
    for (const c of CATEGORIES) row[c] = Math.round((categories[c]?.score ?? 0) * 100);
    row.lcpMs = Math.round(audits['largest-contentful-paint']?.numericValue ?? NaN);
    row.cls = Number((audits['cumulative-layout-shift']?.numericValue ?? NaN).toFixed(4));
    // What cost points, so a drop says where to look.
    const failing = Object.values(audits).filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable');
    if (CATEGORIES.some((c) => row[c]! < 100)) console.error(`${path}: ${failing.map((a) => `${a.id} (${a.score})`).join(', ')}`);
    if (process.env.LIGHTHOUSE_DETAILS) for (const a of failing) console.error(a.id, JSON.stringify((a.details as any)?.items ?? []).slice(0, 600));
    out[path] = row;
  } finally {
    await browser.close();
    await server.close();
  }
}
console.log(JSON.stringify(out));
