// Fails when modules import each other in a circle, type-only imports included (a circle means two
// modules cannot be understood or changed one without the other), or when a shared widget module
// (base, i18n, feed, giving) imports an element folder.
// Imports are read and resolved by TypeScript itself, with the root tsconfig's options
// (`.js` specifiers naming `.ts` files, the `@rescuekit/*` paths), so it sees what tsc sees.
//   node scripts/check-import-cycles.mjs [folder ...]   (default: the endpoint's and widgets' src)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const roots = (process.argv.length > 2 ? process.argv.slice(2) : ['packages/endpoint/src', 'packages/endpoint/console-src', 'packages/endpoint/pages-src', 'packages/widgets/src']).map((r) => resolve(r));
const configFile = ts.readConfigFile(resolve('tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, process.cwd());

const sources = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) sources.push(p);
  }
};
roots.forEach(walk);
const inScope = new Set(sources);

/** Module -> the in-scope modules it imports (static, dynamic, `import type`, `export … from`). */
const graph = new Map();
for (const file of sources) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const deps = new Set();
  for (const { fileName } of importedFiles) {
    const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule?.resolvedFileName;
    if (resolved && inScope.has(resolve(resolved))) deps.add(resolve(resolved));
  }
  graph.set(file, [...deps]);
}

// Tarjan's strongly connected components: every component with more than one module
// (or a module importing itself) is a circle.
let index = 0;
const stack = [];
const meta = new Map();
const circles = [];
function connect(v) {
  meta.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of graph.get(v)) {
    if (!meta.has(w)) {
      connect(w);
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
    } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
  }
  if (meta.get(v).low === meta.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      meta.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) circles.push(component);
  }
}
for (const v of graph.keys()) if (!meta.has(v)) connect(v);

const show = (f) => relative(process.cwd(), f);
if (circles.length) {
  console.error(`Import circles (type-only imports count too), ${circles.length}:`);
  for (const c of circles) console.error(`  ${c.map(show).sort().join('  <->  ')}`);
  process.exit(1);
}
console.log(`No import circles among ${sources.length} modules (${roots.map(show).join(', ')}).`);

// Floors: the widgets' shared folders (base, i18n, feed, giving) sit below the elements. A shared
// module importing an element's folder would tie every element to that one (tests may look up).
const widgets = resolve('packages/widgets/src');
const SHARED = /^(base|i18n|feed|giving)\//;
const ELEMENT = /^(rescue-[a-z-]+|nine-lives-picker|monthly-ally-signup)\//;
const upward = [];
for (const [file, deps] of graph) {
  const from = relative(widgets, file);
  if (!SHARED.test(from) || /\.test\.ts$/.test(from)) continue;
  for (const dep of deps) if (ELEMENT.test(relative(widgets, dep))) upward.push(`${show(file)} -> ${show(dep)}`);
}
if (upward.length) {
  console.error(`Shared widget modules importing an element's folder (move what they need down, or the map one floor up), ${upward.length}:`);
  for (const u of upward) console.error(`  ${u}`);
  process.exit(1);
}
console.log('No shared widget module imports an element folder.');
