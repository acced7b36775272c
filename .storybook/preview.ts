/// <reference types="vite/client" />
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';

// Autodocs (attributes, properties, slots, parts, CSS properties, events) come from the
// generated custom-elements.json (`npm run build`, or the cem step of `npm run storybook`).
// A glob, not an import: a fresh clone typechecks before the manifest exists.
const found = import.meta.glob<{ default: unknown }>('../packages/widgets/custom-elements.json', { eager: true });
const manifest = Object.values(found)[0]?.default as { modules: { declarations?: { tagName?: string; attributes?: { name: string; type?: { text: string } }[] }[] }[] } | undefined;
if (manifest) setCustomElementsManifest(manifest);

/** Documented attributes of a tag, from the manifest. */
const attributesOf = (tag: string) =>
  manifest?.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === tag)?.attributes?.filter((a) => !a.name.startsWith('_')) ?? [];

/**
 * Makes every manifest control work, also for attributes a story's own render does not
 * bind: after the story renders, each such arg the reader has set is written to the
 * story's element as its attribute (booleans toggle it).
 */
const manifestControls: Decorator = (story, { args, component, canvasElement, initialArgs }) => {
  const out = story();
  if (component) {
    setTimeout(() => {
      const el = canvasElement?.querySelector(component);
      if (!el) return;
      for (const a of attributesOf(component)) {
        const v = args[a.name];
        if (v === undefined || v === initialArgs[a.name]) continue;
        if (typeof v === 'boolean') el.toggleAttribute(a.name, v);
        else el.setAttribute(a.name, Array.isArray(v) ? v.join(' ') : String(v));
      }
    });
  }
  return out;
};

const preview: Preview = {
  decorators: [manifestControls],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    a11y: { test: 'error' },
    docs: { toc: true },
  },
};

export default preview;
