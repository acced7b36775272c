// Visual regression: element-sized screenshots in Chromium, compared with the committed baselines in
// test/visual/screenshots/Chromium/baseline/ (`npm run test:visual`; after a deliberate change of looks,
// `npm run test:visual -- --update-visual-baseline` redraws them). The page pins its fonts (Noto Sans and
// Noto Sans KR, regular and bold) and loads them with @font-face from the same npm packages the share
// image uses, so the baselines depend on nothing the operating system has installed.
// Same plugins and endpoint as the element tests (web-test-runner.config.mjs).
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';
import base from './web-test-runner.config.mjs';

const update = process.argv.includes('--update-visual-baseline');
/** Fontsource's @font-face rules (unicode-range subsets: the page loads only what it draws). */
const FONT_CSS = ['noto-sans', 'noto-sans-kr'].flatMap((family) => ['400', '700'].map((w) => `/node_modules/@fontsource/${family}/${w}.css`));

export default {
  ...base,
  files: ['test/visual/*.test.ts'],
  testFramework: { config: { timeout: 20_000 } },
  plugins: [
    ...base.plugins,
    visualRegressionPlugin({
      update,
      baseDir: 'test/visual/screenshots',
      // Small tolerance: anti-aliasing is ignored (pixelmatch's default), and up to 0.1 % of an
      // element's pixels may differ; a change anyone would see (a colour, a border, a size) is more.
      diffOptions: { threshold: 0.1 },
      failureThresholdType: 'percent',
      failureThreshold: 0.1,
    }),
  ],
  testRunnerHtml: (testFramework) =>
    base.testRunnerHtml(testFramework).replace(
      '</head>',
      `${FONT_CSS.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n  ')}
  <style>html { font: 16px/1.4 'Noto Sans', 'Noto Sans KR'; } body { margin: 0; background: #fff; color: #1b1b1f; }
  :lang(ko) { font-family: 'Noto Sans', 'Noto Sans KR'; }</style>
  </head>`,
    ),
};
