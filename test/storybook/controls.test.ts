// Storybook controls work for every element: the built Storybook (storybook-static, from the step
// before) is served locally, and for each element's first story the test changes args the way the
// Controls panel does (an `updateStoryArgs` message on the preview channel), then reads the element.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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
