/**
 * Visual baselines for whole pages and images (the hosted pages, the poster, the share images), for
 * node tests that take their own screenshots; the elements' baselines are web-test-runner's.
 *
 *   import { matchBaseline } from '../visual/pages.js';
 *   await matchBaseline('poster-a4-en-375', await page.screenshot({ fullPage: true }));
 *
 * `matchBaseline(name, png)` compares `png` with the committed `test/visual/pages/baseline/<name>.png`
 * using pixelmatch, with the widgets' tolerance: a pixel differs past a colour threshold of 0.1
 * (anti-aliasing ignored), and up to 0.1% of the pixels may differ. On a mismatch (or a size change) it
 * writes `failed/<name>.png` and `diff/<name>.png` beside the baseline (both ignored by git) and
 * throws, naming them. With `UPDATE_BASELINES=1` it writes or refreshes the baseline instead, and a
 * missing baseline is written the first time (then look at it, and commit it); with `CI` set, a missing
 * baseline fails instead.
 *
 * Stable baselines need stable input: fixed data, no clock-dependent text (no countdowns), and the
 * page's fonts loaded (`await page.evaluate(() => document.fonts.ready)`; `waitForFonts` does it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';

/** Where the baselines live; `failed/` and `diff/` are made beside `baseline/`. */
export const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'pages');

/** The widgets' tolerance (web-test-runner.visual.config.mjs). */
export const THRESHOLD = 0.1;
export const MAX_DIFF_SHARE = 0.001;

export interface BaselineResult {
  /** `written` when the baseline was made or refreshed, `matched` when within tolerance. */
  outcome: 'written' | 'matched';
  /** Pixels past the threshold, and their share of the image. */
  diffPixels: number;
  diffShare: number;
}

const file = (kind: 'baseline' | 'failed' | 'diff', name: string) => join(PAGES_DIR, kind, `${name}.png`);

function write(path: string, bytes: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/**
 * Compares a PNG with its baseline `name` (letters, digits, `-` and `_`); throws on a mismatch, after
 * writing the failed image and the diff. `UPDATE_BASELINES=1` writes the baseline instead.
 */
export function matchBaseline(name: string, png: Buffer | Uint8Array, options: { update?: boolean; ci?: boolean } = {}): BaselineResult {
  if (!/^[A-Za-z0-9_-]{1,120}$/.test(name)) throw new Error(`baseline name "${name}": letters, digits, "-" and "_" only`);
  const bytes = Buffer.from(png);
  const baselinePath = file('baseline', name);
  const update = options.update ?? process.env['UPDATE_BASELINES'] === '1';
  // On CI a missing baseline is a failure (it would otherwise pass by writing itself); locally it is written once.
  if (!update && !existsSync(baselinePath) && (options.ci ?? Boolean(process.env['CI']))) throw new Error(`${name}: no baseline at ${baselinePath}; make it locally (UPDATE_BASELINES=1), look at it and commit it`);
  if (update || !existsSync(baselinePath)) {
    write(baselinePath, bytes);
    return { outcome: 'written', diffPixels: 0, diffShare: 0 };
  }
  const actual = PNG.sync.read(bytes);
  const expected = PNG.sync.read(readFileSync(baselinePath));
  const fail = (why: string): never => {
    write(file('failed', name), bytes);
    throw new Error(`${name}: ${why}; see ${file('failed', name)}${existsSync(file('diff', name)) ? ` and ${file('diff', name)}` : ''} (UPDATE_BASELINES=1 redraws the baseline)`);
  };
  if (actual.width !== expected.width || actual.height !== expected.height) {
    return fail(`${actual.width}x${actual.height}, the baseline is ${expected.width}x${expected.height}`);
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const diffPixels = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: THRESHOLD });
  const diffShare = diffPixels / (actual.width * actual.height);
  if (diffShare > MAX_DIFF_SHARE) {
    write(file('diff', name), PNG.sync.write(diff));
    return fail(`${diffPixels} pixels differ (${(diffShare * 100).toFixed(3)}%, at most ${MAX_DIFF_SHARE * 100}%)`);
  }
  return { outcome: 'matched', diffPixels, diffShare };
}

/** Waits until the page's fonts have loaded (and one more frame is drawn), so a screenshot is stable. */
export async function waitForFonts(page: { evaluate<T>(fn: () => T | Promise<T>): Promise<T> }): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
}
