// `npm run build`: the custom-elements manifest, then Rollup (packages + CDN bundles).
import { spawnSync } from 'node:child_process';

const node = process.execPath;
const steps = [
  ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
  ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs', '--silent'],
];
for (const args of steps) {
  const r = spawnSync(node, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
