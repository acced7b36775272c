// Versions and changelogs (Changesets): the three packages move as one version, the internal
// @rescuekit/schema pins and the README CDN lines follow, and the pending changesets are sound.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const PACKAGES = readdirSync('packages').sort();
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const names = PACKAGES.map((p) => readJson(`packages/${p}/package.json`).name as string).sort();
const widgetsVersion = () => readJson('packages/widgets/package.json').version as string;

test('.changeset/config.json: one fixed group holding every package, published public', () => {
  const config = readJson('.changeset/config.json');
  assert.deepEqual(config.fixed.map((g: string[]) => [...g].sort()), [names]);
  assert.deepEqual(config.linked, []);
  assert.equal(config.access, 'public', 'scoped packages are published private otherwise');
  assert.equal(config.updateInternalDependencies, 'patch');
});

test('every package pins @rescuekit/schema at the version of this release', () => {
  const schema = readJson('packages/schema/package.json').version;
  for (const p of PACKAGES) {
    const pinned = readJson(`packages/${p}/package.json`).dependencies?.['@rescuekit/schema'];
    if (pinned !== undefined) assert.equal(pinned, schema, `${p} depends on @rescuekit/schema ${pinned}`);
  }
});

test('the README CDN lines name the widgets release this repository builds', () => {
  const [major, minor] = widgetsVersion().split('.');
  for (const file of ['README.md', 'packages/widgets/README.md']) {
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(`cdn.jsdelivr.net/npm/@rescuekit/widgets@${major}.${minor}/dist/cdn/rescue-thermometer.js`), `${file}: CDN line for ${major}.${minor}`);
  }
  // Every one-element CDN line, in docs/ too, names the same release (a page with two copies may name another).
  for (const file of ['README.md', 'packages/widgets/README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
    for (const [, pin] of readFileSync(file, 'utf8').matchAll(/@rescuekit\/widgets@(\d+\.\d+)\/dist\/cdn\/rescue-[a-z-]+\.js/g)) assert.equal(pin, `${major}.${minor}`, `${file}: @rescuekit/widgets@${pin}`);
  }
});

test('pending changesets name only our packages and bump all three to one version', () => {
  const pending = readdirSync('.changeset').filter((f) => f.endsWith('.md') && f !== 'README.md');
  if (pending.length === 0) {
    // Right after `npm run version-packages` nothing is pending: the three versions must already agree.
    return assert.equal(new Set(PACKAGES.map((p) => readJson(`packages/${p}/package.json`).version)).size, 1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'rescuekit-plan-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'plan.json');
  execFileSync(process.execPath, ['node_modules/@changesets/cli/bin.js', 'status', `--output=${out}`], { stdio: 'ignore' });
  const plan = readJson(out) as { changesets: { summary: string; releases: { name: string }[] }[]; releases: { name: string; newVersion: string }[] };
  assert.equal(plan.changesets.length, pending.length);
  for (const c of plan.changesets) {
    assert.ok(c.summary.trim().length > 0);
    for (const r of c.releases) assert.ok(names.includes(r.name), `changeset names ${r.name}`);
  }
  assert.deepEqual(plan.releases.map((r) => r.name).sort(), names);
  assert.equal(new Set(plan.releases.map((r) => r.newVersion)).size, 1, 'one version for all three');
});

test('npm run version-packages on a skeleton: a change to the schema alone versions all three, pins and CDN lines follow', () => {
  // A copy of what Changesets reads and writes (package.json files, READMEs, config), in its own git repository.
  const dir = mkdtempSync(join(tmpdir(), 'rescuekit-release-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const docs = readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  for (const file of ['package.json', 'README.md', '.changeset/config.json', ...docs, ...PACKAGES.flatMap((p) => [`packages/${p}/package.json`, `packages/${p}/README.md`])]) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    cpSync(file, join(dir, file));
  }
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, '.changeset/schema-only.md'), '---\n"@rescuekit/schema": minor\n---\n\nA field for the test.\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.org', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'skeleton');

  const [major, minor] = widgetsVersion().split('.').map(Number) as [number, number];
  const next = major === 0 ? `0.${minor + 1}.0` : `${major}.${minor + 1}.0`;
  execFileSync(process.execPath, [resolve('scripts/version-packages.mjs'), '--no-lockfile'], { cwd: dir, stdio: 'ignore' });

  for (const p of PACKAGES) {
    const pkg = readJson(join(dir, `packages/${p}/package.json`));
    assert.equal(pkg.version, next, `${pkg.name} moves with the schema`);
    if (pkg.dependencies?.['@rescuekit/schema']) assert.equal(pkg.dependencies['@rescuekit/schema'], next, `${pkg.name} pins the new schema`);
    assert.match(readFileSync(join(dir, `packages/${p}/CHANGELOG.md`), 'utf8'), new RegExp(`^## ${next.replace(/\./g, '\\.')}$`, 'm'));
  }
  assert.match(readFileSync(join(dir, 'packages/schema/CHANGELOG.md'), 'utf8'), /A field for the test\./);
  const cdn = `@rescuekit/widgets@${next.split('.').slice(0, 2).join('.')}/dist/cdn/rescue-thermometer.js`;
  for (const file of ['README.md', 'packages/widgets/README.md']) assert.ok(readFileSync(join(dir, file), 'utf8').includes(cdn), `${file} names ${cdn}`);
  const button = cdn.replace('rescue-thermometer', 'rescue-donate-button');
  assert.ok(readFileSync(join(dir, 'docs/partner-sites.md'), 'utf8').includes(button), `docs/partner-sites.md names ${button}`);
});
