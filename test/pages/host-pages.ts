// Generated host pages for every tag with a define entry, and what the tests measure on them.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { TAGS } from './harness.js';

/** tag -> class name, from the manifest (the CDN bundle exports every class). */
const manifest = JSON.parse(readFileSync('packages/widgets/custom-elements.json', 'utf8'));
export const CLASSES: Record<string, string> = Object.fromEntries(
  manifest.modules.flatMap((m: any) => (m.exports ?? []).filter((e: any) => e.kind === 'custom-element-definition').map((e: any) => [e.name, e.declaration.name])),
);

/** One of each element, on the demo campaign, with its no-JS fallback link. */
const widgets = (prefix = '') =>
  TAGS.map((t) => `<${prefix}${t} campaign="rescue-team-demo"><a href="https://example.org/give">Give to the Rescue Team</a></${prefix}${t}>`).join('\n');

const page = (body: string, { head = '', html = 'lang="en"' } = {}) => `<!doctype html>
<html ${html}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${head}</head><body>
${body}
</body></html>`;

const HOSTILE_CSS = `
/* Resets and habits seen on real sites, all at once. */
html { font-size: 200%; }
*, *::before, *::after { box-sizing: content-box !important; margin: 0; padding: 0; border: 0; font: inherit; vertical-align: baseline; }
body { font: 13px/1 "Comic Sans MS", cursive; color: #333; text-align: justify; letter-spacing: .05em; word-spacing: .3em; text-transform: uppercase; }
main { text-align: center; white-space: pre-line; } /* Vite's starter: #root { text-align: center } */
button, [type=button], [role=button] { display: none !important; }
ol, ul { list-style: none; }
a { color: inherit; text-decoration: none; }
p, div, span, section { line-height: 1; }
input, select, textarea { appearance: none; background: transparent; }
svg, img, video, canvas { display: block; max-width: 100%; height: auto; }
:where(*) { min-width: 0; }
`;

export function writePages(dir: string): void {
  const classes = JSON.stringify(CLASSES);
  writeFileSync(
    `${dir}/two-copies.html`,
    page(`${widgets()}\n${widgets('copy2-')}`, {
      head: `
<!-- A per-element bundle, the all-elements bundle, and a second copy of it (another URL: another module instance). -->
<script type="module" src="/cdn/rescue-thermometer.js"></script>
<script type="module" src="/cdn/rescuekit.js"></script>
<script type="module" src="/cdn/rescuekit.js?copy=2"></script>
<script type="module">
  // The documented way for a second copy to use its own classes: a scoped name.
  import * as copy2 from '/cdn/rescuekit.js?copy=2';
  for (const [tag, name] of Object.entries(${classes})) copy2.defineElement('copy2-' + tag, copy2[name]);
  window.copy2 = copy2;
</script>`,
    }),
  );
  const all = '<script type="module" src="/cdn/rescuekit.js"></script>';
  writeFileSync(`${dir}/hostile-css.html`, page(`<main>\n${widgets()}\n</main>`, { head: `${all}<style>${HOSTILE_CSS}</style>` }));
  writeFileSync(
    `${dir}/narrow.html`,
    page(`<div class="col">\n${widgets()}\n</div>`, { head: `${all}<style>body { margin: 0; } .col { width: 320px; overflow: auto; }</style>` }),
  );
  writeFileSync(
    `${dir}/rtl.html`,
    page(`<main>\n${widgets()}\n<rescue-thermometer campaign="rescue-team-demo" variant="bar"></rescue-thermometer>\n</main>`, {
      html: 'lang="he" dir="rtl"',
      head: `${all}<style>body { font-family: system-ui, sans-serif; } main { max-width: 40rem; }</style>`,
    }),
  );
}

export interface Layout {
  tag: string;
  width: number;
  height: number;
  left: number;
  right: number;
  /** Text the visitor can see: non-empty, rendered, at a readable size. */
  visibleText: string;
  smallestFont: number;
  /** Each button outside a closed dialog: rendered size and background. */
  buttons: { text: string; width: number; height: number; display: string; background: string }[];
  direction: string;
  /** Where the first visible text sits inside the host: distance to its left and right edges. */
  firstText: { fromLeft: number; fromRight: number } | null;
}

/** Measures every instance of the given tags in the page, shadow trees included. */
export function measure(page: Page, tags: readonly string[]): Promise<Layout[]> {
  return page.evaluate((tags: string[]) => {
    const out: Layout[] = [];
    for (const tag of tags) {
      for (const el of document.querySelectorAll(tag)) {
        const host = el.getBoundingClientRect();
        const root = el.shadowRoot!;
        const texts: string[] = [];
        let smallestFont = Infinity;
        let firstText: Layout['firstText'] = null;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent!.trim();
          const parent = n.parentElement;
          if (!text || !parent || parent.closest('dialog:not([open]), .sr')) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          const r = range.getBoundingClientRect();
          const style = getComputedStyle(parent);
          if (r.width < 1 || r.height < 1 || style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
          texts.push(text);
          smallestFont = Math.min(smallestFont, parseFloat(style.fontSize));
          firstText ??= { fromLeft: r.left - host.left, fromRight: host.right - r.right };
        }
        const buttons = [...root.querySelectorAll('button')]
          .filter((b) => !b.closest('dialog:not([open])') && !b.closest('[part~=message]'))
          .map((b) => {
            const r = b.getBoundingClientRect();
            const s = getComputedStyle(b);
            return { text: b.textContent!.trim(), width: r.width, height: r.height, display: s.display, background: s.backgroundColor };
          });
        out.push({ tag, width: host.width, height: host.height, left: host.left, right: host.right, visibleText: texts.join(' '), smallestFont, buttons, direction: getComputedStyle(el).direction, firstText });
      }
    }
    return out;
  }, [...tags]);
}

