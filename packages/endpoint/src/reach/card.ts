/**
 * The share image: 1200x630, the campaign's title (a fundraiser page's public name and its team),
 * raised of goal, rescues funded and a bar,
 * drawn by satori (layout + text to SVG paths) from one template, and by resvg to PNG, with
 * fonts and emoji pictures from npm packages. Rendered once per (campaign, shown numbers,
 * language, format) and kept, within a byte budget; renders queue, a few at a time.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { Progress } from '@rescuekit/schema';
import { emojiPicture } from './emoji.js';
import { cardFonts } from './fonts.js';
import { RenderQueue } from './render-queue.js';
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

/**
 * Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms): satori
 * lays text out left to right without shaping, so such a title would be drawn wrong.
 */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/** What the card can draw of a text: the text, or `fallback` where satori would draw it wrong. */
export const drawable = (text: string, fallback: string): string => (RTL.test(text) ? fallback : text);

/** Title size and wrapping: longer titles and longer words get smaller type; a word that still does not fit breaks. */
function titleStyle(title: string, lang: Lang, lines = 3): Record<string, string | number> {
  const longestWord = Math.max(0, ...title.split(/\s+/).map((w) => [...w].length));
  const size = title.length > 80 || longestWord > 24 ? 48 : title.length > 40 || longestWord > 16 ? 56 : 72;
  return {
    fontSize: size, fontWeight: 700, lineHeight: 1.15, maxHeight: Math.ceil(size * 1.15 * lines), overflow: 'hidden', width: CARD_WIDTH - 144,
    display: 'block', lineClamp: lines, textOverflow: 'ellipsis', wordBreak: longestWord > 16 ? 'break-all' : lang === 'ko' ? 'keep-all' : 'normal',
  };
}

/** A fundraiser page's words on its card: its public name (in the card's language) and "for <team>". */
export interface CardText {
  title: string;
  forTeam?: string | undefined;
}

/** The title, or a fundraiser page's name over its "for <team>" line (the name then keeps to two lines). */
function heading(p: Progress, lang: Lang, text: CardText | undefined): Node {
  const title = drawable(text?.title ?? p.title, STRINGS[lang].cardTitleFallback);
  const forTeam = text?.forTeam && drawable(text.forTeam, '');
  if (!forTeam) return div(titleStyle(title, lang), title);
  return div(
    { flexDirection: 'column' },
    div(titleStyle(title, lang, 2), title),
    div({ fontSize: 34, marginTop: 12, color: '#3a3a40', display: 'block', width: CARD_WIDTH - 144, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }, forTeam),
  );
}

