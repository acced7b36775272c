// Package checks on the built packages (run after `npm run build`): publint, the
// exact contents of `npm pack`, the custom-elements manifest, and the React/Vue typings.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, test } from 'node:test';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const PACKAGES = readdirSync('packages').filter((p) => existsSync(`packages/${p}/package.json`)).sort();
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
/** GitHub-style anchors of the root README's headings (`## Install before the first release` -> `install-before-the-first-release`). */
const ROOT_ANCHORS = new Set(
  [...readFileSync('README.md', 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')),
);

/** Files `npm pack` would put in the tarball, relative to the package. */
function packedFiles(dir: string): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path).sort();
}

/** Every path string an `exports` value names (conditions flattened). */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

/** Packed files a target names: itself, or every match of its one `*`. */
function expand(target: string, packed: string[]): string[] {
  const t = normalize(target);
  if (!t.includes('*')) return packed.includes(t) ? [t] : [];
  const [pre, post] = t.split('*') as [string, string];
  return packed.filter((f) => f.startsWith(pre) && f.endsWith(post) && f.length >= pre.length + post.length);
}

/**
 * The files reachable from `roots` by relative imports/exports (in .js and .d.ts),
 * source-map comments, and each module's own .d.ts and .js.map.
 */
function reachable(roots: string[], packed: Set<string>, dir: string): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  const visit = (f: string) => {
    if (packed.has(f) && !seen.has(f)) seen.add(f), queue.push(f);
  };
  while (queue.length) {
    const file = queue.pop()!;
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const isDts = file.endsWith('.d.ts');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.\.?\/[^'"]+)['"]/g)) {
      const spec = normalize(join(dirname(file), m[1]!));
      visit(isDts ? spec.replace(/\.js$/, '.d.ts') : spec);
    }
    const map = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
    if (map) visit(normalize(join(dirname(file), map)));
    if (file.endsWith('.js')) visit(file.replace(/\.js$/, '.d.ts'));
  }
  return seen;
}

