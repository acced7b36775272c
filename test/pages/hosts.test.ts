// Hostile and unusual host pages, generated for every tag with a define entry:
// two copies of the CDN bundle on one page, aggressive global CSS, a 320 px
// column, and a right-to-left page.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { TAGS, rendered, scratchDir, startHost, visit, type Host } from './harness.js';
import { CLASSES, measure, writePages, type Layout } from './host-pages.js';

/** Usable: a real box, readable visible text, every button shown at a tappable size. */
function assertUsable(l: Layout): void {
  assert.ok(l.width >= 44 && l.height >= 24, `<${l.tag}> is ${l.width}×${l.height}`);
  assert.ok(l.visibleText.length >= 3, `<${l.tag}> shows text (got "${l.visibleText}")`);
  assert.ok(l.smallestFont >= 10, `<${l.tag}> text is at least 10px (smallest ${l.smallestFont}px)`);
  for (const b of l.buttons) {
    assert.notEqual(b.display, 'none', `<${l.tag}> button "${b.text}" is displayed`);
    assert.ok(b.width >= 24 && b.height >= 24, `<${l.tag}> button "${b.text}" is ${b.width}×${b.height}`);
  }
}

describe('host pages', () => {
  let host: Host;
  before(async () => {
    const dir = scratchDir();
    writePages(dir);
    host = await startHost([{ prefix: '/gen/', dir }]);
    await host.recordGift('rescue-team-demo', 300_000); // one rescue of three: a bar a third full
  });
  after(() => host?.close());

  test('two copies of the all-elements bundle (and a per-element one): no error, both copies render', async () => {
    const { page, errors } = await visit(host, '/gen/two-copies.html');
    const scoped = TAGS.map((t) => `copy2-${t}`);
    await rendered(page, [...TAGS, ...scoped]);
    // The default names belong to the first copy; the scoped names to copy 2's own classes.
    const owners = await page.evaluate(
      (classes: Record<string, string>) =>
        Object.entries(classes).map(([tag, name]) => {
          const own = (window as any).copy2[name];
          const scoped = customElements.get(`copy2-${tag}`)!;
          const first = customElements.get(tag)!;
          return { tag, scopedIsCopy2: scoped === own || scoped.prototype instanceof own, firstIsCopy2: first === own || first.prototype instanceof own };
        }),
      CLASSES,
    );
    assert.deepEqual(owners, TAGS.map((tag) => ({ tag, scopedIsCopy2: true, firstIsCopy2: false })));
    for (const l of await measure(page, [...TAGS, ...scoped])) assertUsable(l);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('aggressive global CSS: every element keeps its size, text and buttons', async () => {
    const { page, errors } = await visit(host, '/gen/hostile-css.html');
    await rendered(page);
    const layouts = await measure(page, TAGS);
    assert.equal(layouts.length, TAGS.length);
    for (const l of layouts) {
      assertUsable(l);
      // The page's `button { display: none }` and colours stay outside: Give keeps its accent fill.
      for (const b of l.buttons.filter((b) => /give/i.test(b.text))) assert.equal(b.background, 'rgb(179, 38, 30)', `<${l.tag}> Give keeps the default accent`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a 320 px column: every element fits without overflowing', async () => {
    const { page, errors } = await visit(host, '/gen/narrow.html', { width: 360 });
    await rendered(page);
    for (const l of await measure(page, TAGS)) {
      assertUsable(l);
      assert.ok(l.left >= -0.5 && l.right <= 320.5, `<${l.tag}> spans ${l.left}..${l.right}`);
    }
    const overflow = await page.$eval('.col', (c) => c.scrollWidth - c.clientWidth);
    assert.equal(overflow, 0, 'nothing sticks out of the column');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a right-to-left page: elements lay out from the right and the bar fills from the right', async () => {
    // No fill animation: the bar is measured at its final width.
    const { page, errors } = await visit(host, '/gen/rtl.html', { before: (p) => p.emulateMediaFeatures([{ name: 'prefers-reduced-motion', value: 'reduce' }]) });
    await rendered(page);
    for (const l of await measure(page, TAGS)) {
      assertUsable(l);
      assert.equal(l.direction, 'rtl');
      assert.ok(l.firstText && l.firstText.fromRight <= l.firstText.fromLeft, `<${l.tag}> starts on the right: ${JSON.stringify(l.firstText)}`);
    }
    // A filled bar: the indicator's visible part touches the track's right edge, not its left.
    const fill = await page.$eval('rescue-thermometer[variant=bar]', (el) => {
      el.scrollIntoView({ block: 'center' });
      const track = el.shadowRoot!.querySelector('[part=track]')!.getBoundingClientRect();
      const y = track.top + track.height / 2;
      // 4 px in: inside the track's 2 px outline.
      const [right, left] = [track.right - 4, track.left + 4].map((x) => el.shadowRoot!.elementFromPoint(x, y)?.getAttribute('part'));
      return { right, left };
    });
    assert.deepEqual(fill, { right: 'indicator', left: 'track' });
    // Our words are left-to-right: "$0 of $9,000 raised" keeps its reading order (the amount left of "raised").
    // (No named functions inside $eval: the test transpiler would wrap them in a helper the page lacks.)
    const order = await page.$eval('rescue-thermometer[variant=bar]', (el) => {
      const value = el.shadowRoot!.querySelector('[part=value]')!;
      const left: Record<string, number> = {};
      for (const needle of ['$', 'raised']) {
        const walker = document.createTreeWalker(value, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n && left[needle] === undefined; n = walker.nextNode()) {
          const i = n.textContent!.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          left[needle] = r.getBoundingClientRect().left;
        }
      }
      return { dollar: left['$'] ?? NaN, raised: left['raised'] ?? NaN, text: value.textContent };
    });
    assert.ok(order.dollar < order.raised, `reads left to right: ${JSON.stringify(order)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
