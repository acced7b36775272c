// Builds every package (ESM + .d.ts, one module per source file) and the CDN
// bundles (one minified, self-contained file per element plus one with all).
// Order matters: packages build in sequence, schema first, because the others
// read its declarations from packages/schema/dist.
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import replace from '@rollup/plugin-replace';

const pkgDir = (name) => `packages/${name}`;
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Everything that is not a relative import stays an import in the npm build. */
const external = (id) => builtins.has(id) || !(id.startsWith('.') || id.startsWith('/') || id.startsWith('\0'));

/**
 * Keeps only the declarations the built modules reach (following relative imports, type-only ones
 * included): a module no entry imports yet would otherwise ship as a lone .d.ts with no .js.
 */
const reachableDeclarations = {
  name: 'rescuekit-reachable-declarations',
  generateBundle(_, bundle) {
    const seen = new Set();
    const queue = Object.values(bundle).filter((f) => f.type === 'chunk').map((c) => c.fileName.replace(/\.js$/, '.d.ts'));
    while (queue.length) {
      const file = queue.pop();
      if (seen.has(file) || !bundle[file]) continue;
      seen.add(file);
      for (const m of String(bundle[file].source).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.\.?\/[^'"]+?)(?:\.js)?['"]/g)) {
        queue.push(posix.normalize(posix.join(posix.dirname(file), `${m[1]}.d.ts`)));
      }
    }
    for (const file of Object.keys(bundle)) if (file.endsWith('.d.ts') && !seen.has(file)) delete bundle[file];
  },
};

/** ESM library build of one workspace package, with declarations. */
function library(name, inputs) {
  const dir = pkgDir(name);
  return {
    input: Object.fromEntries(inputs.map((i) => [i.replace(/\.ts$/, ''), `${dir}/src/${i}`])),
    external,
    output: {
      dir: `${dir}/dist`,
      format: 'es',
      sourcemap: true,
      preserveModules: true,
      preserveModulesRoot: `${dir}/src`,
      entryFileNames: '[name].js',
    },
    plugins: [
      typescript({ tsconfig: `${dir}/tsconfig.build.json`, outDir: `${dir}/dist`, declarationDir: `${dir}/dist`, noEmitOnError: true }),
      reachableDeclarations,
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((i) => i.includes('node_modules'))) return;
      warn(warning);
    },
  };
}

const widgetSrc = `${pkgDir('widgets')}/src`;
const defineEntries = readdirSync(`${widgetSrc}/define`).filter((f) => f.endsWith('.ts')).map((f) => `define/${f}`);

/**
 * Minifies the CSS inside the widgets' `css\`…\`` templates (none interpolates): comments out,
 * whitespace collapsed, none around `{ } ; , >` nor after a property's colon. Terser leaves template text alone, and these
 * bytes count against the size budgets. Only whitespace is touched, so the rules are the same.
 */
