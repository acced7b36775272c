// custom-elements.json for @rescuekit/widgets, generated from the classes' JSDoc.
// Storybook docs, the React/Vue typings (scripts/jsx-types.mjs) and editors read it;
// nothing is written by hand.
import { readdirSync } from 'node:fs';
import { expandedTypes } from './scripts/cem-expanded-types.mjs';

const SRC = 'packages/widgets/src/';
const DEFINE_DIR = `${SRC}define`;

/** `packages/widgets/src/a/b.ts` -> `dist/a/b.js`: paths as they are inside the published package. */
const published = (path) => (path.startsWith(SRC) ? `dist/${path.slice(SRC.length).replace(/\.ts$/, '.js')}` : path);

/**
 * Rewrites every module path to the package's built file and adds one module per
 * `define/<tag>` entry with its `custom-element-definition`, so tools know which
 * import registers which tag.
 */
function publishedPaths() {
  return {
    name: 'rescuekit-published-paths',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const walk = (node) => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = published(value);
          else walk(value);
        }
      };
      walk(manifest.modules);
      const classes = new Map();
      for (const mod of manifest.modules) {
        for (const d of mod.declarations ?? []) if (d.customElement && d.tagName) classes.set(d.tagName, { name: d.name, module: mod.path });
      }
      for (const file of readdirSync(DEFINE_DIR).filter((f) => f.endsWith('.ts')).sort()) {
        const tag = file.replace(/\.ts$/, '');
        const declaration = classes.get(tag);
        if (!declaration) throw new Error(`custom-elements.json: define/${file} names <${tag}>, but no class has @customElement ${tag}`);
        manifest.modules.push({
          kind: 'javascript-module',
          path: `dist/define/${tag}.js`,
          declarations: [],
          exports: [
            { kind: 'custom-element-definition', name: tag, declaration },
            { kind: 'js', name: declaration.name, declaration },
          ],
        });
      }
    },
  };
}

export default {
  globs: ['packages/widgets/src/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.stories.ts', 'packages/widgets/src/define/**', 'packages/widgets/src/all.ts', 'packages/widgets/src/test-support/**'],
  outdir: 'packages/widgets',
  litelement: true,
  packagejson: false,
  // expandedTypes reads the sources, so it runs before publishedPaths points the paths at dist/.
  plugins: [expandedTypes(), publishedPaths()],
};
