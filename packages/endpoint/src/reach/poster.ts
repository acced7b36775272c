/**
 * `GET /c/:campaign/poster`: a page made for printing (A4 by default, `?paper=letter`):
 * the team's name, its thermometer as of now, "$9 = 9 lives" and a QR code to the
 * hosted page at `publicUrl`, for the bake-sale table. A team that takes fundraiser pages
 * adds a smaller second code to its join link; a fundraiser page's poster names its team.
 * The lower third comes from the campaign's `poster` fields, set by its lead: why (one line), the
 * sale's date and place, and its price list. A fundraiser page's poster shows its team's why line
 * (the cause is the team's, and its words are the lead's), never the team's date, place or prices:
 * those are the team's own sale, not the supporter's.
 */
import { formatMoney, type CampaignConfig, type PosterFields, type Progress } from '@rescuekit/schema';
import { html, trusted, type SafeHtml } from './html.js';
import { documentHtml, pageHeaders } from './layout.js';
import { STRINGS, nine, progressWords, type Lang } from './strings.js';
import { publicName } from './supporter.js';
import { hostedPageUrl, qrSvg } from './qr.js';
import { visibleFill } from './fill.js';

export type Paper = 'a4' | 'letter';

export interface PosterInput {
  /** The campaign's config as the directory's `get()` answers it (a page's removed name already replaced). */
  campaign: CampaignConfig;
  progress: Progress;
  /** A fundraiser page's team. */
  team?: CampaignConfig | undefined;
  lang: Lang;
  paper: Paper;
  /** `publicUrl` without a trailing slash; without it there is no QR code to print. */
  publicUrl: string | undefined;
}

export { qrSvg } from './qr.js';

/** Whether the poster offers the join link: a team (not a page) that takes pages now. */
const takesPages = (c: CampaignConfig) => !c.fundraiser && !c.archived && c.fundraisers !== 'off';

/** The lower third: why, when and where, and the price list (amounts never break inside). */
function lowerThird(fields: PosterFields | undefined, currency: string, lang: Lang): SafeHtml | '' {
  if (!fields?.why && !fields?.date && !fields?.place && !fields?.prices?.length) return '';
  const t = STRINGS[lang];
  const when = [fields.date, fields.place].filter(Boolean);
  return html`<section class="lower" aria-label="${t.posterDetails}">
${fields.why ? html`<p class="why">${fields.why}</p>` : ''}
${when.length ? html`<p class="when">${when.join(' · ')}</p>` : ''}
${fields.prices?.length ? html`<table class="prices"><caption>${t.posterPrices}</caption><tbody>${fields.prices.map((p) => html`<tr><th scope="row">${p.item}</th><td class="amount">${formatMoney(p.amount, currency, lang)}</td></tr>`)}</tbody></table>` : ''}
</section>`;
}

async function posterHtml({ campaign: c, progress: p, team, lang, paper, publicUrl }: PosterInput): Promise<string> {
  const t = STRINGS[lang];
  const page = c.fundraiser !== undefined;
  const title = page ? publicName(c, team?.title, lang) : p.title;
  const w = progressWords(p, lang);
  const share = p.goal > 0 ? Math.min(1, p.raised / p.goal) : 0;
  const matchedShare = p.goal > 0 ? Math.min(1 - share, (p.matched ?? 0) / p.goal) : 0;
  const url = publicUrl ? hostedPageUrl(publicUrl, p.campaign, lang) : undefined;
  const qr = url ? trusted(await qrSvg(url)) : undefined;
  const joinUrl = publicUrl && takesPages(c) ? `${publicUrl}/c/${p.campaign}/join?lang=${lang}` : undefined;
  const joinQr = joinUrl ? trusted(await qrSvg(joinUrl)) : undefined;
  const other: Paper = paper === 'a4' ? 'letter' : 'a4';
  const lower = lowerThird(page ? (team?.poster?.why ? { why: team.poster.why } : undefined) : c.poster, p.currency, lang);
  // The bar is SVG (attributes, not inline styles: the page's CSP forbids those). The fill is at least
  // the bar's thickness (and so at least 8 px wherever the bar is 134 px wide or more), inside the track.
  const fill = visibleFill(share, 1000, 60);
  const matched = Math.min(1000 - fill, Math.round(1000 * matchedShare));
  const bar = html`<svg class="bar" viewBox="0 0 1000 60" role="img" aria-label="${w.raisedOf}"><rect width="1000" height="60" rx="30" fill="#dfe7e3"/>${fill > 0 ? html`<rect class="fill" width="${fill}" height="60" rx="30" fill="#0b6e4f"/>` : ''}${matched > 0 ? html`<rect x="${fill}" width="${matched}" height="60" fill="#6fb89a"/>` : ''}</svg>`;
  const codes = html`${qr && url ? html`<figure class="qr">${qr}<figcaption>${t.scan}<br><span class="url">${url}</span></figcaption></figure>` : html`<p class="screen-only">Set <code>publicUrl</code> in the endpoint's config to print a QR code.</p>`}
${joinQr && joinUrl ? html`<figure class="qr join">${joinQr}<figcaption>${t.raiseFor(p.title)}<br><span class="url">${joinUrl}</span></figcaption></figure>` : ''}`;
  // With a lower third, the codes stand beside it (one page still); without, under the numbers as before.
  const body = html`<main class="poster${joinQr ? ' with-join' : ''}${lower ? ' with-lower' : ''}">
<p class="screen-only"><a href="?lang=${lang}&amp;paper=${other}">${t.paper}: ${other === 'a4' ? 'A4' : 'Letter'}</a></p>
${page ? html`<h1 dir="auto">${title}</h1>${team ? html`<p class="for-team">${t.forTeam(team.title)}</p>` : ''}` : html`<h1>${title}</h1>`}
<p class="ask">${t.nineLives(nine(p, lang))}</p>
${bar}
<p class="raised">${w.raisedOf}</p>
${w.matched ? html`<p class="matched">${w.matched}</p>` : ''}
<p class="rescues">${w.rescues}</p>
${w.ends ? html`<p class="ends">${w.ends}</p>` : ''}
${lower ? html`<div class="foot">${lower}<div class="codes">${codes}</div></div>` : codes}
</main>`;
  return documentHtml({ lang, title, styles: paper === 'letter' ? ['poster.css', 'poster-letter.css'] : ['poster.css'], body });
}

export async function poster(input: PosterInput): Promise<Response> {
  // A fundraiser page's poster is a person's, as its page is: kept out of search engines.
  const robots: Record<string, string> = input.campaign.fundraiser ? { 'x-robots-tag': 'noindex' } : {};
  return new Response(await posterHtml(input), { status: 200, headers: pageHeaders({ 'cache-control': 'public, max-age=60', ...robots }) });
}
