/**
 * The share images' template in three shapes (satori's element tree, no JSX needed): `wide`
 * (1200x630, link previews), `square` (1080x1080, posts) and `story` (1080x1920, stories). The
 * square and story images also carry the short URL and a QR code to the hosted page, when the
 * endpoint knows its `publicUrl`.
 */
import type { Progress } from '@rescuekit/schema';
import { visibleFill } from './fill.js';
import { STRINGS, nine, progressWords, type Lang } from './strings.js';

export type CardShape = 'wide' | 'square' | 'story';

/** Pixel size of each shape. */
export const CARD_SIZES: Record<CardShape, { width: number; height: number }> = {
  wide: { width: 1200, height: 630 },
  square: { width: 1080, height: 1080 },
  story: { width: 1080, height: 1920 },
};

export interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: (Node | string)[] | Node | string; src?: string; width?: number; height?: number };
}
const div = (style: Record<string, string | number>, ...children: (Node | string)[]): Node => ({ type: 'div', props: { style: { display: 'flex', ...style }, children } });

/**
 * Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms): satori
 * lays text out left to right without shaping, so such a title would be drawn wrong.
 */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/** What the card can draw of a text: the text, or `fallback` where satori would draw it wrong. */
export const drawable = (text: string, fallback: string): string => (RTL.test(text) ? fallback : text);

/** A fundraiser page's words on its card: its public name (in the card's language) and "for <team>". */
export interface CardText {
  title: string;
  forTeam?: string | undefined;
}

/** Where the square and story images send people: the short URL in text and a QR code (an SVG data URI) of the full one. */
export interface CardLink {
  /** `give.example.org/c/team`: publicUrl's host and path, no scheme. */
  short: string;
  /** The QR code's picture. */
  qr: string;
}

/** Type sizes and spacing of a shape. */
interface Scale {
  pad: number;
  ask: number;
  title: number;
  raised: number;
  rescues: number;
  bar: number;
  qr: number;
  lines: number;
}
const SCALES: Record<CardShape, Scale> = {
  wide: { pad: 72, ask: 30, title: 72, raised: 44, rescues: 34, bar: 40, qr: 0, lines: 3 },
  square: { pad: 72, ask: 34, title: 72, raised: 48, rescues: 36, bar: 44, qr: 220, lines: 3 },
  story: { pad: 96, ask: 44, title: 88, raised: 60, rescues: 44, bar: 56, qr: 400, lines: 4 },
};

/** Title size and wrapping: longer titles and longer words get smaller type; a word that still does not fit breaks. */
function titleStyle(title: string, lang: Lang, width: number, base: number, lines: number): Record<string, string | number> {
  const longestWord = Math.max(0, ...title.split(/\s+/).map((w) => [...w].length));
  const size = title.length > 80 || longestWord > 24 ? Math.round(base * 0.67) : title.length > 40 || longestWord > 16 ? Math.round(base * 0.78) : base;
  return {
    fontSize: size, fontWeight: 700, lineHeight: 1.15, maxHeight: Math.ceil(size * 1.15 * lines), overflow: 'hidden', width,
    display: 'block', lineClamp: lines, textOverflow: 'ellipsis', wordBreak: longestWord > 16 ? 'break-all' : lang === 'ko' ? 'keep-all' : 'normal',
  };
}

/** The title, or a fundraiser page's name over its "for <team>" line (the name then keeps to two lines). */
function heading(p: Progress, lang: Lang, text: CardText | undefined, width: number, s: Scale): Node {
  const title = drawable(text?.title ?? p.title, STRINGS[lang].cardTitleFallback);
  const forTeam = text?.forTeam && drawable(text.forTeam, '');
  if (!forTeam) return div(titleStyle(title, lang, width, s.title, s.lines), title);
  return div(
    { flexDirection: 'column' },
    div(titleStyle(title, lang, width, s.title, s.lines - 1), title),
    div({ fontSize: Math.round(s.rescues), marginTop: 12, color: '#3a3a40', display: 'block', width, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }, forTeam),
  );
}

