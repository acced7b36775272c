// Storybook teaches a site builder: it opens on a getting-started page whose snippets work as written;
// every story's "Show code" is a snippet that names an endpoint and a campaign and, pasted into a page,
// shows the element; every story renders in Noto Sans; the palette stories take every token as a live
// control; the surface stories show the endpoint's surfaces live, or say that nothing answers.
// The built Storybook (storybook-static) is served by a real endpoint (the demo config), which also
// serves the widgets' CDN bundles: snippets are checked against it with http://localhost:8787 (the
// address `npm start` listens on) replaced by its address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { TAGS, rendered, scratchDir, shadowText, startHost, type Host } from '../pages/harness.js';

type Entry = { id: string; title: string; name: string; type: 'story' | 'docs'; tags?: string[] };
const index = JSON.parse(readFileSync('storybook-static/index.json', 'utf8')) as { entries: Record<string, Entry> };
const entries = Object.values(index.entries);
const stories = entries.filter((e) => e.type === 'story');
const DEMO = 'http://localhost:8787';

const pasted = scratchDir();
let host: Host;
before(async () => {
  assert.ok(existsSync('storybook-static/iframe.html'), 'run the Storybook build first (npm test does)');
  assert.ok(existsSync('packages/widgets/dist/cdn/rescue-thermometer.js'), 'run the build first (npm test does)');
  host = await startHost([
    { prefix: '/sb/', dir: 'storybook-static' },
    { prefix: '/pasted/', dir: pasted },
  ]);
});
after(() => host?.close());

/** A page that records console errors (but the favicon probe) and uncaught exceptions. */
async function open(url: string, width = 1280) {
  const page = await host.browser.newPage();
  await page.setViewport({ width, height: 900 });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico') && errors.push(`console: ${m.text()} ${m.location()?.url ?? ''}`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${String(e)}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** `html` as a page of its own on the host (its demo address replaced by the host's), opened. */
