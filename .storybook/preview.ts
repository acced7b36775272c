/// <reference types="vite/client" />
import type { Decorator, Preview, StoryContext } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
// The widgets' font in every story and Docs block: Noto Sans and Noto Sans KR (regular and bold) from the
// npm packages the share image and the visual baselines use, so nothing depends on a system font.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/700.css';
import './preview.css';
import { booleanAttributesOff, manifestArgTypes, type ManifestDeclaration } from './arg-types.js';
import { elementSnippet, styleBlock } from './usage.js';

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

/**
 * "Show code" for an element's story: the element as a page uses it (usage.ts), from the story's
 * current args, so a control changed shows in the snippet. Attributes the manifest documents are
 * printed when set; CSS custom properties set from controls go into a `<style>` for the tag.
 */
function elementSource(code: string, ctx: StoryContext): string {
  const tag = ctx.component;
  if (typeof tag !== 'string' || !declarationOf(tag)) return code;
  const args = ctx.args as Record<string, unknown>;
  const attrs = attributesOf(tag)
    .filter((a) => a.name !== 'endpoint' && a.name !== 'campaign')
    .map((a): [string, unknown] => [a.name, args[a.name]]);
  const css = (declarationOf(tag)?.cssProperties ?? []).map(({ name }): [string, unknown] => [name, args[name]]);
  return elementSnippet(tag, { endpoint: args.endpoint, campaign: args.campaign, attrs, style: styleBlock(tag, css) });
}

const preview: Preview = {
  decorators: [manifestControls],
  argTypesEnhancers: [manifestArgTypes(declarationOf)],
  argsEnhancers: [booleanAttributesOff],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    a11y: { test: 'error' },
    docs: { toc: true, source: { transform: elementSource, language: 'html' } },
    options: { storySort: { order: ['Getting started', 'Elements', 'Theming', 'Surfaces', 'Contributing'] } },
  },
};

export default preview;
