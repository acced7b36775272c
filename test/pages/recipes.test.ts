// The recipes in examples/, each opened in Chromium as a visitor would: it renders,
// logs no error, and answers one interaction that needs no Stripe.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'puppeteer-core';
import { build } from 'vite';
import { TAGS, rendered, scratchDir, shadowText, startHost, visit, type Host } from './harness.js';

/** Builds a Vite recipe into a scratch folder (about a second each). */
async function viteBuild(recipe: string): Promise<string> {
  const outDir = scratchDir();
  await build({ configFile: `examples/${recipe}/vite.config.ts`, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** Presses the second amount preset ($27) with the mouse; the Give button then asks for $27. */
async function chooseSecondAmount(page: Page, picker = 'nine-lives-picker'): Promise<void> {
  const radios = await page.$$(`${picker} >>> [role=radio]`);
  assert.ok(radios.length >= 2, 'the picker shows amount presets');
  await radios[1]!.click();
  await page.waitForFunction((sel) => document.querySelector(sel)!.shadowRoot!.querySelector('[part~=give]')?.textContent?.includes('$27'), { timeout: 5_000 }, picker);
  const checked = await page.$eval(picker, (el) => el.shadowRoot!.querySelector('[role=radio][aria-checked=true]')?.textContent);
  assert.match(checked ?? '', /\$27/);
}

/** Records a gift and waits for the live thermometer's text to change. */
async function liveUpdate(host: Host, page: Page, selector = 'rescue-thermometer'): Promise<void> {
  const before = await shadowText(page, selector);
  await host.recordGift('rescue-team-demo', 4_500);
  await page.waitForFunction((sel, was) => {
    const el = document.querySelector(sel)!;
    return [...el.shadowRoot!.children].map((c) => (c as HTMLElement).innerText ?? '').join('\n').trim() !== was;
  }, { timeout: 5_000 }, selector, before);
}

const tagsOn = (page: Page) => page.evaluate((tags: string[]) => tags.filter((t) => document.querySelector(t)), TAGS);

describe('recipes in examples/', () => {
  let host: Host;
  before(async () => {
    const [react, vue] = await Promise.all([viteBuild('react-vite'), viteBuild('vue-vite')]);
    host = await startHost([
      { prefix: '/react-vite/', dir: react },
      { prefix: '/vue-vite/', dir: vue },
    ]);
  });
  after(() => host?.close());

  test('plain HTML: one script renders every element; the live thermometer moves with a bake-sale gift', async () => {
    const { page, errors } = await visit(host, '/plain-html/');
    const tags = await tagsOn(page);
    assert.ok(tags.length >= 3, `elements on the page: ${tags}`);
    await rendered(page, tags);
    assert.match(await shadowText(page, 'rescue-thermometer'), /of \$9,000/);
    await liveUpdate(host, page);
    await chooseSecondAmount(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('WordPress: the Custom HTML snippet, from the CDN, renders inside a block theme and takes a choice', async () => {
    const snippet = readFileSync('examples/wordpress/custom-html-block.html', 'utf8').trim();
    const stored = /<!-- wp:html -->\n([\s\S]*?)\n\s*<!-- \/wp:html -->/.exec(readFileSync('examples/wordpress/index.html', 'utf8'))?.[1]?.trim();
    assert.equal(stored, snippet, 'index.html holds the snippet verbatim');
    const cdn = /src="(https:\/\/cdn\.jsdelivr\.net\/[^"]+\/dist\/cdn\/([\w-]+\.js))"/.exec(snippet);
    assert.ok(cdn, 'the snippet loads a bundle from jsDelivr');
    const endpoint = /endpoint="([^"]+)"/.exec(snippet)![1]!;
    const bundle = readFileSync(`packages/widgets/dist/cdn/${cdn[2]}`);
    // No network here: jsDelivr answers with the built bundle, the organisation's endpoint with ours.
    const { page, errors } = await visit(host, '/wordpress/', {
      before: async (p) => {
        await p.setRequestInterception(true);
        p.on('request', async (req) => {
          const url = req.url();
          if (url === cdn[1]) return req.respond({ status: 200, contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: bundle });
          if (url.startsWith(endpoint)) {
            const res = await fetch(host.url + url.slice(endpoint.length), { headers: req.headers() });
            return req.respond({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
          }
          return req.continue();
        });
      },
    });
    const tags = await tagsOn(page);
    await rendered(page, tags);
    assert.match(await shadowText(page, 'rescue-thermometer'), /of \$9,000/);
    await chooseSecondAmount(page);
    assert.deepEqual(errors, []);
    await page.close();
  });

  for (const [recipe, name] of [['react-vite', 'React 19'], ['vue-vite', 'Vue 3']] as const) {
    test(`${name} (Vite): elements render, the app hears rescue-progress, a preset choice updates Give`, async () => {
      const { page, errors } = await visit(host, `/${recipe}/`);
      await rendered(page, await tagsOn(page));
      // The app's own text comes from the element's rescue-progress event.
      await page.waitForFunction(() => /\d+ donors so far/.test(document.querySelector('#donors')?.textContent ?? ''), { timeout: 5_000 });
      await chooseSecondAmount(page);
      // An array property set by the framework (not an attribute string) drives the presets.
      const presets = await page.$eval('nine-lives-picker', (el) => [...el.shadowRoot!.querySelectorAll('[role=radio]')].map((r) => r.textContent));
      assert.deepEqual(presets, ['$9', '$27', '$45']);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test("strict CSP (script-src 'self' + Stripe, style-src 'self'): a rendered, live thermometer and zero violations", async () => {
    const { page, errors, cspViolations } = await visit(host, '/strict-csp/');
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => (m as HTMLMetaElement).content);
    assert.match(csp, /script-src 'self' https:\/\/js\.stripe\.com/);
    assert.match(csp, /style-src 'self';/);
    const tags = await tagsOn(page);
    await rendered(page, tags);
    const text = await shadowText(page, 'rescue-thermometer');
    assert.match(text, /of \$9,000/);
    // The fill is drawn (CSSOM custom property, not a blocked style attribute).
    const fill = await page.$eval('rescue-thermometer', (el) => getComputedStyle(el.shadowRoot!.querySelector('[part=indicator]')!).backgroundColor);
    assert.notEqual(fill, 'rgba(0, 0, 0, 0)');
    await liveUpdate(host, page);
    await chooseSecondAmount(page);
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
