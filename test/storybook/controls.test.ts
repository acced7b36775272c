// Storybook controls work for every element: the built Storybook (storybook-static, from the step
// before) is served by a real endpoint (the demo config), so an element whose campaign is typed into
// its control loads real progress. First, for each element's first story, args change the way the
// Controls panel sends them (an `updateStoryArgs` message on the preview channel); then each Docs
// page's Controls table is checked and used with the mouse and keyboard.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { TAGS, startHost, type Host } from '../pages/harness.js';

const index = JSON.parse(readFileSync('storybook-static/index.json', 'utf8')) as { entries: Record<string, { id: string; title: string; type: string }> };

let host: Host;
before(async () => {
  assert.ok(existsSync('storybook-static/iframe.html'), 'run the Storybook build first (npm test does)');
  host = await startHost([{ prefix: '/sb/', dir: 'storybook-static' }]);
});
after(() => host?.close());

for (const tag of TAGS) {
  test(`<${tag}>: the lang and campaign controls change the rendered element`, async () => {
    const story = Object.values(index.entries).find((e) => e.type === 'story' && e.title === `Elements/${tag}`);
    assert.ok(story, `a story for <${tag}>`);
    const page = await host.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page.goto(`${host.url}/sb/iframe.html?id=${story.id}&viewMode=story`, { waitUntil: 'load' });
      await page.waitForFunction((t) => !!document.querySelector(t)?.shadowRoot?.textContent?.trim(), {}, tag);
      const before = await page.$eval(tag, (el) => el.shadowRoot!.textContent!);
      assert.doesNotMatch(before, /[가-힣]/, 'English first');
      await page.evaluate(
        (storyId) =>
          (window as unknown as { __STORYBOOK_PREVIEW__: { channel: { emit(e: string, p: unknown): void } } }).__STORYBOOK_PREVIEW__.channel.emit('updateStoryArgs', {
            storyId,
            updatedArgs: { lang: 'ko', campaign: 'controls-test' },
          }),
        story.id,
      );
      await page.waitForFunction((t) => /[가-힣]/.test(document.querySelector(t)?.shadowRoot?.textContent ?? ''), { timeout: 5000 }, tag);
      assert.equal(await page.$eval(tag, (el) => el.getAttribute('campaign')), 'controls-test');
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

// ---- The Controls panel of each element's Docs page, used as a reader would ----

type Control = { kind: 'text' | 'boolean' | 'number' | 'choice' | 'object' | 'none'; options?: string[] };
type Attribute = { name: string; type?: { text: string }; expandedType?: { text: string } };

const manifest = JSON.parse(readFileSync('packages/widgets/custom-elements.json', 'utf8')) as { modules: { declarations?: { tagName?: string; attributes?: Attribute[] }[] }[] };
const attributesOf = (tag: string) =>
  manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag)?.attributes?.filter((a) => !a.name.startsWith('_')) ?? [];

/** The control an attribute's type calls for: literals -> a choice of them, boolean, number, anything else text. */
function expectedControl(a: Attribute): Control {
  const parts = ((a.expandedType ?? a.type)?.text ?? '').split('|').map((s) => s.trim()).filter((s) => s && s !== 'undefined' && s !== 'null');
  if (parts.length && parts.every((p) => /^'.*'$/.test(p))) return { kind: 'choice', options: parts.map((p) => p.slice(1, -1)) };
  if (parts.length && parts.every((p) => p === 'boolean')) return { kind: 'boolean' };
  if (parts.length && parts.every((p) => p === 'number')) return { kind: 'number' };
  return { kind: 'text' };
}

/** What the issue named, spelled out: these must never drift back to the object editor. */
const NAMED: Record<string, Record<string, Control>> = {
  'rescue-thermometer': { endpoint: { kind: 'text' }, campaign: { kind: 'text' }, live: { kind: 'boolean' }, variant: { kind: 'choice', options: ['thermometer', 'bar'] } },
  'rescue-donate-button': { amount: { kind: 'number' }, 'cover-fees': { kind: 'boolean' }, frequency: { kind: 'choice', options: ['once', 'monthly'] }, mode: { kind: 'choice', options: ['embedded', 'redirect'] } },
  'nine-lives-picker': { campaign: { kind: 'text' }, monthly: { kind: 'boolean' }, amounts: { kind: 'text' } },
};

/** Opens `tag`'s Docs page; console errors (but the browser's favicon probe) and uncaught errors are recorded. */
async function openDocs(tag: string) {
  const page = await host.browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.location()?.url?.endsWith('/favicon.ico') && errors.push(`console: ${m.text()} ${m.location()?.url ?? ''}`));
  page.on('pageerror', (e) => errors.push(`uncaught: ${String(e)}`));
  await page.goto(`${host.url}/sb/iframe.html?id=elements-${tag}--docs&viewMode=docs`, { waitUntil: 'load' });
  await page.waitForFunction(() => /ATTRIBUTES/i.test(document.body.innerText) && !!document.querySelector('tbody [id^="control-"], tbody [id^="set-"]'), { timeout: 20_000 });
  await page.evaluate(() => {
    const w = window as unknown as { __rendered: number; __STORYBOOK_PREVIEW__: { channel: { on(e: string, f: () => void): void } } };
    w.__rendered = 0;
    w.__STORYBOOK_PREVIEW__.channel.on('storyArgsUpdated', () => w.__rendered++);
  });
  return { page, errors };
}

/**
 * Uses a control, then waits until Storybook has rendered the story with the new args, as a
 * reader sees it happen before reaching for the next control (until then the Docs table may
 * still show the previous args).
 */
async function use(page: Page, control: () => Promise<unknown>): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { __rendered: number }).__rendered);
  await control();
  await page.waitForFunction((n) => (window as unknown as { __rendered: number }).__rendered > n, { timeout: 10_000 }, before);
}

