/**
 * What the reach pages show of a supporter's fundraiser page: its public name, and sentences that
 * name its team with the team's name as a link.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import { html, type SafeHtml } from './html.js';
import { STRINGS, type Lang } from './strings.js';

/**
 * The name a fundraiser page shows the public, in the reader's language: its display name, or
 * "A supporter of <team>" when its owner removed theirs. `campaign` is the directory's public answer
 * (`get()`), which already carries the hidden form; the stored name is never read here.
 */
export function publicName(campaign: CampaignConfig, teamTitle: string | undefined, lang: Lang): string {
  if (!campaign.fundraiser?.nameHidden || teamTitle === undefined) return campaign.title;
  return STRINGS[lang].supporterOf(teamTitle);
}

/**
 * A fundraiser page's words on its share image: its public name and "for <team>", in `lang`; undefined
 * for any other campaign (its card shows its title). `get` is the directory's public lookup.
 */
export function cardText(get: (id: string) => CampaignConfig | undefined, id: string, lang: Lang): { title: string; forTeam?: string } | undefined {
  const page = get(id);
  if (!page?.fundraiser) return undefined;
  const team = page.parent ? get(page.parent) : undefined;
  return { title: publicName(page, team?.title, lang), ...(team ? { forTeam: STRINGS[lang].forTeam(team.title) } : {}) };
}

/** A translated sentence about `name` with `name` as a link to `href` (the words around it stay the table's). */
export function sentenceWithLink(sentence: (name: string) => string, name: string, href: string): SafeHtml {
  const mark = '\u0000';
  const [before = '', after = ''] = sentence(mark).split(mark);
  return html`${before}<a href="${href}">${name}</a>${after}`;
}
