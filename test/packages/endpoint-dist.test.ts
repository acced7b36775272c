// The built endpoint (run after `npm run build`): what it reads at run time resolves from dist/ too.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';

test('dist/version.js reads the version from the package.json beside dist/', async () => {
  const dist = new URL('../../packages/endpoint/dist/version.js', import.meta.url).href;
  const { packageVersion } = (await import(dist)) as { packageVersion(): string };
  const pkg = JSON.parse(readFileSync('packages/endpoint/package.json', 'utf8')) as { version: string };
  assert.equal(packageVersion(), pkg.version);
});

test('the tarball ships the built console where dist/ looks for it', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: 'packages/endpoint', encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const packed = new Set((JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path));
  for (const f of ['console/index.html', 'console/console.js', 'console/console.css', 'dist/static/console.js', 'assets/fundraiser.js', 'assets/fundraiser.css', 'assets/share.js']) assert.ok(packed.has(f), `${f} is packed`);
  assert.deepEqual([...packed].filter((f) => f.startsWith('cash-book/')), [], 'the retired cash book is not packed (its address redirects to the console)');
  // dist/static/console.js finds the console beside dist/ (one level up from static/).
  assert.match(readFileSync('packages/endpoint/dist/static/console.js', 'utf8'), /new URL\(['"]\.\.\/\.\.\/console\/['"], import\.meta\.url\)/);
});

test('the supporters\' pages\' script stays within its budget (6 KB gzip)', () => {
  const gzip = gzipSync(readFileSync('packages/endpoint/assets/fundraiser.js'), { level: 9 }).length;
  assert.ok(gzip <= 6 * 1024, `fundraiser.js is ${gzip} B gzip`);
});
