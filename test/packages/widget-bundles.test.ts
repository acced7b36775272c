// The widgets are zod-free (docs/architecture.md): they import @rescuekit/schema for its zod-free
// rules (money, fees, gift limits, UTM keys) and check documents by hand. A zod schema built at the
// top of a module they import would pull zod into every page. Runs after `npm run build`.
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const CDN = 'packages/widgets/dist/cdn';

test('no CDN bundle of the widgets carries zod', () => {
  const maps = readdirSync(CDN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js.map'));
  assert.ok(maps.some((f) => f.startsWith('nine-lives-picker')), 'the bundles are built');
  for (const map of maps) {
    const sources = (JSON.parse(readFileSync(join(CDN, map), 'utf8')) as { sources: string[] }).sources;
    assert.deepEqual(sources.filter((s) => s.includes('/zod/')), [], map);
  }
});
