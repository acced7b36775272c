/**
 * Admin and team bodies: offline gifts and their approval or void, campaigns created and changed,
 * team keys, payments assigned. Unknown fields are refused: a typo must not drop a field.
 */
import * as z from 'zod/mini';
import { CampaignConfig, CampaignId, Currency, MinorAmount } from './config.js';
import { bounded } from './primitives.js';
import { OfflineGiftCategory } from './wire.js';

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

/** POST /v1/campaigns body: a campaign as the config file writes it. */
export const CampaignCreate = CampaignConfig;
export type CampaignCreate = CampaignConfig;

/** PATCH /v1/campaigns/:id body: any field of a campaign but `id` and `currency`. */
export const CampaignPatch = z.partial(z.omit(CampaignConfig, { id: true, currency: true }));
export type CampaignPatch = z.infer<typeof CampaignPatch>;

/** POST /v1/campaigns/:id/keys body (optional): a label the admin recognises ("Riverside treasurer"). */
export const TeamKeyCreate = z.strictObject({
  label: z.optional(bounded(80)),
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
