/**
 * `GET /c/:campaign`: a campaign's hosted page. Its numbers are in the HTML (readable with
 * scripts off, by crawlers and link previews), inside the elements as their fallback
 * content; the same elements then upgrade over them in boxes of the same reserved height.
 */
import type { CampaignConfig, Progress } from '@rescuekit/schema';
import { html, type SafeHtml } from './html.js';
import { documentHtml, pageHeaders } from './layout.js';
import { STRINGS, progressWords, type Lang } from './strings.js';

export interface PageInput {
  campaign: CampaignConfig;
  progress: Progress;
  lang: Lang;
  /** The parent's config and progress, when the campaign has one. */
  parent?: { campaign: CampaignConfig; progress: Progress } | undefined;
  /** Whether the campaign has teams under it (then the leaderboard shows). */
  hasTeams: boolean;
  /** How many public fundraiser pages the campaign has (then their leaderboard shows). */
  fundraiserPages: number;
  /** `publicUrl` without a trailing slash; absolute links (Open Graph) need it. */
  publicUrl: string | undefined;
}

/** A thermometer's fallback: the numbers as text and a native progress bar (no inline style needed). */
export function progressFallback(p: Progress, lang: Lang): SafeHtml {
  const w = progressWords(p, lang);
  return html`<p class="fb-raised">${w.raisedOf}</p><progress max="${p.goal}" value="${Math.min(p.raised, p.goal)}" aria-label="${STRINGS[lang].progressLabel}"></progress><p class="fb-more">${w.rescues} · ${w.donors}</p>${w.matched ? html`<p class="fb-matched">${w.matched}</p>` : ''}${w.ends ? html`<p class="fb-ends">${w.ends}</p>` : ''}`;
}

/** `<rescue-thermometer>` with its numbers inside for before (or without) scripts. */
export function thermometer(p: Progress, lang: Lang, variant?: string): SafeHtml {
  return html`<rescue-thermometer campaign="${p.campaign}"${variant ? html` variant="${variant}"` : ''} live>${progressFallback(p, lang)}</rescue-thermometer>`;
}

/**
 * While the store is unavailable (`stale` progress) checkout may fail too: the campaign's Payment Link,
 * when it has one, on a line above the picker (a new tab, so the page and its numbers stay).
 */
export function fallbackLine(c: CampaignConfig, p: Progress, lang: Lang): SafeHtml | '' {
  if (!p.stale || !c.fallbackPaymentLink) return '';
  const t = STRINGS[lang];
  return html`<p class="notice fallback">${t.fallback} <a href="${c.fallbackPaymentLink}" target="_blank" rel="noopener">${t.fallbackLink}</a></p>`;
}

/** What a page's link preview shows: its title, description and share image. */
export interface Preview {
  progress: Progress;
  lang: Lang;
  publicUrl: string | undefined;
  title: string;
  description: string;
}

/** Open Graph and Twitter tags (absolute links need `publicUrl`; without it there are none). */
export function openGraph({ publicUrl, progress, lang, title, description }: Preview): SafeHtml {
  if (!publicUrl) return html``;
  const page = `${publicUrl}/c/${progress.campaign}`;
  const image = `${publicUrl}/v1/campaigns/${progress.campaign}/card.png?lang=${lang}`;
  return html`<link rel="canonical" href="${page}">
<meta property="og:type" content="website">
<meta property="og:url" content="${page}">
<meta property="og:title" content="${title}">
<meta property="og:description" content="${description}">
<meta property="og:locale" content="${lang === 'ko' ? 'ko_KR' : 'en_US'}">
<meta property="og:image" content="${image}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="1200">
<meta property="og:image:height" content="630">
<meta property="og:image:alt" content="${progressWords(progress, lang).raisedOf}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:title" content="${title}">
<meta name="twitter:description" content="${description}">
<meta name="twitter:image" content="${image}">`;
}

/** The page's HTML. */
function hostedPageHtml(input: PageInput): string {
  const { campaign: c, progress: p, lang, parent } = input;
  const t = STRINGS[lang];
  const w = progressWords(p, lang);
  const description = c.description ?? `${w.raisedOf} · ${w.rescues}`;
  const other: Lang = lang === 'en' ? 'ko' : 'en';
  const archived = c.archived === true;
  const body = html`<main class="page">
<header><h1>${c.title}</h1>${c.description ? html`<p class="lede">${c.description}</p>` : ''}</header>
${archived ? html`<p class="notice" role="status">${t.archived}${parent ? html` <a href="/c/${parent.campaign.id}?lang=${lang}">${t.archivedGoTo(parent.campaign.title)}</a>` : ''}</p>` : ''}
<section class="meter">${thermometer(p, lang)}</section>
${archived ? '' : html`<section class="give"><h2>${t.give}</h2>${fallbackLine(c, p, lang)}<nine-lives-picker campaign="${c.id}" mode="redirect"${c.fallbackPaymentLink ? html` fallback-link="${c.fallbackPaymentLink}"` : ''}><p>${t.giveIntro}</p></nine-lives-picker></section>`}
${archived || c.fundraisers === 'off' ? '' : html`<p class="join"><a class="button" href="/c/${c.id}/join?lang=${lang}">${t.startPage}</a></p>`}
${input.fundraiserPages > 0 ? html`<section><h2>${t.supporterPages}</h2><rescue-leaderboard campaign="${c.id}" kind="fundraisers" limit="${Math.min(10, input.fundraiserPages + 1)}" live><p><a href="/v1/campaigns/${c.id}/fundraisers">${t.supporterPages}</a></p></rescue-leaderboard></section>` : ''}
${parent ? html`<section><h2>${t.movement(parent.campaign.title)}</h2>${thermometer(parent.progress, lang, 'bar')}</section>` : ''}
${input.hasTeams ? html`<section><h2>${t.teams}</h2><rescue-leaderboard campaign="${c.id}" limit="10" live><p><a href="/v1/campaigns/${c.id}/teams">${t.teams}</a></p></rescue-leaderboard></section>` : ''}
<footer><a href="/c/${c.id}?lang=${other}" hreflang="${other}" lang="${other}">${t.otherLang}</a> · <a href="/c/${c.id}/poster?lang=${lang}">${t.printPoster}</a></footer>
</main>`;
  return documentHtml({
    lang,
    title: c.title,
    head: html`<meta name="description" content="${description}">\n${openGraph({ ...input, title: c.title, description })}`,
    styles: ['page.css'],
    scripts: ['rescuekit.js'],
    body,
  });
}

/** The page as a response: short-lived in caches, since the numbers in it move. */
export function hostedPage(input: PageInput): Response {
  return new Response(hostedPageHtml(input), { status: 200, headers: pageHeaders({ 'cache-control': 'public, max-age=30', vary: 'Accept-Language' }) });
}