const minifyCss = {
  name: 'rescuekit-minify-css',
  transform(code, id) {
    if (!id.includes('/packages/widgets/src/')) return null;
    // (TypeScript emits the tag as `css \``.)
    const out = code.replace(/\bcss\s*`([^`$]*)`/g, (_, text) =>
      'css`' + text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{};,>])\s*/g, '$1').replace(/;}/g, '}').replace(/([{;])([-\w]+): /g, '$1$2:').trim() + '`');
    return { code: out, map: null };
  },
};

/**
 * Self-contained CDN bundle: Lit and the schema inlined, minified, with a sourcemap. A module the
 * element loads with `import()` (a live feed's event stream, the thermometer's giving day and Korean words) becomes a hashed file of its own under
 * `cdn/chunks/`, imported relatively, so the bundle works from any CDN URL; `inline` keeps it in the one
 * file instead (the all-elements bundle, which the endpoint copies into its assets alone).
 */
function cdn(input, file, inline = false) {
  return {
    input,
    // The giving-day file imports what it shares with the element from the element's own file, not a third one.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: `${pkgDir('widgets')}/dist/cdn`,
      entryFileNames: file,
      chunkFileNames: 'chunks/[name]-[hash].js',
      // Hex, so the endpoint's static mount recognises the name as hashed (cached a year, immutable).
      hashCharacters: 'hex',
      inlineDynamicImports: inline,
      format: 'es',
      sourcemap: true,
    },
    // The schema is reached through tsconfig paths, so its package.json `sideEffects: false`
    // is never read; say it here so unused zod schemas drop out of the browser bundles. A style sheet
    // (`css`) no element of the bundle adopts drops out too.
    treeshake: { moduleSideEffects: (id) => !id.includes('/packages/schema/src/'), manualPureFunctions: ['css'] },
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      minifyCss,
      typescript({ tsconfig: 'tsconfig.json', noEmit: false, declaration: false, sourceMap: true, outDir: undefined, include: ['packages/*/src/**/*.ts'], exclude: ['**/*.test.ts'] }),
      terser({ ecma: 2022, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } }),
    ],
  };
}

/**
 * The console (`packages/endpoint/console-src/`, a Lit app) as one minified module the endpoint serves
 * at `/console/` (budget: 40 KB gzip). Written into `packages/endpoint/console/`, which the build
 * completes with the page and its stylesheet; not in git, published with the endpoint.
 */
const consoleApp = {
  input: 'packages/endpoint/console-src/main.ts',
  output: { dir: 'packages/endpoint/console', entryFileNames: 'console.js', inlineDynamicImports: true, format: 'es', sourcemap: true },
  treeshake: { moduleSideEffects: (id) => !id.includes('/packages/schema/src/') },
  plugins: [
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    typescript({ tsconfig: 'tsconfig.json', noEmit: false, declaration: false, sourceMap: true, outDir: undefined, include: ['packages/schema/src/**/*.ts', 'packages/endpoint/console-src/**/*.ts'], exclude: ['**/*.test.ts'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } }),
  ],
};

/**
 * The supporters' pages' script (`packages/endpoint/pages-src/`, plain DOM: the join form and the owner's
 * page), one minified module beside the hosted pages' stylesheets in `packages/endpoint/assets/`
 * (budget: 6 KB gzip). Not in git, published with the endpoint.
 */
const pagesScript = (name) => ({
  input: `packages/endpoint/pages-src/${name}.ts`,
  output: { dir: 'packages/endpoint/assets', entryFileNames: `${name}.js`, inlineDynamicImports: true, format: 'es', sourcemap: true },
  treeshake: { moduleSideEffects: (id) => !id.includes('/packages/schema/src/') },
  plugins: [
    nodeResolve({ browser: true }),
    typescript({ tsconfig: 'tsconfig.json', noEmit: false, declaration: false, sourceMap: true, outDir: undefined, include: ['packages/schema/src/**/*.ts', 'packages/endpoint/pages-src/**/*.ts', 'packages/endpoint/src/reach/join-strings.ts'], exclude: ['**/*.test.ts'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } }),
  ],
});
const fundraiserPages = pagesScript('fundraiser');
/** The hosted pages' share row (Copy and Share buttons), plain DOM, beside the pages' stylesheets. Not in git. */
const sharePages = pagesScript('share');

export default [
  library('schema', ['index.ts', 'progress-check.ts']),
  library('endpoint', ['index.ts', 'node.ts', 'cli.ts']),
  library('widgets', ['index.ts', 'test-support.ts', ...defineEntries]),
  ...defineEntries.map((entry) => cdn(`${widgetSrc}/${entry}`, entry.replace(/^define\//, '').replace(/\.ts$/, '.js'))),
  cdn(`${widgetSrc}/all.ts`, 'rescuekit.js', true),
  consoleApp,
  fundraiserPages,
  sharePages,
];