let pages = 0;
async function paste(html: string) {
  const file = `snippet-${++pages}.html`;
  writeFileSync(join(pasted, file), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>pasted</title></head><body>\n${html.replaceAll(DEMO, host.url)}\n</body></html>`);
  return open(`${host.url}/pasted/${file}`);
}

// ---- Getting started ----

test('getting started is the first entry and the page Storybook opens on', async () => {
  assert.equal(entries[0]?.id, 'getting-started--docs', `first in the sidebar: ${entries[0]?.id}`);
  assert.equal(entries[0]?.title, 'Getting started');
  const { page } = await open(`${host.url}/sb/index.html`);
  try {
    await page.waitForFunction(() => /path=\/docs\/getting-started--docs/.test(location.search), { timeout: 20_000 });
    const first = await page.waitForSelector('#storybook-explorer-menu a, #storybook-explorer-tree a', { timeout: 20_000 });
    assert.match((await first!.evaluate((a) => a.textContent))!, /Getting started/);
  } finally {
    await page.close();
  }
});

/** The code blocks of a Docs page, as shown. */
async function docsCode(id: string): Promise<{ page: Page; errors: string[]; blocks: string[] }> {
  const { page, errors } = await open(`${host.url}/sb/iframe.html?id=${id}&viewMode=docs`);
  // The highlighted code fills in after the page's first paint.
  await page.waitForFunction(() => {
    const pres = [...document.querySelectorAll('#storybook-docs pre')];
    return pres.length > 0 && pres.every((p) => (p.textContent ?? '').trim() !== '');
  }, { timeout: 20_000 });
  const blocks = await page.$$eval('#storybook-docs pre', (pres) => pres.map((p) => p.textContent ?? ''));
  return { page, errors, blocks };
}

test('getting started: the three ways, and its script-tag and iframe snippets show the widget as written', async () => {
  const { page, blocks } = await docsCode('getting-started--docs');
  await page.close();
  const script = blocks.find((b) => b.includes('<script type="module" src="http://localhost:8787/cdn/rescue-thermometer.js">'));
  const npm = blocks.find((b) => b.includes("import '@rescuekit/widgets/define/rescue-thermometer'"));
  const iframe = blocks.find((b) => b.includes('<iframe') && b.includes('http://localhost:8787/embed/rescue-thermometer?campaign=rescue-team-demo'));
  assert.ok(script, 'a script-tag snippet');
  assert.ok(npm, 'an npm import');
  assert.ok(iframe, 'an iframe snippet');

  const a = await paste(script);
  try {
    await rendered(a.page, ['rescue-thermometer']);
    await a.page.waitForFunction(() => /Rescue Team demo/.test(document.querySelector('rescue-thermometer')?.shadowRoot?.textContent ?? ''), { timeout: 10_000 });
    assert.deepEqual(a.errors, []);
  } finally {
    await a.page.close();
  }

  const b = await paste(iframe);
  try {
    const frame = await (await b.page.waitForSelector('iframe'))!.contentFrame();
    await frame.waitForFunction(() => /Rescue Team demo/.test(document.querySelector('rescue-thermometer')?.shadowRoot?.textContent ?? ''), { timeout: 10_000 });
    // The snippet's script resizes the frame to its content (the embed posts its height).
    await b.page.waitForFunction(() => document.querySelector('iframe')!.height !== '220', { timeout: 10_000 });
    assert.deepEqual(b.errors, []);
  } finally {
    await b.page.close();
  }
});

// ---- "Show code" on every story ----

const titles = [...new Set(stories.map((s) => s.title))];

/** Each story's shown source on its Docs page, by story id ("Show code" pressed on every story). */
async function shownSources(title: string): Promise<{ sources: Map<string, string>; errors: string[] }> {
  const docs = entries.find((e) => e.type === 'docs' && e.title === title);
  assert.ok(docs, `${title} has a Docs page`);
  const ids = stories.filter((s) => s.title === title).map((s) => s.id);
  const { page, errors } = await open(`${host.url}/sb/iframe.html?id=${docs.id}&viewMode=docs`);
  try {
    await page.waitForFunction((n) => [...document.querySelectorAll('button')].filter((b) => /Show code/.test(b.textContent ?? '')).length >= n, { timeout: 30_000 }, ids.length);
    await page.$$eval('button', (bs) => bs.filter((b) => /Show code/.test(b.textContent ?? '')).forEach((b) => (b as HTMLButtonElement).click()));
    const read = () =>
      page.$$eval('[id^="anchor--"] pre', (pres) => pres.map((p) => [p.closest('[id^="anchor--"]')!.id.replace(/^anchor--(primary--)?/, ''), p.textContent ?? ''] as [string, string]));
    await page.waitForFunction((n) => document.querySelectorAll('[id^="anchor--"] pre').length >= n, { timeout: 20_000 }, ids.length);
    // The source shows after each story has rendered (Storybook sends it from the story's effect).
    await page.waitForFunction(() => [...document.querySelectorAll('[id^="anchor--"] pre')].every((p) => /endpoint|localhost/.test(p.textContent ?? '')), { timeout: 20_000 }).catch(() => {});
    const sources = new Map(await read());
    for (const id of ids) assert.ok(sources.has(id), `${id}: a shown source`);
    return { sources, errors };
  } finally {
    await page.close();
  }
}

for (const title of titles.filter((t) => t.startsWith('Elements/') || t.startsWith('Theming/'))) {
  test(`${title}: every story's "Show code" names an endpoint and a campaign, the demo's and no stub`, async () => {
    const { sources } = await shownSources(title);
    for (const [id, code] of sources) {
      assert.match(code, /\bendpoint="http:\/\/localhost:8787"/, `${id}: endpoint\n${code}`);
      assert.match(code, /\bcampaign="[a-z0-9-]+"/, `${id}: campaign\n${code}`);
      assert.match(code, /<script type="module" src="http:\/\/localhost:8787\/cdn\/[a-z-]+\.js"><\/script>/, `${id}: the element's script\n${code}`);
      assert.doesNotMatch(code, /stub\.rescuekit\.invalid|data:text|\.progress=|\.feed=/, `${id}: no story plumbing\n${code}`);
    }
  });
}

