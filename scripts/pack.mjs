// `npm run pack:all`: builds the packages, then writes one tarball per package into
// dist-tarballs/ (emptied first, so `dist-tarballs/*.tgz` is always one version of each):
// what `npm publish` would upload, installable today with `npm install dist-tarballs/*.tgz`.
//   --no-build     pack what `npm run build` left in packages/*/dist (the tests do this)
//   --out <dir>    write the tarballs somewhere else
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'no-build': { type: 'boolean' }, out: { type: 'string' } } });
const out = resolve(values.out ?? 'dist-tarballs');

const run = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!values['no-build']) run(process.execPath, ['scripts/build.mjs']);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// --ignore-scripts: the build above is the one that counts; nothing runs twice.
run('npm', ['pack', '--workspaces', '--pack-destination', out, '--ignore-scripts', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz')).sort();
console.log(`${tarballs.length} tarballs in ${out}:\n${tarballs.map((t) => `  ${t}`).join('\n')}`);
