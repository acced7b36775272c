// Writes React 19 JSX and Vue 3 template typings for every element in
// packages/widgets/custom-elements.json into packages/widgets/dist/types/
// (`@rescuekit/widgets/types/react`, `@rescuekit/widgets/types/vue`).
// Generated, never hand-written: a new element with a define entry and a
// `@customElement` JSDoc block gets typings on the next build.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const PKG = 'packages/widgets';
const manifest = JSON.parse(readFileSync(`${PKG}/custom-elements.json`, 'utf8'));
/** Names the package's main entry exports: only those can be imported by the typings. */
const exported = new Set([...readFileSync(`${PKG}/dist/index.d.ts`, 'utf8').matchAll(/\b(?:class|type|interface|function|const)?\s*([A-Z]\w*)\b/g)].map((m) => m[1]));

/** Public, defined tags: those with a `define/<tag>` entry. */
const defined = new Set(manifest.modules.flatMap((m) => (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name)));
const elements = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && defined.has(d.tagName))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n` : '');
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
/** A manifest type text we can repeat safely: string literals, boolean, number, string. */
const simpleType = (text) => {
  const parts = (text ?? '').split('|').map((s) => s.trim()).filter((s) => s && s !== 'undefined');
  return parts.length && parts.every((p) => /^('[\w -]*'|"[\w -]*"|boolean|number|string)$/.test(p)) ? parts.join(' | ') : undefined;
};
/** An attribute React and Vue set as an attribute (no property of that name): its text, or a boolean. */
const kebabType = (text) => {
  const t = simpleType(text);
  return t === 'boolean' ? 'boolean' : t && !t.includes('number') ? t : t ? `${t} | string` : 'string';
};
const camel = (s) => s.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const classOf = (d) => (exported.has(d.name) ? d.name : 'HTMLElement');
const eventType = (e) => (exported.has(e.type?.text) ? e.type.text : 'Event');

/**
 * Props of one element, by name: every attribute (a same-named property takes the
 * property's exact type, as React and Vue set properties when the element has one;
 * kebab-case attributes are strings or booleans) plus public writable properties.
 */
function props(d) {
  const cls = classOf(d);
  const out = new Map();
  const fields = new Map((d.members ?? []).filter((m) => m.kind === 'field' && !m.static && (m.privacy ?? 'public') === 'public' && !m.readonly && !m.name.startsWith('_') && !m.name.startsWith('#')).map((m) => [m.name, m]));
  for (const a of d.attributes ?? []) {
    if (a.name === 'lang' || a.name.startsWith('_')) continue; // a global attribute; internal state
    const field = a.fieldName && fields.get(a.fieldName);
    const type = a.name === a.fieldName && field && cls !== 'HTMLElement' ? `${cls}['${a.fieldName}']` : kebabType(a.type?.text);
    out.set(a.name, { type, description: a.description ?? field?.description });
  }
  for (const [name, f] of fields) {
    if (out.has(name) || cls === 'HTMLElement') continue;
    out.set(name, { type: `${cls}['${name}']`, description: f.description });
  }
  return out;
}

const imports = [...new Set(elements.flatMap((d) => [classOf(d), ...(d.events ?? []).map(eventType)]).filter((n) => exported.has(n)))].sort();
const header = `// Generated from custom-elements.json by scripts/jsx-types.mjs. Do not edit.\nimport type { ${imports.join(', ')} } from '../index.js';\n`;

const react = [
  header,
  `import type { DetailedHTMLProps, HTMLAttributes } from 'react';\n`,
  `type Base<E> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, 'onChange' | 'onInput'>;\n`,
  `declare module 'react' {\n  namespace JSX {\n    interface IntrinsicElements {\n`,
  ...elements.map((d) => {
    const cls = classOf(d);
    const lines = [...props(d)].map(([name, p]) => `${doc(p.description, '        ')}        ${key(name)}?: ${p.type};\n`);
    // React 19 adds listeners for `on<event-name>` props on custom elements, case kept.
    for (const e of d.events ?? []) lines.push(`${doc(e.description, '        ')}        ${key(`on${e.name}`)}?: (event: ${eventType(e)}) => void;\n`);
    return `${doc(d.summary ?? d.description, '      ')}      '${d.tagName}': Base<${cls}> & {\n${lines.join('')}      };\n`;
  }),
  `    }\n  }\n}\n\nexport {};\n`,
].join('');

const vue = [
  header,
  `import type { DefineComponent } from 'vue';\n\n`,
  `declare module 'vue' {\n  interface GlobalComponents {\n`,
  ...elements.map((d) => {
    const lines = [...props(d)].map(([name, p]) => `${doc(p.description, '      ')}      ${key(name)}?: ${p.type};\n`);
    // `@rescue-progress="…"` in a template type-checks as the `onRescueProgress` prop.
    for (const e of d.events ?? []) {
      const on = `on${camel(e.name).replace(/^./, (c) => c.toUpperCase())}`;
      lines.push(`${doc(e.description, '      ')}      ${on}?: (event: ${eventType(e)}) => void;\n`);
    }
    return `${doc(d.summary ?? d.description, '    ')}    '${d.tagName}': DefineComponent<{\n${lines.join('')}    }>;\n`;
  }),
  `  }\n}\n\nexport {};\n`,
].join('');

mkdirSync(`${PKG}/dist/types`, { recursive: true });
writeFileSync(`${PKG}/dist/types/react.d.ts`, react);
writeFileSync(`${PKG}/dist/types/vue.d.ts`, vue);