/** The control in the Docs table row named `name` that has one (a part may share the name). */
function controlOf(page: Page, name: string): Promise<Control & { id?: string }> {
  return page.evaluate((name) => {
    const rows = [...document.querySelectorAll('tbody tr')].filter((tr) => tr.querySelector('td')?.textContent?.trim() === name);
    for (const tr of rows) {
      const id = tr.querySelector('[id^="control-"], [id^="set-"]')?.id;
      if (tr.querySelector('textarea, input[type=text]')) return { kind: 'text', id } as const;
      if (tr.querySelector('input[type=checkbox]')) return { kind: 'boolean', id } as const;
      if (tr.querySelector('input[type=number]')) return { kind: 'number', id } as const;
      const select = tr.querySelector('select');
      if (select) return { kind: 'choice', options: [...select.options].filter((o) => !o.disabled && o.value !== 'Choose option...').map((o) => o.value), id } as const;
      const radios = [...tr.querySelectorAll<HTMLInputElement>('input[type=radio]')];
      if (radios.length) return { kind: 'choice', options: radios.map((r) => r.value), id } as const;
      const setter = [...tr.querySelectorAll('button')].map((b) => /^Set (string|boolean|number|object)$/.exec(b.textContent!.trim())?.[1]).find(Boolean);
      if (setter) return { kind: ({ string: 'text', boolean: 'boolean', number: 'number', object: 'object' } as const)[setter as 'string'], id } as const;
      if (tr.querySelector('[id^="root-"]')) return { kind: 'object', id } as const; // the JSON editor
    }
    return { kind: 'none' } as const;
  }, name);
}

/** The text control of `name`, shown first if it is still a "Set string" button. */
async function textControl(page: Page, name: string): Promise<string> {
  const c = await controlOf(page, name);
  assert.equal(c.kind, 'text', `${name} is a text field`);
  if (c.id!.startsWith('set-')) await use(page, () => page.click(`[id="${c.id}"]`));
  const id = c.id!.replace(/^set-/, 'control-');
  await page.waitForSelector(`textarea[id="${id}"]`);
  return `textarea[id="${id}"]`;
}

/** Shadow text of the primary story's element on a Docs page. */
const primaryText = (page: Page, tag: string) =>
  page.$eval(`[id$="--primary"] ${tag}`, (el) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim());

