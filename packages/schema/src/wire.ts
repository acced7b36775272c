/**
 * What the widgets read from the endpoint: progress, the teams leaderboard and the recent-gifts
 * feed (JSON and Server-Sent Events alike). Anonymous by construction: no donor field exists.
 */
import * as z from 'zod/mini';
import { CampaignId, Currency, HttpsUrl } from './config.js';
import { MAX_MINOR, MinorAmount } from './primitives.js';
import { ImpactLines, UpsellConfig } from './upsell.js';
import { Instant, MatchConfig } from './giving-day.js';

/** GET /v1/campaigns/:id and every Server-Sent Event `progress` message. */
export const Progress = z.object({
  campaign: CampaignId,
  title: z.string(),
  currency: Currency,
  goal: z.int(),
  raised: z.int(),
  donors: z.int(),
  rescueCost: z.int(),
  rescuesFunded: z.int(),
  allies: z.int(),
  updatedAt: z.string(),
  /** Of `allies`, those whose monthly payment failed and Stripe is retrying (past due), when any. */
  alliesAtRisk: z.optional(z.int()),
  /** The "manage my giving" link for Allies (Stripe customer-portal login), when configured. */
  manageGivingUrl: z.optional(HttpsUrl),
  /**
   * The campaign's Stripe Payment Link (its `fallbackPaymentLink`), when configured: the giving elements
   * offer it when a checkout cannot be created. Older clients ignore it.
   */
  fallbackPaymentLink: z.optional(HttpsUrl),
  /** The campaign this one counts toward, or null for a top-level campaign. */
  parent: z.optional(z.nullable(CampaignId)),
  /** Team-recorded cash waiting for an admin's approval (not in `raised`), when any. */
  pending: z.optional(z.int()),
  /** The campaign's smallest single gift (its `minAmount`), minor units, when configured: widgets refuse less before calling. */
  minAmount: z.optional(MinorAmount),
  /** The campaign's largest single gift (its `maxAmount`), minor units, when configured: widgets refuse more before calling. */
  maxAmount: z.optional(MinorAmount),
  /** True when the endpoint cannot reach its database and serves the last totals it knew. */
  stale: z.optional(z.boolean()),
  /** The campaign's `alliesGoal`, when configured: how many monthly Allies it aims for (positive, at most 1e11). */
  alliesGoal: z.optional(z.int().check(z.positive(), z.maximum(MAX_MINOR))),
  /** The campaign's monthly upsell rule, when enabled (`monthly: true`); its `amounts` default to the campaign's `presets`. */
  upsell: z.optional(UpsellConfig),
  /** The campaign's impact lines per preset and language, when configured. */
  impact: z.optional(ImpactLines),
  /** The campaign's matching challenge, when configured (its window, ratio, cap and label). */
  match: z.optional(MatchConfig),
  /** Money matched by this campaign's own challenge (not in `raised`), minor units; present when `match` is configured or anything was matched. */
  matched: z.optional(z.int()),
  /** What the challenge can still match: `match.cap - matched`, never below 0; present with `match`. */
  matchLeft: z.optional(z.int()),
  /** The campaign's deadline, when configured (ISO 8601 instant). */
  endsAt: z.optional(Instant),
});
export type Progress = z.infer<typeof Progress>;

/** One direct child of a campaign on its leaderboard. Anonymous by construction: no donor fields exist. */
export const TeamStanding = z.object({
  campaign: CampaignId,
  title: z.string(),
  raised: z.int(),
  goal: z.int(),
  donors: z.int(),
  rescuesFunded: z.int(),
});
export type TeamStanding = z.infer<typeof TeamStanding>;

/**
 * GET /v1/campaigns/:id/teams and every SSE `teams` message (sent only to `/events?teams=N`):
 * the parent's own progress (the leaderboard's caption) and its direct, non-archived children
 * ranked by raised (ties by title), at most `limit` of them; `count` is how many there are in all.
 */
export const TeamsFeed = z.object({
  campaign: Progress,
  teams: z.array(TeamStanding),
  count: z.int(),
  updatedAt: z.string(),
});
export type TeamsFeed = z.infer<typeof TeamsFeed>;

/** What an offline gift was, as a recent-gifts ticker may show it (never the recorder's note). */
export const OFFLINE_GIFT_CATEGORIES = ['bake_sale', 'concert', 'cheque', 'other'] as const;
export const OfflineGiftCategory = z.enum(OFFLINE_GIFT_CATEGORIES);
export type OfflineGiftCategory = z.infer<typeof OfflineGiftCategory>;

/**
 * One counted gift on a recent-gifts ticker. Anonymous by construction: no name, email, city,
 * note, reference or key exists here. `when` is the gift's time rounded down to the hour (UTC),
 * never finer; `team` is the title of the campaign the gift was made to, or null for the campaign itself.
 */
export const RecentGift = z.object({
  amount: z.int(),
  currency: Currency,
  team: z.nullable(z.string()),
  when: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/)),
  kind: z.enum(['online', 'monthly', 'offline']),
  category: z.optional(OfflineGiftCategory),
});
export type RecentGift = z.infer<typeof RecentGift>;

/**
 * GET /v1/campaigns/:id/recent and every SSE `recent` message (sent only to `/events?recent=N`):
 * the last counted gifts of the campaign and its descendants, newest first. A voided gift leaves it.
 */
export const RecentGifts = z.object({
  campaign: CampaignId,
  gifts: z.array(RecentGift),
  updatedAt: z.string(),
});
export type RecentGifts = z.infer<typeof RecentGifts>;