for (const title of titles.filter((t) => t.startsWith('Surfaces/'))) {
  test(`${title}: every story's "Show code" is the surface's address on the demo endpoint`, async () => {
    const { sources } = await shownSources(title);
    for (const [id, code] of sources) {
      assert.match(code, /http:\/\/localhost:8787\//, `${id}: the endpoint\n${code}`);
      assert.match(code, /rescue-team-demo|the-hundred/, `${id}: the campaign\n${code}`);
    }
  });
}

test('a story\'s "Show code", pasted into a page as it is, shows the element (every element, and a palette)', async () => {
  const picks = [...TAGS.map((t) => `Elements/${t}`), 'Theming/Palettes'];
  for (const title of picks) {
    const { sources } = await shownSources(title);
    const [id, code] = [...sources][0]!;
    const tags = TAGS.filter((t) => code.includes(`<${t}`));
    assert.ok(tags.length > 0, `${id}: an element in its source`);
    const { page, errors } = await paste(code);
    try {
      await rendered(page, tags);
      for (const t of tags) {
        const text = await shadowText(page, t);
        assert.doesNotMatch(text, /could not|couldn't|try again/i, `${id}: <${t}> loaded: ${text}`);
      }
      if (tags.includes('rescue-thermometer')) {
        await page.waitForFunction(() => /Rescue Team demo|The Hundred/.test(document.querySelector('rescue-thermometer')!.shadowRoot!.textContent ?? ''), { timeout: 10_000 });
      }
      assert.deepEqual(errors, [], id);
    } finally {
      await page.close();
    }
  }
});

test('"Show code" follows the controls: an attribute set from its control is in the snippet', async () => {
  const { page } = await open(`${host.url}/sb/iframe.html?id=elements-rescue-thermometer--docs&viewMode=docs`);
  try {
    await page.waitForFunction(() => !!document.querySelector('[id$="--primary"] rescue-thermometer'), { timeout: 20_000 });
    await page.evaluate(() =>
      (window as unknown as { __STORYBOOK_PREVIEW__: { channel: { emit(e: string, p: unknown): void } } }).__STORYBOOK_PREVIEW__.channel.emit('updateStoryArgs', {
        storyId: 'elements-rescue-thermometer--loaded',
        updatedArgs: { variant: 'bar', lang: 'ko', campaign: 'the-hundred' },
      }),
    );
    await page.$$eval('[id="anchor--primary--elements-rescue-thermometer--loaded"] button', (bs) => bs.filter((b) => /Show code/.test(b.textContent ?? '')).forEach((b) => (b as HTMLButtonElement).click()));
    await page.waitForFunction(
      () => {
        const code = document.querySelector('[id="anchor--primary--elements-rescue-thermometer--loaded"] pre')?.textContent ?? '';
        return code.includes('variant="bar"') && code.includes('lang="ko"') && code.includes('campaign="the-hundred"');
      },
      { timeout: 10_000 },
    );
  } finally {
    await page.close();
  }
});

// ---- The widgets' font ----

test('every story renders its text in Noto Sans (none in the browser\'s default serif)', async () => {
  const page = await host.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const wrong: string[] = [];
  try {
    for (const s of stories) {
      await page.goto(`${host.url}/sb/iframe.html?id=${s.id}&viewMode=story`, { waitUntil: 'load' });
      try {
        await page.waitForFunction(() => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0, { timeout: 20_000 });
      } catch {
        wrong.push(`${s.id}: never rendered`);
        continue;
      }
      // Each element's first update, then the fonts it asked for.
      await page.evaluate(() =>
        Promise.all([...document.querySelectorAll('#storybook-root *')].map((el) => (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete)),
      );
      await page.evaluate(() => document.fonts.ready);
      const found = await page.evaluate(() => {
        const out: string[] = [];
        // Every element with text of its own, in the story and in its elements' shadow trees.
        const roots: ParentNode[] = [document.querySelector('#storybook-root')!];
        for (let root = roots.pop(); root; root = roots.pop()) {
          for (const el of root.querySelectorAll<HTMLElement>('*')) {
            if (el.shadowRoot) roots.push(el.shadowRoot);
            // Code is shown in monospace on purpose; Stripe's form draws its own font in its own frame, and
            // its stand-in (test-support) keeps the browser's button font as that frame would.
            if (el.closest('code, pre, [aria-label="Stripe Checkout (stand-in)"]')) continue;
            const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
            if (!own || !el.getClientRects().length) continue;
            const family = getComputedStyle(el).fontFamily.split(',')[0]!.trim().replace(/^["']|["']$/g, '');
            if (family !== 'Noto Sans') out.push(`<${el.localName}> "${el.textContent!.trim().slice(0, 30)}" in ${getComputedStyle(el).fontFamily}`);
          }
        }
        const loaded = [...document.fonts].some((f) => f.family.replace(/["']/g, '') === 'Noto Sans' && f.status === 'loaded');
        return { out, loaded };
      });
      if (!found.loaded) wrong.push(`${s.id}: Noto Sans never loaded`);
      wrong.push(...found.out.map((o) => `${s.id}: ${o}`));
    }
  } finally {
    await page.close();
  }
  assert.deepEqual(wrong, []);
});

// ---- Palette controls ----

type Preview = {
  channel: { emit(e: string, p: unknown): void };
  storyStoreValue: { loadStory(o: { storyId: string }): Promise<{ argTypes: Record<string, { control?: { type?: string } | false | string }> }> };
};

const TOKENS = ['surface', 'on-surface', 'accent', 'on-accent', 'error', 'border', 'track', 'matched', 'focus'].map((t) => `--rescue-color-${t}`);

for (const s of stories.filter((e) => e.title.startsWith('Theming/'))) {
  test(`${s.title}, ${s.name}: every token is a control, and a colour changed there changes the widgets at once`, async () => {
    const { page, errors } = await open(`${host.url}/sb/iframe.html?id=${s.id}&viewMode=story`);
    try {
      await rendered(page, ['rescue-thermometer']);
      const controls = await page.evaluate(async (id) => {
        const preview = (window as unknown as { __STORYBOOK_PREVIEW__: Preview }).__STORYBOOK_PREVIEW__;
        const story = await preview.storyStoreValue.loadStory({ storyId: id });
        return Object.fromEntries(Object.entries(story.argTypes).map(([k, a]) => [k, typeof a.control === 'object' && a.control ? (a.control.type ?? '') : String(a.control ?? '')]));
      }, s.id);
      for (const t of TOKENS) assert.equal(controls[t], 'color', `${t} has a colour control`);
      for (const t of ['--rescue-font', '--rescue-radius']) assert.equal(controls[t], 'text', `${t} has a text control`);

      const fill = () =>
        page.$eval('rescue-thermometer[variant=bar]', (el) => getComputedStyle(el.shadowRoot!.querySelector('[part~=indicator]')!).backgroundColor);
      assert.notEqual(await fill(), 'rgb(0, 128, 0)');
      await page.evaluate(
        (id) => (window as unknown as { __STORYBOOK_PREVIEW__: Preview }).__STORYBOOK_PREVIEW__.channel.emit('updateStoryArgs', { storyId: id, updatedArgs: { '--rescue-color-accent': '#008000', '--rescue-radius': '0' } }),
        s.id,
      );
      await page.waitForFunction(
        () => getComputedStyle(document.querySelector('rescue-thermometer[variant=bar]')!.shadowRoot!.querySelector('[part~=indicator]')!).backgroundColor === 'rgb(0, 128, 0)',
        { timeout: 5_000 },
      );
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

// ---- Surfaces, live from the endpoint control ----

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function setArgs(page: Page, storyId: string, updatedArgs: Record<string, unknown>) {
  await page.evaluate(
    (storyId, updatedArgs) => (window as unknown as { __STORYBOOK_PREVIEW__: Preview }).__STORYBOOK_PREVIEW__.channel.emit('updateStoryArgs', { storyId, updatedArgs }),
    storyId,
    updatedArgs,
  );
}

/** Waits until the story's status line has the answer of `endpoint`. */
async function foundAt(page: Page, endpoint: string, found: 'live' | 'nothing') {
  await page.waitForFunction(
    (endpoint, found) => {
      const el = document.querySelector<HTMLElement>('[role=status]');
      return el?.dataset.endpoint === endpoint && el.dataset.found === found;
    },
    { timeout: 10_000 },
    endpoint,
    found,
  );
}

test('Surfaces/Share images: the three images, live from the endpoint control; a clear message when nothing answers', async () => {
  const { page } = await open(`${host.url}/sb/iframe.html?id=surfaces-share-images--all-three&viewMode=story`);
  try {
    await page.waitForSelector('[role=status]');
    await setArgs(page, 'surfaces-share-images--all-three', { endpoint: host.url });
    await foundAt(page, host.url, 'live');
    await page.waitForFunction((url) => document.querySelector<HTMLImageElement>(`img[src="${url}/v1/campaigns/rescue-team-demo/card.png"]`)?.complete, { timeout: 20_000 }, host.url);
    const card = await page.$eval(`img[src="${host.url}/v1/campaigns/rescue-team-demo/card.png"]`, (img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
    assert.deepEqual(card, [1200, 630]);
    const srcs = await page.$$eval('img', (imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).pathname));
    assert.deepEqual(srcs, ['card.png', 'card-square.png', 'card-story.png'].map((f) => `/v1/campaigns/rescue-team-demo/${f}`));

    const port = await closedPort();
    await setArgs(page, 'surfaces-share-images--all-three', { endpoint: `http://127.0.0.1:${port}` });
    await foundAt(page, `http://127.0.0.1:${port}`, 'nothing');
    assert.match(await page.$eval('[role=status]', (e) => e.textContent!), new RegExp(`Nothing answers at http://127\\.0\\.0\\.1:${port}\\. Run \`npm start\``));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-image-missing]')].every((p) => !p.hasAttribute('hidden')), { timeout: 10_000 });
  } finally {
    await page.close();
  }
});

for (const [id, path] of [
  ['surfaces-hosted-page--team-page', '/c/rescue-team-demo'],
  ['surfaces-poster--a-4', '/c/rescue-team-demo/poster'],
  ['surfaces-console--cash-book', '/console/'],
  ['surfaces-embeds--thermometer', '/embed/rescue-thermometer?campaign=rescue-team-demo'],
] as const) {
  test(`${id}: links to the live ${path} on the endpoint control, which answers it`, async () => {
    assert.ok(stories.some((s) => s.id === id), `${id} exists`);
    const { page } = await open(`${host.url}/sb/iframe.html?id=${id}&viewMode=story`);
    try {
      await page.waitForSelector('[role=status]');
      await setArgs(page, id, { endpoint: host.url });
      await foundAt(page, host.url, 'live');
      const href = await page.$eval('#storybook-root a[target=_blank]', (a) => (a as HTMLAnchorElement).href);
      assert.equal(href, `${host.url}${path}`);
      const res = await fetch(href);
      assert.equal(res.status, 200, `${href} answers`);
    } finally {
      await page.close();
    }
  });
}
