/**
 * `GET /c/:campaign`: a campaign's hosted page. Its numbers are in the HTML (readable with
 * scripts off, by crawlers and link previews), inside the elements as their fallback
 * content; the same elements then upgrade over them in boxes of the same reserved height.
 */
import type { CampaignConfig, Progress } from '@rescuekit/schema';
import { html, trusted, type SafeHtml } from './html.js';
import { documentHtml, pageHeaders } from './layout.js';
import { shareRow } from './share-row.js';
import { STRINGS, progressWords, type Lang } from './strings.js';

export interface PageInput {
  campaign: CampaignConfig;
  progress: Progress;
  lang: Lang;
  /** The parent's config and progress, when the campaign has one. */
  parent?: { campaign: CampaignConfig; progress: Progress } | undefined;
  /** The movement (the top of the tree) when it is not the campaign itself. */
  root?: { campaign: CampaignConfig; progress: Progress } | undefined;
  /** How many teams the campaign has under it (then their leaderboard shows, with room for as many rows, up to 10). */
  teams: number;
  /** How many public fundraiser pages the campaign has (then their leaderboard shows). */
  fundraiserPages: number;
  /** `publicUrl` without a trailing slash; absolute links (Open Graph) need it. */
  publicUrl: string | undefined;
  /** Where the page is reached from outside (`publicUrl`, else the request's origin): the share row's links. */
  origin: string;
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

/** The nine lives around the one that is free: the movement's mark (decorative; the words beside it name it). */
const MARK = trusted(`<svg class="mark" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false"><circle cx="16" cy="16" r="5.5" fill="currentColor"/>${Array.from({ length: 9 }, (_, i) => {
  const a = (i / 9) * 2 * Math.PI - Math.PI / 2;
  return `<circle cx="${(16 + 12 * Math.cos(a)).toFixed(2)}" cy="${(16 + 12 * Math.sin(a)).toFixed(2)}" r="2.4" fill="currentColor"/>`;
}).join('')}</svg>`);

/** The band above every hosted page: the mark and the movement's name, a link to its page (the movement's own page names no one twice). */
export function masthead(root: { id: string; title: string } | undefined, lang: Lang): SafeHtml {
  const t = STRINGS[lang];
  return html`<header class="masthead"><p>${MARK}${root ? html`<a href="/c/${root.id}?lang=${lang}">${root.title}</a>` : html`<span>${t.movementMark}</span>`}</p></header>`;
}

/** A bigger total (a parent's, the movement's) as a labelled bar: its heading names it, so the bar's own title is hidden. */
function totalOf(heading: string, p: Progress, lang: Lang): SafeHtml {
  return html`<section class="total"><h2>${heading}</h2>${thermometer(p, lang, 'bar')}</section>`;
}

/** The totals a page counts toward: its parent's and, when that is not the movement, the movement's. */
export function totals(lang: Lang, parent: PageInput['parent'], root: PageInput['root'], wholeTeam?: boolean): SafeHtml {
  const t = STRINGS[lang];
  if (!parent) return html``;
  const first = totalOf(wholeTeam ? t.wholeTeam(parent.campaign.title) : parent.campaign.id === root?.campaign.id ? t.movement(parent.campaign.title) : t.allOf(parent.campaign.title), parent.progress, lang);
  const whole = root && root.campaign.id !== parent.campaign.id ? totalOf(t.movement(root.campaign.title), root.progress, lang) : '';
  return html`${first}${whole}`;
}

/** The picker as the page's call to action (none for an ended campaign). */
export function giveSection(c: CampaignConfig, p: Progress, lang: Lang): SafeHtml {
  const t = STRINGS[lang];
  return html`<section class="give" aria-labelledby="give-h"><h2 id="give-h">${t.give}</h2>${fallbackLine(c, p, lang)}<nine-lives-picker campaign="${c.id}" mode="redirect"${c.fallbackPaymentLink ? html` fallback-link="${c.fallbackPaymentLink}"` : ''}><p>${t.giveIntro}</p></nine-lives-picker></section>`;
}

/** The leaderboard, holding room for exactly the rows it will show (`limit`, 1 to 10). */
function board(c: CampaignConfig, kind: 'teams' | 'fundraisers', rows: number, fallback: SafeHtml): SafeHtml {
  const limit = Math.max(1, Math.min(10, rows));
  return html`<rescue-leaderboard campaign="${c.id}"${kind === 'fundraisers' ? html` kind="fundraisers"` : ''} limit="${limit}" live>${fallback}</rescue-leaderboard>`;
}

/** The page's HTML. */
function hostedPageHtml(input: PageInput): string {
  const { campaign: c, progress: p, lang, parent } = input;
  const t = STRINGS[lang];
  const w = progressWords(p, lang);
  const description = c.description ?? `${w.raisedOf} · ${w.rescues}`;
  const other: Lang = lang === 'en' ? 'ko' : 'en';
  const archived = c.archived === true;
  const root = input.root && input.root.campaign.id !== c.id ? { id: input.root.campaign.id, title: input.root.campaign.title } : undefined;
  const body = html`${masthead(root, lang)}
<main class="campaign">
<header class="hero"><h1>${c.title}</h1>${c.description ? html`<p class="lede">${c.description}</p>` : ''}</header>
${archived ? html`<p class="notice" role="status">${t.archived}${parent ? html` <a href="/c/${parent.campaign.id}?lang=${lang}">${t.archivedGoTo(parent.campaign.title)}</a>` : ''}</p>` : ''}
<section class="meter" aria-label="${t.progressLabel}">${thermometer(p, lang)}</section>
${archived ? '' : giveSection(c, p, lang)}
<div class="more">
${archived || c.fundraisers === 'off' ? '' : html`<p class="join"><a class="button" href="/c/${c.id}/join?lang=${lang}">${t.startPage}</a></p>`}
${/* Supporters' pages arrive live (a lead approves one while the page is open): room for one more. */ ''}
${input.fundraiserPages > 0 ? html`<section><h2>${t.supporterPages}</h2>${board(c, 'fundraisers', input.fundraiserPages + 1, html`<p><a href="/v1/campaigns/${c.id}/fundraisers">${t.supporterPages}</a></p>`)}</section>` : ''}
${input.teams > 0 ? html`<section><h2>${t.teams}</h2>${board(c, 'teams', input.teams, html`<p><a href="/v1/campaigns/${c.id}/teams">${t.teams}</a></p>`)}</section>` : ''}
${totals(lang, parent, input.root)}
${shareRow({ campaign: c.id, title: c.title, lang, origin: input.origin, open: !archived })}
</div>
<footer><a href="/c/${c.id}?lang=${other}" hreflang="${other}" lang="${other}">${t.otherLang}</a></footer>
</main>`;
  return documentHtml({
    lang,
    title: c.title,
    head: html`<meta name="description" content="${description}">\n${openGraph({ ...input, title: c.title, description })}`,
    styles: ['page.css'],
    scripts: ['rescuekit.js', 'share.js'],
    body,
  });
}

/** The page as a response: short-lived in caches, since the numbers in it move. */
export function hostedPage(input: PageInput): Response {
  return new Response(hostedPageHtml(input), { status: 200, headers: pageHeaders({ 'cache-control': 'public, max-age=30', vary: 'Accept-Language' }) });
}
