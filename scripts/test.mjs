// `npm test`: every check, in order, stopping at the first failure.
// typecheck -> no import circles -> unit/integration (node:test) -> reliability (real servers through
// outages, its own Postgres; prints its figures) -> build -> element tests in Chromium
// (with axe) -> visual regression (screenshots against committed baselines) -> host pages in Chromium (recipes, CDN, CSP, hostile hosts) ->
// package checks (publint, pack contents, typings, the deploy recipes with caddy, nginx and systemd-analyze) -> Storybook build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureDeployTools } from './ensure-deploy-tools.mjs';
import { ensurePostgres } from './ensure-postgres.mjs';

// node:test files under packages/<name>/test/ (Node 20's runner does not expand globs).
function unitTestFiles() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) out.push(p);
    }
  };
  for (const pkg of readdirSync('packages')) {
    try {
      walk(join('packages', pkg, 'test'));
    } catch {
      /* package without node tests */
    }
  }
  return out.sort();
}

/** `*.test.ts` directly in `dir` (the built-package and page tests, run after the build). */
const testFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(dir, f));

const node = process.execPath;
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const steps = [
  ['typecheck', node, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']],
  ['typecheck: no import circles', node, ['scripts/check-import-cycles.mjs']],
  ['unit and integration tests', node, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...unitTestFiles()]],
  // Run in-process (not --test) so its figures print after the results; it starts and restarts its own Postgres.
  ['reliability: real servers through outages', node, ['--import', 'tsx', '--test-reporter=spec', 'packages/endpoint/test/reliability/suite.ts']],
  ['build', node, ['scripts/build.mjs']],
  ['element tests in Chromium', node, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs']],
  // Flags after `--` (e.g. --update-visual-baseline) go to this step: `npm run test:visual -- --update-visual-baseline`.
  ['visual regression in Chromium', node, ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.visual.config.mjs', ...flags]],
  ['host pages in Chromium', node, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...testFiles('test/pages')]],
  ['package checks', node, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/packages')]],
  ['Storybook build', node, ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '-o', 'storybook-static', '--quiet']],
  ['Storybook controls in Chromium', node, ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles('test/storybook')]],
];

const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const started = Date.now();
const results = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.includes(o))) continue;
  if (name.includes('Chromium')) process.env.CHROME_PATH = ensureChromium();
  if (name.startsWith('unit') || name.startsWith('reliability')) ensurePostgres();
  if (name === 'package checks') ensureDeployTools();
  console.log(`\n=== ${name}`);
  const t = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } });
  const ok = r.status === 0;
  results.push([name, ok, Date.now() - t]);
  if (!ok) break;
}
console.log('\n=== summary');
for (const [name, ok, ms] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${(ms / 1000).toFixed(1)} s)`);
const failed = results.filter((r) => !r[1]).length;
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
