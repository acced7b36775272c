// Visual regression: element-sized screenshots in Chromium, compared with the committed baselines in
// test/visual/screenshots/Chromium/baseline/ (`npm run test:visual`; after a deliberate change of looks,
// `npm run test:visual -- --update-visual-baseline` redraws them). The page pins its fonts (Noto Sans,
// Noto Sans CJK KR: scripts/ensure-fonts.mjs installs them) so nothing depends on fontconfig defaults.
// Same plugins and endpoint as the element tests (web-test-runner.config.mjs).
import { visualRegressionPlugin } from '@web/test-runner-visual-regression/plugin';
import base from './web-test-runner.config.mjs';

const update = process.argv.includes('--update-visual-baseline');

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
      `<style>html { font: 16px/1.4 'Noto Sans', 'Noto Sans CJK KR'; } body { margin: 0; background: #fff; color: #1b1b1f; }
  :lang(ko) { font-family: 'Noto Sans', 'Noto Sans CJK KR'; }</style>
  </head>`,
    ),
};
