/**
 * The share row of a hosted page: the page's link with Copy (and the device's own Share sheet where
 * it has one), the share images in their three shapes, the poster, and the thermometer's embed code.
 * Everything is a plain link or text first; `assets/share.js` shows the Copy buttons (their room is held
 * while they are invisible, so nothing moves) and the Share button where the device has a share sheet.
 */
import { EMBED_HEIGHTS } from '../routes/welcome-pack.js';
import { html, type SafeHtml } from './html.js';
import { STRINGS, type Lang } from './strings.js';

export interface ShareInput {
  campaign: string;
  title: string;
  lang: Lang;
  /** Where the page is reached from outside: `publicUrl`, else the request's own origin. */
  origin: string;
  /** Whether the campaign has a poster worth printing and an embed worth offering (not for an ended campaign). */
  open: boolean;
}

/** The height the thermometer's embed frame starts at: the welcome pack's (the frame then takes what it reports). */
const EMBED_THERMOMETER_HEIGHT = EMBED_HEIGHTS.find(([element]) => element === 'rescue-thermometer')![1];

/** The iframe snippet for the campaign's thermometer (the embed page resizes it where the host runs the script). */
export function embedSnippet(origin: string, campaign: string, title: string): string {
  return `<iframe src="${origin}/embed/rescue-thermometer?campaign=${encodeURIComponent(campaign)}" title="${title.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" width="100%" height="${EMBED_THERMOMETER_HEIGHT}" frameborder="0" scrolling="no"></iframe>`;
}

export function shareRow({ campaign, title, lang, origin, open }: ShareInput): SafeHtml {
  const t = STRINGS[lang];
  const link = `${origin}/c/${campaign}`;
  const card = (file: string) => `/v1/campaigns/${campaign}/${file}?lang=${lang}`;
  return html`<section class="share" aria-labelledby="share-h">
<h2 id="share-h">${t.share}</h2>
<p class="share-link"><code id="share-url" class="url">${link}</code></p>
<p class="share-actions"><button type="button" class="button small js-only" data-copy="share-url" data-done="${t.copied}">${t.copyLink}</button><button type="button" class="button small quiet" data-share="${link}" data-title="${title}" hidden>${t.shareVia}</button></p>
<p class="share-status" role="status" data-failed="${t.copyFailed}"></p>
<ul class="share-images">
<li><a href="${card('card.png')}" download>${t.imageLandscape}</a></li>
<li><a href="${card('card-square.png')}" download>${t.imageSquare}</a></li>
<li><a href="${card('card-story.png')}" download>${t.imageStory}</a></li>
${open ? html`<li><a href="/c/${campaign}/poster?lang=${lang}">${t.printPoster}</a></li>` : ''}
</ul>
${open ? html`<details class="embed"><summary>${t.embed}</summary><pre><code id="embed-code">${embedSnippet(origin, campaign, title)}</code></pre><button type="button" class="button small js-only" data-copy="embed-code" data-done="${t.codeCopied}">${t.copyCode}</button></details>` : ''}
</section>`;
}
