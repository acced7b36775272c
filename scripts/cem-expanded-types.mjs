// A custom-elements-manifest analyzer plugin: every attribute and field whose declared type
// names an alias (`mode: UiMode | undefined`, `frequency: Frequency`) gets an `expandedType`
// with what the alias stands for (`'embedded' | 'redirect' | undefined`), resolved by the
// TypeScript checker through imports and `z.infer`. The declared `type` stays as written, for
// the docs; tools that offer choices (Storybook's controls) read `expandedType`.
import { dirname } from 'node:path';
import ts from 'typescript';

const SIMPLE = ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.Undefined | ts.TypeFlags.Null;

/**
 * `'a' | 'b' | undefined` for a union of literals and primitives (booleans stay `boolean`);
 * undefined when any member is an object, whose alias name says more than its expansion.
 */
function typeText(checker, type) {
  const parts = [];
  for (const t of type.isUnion() ? type.types : [type]) {
    if (!(t.flags & SIMPLE)) return undefined;
    const text = t.flags & ts.TypeFlags.BooleanLiteral ? 'boolean' : t.isStringLiteral() ? `'${t.value}'` : checker.typeToString(t);
    if (!parts.includes(text)) parts.push(text);
  }
  // `undefined` last, as people write it.
  return [...parts.filter((p) => p !== 'undefined'), ...parts.filter((p) => p === 'undefined')].join(' | ');
}

/** The members of a declared type text, without `undefined` (written `X | undefined | undefined` by the analyzer). */
const members = (text = '') => [...new Set(text.split('|').map((s) => s.trim()).filter((s) => s && s !== 'undefined'))].sort().join('|');

/** @param {{ tsconfig?: string }} [options] compiler options (paths to the packages' sources) */
export function expandedTypes({ tsconfig = 'tsconfig.json' } = {}) {
  return {
    name: 'rescuekit-expanded-types',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile);
      const { options } = ts.parseJsonConfigFileContent(config, ts.sys, dirname(tsconfig));
      const files = manifest.modules.map((m) => m.path).filter((p) => p.endsWith('.ts'));
      const program = ts.createProgram(files, { ...options, noEmit: true });
      const checker = program.getTypeChecker();
      for (const mod of manifest.modules) {
        const source = program.getSourceFile(mod.path);
        if (!source) continue;
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const node = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === decl.name);
          if (!node) continue;
          const instance = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(node.name));
          const items = [...(decl.attributes ?? []), ...(decl.members ?? []).filter((m) => m.kind === 'field' && !m.static)];
          for (const item of items) {
            const property = item.fieldName ?? (item.kind === 'field' ? item.name : undefined);
            const symbol = property && checker.getPropertyOfType(instance, property);
            if (!symbol || !item.type?.text) continue;
            const text = typeText(checker, checker.getTypeOfSymbol(symbol));
            if (text && members(text) !== members(item.type.text)) item.expandedType = { text };
          }
        }
      }
    },
  };
}
