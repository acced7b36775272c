/**
 * The frame shared by the endpoint's own pages: head, strict Content-Security-Policy,
 * the widgets' bundle served by the endpoint itself, and the not-found page.
 */
import { html, type SafeHtml } from './html.js';
import { STRINGS, type Lang } from './strings.js';

/** Where the Node server serves the pages' stylesheets, scripts and the widgets' bundle. */
const ASSETS = '/rescuekit-assets/';

/** Our pages load only from our own origin (their fonts included); none runs inline script or style. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/**
 * The pages' fonts (see static/fonts.ts, which serves them and writes the two stylesheets): the version
 * of the Fontsource packages names the files' URLs, so they are cached for good. Every page preloads the
 * Latin subset, regular and bold; a page in Korean, or whose title is, also links the Hangul subsets' rules (not
 * for the "한국어" link alone: every English page has it, and the rules are 13 KB compressed).
 */
export const FONT_FILES = '/rescuekit-assets/fonts/noto-sans@5.3.0/';
export const PRELOADED_FONTS = [`${FONT_FILES}noto-sans-latin-400-normal.woff2`, `${FONT_FILES}noto-sans-latin-700-normal.woff2`];
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

/** The font links of a page: preloads, then the Hangul rules (when it has Korean) before the Latin ones. */
function fontLinks(korean: boolean): SafeHtml {
  return html`${PRELOADED_FONTS.map((f) => html`<link rel="preload" href="${f}" as="font" type="font/woff2" crossorigin>\n`)}${korean ? html`<link rel="stylesheet" href="${ASSETS}fonts-ko.css">\n` : ''}<link rel="stylesheet" href="${ASSETS}fonts.css">\n`;
}

/** Headers of a hosted page or poster: not frame-able (the embeds are), no referrer leaks. */
export function pageHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `${PAGE_CSP}; frame-ancestors 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    ...extra,
  };
}

export interface DocumentParts {
  lang: Lang;
  title: string;
  head?: SafeHtml;
  body: SafeHtml;
  /** Stylesheets under {@link ASSETS}. */
  styles: string[];
  /** Module scripts under {@link ASSETS}. */
  scripts?: string[];
  bodyClass?: string;
}

/** A whole HTML document. */
export function documentHtml(p: DocumentParts): string {
  return html`<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<link rel="icon" href="data:,">
${fontLinks(p.lang === 'ko' || HANGUL.test(p.title))}${p.styles.map((s) => html`<link rel="stylesheet" href="${ASSETS}${s}">\n`)}${(p.scripts ?? []).map((s) => html`<script type="module" src="${ASSETS}${s}"></script>\n`)}${p.head}
</head>
<body${p.bodyClass ? html` class="${p.bodyClass}"` : ''}>
${p.body}
</body>
</html>
`.value;
}

/** A 404 as a page for people (the API's 404s stay problem+json). */
export function notFoundPage(lang: Lang): Response {
  const t = STRINGS[lang];
  const body = documentHtml({ lang, title: t.notFound, styles: ['page.css'], body: html`<main class="page"><h1>${t.notFound}</h1><p>${t.notFoundBody}</p></main>` });
  return new Response(body, { status: 404, headers: pageHeaders({ 'cache-control': 'no-cache' }) });
}
