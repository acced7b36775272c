// The built endpoint (run after `npm run build`): what it reads at run time resolves from dist/ too.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('dist/version.js reads the version from the package.json beside dist/', async () => {
  const dist = new URL('../../packages/endpoint/dist/version.js', import.meta.url).href;
  const { packageVersion } = (await import(dist)) as { packageVersion(): string };
  const pkg = JSON.parse(readFileSync('packages/endpoint/package.json', 'utf8')) as { version: string };
  assert.equal(packageVersion(), pkg.version);
});
