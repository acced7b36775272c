// Checks of a rendered page that see into the elements' shadow roots: which text a reader sees,
// whether any amount of money breaks across lines, and whether any text runs out of the viewport.
// The code sent to the page is plain JavaScript text (the test transpiler would wrap named
// functions in a helper the page lacks).
import type { Page } from 'puppeteer-core';

/** Defines `__rk.texts()`: every visible text node of the document and its shadow roots, with its rects. */
const DEEP_TEXT = `(() => {
  const visible = (el) => {
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    for (let e = el; e; e = e.parentElement || (e.getRootNode() instanceof ShadowRoot ? e.getRootNode().host : null)) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
      const r = e.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && s.display !== 'contents') return false;
    }
    return true;
  };
  const out = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) {
        if (child.data.trim() && child.parentElement && visible(child.parentElement)) out.push(child);
      } else if (child.nodeType === 1) {
        if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(child.tagName)) continue;
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    }
  };
  walk(document.body);
  return out;
})()`;

/** Money as the pages and elements write it: "$4,200", "US$4,200", "$0.58", "₩10,000". */
const AMOUNT = String.raw`(?:US|CA|A|NZ|HK)?[$€£₩¥]\s?\d[\d,]*(?:\.\d+)?`;

/** How many times `text` is visible on the page (inside elements' shadow roots too). */
export function visibleCount(page: Page, text: string): Promise<number> {
  return page.evaluate(`(() => { const t = ${JSON.stringify(text)}; return ${DEEP_TEXT}.filter((n) => n.data.includes(t)).length; })()`) as Promise<number>;
}

/** Amounts drawn on more than one line (each with the lines it took), and how many amounts were seen. */
export function brokenAmounts(page: Page): Promise<{ seen: number; broken: string[] }> {
  return page.evaluate(`(() => {
    const re = new RegExp(${JSON.stringify(AMOUNT)}, 'g');
    let seen = 0;
    const broken = [];
    for (const node of ${DEEP_TEXT}) {
      for (const m of node.data.matchAll(re)) {
        seen++;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0] + ' on ' + tops.size + ' lines in <' + node.parentElement.localName + (node.parentElement.getAttribute('part') ? ' part=' + node.parentElement.getAttribute('part') : '') + '>');
      }
    }
    return { seen, broken };
  })()`) as Promise<{ seen: number; broken: string[] }>;
}

/** Text that runs past the viewport's edges, or a page wider than the viewport. */
export function overflowingText(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) out.push('page is ' + document.documentElement.scrollWidth + ' px wide in ' + width);
    for (const node of ${DEEP_TEXT}) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) {
        if (r.width > 0 && (r.left < -1 || r.right > width + 1)) out.push(JSON.stringify(node.data.trim().slice(0, 40)) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
      }
    }
    return out;
  })()`) as Promise<string[]>;
}
