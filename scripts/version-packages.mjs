// `npm run version-packages`: `changeset version` (new versions, each package's CHANGELOG.md,
// exact @rescuekit/schema pins), then the CDN lines of the READMEs and docs/ follow the new widgets version
// (`@rescuekit/widgets@0.1` -> `@0.2`), and package-lock.json follows the new versions
// (`--no-lockfile` skips that step: the release test runs this on a skeleton without a lockfile).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const majorMinor = () => JSON.parse(readFileSync('packages/widgets/package.json', 'utf8')).version.split('.').slice(0, 2).join('.');

const before = majorMinor();
run(process.execPath, ['node_modules/@changesets/cli/bin.js', 'version']);
const after = majorMinor();
if (after !== before) {
  const docs = existsSync('docs') ? readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [];
  for (const file of ['README.md', 'packages/widgets/README.md', ...docs]) {
    const text = readFileSync(file, 'utf8');
    const pinned = new RegExp(`@rescuekit/widgets@${before.replace('.', '\\.')}(?![\\d.])`, 'g');
    writeFileSync(file, text.replace(pinned, `@rescuekit/widgets@${after}`));
  }
  console.log(`README CDN lines: @rescuekit/widgets@${before} -> @${after}`);
}
if (!process.argv.includes('--no-lockfile')) run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