for (const tag of TAGS) {
  test(`<${tag}> Docs: every attribute has the control its type calls for, none the object editor`, async () => {
    const { page, errors } = await openDocs(tag);
    try {
      const attributes = attributesOf(tag);
      assert.ok(attributes.length > 0);
      for (const a of attributes) {
        const seen = await controlOf(page, a.name);
        const want = NAMED[tag]?.[a.name] ?? expectedControl(a);
        assert.notEqual(seen.kind, 'object', `${a.name} (${a.type?.text ?? 'untyped'}) offers the object editor`);
        // A story may narrow a free string to the values it knows (lang: en, ko): a choice is then fine.
        if (want.kind === 'text' && !NAMED[tag]?.[a.name] && seen.kind === 'choice') continue;
        assert.equal(seen.kind, want.kind, `${a.name} (${a.type?.text ?? 'untyped'})`);
        if (want.options) assert.deepEqual(seen.options, want.options, `${a.name} offers its values`);
      }
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

test('<rescue-thermometer> Docs: variant and lang picked, a campaign typed shows its real progress, live toggled, a CSS property set', async () => {
  await host.recordGift('the-hundred', 4_500);
  const { page, errors } = await openDocs('rescue-thermometer');
  const el = '[id$="--primary"] rescue-thermometer';
  const text = () => primaryText(page, 'rescue-thermometer');
  try {
    assert.doesNotMatch(await text(), /The Hundred/);

    // variant: its values to pick from (a story may offer them as radios; the generated control is a select).
    const variant = await controlOf(page, 'variant');
    assert.deepEqual(variant.options, ['thermometer', 'bar']);
    if (variant.id!.endsWith('-0')) await use(page, () => page.click(`[id="${variant.id!.replace(/-0$/, '-1')}"]`));
    else await use(page, () => page.select(`[id="${variant.id}"]`, 'bar'));
    await page.waitForFunction((el) => document.querySelector(el)!.getAttribute('variant') === 'bar', { timeout: 5_000 }, el);

    // lang: Korean (the words show with the next load at the latest).
    const lang = await controlOf(page, 'lang');
    if (lang.kind === 'choice' && lang.id!.endsWith('-0')) await use(page, () => page.click(`[id="${lang.id!.replace(/-0$/, `-${lang.options!.indexOf('ko')}`)}"]`));
    else if (lang.kind === 'choice') await use(page, () => page.select(`[id="${lang.id}"]`, 'ko'));
    else {
      const field = await textControl(page, 'lang');
      await use(page, async () => (await page.focus(field), await page.keyboard.sendCharacter('ko')));
    }
    await page.waitForFunction((el) => document.querySelector(el)!.getAttribute('lang') === 'ko', { timeout: 5_000 }, el);

    // campaign: a text field; what is typed reaches the element, which loads that campaign from the endpoint.
    const campaign = await textControl(page, 'campaign');
    await use(page, async () => (await page.focus(campaign), await page.keyboard.sendCharacter('the-hundred')));
    await page.waitForFunction((el) => /The Hundred/.test(document.querySelector(el)?.shadowRoot?.textContent ?? ''), { timeout: 10_000 }, el);
    assert.equal(await page.$eval(el, (e) => e.getAttribute('campaign')), 'the-hundred');
    const loaded = await text();
    assert.match(loaded, /\$45\b/);
    assert.match(loaded, /\$300,000/);
    assert.match(loaded, /[가-힣]/, 'in Korean');

    // live: a toggle; on, the next gift arrives without a reload.
    const live = await controlOf(page, 'live');
    assert.equal(live.kind, 'boolean');
    await use(page, () => page.click(`label[for="${live.id}"]`));
    await page.waitForFunction((el) => document.querySelector(el)!.hasAttribute('live'), { timeout: 5_000 }, el);
    await new Promise((r) => setTimeout(r, 500)); // the event stream opens
    await host.recordGift('the-hundred', 900);
    await page.waitForFunction((el) => /\$54\b/.test(document.querySelector(el)?.shadowRoot?.textContent ?? ''), { timeout: 10_000 }, el);
    await use(page, () => page.click(`label[for="${live.id}"]`));
    await page.waitForFunction((el) => !document.querySelector(el)!.hasAttribute('live'), { timeout: 5_000 }, el);

    // A CSS custom property from the theming table: a text field, applied to the element.
    const color = await textControl(page, '--indicator-color');
    await use(page, async () => (await page.focus(color), await page.keyboard.sendCharacter('rgb(0, 128, 0)')));
    await page.waitForFunction(
      (el) => getComputedStyle(document.querySelector(el)!.shadowRoot!.querySelector('[part~=indicator]')!).backgroundColor === 'rgb(0, 128, 0)',
      { timeout: 5_000 },
      el,
    );
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('<rescue-donate-button> Docs: frequency from a select, amount from a number field, cover-fees from a toggle', async () => {
  const { page, errors } = await openDocs('rescue-donate-button');
  const el = '[id$="--primary"] rescue-donate-button';
  try {
    const before = await primaryText(page, 'rescue-donate-button');
    const frequency = await controlOf(page, 'frequency');
    assert.equal(frequency.kind, 'choice');
    assert.ok(await page.$(`select[id="${frequency.id}"]`), 'a select');
    await use(page, () => page.select(`select[id="${frequency.id}"]`, 'monthly'));
    await page.waitForFunction((el) => document.querySelector(el)!.getAttribute('frequency') === 'monthly', { timeout: 5_000 }, el);
    await page.waitForFunction((el, was) => (document.querySelector(el)!.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ').trim() !== was, { timeout: 5_000 }, el, before);
    assert.match(await primaryText(page, 'rescue-donate-button'), /month/i);

    const amount = await controlOf(page, 'amount');
    assert.equal(amount.kind, 'number');
    await page.click(`input[id="${amount.id}"]`, { clickCount: 3 });
    await use(page, () => page.keyboard.type('2700'));
    await page.waitForFunction((el) => /\$27\b/.test(document.querySelector(el)!.shadowRoot!.textContent ?? ''), { timeout: 5_000 }, el);

    const cover = await controlOf(page, 'cover-fees');
    assert.equal(cover.kind, 'boolean');
    await use(page, () => page.click(`label[for="${cover.id}"]`));
    await page.waitForFunction((el) => document.querySelector(el)!.hasAttribute('cover-fees'), { timeout: 5_000 }, el);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
