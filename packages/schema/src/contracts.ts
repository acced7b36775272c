/**
 * Wire and configuration contracts shared by the widgets and the endpoint.
 * Built on zod/mini so the browser side stays within its size budget.
 */
import * as z from 'zod/mini';
import { treeIssues } from './campaign-tree.js';
import { isStripeCurrency } from './currencies.js';
import { campaignCheckoutShape, configCheckoutShape } from './checkout-config.js';
import { ImpactLines, UpsellConfig } from './upsell.js';
import { Instant, MatchConfig } from './giving-day.js';

const MAX_MINOR = 100_000_000_000; // 1e11 minor units: far above any gift, far below 2^53.

/** Lower-case ISO 4217 code, as Stripe writes it. */
export const Currency = z.string().check(z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'));

/** A campaign's currency: one Stripe can charge in. */
export const CampaignCurrency = z.string().check(
  z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'),
  z.refine(isStripeCurrency, 'is not a currency Stripe can charge in (see Stripe\'s list of supported currencies)'),
);

/** A positive integer amount in the currency's minor unit. */
export const MinorAmount = z.int({
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be a whole number of minor units (no decimals)'),
}).check(z.positive('must be a positive whole number of minor units'), z.maximum(MAX_MINOR));

/** Campaign ids appear in URLs: lower-case slugs only. */
export const CampaignId = z.string().check(
  z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be a lower-case slug (a-z, 0-9, "-"), at most 64 characters'),
);

const Origin = z.string().check(
  z.refine((s) => {
    try {
      return new URL(s).origin === s;
    } catch {
      return false;
    }
  }, 'must be an origin such as "https://example.org" (scheme, host, optional port; no path)'),
);

const HttpsUrl = z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      return new URL(s).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute https URL'),
);

/** An absolute http(s) URL without query or fragment (http is for local development). */
const PublicUrl = z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL such as "https://give.example.org" (no query, fragment or credentials)'),
);

/** Languages the hosted pages, embeds and share images speak. */
export const PageLocale = z.enum(['en', 'ko']);

export const CampaignConfig = z.strictObject({
  $comment: z.optional(z.string()),
  id: CampaignId,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  currency: CampaignCurrency,
  /** Goal in minor units. */
  goal: MinorAmount,
  /** Cost of one rescue in minor units (about $3,000). */
  rescueCost: MinorAmount,
  /** Smallest single gift accepted, minor units. */
  minAmount: z.optional(MinorAmount),
  /** Largest single online gift accepted, minor units. */
  maxAmount: z.optional(MinorAmount),
  /** Largest single offline gift (cash, cheque) accepted, minor units; no cap when unset. */
  offlineMaxAmount: z.optional(MinorAmount),
  /** Amount presets offered by widgets, minor units. */
  presets: z.optional(z.array(MinorAmount).check(z.maxLength(8))),
  /** Origins allowed to embed checkout and to be used as return URLs. */
  allowedOrigins: z.optional(z.array(Origin)),
  ...campaignCheckoutShape,
  /** Overrides the top-level `manageGivingUrl` for this campaign. */
  manageGivingUrl: z.optional(HttpsUrl),
  /**
   * The campaign this one counts toward (same currency, at most four levels:
   * movement -> region -> team). Every gift counted here counts toward each ancestor too.
   */
  parent: z.optional(z.nullable(CampaignId)),
  /** Hidden from leaderboards and new checkouts; Stripe money still counts, the admin may still record cash. */
  archived: z.optional(z.boolean()),
  /** Cash recorded with a team key waits as `pending` until an admin approves it. */
  cashNeedsApproval: z.optional(z.boolean()),
  /** How many monthly Allies this campaign aims for (the movement's is 25,000,000); shown by `<monthly-ally-signup>`. */
  alliesGoal: z.optional(z.int().check(z.positive('must be a positive whole number'), z.maximum(MAX_MINOR))),
  /** The language of its share image (and hosted page) when the request names none: `en` (default) or `ko`. */
  locale: z.optional(PageLocale),
  /** One line about the campaign for its hosted page and link previews (Open Graph description). */
  description: z.optional(z.string().check(z.maxLength(300))),
  /** A matching challenge: gifts here and below, paid in its window, are matched up to its cap (giving-day.ts). */
  match: z.optional(MatchConfig),
  /** When the campaign (a giving day) ends: the thermometer counts down to it. Gifts are still accepted after. */
  endsAt: z.optional(Instant),
});
export type CampaignConfig = z.infer<typeof CampaignConfig>;

export const RescuekitConfig = z
  .strictObject({
    $schema: z.optional(z.string()),
    $comment: z.optional(z.string()),
    /** Origins allowed for every campaign, in addition to each campaign's own. */
    allowedOrigins: z.optional(z.array(Origin)),
    ...configCheckoutShape,
    /**
     * Where Allies manage their monthly giving: the Stripe customer-portal login link
     * (https://billing.stripe.com/p/login/…). Shown by widgets as "Manage my giving".
     */
    manageGivingUrl: z.optional(HttpsUrl),
    /**
     * Where this endpoint is reached from the public internet (e.g. "https://give.example.org").
     * Absolute links in hosted pages, link previews, embed snippets and poster QR codes come from
     * it, never from a request's Host header; its origin is allowed for checkout returns.
     */
    publicUrl: z.optional(PublicUrl),
    /**
     * Sites that may frame the embeds (`/embed/:element`): their origins, e.g. ["https://riverside.example.org"].
     * Default: any site (the embeds are made for site builders). The hosted pages are never frame-able.
     */
    embedAncestors: z.optional(z.array(Origin).check(z.minLength(1, 'needs at least one origin (leave it out to allow any site)'), z.maxLength(100))),
    campaigns: z.array(CampaignConfig).check(z.minLength(1, 'needs at least one campaign')),
  })
  .check(
    z.refine((c) => new Set(c.campaigns.map((x) => x.id)).size === c.campaigns.length, {
      message: 'campaign ids must be unique',
      path: ['campaigns'],
    }),
    z.superRefine((c, ctx) => {
      for (const issue of treeIssues(c.campaigns)) {
        ctx.addIssue({ code: 'custom', message: issue.detail.replace(/^parent: /, ''), path: ['campaigns', issue.index, 'parent'], input: c });
      }
    }),
  );
