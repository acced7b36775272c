/**
 * The share image: 1200x630, the campaign's title, raised of goal, rescues funded and a bar,
 * drawn by satori (layout + text to SVG paths) from one template, and by resvg to PNG.
 * Rendered once per (campaign, shown numbers, language, format) and kept (bounded).
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { Progress } from '@rescuekit/schema';
import { cardFonts } from './fonts.js';
import { STRINGS, nine, progressWords, type Lang } from './strings.js';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export type CardFormat = 'svg' | 'png';

/** A rendered image and its validator. */
export interface Card {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  type: string;
}

interface Node {
  type: string;
  props: { style?: Record<string, string | number>; children?: (Node | string)[] | Node | string };
}
const div = (style: Record<string, string | number>, ...children: (Node | string)[]): Node => ({ type: 'div', props: { style: { display: 'flex', ...style }, children } });

/** The template (satori's element tree, no JSX needed). */
export function cardTree(p: Progress, lang: Lang): Node {
  const w = progressWords(p, lang);
  const share = p.goal > 0 ? Math.min(1, p.raised / p.goal) : 0;
  // Matched money is its own segment after raised (hatched would not survive satori; a lighter green does).
  const matchedShare = p.goal > 0 ? Math.min(1 - share, (p.matched ?? 0) / p.goal) : 0;
  return div(
    { width: CARD_WIDTH, height: CARD_HEIGHT, boxSizing: 'border-box', flexDirection: 'column', justifyContent: 'space-between', padding: '56px 72px', background: '#fffdf7', color: '#1b1b1f', fontFamily: 'Noto Sans, Noto Sans CJK KR' },
    div({ fontSize: 30, color: '#0b6e4f', fontWeight: 700 }, STRINGS[lang].nineLives(nine(p, lang))),
    div({ fontSize: p.title.length > 40 ? 56 : 72, fontWeight: 700, lineHeight: 1.15, maxHeight: 250, overflow: 'hidden', wordBreak: lang === 'ko' ? 'keep-all' : 'normal' }, p.title),
    div(
      { flexDirection: 'column' },
      div({ fontSize: 44, fontWeight: 700, marginBottom: 20 }, w.raisedOf),
      div(
        { width: 1056, height: 40, borderRadius: 20, background: '#dfe7e3', overflow: 'hidden' },
        div({ width: Math.round(1056 * share), height: 40, background: '#0b6e4f' }),
        div({ width: Math.round(1056 * matchedShare), height: 40, background: '#6fb89a' }),
      ),
      div({ fontSize: 34, marginTop: 20, color: '#3a3a40' }, w.rescues),
      ...(w.matched ? [div({ fontSize: 28, marginTop: 8, color: '#0b5a40', display: 'block', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }, w.matched)] : []),
    ),
  );
}

/** What the image shows: its cache key and ETag change exactly when one of these does. */
export function cardKey(p: Progress, lang: Lang, format: CardFormat): string {
  return JSON.stringify([p.campaign, p.title, p.currency, p.raised, p.goal, p.rescuesFunded, p.matched ?? null, p.match?.label ?? null, lang, format]);
}

/** SVG text of the card. Rejects with `MissingFontError` when the fonts are not installed. */
export async function renderCardSvg(p: Progress, lang: Lang): Promise<string> {
  return satori(cardTree(p, lang) as unknown as Parameters<typeof satori>[0], { width: CARD_WIDTH, height: CARD_HEIGHT, fonts: await cardFonts() });
}

/** PNG bytes of an SVG (the card, or the poster's QR code in tests). */
export function svgToPng(svg: string, width = CARD_WIDTH): Uint8Array {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } }).render().asPng();
}

/** Renders and keeps cards; the oldest go when more than `max` are kept. */
export class CardCache {
  readonly #cards = new Map<string, Promise<Card>>();
  readonly stats = { renders: 0 };
  constructor(readonly max = 256) {}

  get(p: Progress, lang: Lang, format: CardFormat): Promise<Card> {
    const key = cardKey(p, lang, format);
    const hit = this.#cards.get(key);
    if (hit) return hit;
    const made = this.#render(p, lang, format, key);
    this.#cards.set(key, made);
    made.catch(() => this.#cards.get(key) === made && this.#cards.delete(key));
    if (this.#cards.size > this.max) this.#cards.delete(this.#cards.keys().next().value!);
    return made;
  }

  async #render(p: Progress, lang: Lang, format: CardFormat, key: string): Promise<Card> {
    this.stats.renders++;
    const svg = await renderCardSvg(p, lang);
    const bytes = format === 'svg' ? new TextEncoder().encode(svg) : new Uint8Array(svgToPng(svg));
    const etag = `"card-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
    return { bytes, etag, type: format === 'svg' ? 'image/svg+xml' : 'image/png' };
  }
}
