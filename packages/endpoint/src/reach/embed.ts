/**
 * `GET /embed/:element?campaign=…[&lang][&variant]`: one element on a page made to be framed
 * by any site (site builders that allow only an embed URL). It reports its height to the
 * parent (`assets/embed.js`), and checkout leaves the frame for Stripe's hosted page in a new tab.
 */
import { giftLimits, minorDigits, type Progress } from '@rescuekit/schema';
import { html, type SafeHtml } from './html.js';
import { PAGE_CSP, documentHtml } from './layout.js';
import { progressFallback } from './page.js';
import { STRINGS, type Lang } from './strings.js';

/** The elements that can be embedded. */
const EMBEDDABLE = ['rescue-thermometer', 'nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button', 'rescue-leaderboard'] as const;
export type Embeddable = (typeof EMBEDDABLE)[number];
export const isEmbeddable = (s: string): s is Embeddable => (EMBEDDABLE as readonly string[]).includes(s);

/** Who may frame the embeds: the config's `embedAncestors`, else any site (the point of them). */
export function embedHeaders(ancestors?: readonly string[]): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `${PAGE_CSP}; frame-ancestors ${ancestors?.length ? ancestors.join(' ') : '*'}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'public, max-age=30',
  };
}

export interface EmbedInput {
  element: Embeddable;
  progress: Progress;
  lang: Lang;
  /** A thermometer's `variant` (e.g. `bar`), already checked. */
  variant: string | undefined;
  /** The donate button's amount, minor units, already checked against the campaign's rules. */
  amount?: number | undefined;
  /** The donate button's frequency. */
  frequency?: 'once' | 'monthly' | undefined;
}

/**
 * The donate button's amount when the embed URL names none: the movement's ask, nine of the
 * currency's major units, brought within the campaign's gift limits (Stripe's smallest charge in
 * the currency included), so checkout takes it.
 */
function defaultButtonAmount(p: Progress): number {
  const [min, max] = giftLimits(p);
  return Math.min(Math.max(9 * 10 ** minorDigits(p.currency), min), max);
}

function element({ element: tag, progress: p, lang, variant, amount, frequency }: EmbedInput): SafeHtml {
  const id = p.campaign;
  const link = html`<a href="/c/${id}?lang=${lang}" target="_blank" rel="noopener">${STRINGS[lang].give}</a>`;
  switch (tag) {
    case 'rescue-thermometer':
      return html`<rescue-thermometer campaign="${id}"${variant ? html` variant="${variant}"` : ''} live>${progressFallback(p, lang)}</rescue-thermometer>`;
    case 'rescue-leaderboard':
      return html`<rescue-leaderboard campaign="${id}" limit="10" live>${link}</rescue-leaderboard>`;
    case 'rescue-donate-button':
      return html`<rescue-donate-button campaign="${id}" amount="${amount ?? defaultButtonAmount(p)}"${frequency === 'monthly' ? html` frequency="monthly"` : ''} mode="redirect">${link}</rescue-donate-button>`;
    default: {
      // The picker and the Allies sign-up: redirect mode, opened in a new tab by embed.js.
      // (`tag` comes from the fixed list above; escaping it changes nothing.)
      const name = html`${tag}`;
      return html`<${name} campaign="${id}" mode="redirect">${link}</${name}>`;
    }
  }
}

/** The embed page's HTML. */
export function embedHtml(input: EmbedInput): string {
  return documentHtml({
    lang: input.lang,
    title: `${input.progress.title}`,
    styles: ['embed.css'],
    scripts: ['embed.js'],
    bodyClass: 'embed',
    body: element(input),
  });
}
