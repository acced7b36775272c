// `npm run build`: the custom-elements manifest, then Rollup (packages + CDN bundles),
// then the React/Vue typings generated from the manifest. Each package's dist/ is
// emptied first so a deleted source never leaves a stale file in a published tarball.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';

for (const pkg of readdirSync('packages')) rmSync(`packages/${pkg}/dist`, { recursive: true, force: true });
rmSync('packages/endpoint/console', { recursive: true, force: true });

const node = process.execPath;
const steps = [
  ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent'],
  ['scripts/jsx-types.mjs'],
];
for (const args of steps) {
  const r = spawnSync(node, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The endpoint serves the widgets' bundle to its own hosted pages and embeds (/rescuekit-assets/).
// (Copied into the endpoint's `assets/`, which is published; the copies are not in git.)
for (const f of ['rescuekit.js', 'rescuekit.js.map']) copyFileSync(`packages/widgets/dist/cdn/${f}`, `packages/endpoint/assets/${f}`);

// The console's page and stylesheet join its script (built by Rollup into packages/endpoint/console/).
for (const f of ['index.html', 'console.css']) copyFileSync(`packages/endpoint/console-src/${f}`, `packages/endpoint/console/${f}`);
