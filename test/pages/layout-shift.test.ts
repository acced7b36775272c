// No layout shift: every example page and recipe, at 390 px and 1280 px with a 4x CPU slowdown,
// shifts by at most 0.01 (the sum of every shift, stricter than CLS) from the first byte until
// its widgets have upgraded and loaded. Each element reserves its box before it upgrades (the
// documented `:not(:defined)` rules in each page's CSS), and loading never changes it.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import type { Host } from './harness.js';
import { PAGES, VIEWPORTS, layoutShifts, score, startExamplesHost } from './layout-shift.js';

describe('layout shift of the example pages (Chromium, 4x CPU slowdown)', () => {
  let host: Host;
  before(async () => {
    host = await startExamplesHost();
  });
  after(() => host?.close());

  test('control: the plain-HTML page without its :not(:defined) rules shifts by more than 0.01', async () => {
    for (const viewport of VIEWPORTS) {
      const total = score(await layoutShifts(host, '/unreserved/', viewport));
      assert.ok(total > 0.01, `the unreserved page at ${viewport.width} px shifted only ${total}`);
    }
  });

  for (const path of PAGES) {
    for (const viewport of VIEWPORTS) {
      test(`${path} at ${viewport.width} px: layout shift <= 0.01`, async () => {
        const shifts = await layoutShifts(host, path, viewport);
        const total = score(shifts);
        assert.ok(total <= 0.01, `${path} at ${viewport.width} px shifted ${total.toFixed(4)}: ${JSON.stringify(shifts, null, 1)}`);
      });
    }
  }
});
