import type { TeamStanding, TeamsFeed } from '@rescuekit/schema';
import { flag, progressCheck } from '@rescuekit/schema/progress-check';

/*
 * Why not `TeamsFeed.safeParse` from @rescuekit/schema: zod/mini alone is ~7 KB gzipped, most of
 * <rescue-leaderboard>'s 9 KB budget. This check mirrors the zod `TeamsFeed` contract field by
 * field (`satisfies` makes the key set agree at compile time; teams.test.ts runs both on the same
 * inputs to keep the behaviour in agreement).
 */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const INTS = ['raised', 'goal', 'donors', 'rescuesFunded'] as const satisfies readonly Exclude<keyof TeamStanding, 'campaign' | 'title'>[];

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** The parent's progress as the leaderboard's caption reads it: the required fields, and `stale` (it says when totals are the last known). */
const parseCampaign = progressCheck({ stale: flag });

/** One team's standing (only the contract's fields: anything else sent, a name included, is dropped). */
function parseStanding(input: unknown): TeamStanding | undefined {
  const t = (input ?? {}) as Record<string, unknown>;
  if (typeof t.campaign != 'string' || !SLUG.test(t.campaign) || typeof t.title != 'string') return;
  const out: Record<string, unknown> = { campaign: t.campaign, title: t.title };
  for (const key of INTS) {
    if (!isInt(t[key])) return;
    out[key] = t[key];
  }
  return out as TeamStanding;
}

/**
 * Validates a teams feed (GET /v1/campaigns/:id/teams or an SSE `teams` event) the way the
 * shared zod `TeamsFeed` schema does: the parent's progress, its ranked teams, their count and
 * the time. Returns a copy holding only the contract's fields, or `undefined` when the input
 * does not match.
 */
export function parseTeams(input: unknown): TeamsFeed | undefined {
  if (!input || typeof input != 'object') return;
  const f = input as Record<string, unknown>;
  const campaign = parseCampaign(f.campaign);
  if (!campaign || !Array.isArray(f.teams) || !isInt(f.count) || typeof f.updatedAt != 'string') return;
  const teams = f.teams.map(parseStanding);
  if (teams.includes(undefined)) return;
  return { campaign, teams: teams as TeamStanding[], count: f.count, updatedAt: f.updatedAt } satisfies Record<keyof TeamsFeed, unknown>;
}