/** The bar: raised, then matched money as its own lighter segment, the fill never less than {@link visibleFill}. */
function bar(p: Progress, width: number, thickness: number): Node {
  const share = p.goal > 0 ? Math.min(1, p.raised / p.goal) : 0;
  const fill = visibleFill(share, width, thickness);
  const matchedShare = p.goal > 0 ? Math.min(1 - share, (p.matched ?? 0) / p.goal) : 0;
  const matched = Math.min(width - fill, Math.round(width * matchedShare));
  // Hatched would not survive satori; a lighter green does.
  return div(
    { width, height: thickness, borderRadius: thickness / 2, background: '#dfe7e3', overflow: 'hidden' },
    div({ width: fill, height: thickness, background: '#0b6e4f', borderRadius: thickness / 2 }),
    div({ width: matched, height: thickness, background: '#6fb89a' }),
  );
}

/** The short URL and QR code (square and story images). */
function linkBlock(lang: Lang, link: CardLink, shape: CardShape, s: Scale): Node {
  const img: Node = { type: 'img', props: { src: link.qr, width: s.qr, height: s.qr, style: { width: s.qr, height: s.qr } } };
  const words = div(
    { flexDirection: 'column', justifyContent: 'center', ...(shape === 'story' ? { alignItems: 'center', marginTop: 24 } : { marginLeft: 40, flex: 1 }) },
    div({ fontSize: s.rescues, fontWeight: 700, color: '#0b6e4f' }, STRINGS[lang].scan),
    div({ fontSize: Math.round(s.rescues * 0.9), marginTop: 8, color: '#1b1b1f', display: 'block', wordBreak: 'break-all' }, link.short),
  );
  return div({ flexDirection: shape === 'story' ? 'column' : 'row', alignItems: 'center' }, img, words);
}

/** The template of `shape`; `link` adds the short URL and QR code (never on the wide image). */
export function cardTree(p: Progress, lang: Lang, text?: CardText, shape: CardShape = 'wide', link?: CardLink): Node {
  const w = progressWords({ ...p, ...(p.match?.label ? { match: { ...p.match, label: drawable(p.match.label, '') || undefined } } : {}) } as Progress, lang);
  const { width, height } = CARD_SIZES[shape];
  const s = SCALES[shape];
  const inner = width - 2 * s.pad;
  const numbers = div(
    { flexDirection: 'column' },
    div({ fontSize: s.raised, fontWeight: 700, marginBottom: 20, whiteSpace: 'nowrap' }, w.raisedOf),
    bar(p, inner, s.bar),
    div({ fontSize: s.rescues, marginTop: 20, color: '#3a3a40' }, w.rescues),
    ...(w.matched ? [div({ fontSize: Math.round(s.rescues * 0.82), marginTop: 8, color: '#0b5a40', display: 'block', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }, w.matched)] : []),
  );
  const shown = shape !== 'wide' && link ? [linkBlock(lang, link, shape, s)] : [];
  return div(
    { width, height, boxSizing: 'border-box', flexDirection: 'column', justifyContent: 'space-between', padding: `${shape === 'story' ? 160 : 56}px ${s.pad}px`, background: '#fffdf7', color: '#1b1b1f' },
    div({ fontSize: s.ask, color: '#0b6e4f', fontWeight: 700 }, STRINGS[lang].nineLives(nine(p, lang))),
    heading(p, lang, text, inner, s),
    numbers,
    ...shown,
  );
}

/** Every text the tree draws, to pick the fonts it needs. */
export function textOf(node: Node | string): string {
  if (typeof node === 'string') return node;
  const c = node.props.children;
  return c === undefined ? '' : Array.isArray(c) ? c.map(textOf).join('') : textOf(c);
}
