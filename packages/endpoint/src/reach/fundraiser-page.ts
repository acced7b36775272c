/**
 * `GET /c/:id` for a supporter's fundraiser page: its public name, occasion and story, its
 * thermometer and the picker (with its team's amounts and impact lines), and its team. Everything a
 * supporter typed is text here, escaped, never a link or markup, and marked `dir="auto"` so a name
 * or story in another script reads in its own direction without turning the page around. The page
 * is kept out of search engines: it is a person's page, shared by its owner.
 */
import type { CampaignConfig, Progress } from '@rescuekit/schema';
import { html } from './html.js';
import { documentHtml, pageHeaders } from './layout.js';
import { giveSection, masthead, openGraph, thermometer, totals } from './page.js';
import { shareRow } from './share-row.js';
import { STRINGS, calendarDay, progressWords, type Lang } from './strings.js';
import { publicName, sentenceWithLink } from './supporter.js';

export interface FundraiserPageInput {
  /** The page's config as the directory's `get()` answers it (a removed name already replaced). */
  campaign: CampaignConfig;
  progress: Progress;
  lang: Lang;
  /** Its team's config and progress. */
  team: { campaign: CampaignConfig; progress: Progress } | undefined;
  /** The movement, the top of the page's tree. */
  root?: { campaign: CampaignConfig; progress: Progress } | undefined;
  /** `publicUrl` without a trailing slash; absolute links (Open Graph) need it. */
  publicUrl: string | undefined;
  /** Where the page is reached from outside (`publicUrl`, else the request's origin): the share row's links. */
  origin: string;
}

function fundraiserPageHtml(input: FundraiserPageInput): string {
  const { campaign: c, progress: p, lang, team } = input;
  const facts = c.fundraiser!;
  const t = STRINGS[lang];
  const w = progressWords(p, lang);
  const name = publicName(c, team?.campaign.title, lang);
  const teamHref = team ? `/c/${team.campaign.id}?lang=${lang}` : undefined;
  const closed = facts.state === 'closed';
  const other: Lang = lang === 'en' ? 'ko' : 'en';
  const occasion = facts.occasion || facts.date
    ? html`<p class="occasion">${facts.occasion ? html`<span dir="auto">${facts.occasion}</span>` : ''}${facts.occasion && facts.date ? ' · ' : ''}${facts.date ? html`<time datetime="${facts.date}">${calendarDay(facts.date, lang)}</time>` : ''}</p>`
    : '';
  const root = input.root ? { id: input.root.campaign.id, title: input.root.campaign.title } : undefined;
  const body = html`${masthead(root, lang)}
<main class="campaign fundraiser">
<header class="hero"><h1 dir="auto">${name}</h1>${team && teamHref ? html`<p class="lede for-team">${sentenceWithLink(t.forTeam, team.campaign.title, teamHref)}</p>` : ''}${occasion}<p class="story" dir="auto">${facts.story}</p></header>
${closed ? html`<p class="notice" role="status">${t.closed}${team && teamHref ? html` <a href="${teamHref}">${t.archivedGoTo(team.campaign.title)}</a>` : ''}</p>` : ''}
<section class="meter" aria-label="${t.progressLabel}">${thermometer(p, lang)}</section>
${closed ? '' : giveSection(c, p, lang)}
<div class="more">
${totals(lang, team, input.root, true)}
${shareRow({ campaign: c.id, title: name, lang, origin: input.origin, open: !closed })}
</div>
<footer><a href="/c/${c.id}?lang=${other}" hreflang="${other}" lang="${other}">${t.otherLang}</a></footer>
</main>`;
  const description = [team ? t.forTeam(team.campaign.title) : '', w.raisedOf].filter(Boolean).join(' · ');
  return documentHtml({
    lang,
    title: name,
    head: html`<meta name="robots" content="noindex">
<meta name="description" content="${description}">
${openGraph({ ...input, title: name, description })}`,
    styles: ['page.css'],
    scripts: ['rescuekit.js', 'share.js'],
    body,
  });
}

/** The page as a response: short-lived in caches, and kept out of search engines. */
export function fundraiserPage(input: FundraiserPageInput): Response {
  return new Response(fundraiserPageHtml(input), {
    status: 200,
    headers: pageHeaders({ 'cache-control': 'public, max-age=30', vary: 'Accept-Language', 'x-robots-tag': 'noindex' }),
  });
}