/** The template (satori's element tree, no JSX needed). */
export function cardTree(p: Progress, lang: Lang, text?: CardText): Node {
  const w = progressWords({ ...p, ...(p.match?.label ? { match: { ...p.match, label: drawable(p.match.label, '') || undefined } } : {}) } as Progress, lang);
  const share = p.goal > 0 ? Math.min(1, p.raised / p.goal) : 0;
  // Matched money is its own segment after raised (hatched would not survive satori; a lighter green does).
  const matchedShare = p.goal > 0 ? Math.min(1 - share, (p.matched ?? 0) / p.goal) : 0;
  return div(
    { width: CARD_WIDTH, height: CARD_HEIGHT, boxSizing: 'border-box', flexDirection: 'column', justifyContent: 'space-between', padding: '56px 72px', background: '#fffdf7', color: '#1b1b1f' },
    div({ fontSize: 30, color: '#0b6e4f', fontWeight: 700 }, STRINGS[lang].nineLives(nine(p, lang))),
    heading(p, lang, text),
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
function cardKey(p: Progress, lang: Lang, format: CardFormat, text: CardText | undefined): string {
  return JSON.stringify([p.campaign, p.title, p.currency, p.raised, p.goal, p.rescuesFunded, p.matched ?? null, p.match?.label ?? null, lang, format, text?.title ?? null, text?.forTeam ?? null]);
}

/** Every text the tree draws, to pick the fonts it needs. */
function textOf(node: Node | string): string {
  if (typeof node === 'string') return node;
  const c = node.props.children;
  return c === undefined ? '' : Array.isArray(c) ? c.map(textOf).join('') : textOf(c);
}

/** SVG text of the card. Rejects with `MissingFontError` when the font packages cannot be read. */
export async function renderCardSvg(p: Progress, lang: Lang, text?: CardText): Promise<string> {
  const tree = cardTree(p, lang, text);
  const fonts = await cardFonts(textOf(tree));
  tree.props.style = { ...tree.props.style, fontFamily: fonts.map((f) => f.name).join(', ') };
  return satori(tree as unknown as Parameters<typeof satori>[0], {
    width: CARD_WIDTH, height: CARD_HEIGHT, fonts,
    // Emoji as Twemoji pictures; no other font is fetched: what the packaged faces lack is left out.
    loadAdditionalAsset: async (code, segment) => (code === 'emoji' ? ((await emojiPicture(segment)) ?? []) : []),
  });
}

/** PNG bytes of an SVG (the card, or the poster's QR code in tests). */
export function svgToPng(svg: string, width = CARD_WIDTH): Uint8Array {
  return new Resvg(svg, { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } }).render().asPng();
}

export interface CardCacheOptions {
  /** Bytes of rendered images kept; the least recently used go first. Default 32 MiB. */
  maxBytes?: number;
  /** Renders at once, and renders waiting, before a request is refused (503). Default 2 and 16. */
  concurrency?: number;
  queue?: number;
  /** The renderer (tests). */
  render?: (p: Progress, lang: Lang, format: CardFormat, text?: CardText) => Promise<Uint8Array>;
}

/** Renders and keeps cards within a byte budget; renders go through a bounded queue. */
export class CardCache {
  readonly #cards = new Map<string, { card: Promise<Card>; bytes: number }>();
  readonly #maxBytes: number;
  readonly #queue: RenderQueue;
  readonly #render: (p: Progress, lang: Lang, format: CardFormat, text?: CardText) => Promise<Uint8Array>;
  #bytes = 0;
  readonly stats = { renders: 0, evictions: 0 };

  constructor(options: CardCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#queue = new RenderQueue(options.concurrency ?? 2, options.queue ?? 16);
    this.#render = options.render ?? (async (p, lang, format, text) => {
      const svg = await renderCardSvg(p, lang, text);
      return format === 'svg' ? new TextEncoder().encode(svg) : svgToPng(svg);
    });
  }

  /** Bytes of images kept now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Renders running and waiting now, and the bytes of images kept. */
  get load(): { running: number; waiting: number; bytes: number } {
    return { ...this.#queue.load, bytes: this.#bytes };
  }

  /** The card, from the cache or rendered; rejects with `RenderQueueFullError` when too many wait. */
  get(p: Progress, lang: Lang, format: CardFormat, text?: CardText): Promise<Card> {
    const key = cardKey(p, lang, format, text);
    const hit = this.#cards.get(key);
    if (hit) {
      this.#cards.delete(key); // most recently used last
      this.#cards.set(key, hit);
      return hit.card;
    }
    const entry = { card: this.#queue.run(() => this.#make(p, lang, format, text, key)), bytes: 0 };
    this.#cards.set(key, entry);
    entry.card.then(
      (c) => {
        if (this.#cards.get(key) !== entry) return;
        entry.bytes = c.bytes.byteLength;
        this.#bytes += entry.bytes;
        this.#evict();
      },
      () => this.#cards.get(key) === entry && this.#cards.delete(key),
    );
    return entry.card;
  }

  #evict(): void {
    for (const [key, entry] of this.#cards) {
      if (this.#bytes <= this.#maxBytes) return;
      if (!entry.bytes) continue; // still rendering
      this.#cards.delete(key);
      this.#bytes -= entry.bytes;
      this.stats.evictions++;
    }
  }

  async #make(p: Progress, lang: Lang, format: CardFormat, text: CardText | undefined, key: string): Promise<Card> {
    this.stats.renders++;
    const bytes = new Uint8Array(await this.#render(p, lang, format, text));
    const etag = `"card-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
    return { bytes, etag, type: format === 'svg' ? 'image/svg+xml' : 'image/png' };
  }
}