for (const name of PACKAGES) {
  const dir = `packages/${name}`;
  describe(`package ${name}`, () => {
    const pkg = readJson(`${dir}/package.json`);

    test('publint reports nothing, suggestions included', async () => {
      const { messages } = await publint({ pkgDir: dir, level: 'suggestion', strict: true, pack: 'npm' });
      assert.deepEqual(messages.map((m) => formatMessage(m, pkg) ?? m.code), []);
    });

    test('npm pack contains what the exports name and nothing else', () => {
      const packed = packedFiles(dir);
      const set = new Set(packed);
      const roots: string[] = [];
      for (const [sub, value] of Object.entries<unknown>(pkg.exports)) {
        for (const target of exportTargets(value)) {
          const files = expand(target, packed);
          assert.ok(files.length > 0, `exports["${sub}"] -> ${target} names no packed file`);
          roots.push(...files);
        }
      }
      for (const bin of Object.values<string>(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin ?? {})) {
        assert.ok(set.has(normalize(bin)), `bin ${bin} is not packed`);
        roots.push(normalize(bin));
      }
      if (pkg.customElements) roots.push(normalize(pkg.customElements));
      const expected = reachable(roots, set, dir);
      for (const f of ['package.json', 'README.md', 'LICENSE']) if (set.has(f)) expected.add(f);
      for (const root of roots) expected.add(root);
      assert.deepEqual(packed.filter((f) => !expected.has(f)), [], 'packed but not reachable from exports/bin');
      assert.deepEqual([...expected].filter((f) => !set.has(f)), [], 'named but not packed');
    });

    test('the tarball carries a README of its own and the MIT LICENSE', () => {
      const packed = new Set(packedFiles(dir));
      assert.ok(packed.has('README.md'), 'README.md is packed');
      assert.ok(packed.has('LICENSE'), 'LICENSE is packed');
      assert.equal(pkg.license, 'MIT');
      assert.equal(readFileSync(`${dir}/LICENSE`, 'utf8'), readFileSync('LICENSE', 'utf8'), 'the same MIT license as the repository');
      const readme = readFileSync(`${dir}/README.md`, 'utf8');
      assert.equal(readme.split('\n')[0], `# ${pkg.name}`, 'titled with the package name');
      assert.ok(readme.includes(`npm install ${pkg.name}`), 'says how to install it');
      assert.match(readme, /```(?:js|ts|html|sh)\n/, 'shows a minimal use');
      assert.match(readme, /\]\(\.\.\/\.\.\/README\.md(#[\w-]+)?\)/, 'links to the project README');
      for (const [, anchor] of readme.matchAll(/\]\(\.\.\/\.\.\/README\.md#([\w-]+)\)/g)) assert.ok(ROOT_ANCHORS.has(anchor!), `the project README has a heading for #${anchor}`);
    });

    test('sideEffects names only the define entries', () => {
      const defines = existsSync(`${dir}/src/define`);
      if (!defines) return assert.equal(pkg.sideEffects, false, `${name} defines nothing at import, so sideEffects must be false`);
      assert.ok(Array.isArray(pkg.sideEffects), 'sideEffects lists the define entries');
      const packed = packedFiles(dir);
      const marked = new Set((pkg.sideEffects as string[]).flatMap((g) => expand(g, packed)));
      const defineJs = packed.filter((f) => /^dist\/define\/[^/]+\.js$/.test(f));
      assert.ok(defineJs.length > 0);
      assert.deepEqual([...marked].sort(), defineJs, 'exactly the built define entries carry side effects');
    });
  });
}

describe('custom-elements.json', () => {
  const dir = 'packages/widgets';
  const manifest = readJson(`${dir}/custom-elements.json`);
  const tags = readdirSync(`${dir}/src/define`).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();

  test('every define entry has a documented element and a definition export', () => {
    const definitions = manifest.modules.flatMap((m: any) => (m.exports ?? []).filter((e: any) => e.kind === 'custom-element-definition'));
    assert.deepEqual(definitions.map((d: any) => d.name).sort(), tags);
    for (const def of definitions) {
      const mod = manifest.modules.find((m: any) => m.path === def.declaration.module);
      const cls = mod?.declarations.find((d: any) => d.name === def.declaration.name);
      assert.equal(cls?.tagName, def.name, `<${def.name}> points at its class`);
      assert.ok(cls.summary, `<${def.name}> has a @summary`);
      assert.ok(cls.attributes?.length, `<${def.name}> documents attributes`);
      assert.ok(cls.cssParts?.some((p: any) => p.name === 'base'), `<${def.name}> documents its base part`);
    }
  });

  test('module paths are files inside the published package', () => {
    const packed = new Set(packedFiles(dir));
    const paths = manifest.modules.map((m: any) => m.path as string);
    assert.deepEqual(paths.filter((p: string) => !packed.has(p)), []);
  });
});

describe('React 19 and Vue 3 typings', () => {
  const tags = readdirSync('packages/widgets/src/define').filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));

  test('every defined tag is typed for JSX and Vue templates', () => {
    for (const flavour of ['react', 'vue']) {
      const dts = readFileSync(`packages/widgets/dist/types/${flavour}.d.ts`, 'utf8');
      for (const tag of tags) assert.match(dts, new RegExp(`'${tag}': `), `${flavour}.d.ts types <${tag}>`);
    }
  });

  test('attributes and events type-check in a React and a Vue consumer and the React recipe (wrong values are errors)', () => {
    // The fixtures hold `@ts-expect-error` lines: they fail if a wrong value stops being an error.
    try {
      for (const project of ['test/packages/types', 'examples/react-vite']) {
        execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${project}/tsconfig.json`], { encoding: 'utf8' });
      }
    } catch (e: any) {
      assert.fail(`tsc: ${e.stdout}`);
    }
  });
});
