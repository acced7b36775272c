/// <reference types="vite/client" />
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { booleanAttributesOff, manifestArgTypes, type ManifestDeclaration } from './arg-types.js';

// Autodocs (attributes, properties, slots, parts, CSS properties, events) come from the
// generated custom-elements.json (`npm run build`, or the cem step of `npm run storybook`).
// A glob, not an import: a fresh clone typechecks before the manifest exists.
const found = import.meta.glob<{ default: unknown }>('../packages/widgets/custom-elements.json', { eager: true });
type Declaration = ManifestDeclaration & { tagName?: string };
const manifest = Object.values(found)[0]?.default as { modules: { declarations?: Declaration[] }[] } | undefined;
if (manifest) setCustomElementsManifest(manifest);

/** A tag's class in the manifest. */
const declarationOf = (tag: string) => manifest?.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag);
/** Documented attributes of a tag, from the manifest. */
const attributesOf = (tag: string) => declarationOf(tag)?.attributes?.filter((a) => !a.name.startsWith('_')) ?? [];

/**
 * Makes every manifest control work, also for attributes a story's own render does not
 * bind: after the story renders, each such arg with a value is written to the story's
 * element as its attribute (booleans toggle it, also back off), and each CSS custom
 * property's to its style.
 */
const manifestControls: Decorator = (story, { args, component, canvasElement }) => {
  const out = story();
  if (component) {
    setTimeout(() => {
      const el = canvasElement?.querySelector(component);
      if (!el) return;
      for (const a of attributesOf(component)) {
        const v = args[a.name];
        if (v === undefined) continue;
        if (typeof v === 'boolean') el.toggleAttribute(a.name, v);
        else el.setAttribute(a.name, Array.isArray(v) ? v.join(' ') : String(v));
      }
      for (const { name } of declarationOf(component)?.cssProperties ?? []) {
        const v = args[name];
        if (typeof v === 'string' && v) (el as HTMLElement).style.setProperty(name, v);
        else (el as HTMLElement).style.removeProperty(name);
      }
    });
  }
  return out;
};

const preview: Preview = {
  decorators: [manifestControls],
  argTypesEnhancers: [manifestArgTypes(declarationOf)],
  argsEnhancers: [booleanAttributesOff],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    a11y: { test: 'error' },
    docs: { toc: true },
  },
};

export default preview;
