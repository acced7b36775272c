/**
 * Wire and configuration contracts shared by the widgets and the endpoint.
 * Built on zod/mini so the browser side stays within its size budget.
 */
import * as z from 'zod/mini';
import { campaignCheckoutShape, configCheckoutShape } from './checkout-config.js';

const MAX_MINOR = 100_000_000_000; // 1e11 minor units: far above any gift, far below 2^53.

/** Lower-case ISO 4217 code, as Stripe writes it. */
export const Currency = z.string().check(z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'));

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

export const CampaignConfig = z.strictObject({
  $comment: z.optional(z.string()),
  id: CampaignId,
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  currency: Currency,
  /** Goal in minor units. */
  goal: MinorAmount,
  /** Cost of one rescue in minor units (about $3,000). */
  rescueCost: MinorAmount,
  /** Smallest single gift accepted, minor units. */
  minAmount: z.optional(MinorAmount),
  /** Largest single gift accepted, minor units (online or offline). */
  maxAmount: z.optional(MinorAmount),
  /** Amount presets offered by widgets, minor units. */
  presets: z.optional(z.array(MinorAmount).check(z.maxLength(8))),
  /** Origins allowed to embed checkout and to be used as return URLs. */
  allowedOrigins: z.optional(z.array(Origin)),
  ...campaignCheckoutShape,
  /** Overrides the top-level `manageGivingUrl` for this campaign. */
  manageGivingUrl: z.optional(HttpsUrl),
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
    campaigns: z.array(CampaignConfig).check(z.minLength(1, 'needs at least one campaign')),
  })
  .check(
    z.refine((c) => new Set(c.campaigns.map((x) => x.id)).size === c.campaigns.length, {
      message: 'campaign ids must be unique',
      path: ['campaigns'],
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
  /** The campaign's smallest single gift (its `minAmount`), minor units, when configured: widgets refuse less before calling. */
  minAmount: z.optional(MinorAmount),
  /** The campaign's largest single gift (its `maxAmount`), minor units, when configured: widgets refuse more before calling. */
  maxAmount: z.optional(MinorAmount),
});
export type Progress = z.infer<typeof Progress>;

/** POST /v1/campaigns/:id/offline-gifts body: cash and cheques counted by a Rescue Team. */
export const OfflineGift = z.object({
  amount: MinorAmount,
  currency: Currency,
  note: z.optional(z.string().check(z.maxLength(200))),
});
export type OfflineGift = z.infer<typeof OfflineGift>;

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
  | 'invalid_json'
  | 'unauthorized'
  | 'idempotency_conflict'
  | 'not_configured'
  | 'rate_limited'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'internal';

/** A short, donor-safe description of the first problem zod found, naming the field. */
export function describeIssue(error: z.core.$ZodError): { field: string; detail: string } {
  const issue = error.issues[0];
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