export type RescuekitConfig = z.infer<typeof RescuekitConfig>;

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
  /** The "manage my giving" link for Allies (Stripe customer-portal login), when configured. */
  manageGivingUrl: z.optional(HttpsUrl),
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

/** POST /v1/campaigns/:id/offline-gifts body: cash and cheques counted by a Rescue Team. Unknown fields are refused (a typo must not drop a field). */
export const OfflineGift = z.strictObject({
  amount: MinorAmount,
  currency: Currency,
  note: z.optional(z.string().check(z.maxLength(200))),
  /** How many people gave (a concert is many donors, a pooled envelope may be 0). Default 1. */
  donors: z.optional(z.int().check(z.minimum(0), z.maximum(100_000))),
  /** Shown on public tickers instead of the note (which stays private to the treasurer). */
  category: z.optional(OfflineGiftCategory),
});
export type OfflineGift = z.infer<typeof OfflineGift>;

/** POST /v1/campaigns/:id/offline-gifts/:giftId/approve body (optional): nothing to say but that. */
export const ApproveOfflineGift = z.strictObject({});
export type ApproveOfflineGift = z.infer<typeof ApproveOfflineGift>;

/** POST /v1/campaigns/:id/offline-gifts/:giftId/void body (optional): why a recorded gift is taken back out. */
export const VoidOfflineGift = z.strictObject({
  reason: z.optional(z.string().check(z.maxLength(200))),
});
export type VoidOfflineGift = z.infer<typeof VoidOfflineGift>;

/** RFC 9457 problem details, as every endpoint error is sent. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.optional(z.string()),
  /** Dotted path of the offending input field, when one field is at fault. */
  field: z.optional(z.string()),
});
export type Problem = z.infer<typeof Problem>;

/** Stable machine codes in problem documents. */
export type ProblemCode =
  | 'not_found'
  | 'invalid_request'
  | 'forbidden'
  | 'conflict'
  | 'campaign_archived'
  | 'invalid_json'
  | 'unauthorized'
  | 'idempotency_conflict'
  | 'not_configured'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'payload_too_large'
  /** `POST /v1/checkout` from a page whose origin is not on the endpoint's `allowedOrigins` (403, field `origin`). */
  | 'origin_not_allowed'
  | 'internal';

/** A short, donor-safe description of the first problem zod found, naming the field. */
export function describeIssue(error: z.core.$ZodError): { field: string; detail: string } {
  // A field the schema does not know is named first: a typo of a required field is both unknown and
  // missing, and the unknown spelling is what the caller has to fix.
  const issue = error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0];
  if (!issue) return { field: '(body)', detail: 'is invalid' };
  const path = issue.path.map(String);
  let message = issue.message;
  // zod/mini carries no locale: give the common codes words of our own.
  if (!message || message === 'Invalid input') {
    switch (issue.code) {
      case 'unrecognized_keys':
        path.push(issue.keys[0] ?? '');
        message = 'is not a known field';
        break;
      case 'invalid_type':
        message = issue.input === undefined ? 'is required' : `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
        break;
      case 'too_small':
        message = `must be at least ${String(issue.minimum)}`;
        break;
      case 'too_big':
        message = `must be at most ${String(issue.maximum)}`;
        break;
      case 'invalid_value':
        message = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      default:
        message = 'is invalid';
    }
  }
  const field = path.length ? path.join('.') : '(body)';
  return { field, detail: `${field}: ${message}` };
}

/** POST /v1/campaigns body: a campaign as the config file writes it. */
export const CampaignCreate = CampaignConfig;
export type CampaignCreate = CampaignConfig;

/** PATCH /v1/campaigns/:id body: any field of a campaign but `id` and `currency`. */
export const CampaignPatch = z.partial(z.omit(CampaignConfig, { id: true, currency: true }));
export type CampaignPatch = z.infer<typeof CampaignPatch>;

/** POST /v1/campaigns/:id/keys body (optional): a label the admin recognises ("Riverside treasurer"). */
export const TeamKeyCreate = z.strictObject({
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(80))),
});
export type TeamKeyCreate = z.infer<typeof TeamKeyCreate>;

/** A team key as listed (the token itself is shown once, at creation, and never stored). */
export const TeamKeyInfo = z.object({
  id: z.string(),
  campaign: CampaignId,
  label: z.nullable(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
});
export type TeamKeyInfo = z.infer<typeof TeamKeyInfo>;

/** POST /v1/unassigned/:ref/assign body. */
export const AssignUnassigned = z.strictObject({ campaign: CampaignId });
export type AssignUnassigned = z.infer<typeof AssignUnassigned>;
