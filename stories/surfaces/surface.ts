// The surfaces (hosted page, poster, console, share images, embeds) are served by the endpoint, not
// drawn by an element: their stories show the live surface from the endpoint named by the `endpoint`
// control (the demo of `npm start` by default), and say so plainly when nothing answers there. Nothing
// here is a screenshot, so a story never shows an old look.
import type { ArgTypes, StoryContext } from '@storybook/web-components-vite';
import { html, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { DEMO_ENDPOINT, DEMO_TEAM } from '../../.storybook/usage.js';

export type SurfaceArgs = { endpoint: string; campaign: string; lang: 'en' | 'ko' };

export const surfaceArgs: SurfaceArgs = { endpoint: DEMO_ENDPOINT, campaign: DEMO_TEAM, lang: 'en' };

export const surfaceArgTypes: Partial<ArgTypes<SurfaceArgs>> = {
  endpoint: { control: 'text', description: 'your endpoint (`npm start` serves the demo on http://localhost:8787)' },
  campaign: { control: 'text', description: 'a campaign id on that endpoint (the demo has `rescue-team-demo` and `the-hundred`)' },
  lang: { control: 'inline-radio', options: ['en', 'ko'], description: 'the language to show it in' },
};

/** The endpoint's address without a trailing slash. */
export const base = (endpoint: string) => (endpoint || DEMO_ENDPOINT).trim().replace(/\/+$/, '');

/** `path` on the endpoint with `?lang=ko` added for Korean (and any `query` given). */
export function surfaceUrl(args: SurfaceArgs, path: string, query: Record<string, string> = {}): string {
  const u = new URL(base(args.endpoint) + path);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  if (args.lang === 'ko') u.searchParams.set('lang', 'ko');
  return u.href;
}

/** What the probe found at the endpoint. */
type Found = 'live' | 'no-campaign' | 'nothing';

/** Asks the endpoint for the campaign's progress (open to any origin): is anything there, and does it know the campaign? */
async function probe(args: SurfaceArgs): Promise<Found> {
  try {
    const res = await fetch(`${base(args.endpoint)}/v1/campaigns/${encodeURIComponent(args.campaign)}`, { cache: 'no-store', signal: AbortSignal.timeout(4000) });
    return res.ok ? 'live' : 'no-campaign';
  } catch {
    return 'nothing';
  }
}

/** The latest probe each status line waits for: an older answer (the controls changed meanwhile) is dropped. */
const latest = new WeakMap<Element, object>();

/** The status line: written into `el` once the probe answers (`data-found`, and `data-endpoint` it asked). */
const status = (args: SurfaceArgs) => (el: Element | undefined) => {
  if (!(el instanceof HTMLElement)) return;
  const ask = {};
  latest.set(el, ask);
  el.dataset.found = '';
  el.dataset.endpoint = base(args.endpoint);
  el.textContent = `Asking ${base(args.endpoint)}…`;
  void probe(args).then((found) => {
    if (!el.isConnected || latest.get(el) !== ask) return;
    el.dataset.found = found;
    el.textContent =
      found === 'live'
        ? `Live from ${base(args.endpoint)}, campaign “${args.campaign}”.`
        : found === 'no-campaign'
          ? `${base(args.endpoint)} answers, but has no public campaign “${args.campaign}”. Check the campaign control.`
          : `Nothing answers at ${base(args.endpoint)}. Run \`npm start\` in a clone of rescuekit (it serves the demo there), or set the endpoint control to your own endpoint.`;
  });
};

/** A surface story: the status line, a link that opens the surface, then what the story shows of it. */
export function surface(args: SurfaceArgs, open: { href: string; label: string }, body: TemplateResult | string = ''): TemplateResult {
  return html`<div class="rk-surface" style="display: grid; gap: 0.75rem; max-width: 72rem">
    <p role="status" ${ref(status(args))} style="margin: 0; padding: 0.5rem 0.75rem; border-inline-start: 4px solid #767676; background: #f4f4f4"></p>
    <p style="margin: 0"><a href=${open.href} target="_blank" rel="noopener">${open.label}</a> <code>${open.href}</code></p>
    ${body}
  </div>`;
}

/** An image from the endpoint at its real aspect ratio, scaled to `width` CSS px, with a message if it cannot load. */
export function liveImage(src: string, alt: string, size: [number, number], width: number): TemplateResult {
  const failed = (e: Event) => {
    const img = e.target as HTMLImageElement;
    img.style.display = 'none';
    img.nextElementSibling!.removeAttribute('hidden');
  };
  return html`<figure style="margin: 0; max-width: ${Math.max(width, 260)}px">
    <img src=${src} alt=${alt} width=${width} height=${Math.round((width * size[1]) / size[0])} @error=${failed} style="display: block; border: 1px solid #ccc; background: #f4f4f4" />
    <p hidden data-image-missing style="margin: 0.25rem 0; padding: 0.5rem; border: 1px dashed #767676">This endpoint did not answer this image: nothing is running there, or its version does not draw this shape yet.</p>
    <figcaption style="margin-top: 0.25rem">${alt}: ${size[0]} × ${size[1]} px, <code>${new URL(src).pathname}</code></figcaption>
  </figure>`;
}

/** "Show code" for a surface: what to paste or share, built from the story's args. */
export const surfaceSource = (snippet: (args: SurfaceArgs) => string) => (_code: string, ctx: StoryContext) => snippet(ctx.args as SurfaceArgs);
