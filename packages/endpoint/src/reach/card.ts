/**
 * The share images: 1200x630 (`card.png`), 1080x1080 (`card-square.png`) and 1080x1920
 * (`card-story.png`), with the campaign's title (a fundraiser page's public name and its team),
 * raised of goal, rescues funded and a bar; the square and story images add the short URL and a QR
 * code. Drawn by satori (layout + text to SVG paths) from one template (card-layout.ts), and by resvg
 * to PNG, with fonts and emoji pictures from npm packages. Rendered once per (campaign, shown
 * numbers, language, shape, format) and kept, within a byte budget; renders queue, a few at a time.
 */
import { createHash } from 'node:crypto';
import { Resvg } from '@resvg/resvg-js';
import satori from 'satori';
import type { Progress } from '@rescuekit/schema';
import { CARD_SIZES, cardTree, textOf, type CardLink, type CardShape, type CardText } from './card-layout.js';
import { emojiPicture } from './emoji.js';
import { cardFonts } from './fonts.js';
import { hostedPageUrl, qrSvg, shortUrl } from './qr.js';
import { RenderQueue } from './render-queue.js';
import type { Lang } from './strings.js';

export { CARD_SIZES, cardTree, drawable, type CardShape, type CardText } from './card-layout.js';
export const CARD_WIDTH = CARD_SIZES.wide.width;
export const CARD_HEIGHT = CARD_SIZES.wide.height;

export type CardFormat = 'svg' | 'png';

/** A rendered image and its validator. */
export interface Card {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string;
  type: string;
}

/** Which image: its shape, and the endpoint's `publicUrl` (without a trailing slash) for the short URL and QR code. */
export interface CardLook {
  shape?: CardShape | undefined;
  publicUrl?: string | undefined;
}

/** What the image shows: its cache key and ETag change exactly when one of these does. */
function cardKey(p: Progress, lang: Lang, format: CardFormat, text: CardText | undefined, look: CardLook): string {
  const shape = look.shape ?? 'wide';
  return JSON.stringify([p.campaign, p.title, p.currency, p.raised, p.goal, p.rescuesFunded, p.rescueCost, p.matched ?? null, p.match?.label ?? null, lang, format, text?.title ?? null, text?.forTeam ?? null, shape, shape === 'wide' ? null : (look.publicUrl ?? null)]);
}

/** The short URL and QR code of a square or story image, when the endpoint knows its public address. */
async function linkOf(campaign: string, lang: Lang, look: CardLook): Promise<CardLink | undefined> {
  if (!look.publicUrl || (look.shape ?? 'wide') === 'wide') return undefined;
  const svg = await qrSvg(hostedPageUrl(look.publicUrl, campaign, lang));
  return { short: shortUrl(look.publicUrl, campaign), qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** SVG text of the card. Rejects with `MissingFontError` when the font packages cannot be read. */
export async function renderCardSvg(p: Progress, lang: Lang, text?: CardText, look: CardLook = {}): Promise<string> {
  const shape = look.shape ?? 'wide';
  const tree = cardTree(p, lang, text, shape, await linkOf(p.campaign, lang, look));
  const fonts = await cardFonts(textOf(tree));
  tree.props.style = { ...tree.props.style, fontFamily: fonts.map((f) => f.name).join(', ') };
  return satori(tree as unknown as Parameters<typeof satori>[0], {
    ...CARD_SIZES[shape], fonts,
    // Emoji as Twemoji pictures; no other font is fetched: what the packaged faces lack is left out.
    loadAdditionalAsset: async (code, segment) => (code === 'emoji' ? ((await emojiPicture(segment)) ?? []) : []),
  });
}

/** PNG bytes of an SVG (a card, or the poster's QR code in tests). */
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
  render?: (p: Progress, lang: Lang, format: CardFormat, text?: CardText, look?: CardLook) => Promise<Uint8Array>;
}

/** Renders and keeps cards within a byte budget; renders go through a bounded queue. */
export class CardCache {
  readonly #cards = new Map<string, { card: Promise<Card>; bytes: number }>();
  readonly #maxBytes: number;
  readonly #queue: RenderQueue;
  readonly #render: (p: Progress, lang: Lang, format: CardFormat, text?: CardText, look?: CardLook) => Promise<Uint8Array>;
  #bytes = 0;
  readonly stats = { renders: 0, evictions: 0 };

  constructor(options: CardCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#queue = new RenderQueue(options.concurrency ?? 2, options.queue ?? 16);
    this.#render = options.render ?? (async (p, lang, format, text, look = {}) => {
      const svg = await renderCardSvg(p, lang, text, look);
      return format === 'svg' ? new TextEncoder().encode(svg) : svgToPng(svg, CARD_SIZES[look.shape ?? 'wide'].width);
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
  get(p: Progress, lang: Lang, format: CardFormat, text?: CardText, look: CardLook = {}): Promise<Card> {
    const key = cardKey(p, lang, format, text, look);
    const hit = this.#cards.get(key);
    if (hit) {
      this.#cards.delete(key); // most recently used last
      this.#cards.set(key, hit);
      return hit.card;
    }
    const entry = { card: this.#queue.run(() => this.#make(p, lang, format, text, look, key)), bytes: 0 };
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

  async #make(p: Progress, lang: Lang, format: CardFormat, text: CardText | undefined, look: CardLook, key: string): Promise<Card> {
    this.stats.renders++;
    const bytes = new Uint8Array(await this.#render(p, lang, format, text, look));
    const etag = `"card-${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
    return { bytes, etag, type: format === 'svg' ? 'image/svg+xml' : 'image/png' };
  }
}
