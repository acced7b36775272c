// The thermometer's CDN bundle loads its Korean words (cdn/chunks/ko-<hash>.js) only for a thermometer
// whose language resolves to Korean, and holds its first render until they arrive: a Korean page
// never shows an English word, an English page never requests them.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { rendered, scratchDir, shadowText, startHost, visit, type Host } from './harness.js';

const page = (lang: string) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>thermometer</title>
<script type="module" src="/cdn/rescue-thermometer.js"></script></head>
<body><rescue-thermometer campaign="rescue-team-demo" live></rescue-thermometer></body></html>`;

/** Every text the thermometer's shadow root has held, from its creation on (recorded in the page). */
const recordTexts = (p: Page) =>
  p.evaluateOnNewDocument(() => {
    const texts: string[] = ((globalThis as any).__texts = []);
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      new MutationObserver(() => texts.push(root.textContent!)).observe(root, { subtree: true, childList: true, characterData: true });
      return root;
    };
  });
const texts = (p: Page): Promise<string[]> => p.evaluate(() => (globalThis as any).__texts);
const shows = (p: Page, re: RegExp) =>
  p.waitForFunction((src: string) => new RegExp(src).test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent!), { timeout: 10_000 }, re.source);

describe('the thermometer CDN bundle and its Korean words', () => {
  let host: Host;
  before(async () => {
    const dir = scratchDir();
    writeFileSync(`${dir}/en.html`, page('en'));
    writeFileSync(`${dir}/ko.html`, page('ko'));
    // The page's own table, registered as the bundle is imported (before any element renders).
    writeFileSync(
      `${dir}/own-ko.html`,
      page('ko').replace(
        '<script type="module" src="/cdn/rescue-thermometer.js"></script>',
        `<script type="module">import { registerStrings } from '/cdn/rescue-thermometer.js';
registerStrings('ko', { 'rescue-thermometer': { donors: (_, count) => 'OWN-KO ' + count } });</script>`,
      ),
    );
    host = await startHost([{ prefix: '/gen/', dir }]);
  });
  after(() => host?.close());

  test('an English page never requests them, live updates included', async () => {
    const requested: string[] = [];
    const { page: p, errors } = await visit(host, '/gen/en.html', { before: async (p) => void p.on('request', (r) => requested.push(r.url())) });
    await rendered(p, ['rescue-thermometer']);
    await shows(p, /of \$9,000 raised/);
    await host.recordGift('rescue-team-demo', 3_300);
    await shows(p, /\$33 of \$9,000 raised/);
    assert.ok(requested.some((u) => u.endsWith('/cdn/rescue-thermometer.js')), 'requests are seen');
    assert.deepEqual(requested.filter((u) => u.includes('/chunks/ko-')), []);
    assert.deepEqual(errors, []);
    await p.close();
  });

  test('a Korean page shows Korean words and no English word ever, and requests them once', async () => {
    const requested: string[] = [];
    const { page: p, errors } = await visit(host, '/gen/ko.html', {
      before: async (p) => {
        p.on('request', (r) => requested.push(r.url()));
        await recordTexts(p);
      },
    });
    await rendered(p, ['rescue-thermometer']);
    await shows(p, /\$9,000 중 .+ 모금/);
    await host.recordGift('rescue-team-demo', 4_400);
    await shows(p, /9,000 중 US\$77 모금/);
    const text = await shadowText(p, 'rescue-thermometer');
    assert.match(text, /후원자 \d+명/, text);
    const seen = await texts(p);
    assert.ok(seen.length >= 2, `the shadow root's texts were recorded: ${seen.length}`);
    for (const t of seen) assert.doesNotMatch(t, /Loading|raised|donor|funded|Goal|Retry|could not|first to give/, t);
    assert.deepEqual(
      requested.filter((u) => u.includes('/chunks/ko-')).map((u) => /\/cdn\/chunks\/ko-[\da-f]+\.js$/.test(u)),
      [true],
    );
    assert.deepEqual(errors, []);
    await p.close();
  });

  test("a Korean page that registers its own Korean table never requests them: its table wins, other keys are English", async () => {
    const requested: string[] = [];
    const { page: p, errors } = await visit(host, '/gen/own-ko.html', { before: async (p) => void p.on('request', (r) => requested.push(r.url())) });
    await rendered(p, ['rescue-thermometer']);
    await shows(p, /OWN-KO \d+/);
    assert.match(await shadowText(p, 'rescue-thermometer'), /of US\$9,000 raised/);
    assert.deepEqual(requested.filter((u) => u.includes('/chunks/ko-')), []);
    assert.deepEqual(errors, []);
    await p.close();
  });
});
