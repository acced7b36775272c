// The page baseline helper itself: writes a missing baseline, matches within tolerance, and on a
// mismatch writes failed/ and diff/ images and throws; UPDATE_BASELINES redraws.
import { strict as assert } from 'node:assert';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import { PAGES_DIR, matchBaseline } from '../visual/pages.js';

const NAME = `helper-selftest-${process.pid}`;
const image = (paint: (x: number, y: number) => number[]) => {
  const png = new PNG({ width: 100, height: 100 });
  for (let y = 0; y < 100; y++) for (let x = 0; x < 100; x++) png.data.set([...paint(x, y), 255], (y * 100 + x) * 4);
  return PNG.sync.write(png);
};
after(() => ['baseline', 'failed', 'diff'].forEach((k) => rmSync(join(PAGES_DIR, k, `${NAME}.png`), { force: true })));

test('matchBaseline: written, matched within 0.1%, refused beyond with failed/ and diff/, redrawn on update', () => {
  const white = image(() => [255, 255, 255]);
  assert.throws(() => matchBaseline(NAME, white, { update: false, ci: true }), /no baseline at/, 'on CI a missing baseline fails');
  assert.equal(matchBaseline(NAME, white, { update: false, ci: false }).outcome, 'written');
  assert.equal(matchBaseline(NAME, white, { update: false }).outcome, 'matched');
  // 10 pixels of 10,000 (0.1%) may differ; 11 may not.
  const dots = (n: number) => image((x, y) => (y === 0 && x < n ? [0, 0, 0] : [255, 255, 255]));
  assert.equal(matchBaseline(NAME, dots(10), { update: false }).diffPixels, 10);
  assert.throws(() => matchBaseline(NAME, dots(11), { update: false }), /11 pixels differ/);
  assert.ok(existsSync(join(PAGES_DIR, 'failed', `${NAME}.png`)) && existsSync(join(PAGES_DIR, 'diff', `${NAME}.png`)));
  assert.throws(() => matchBaseline(NAME, PNG.sync.write(new PNG({ width: 50, height: 100 })), { update: false }), /50x100, the baseline is 100x100/);
  assert.equal(matchBaseline(NAME, dots(50), { update: true }).outcome, 'written');
  assert.equal(matchBaseline(NAME, dots(50), { update: false }).outcome, 'matched');
  assert.throws(() => matchBaseline('../escape', white), /letters, digits/);
});
