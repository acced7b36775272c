/**
 * Admin and team bodies: offline gifts and their approval or void, campaigns created and changed,
 * team keys, payments assigned. Unknown fields are refused: a typo must not drop a field.
 */
import * as z from 'zod/mini';
import { CampaignConfig, CampaignId, Currency } from './config.js';
import { bounded, MinorAmount } from './primitives.js';
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

/** POST /v1/approvals body: one decision on up to 100 pending gifts, each answered on its own. */
export const ApprovalDecision = z.strictObject({
  gifts: z.array(z.string().check(z.regex(/^gift_[A-Za-z0-9]{1,64}$/, 'a gift id (gift_…)'))).check(z.minLength(1), z.maxLength(100)),
  decision: z.enum(['approve', 'reject']),
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** POST /v1/campaigns body: a campaign as the config file writes it (fundraiser pages start from their team's join link). */
export const CampaignCreate = z.omit(CampaignConfig, { fundraiser: true });
export type CampaignCreate = z.infer<typeof CampaignCreate>;

/** PATCH /v1/campaigns/:id body: any field of a campaign but `id`, `currency` and a page's own facts (changed by its link and its reviewers). */
export const CampaignPatch = z.partial(z.omit(CampaignConfig, { id: true, currency: true, fundraiser: true }));
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

/**
 * The roles a person may hold, each over a campaign and everything below it, weakest first: a
 * `recorder` records cash; a `treasurer` also voids cash not yet approved and exports; a `lead` also
 * invites people to its own team; an `organiser` also invites across its subtree and approves cash
 * recorded below its own campaign.
 */
export const Role = z.enum(['recorder', 'treasurer', 'lead', 'organiser']);
export type Role = z.infer<typeof Role>;

/** POST /v1/campaigns/:id/invites body: the role the invited person will hold there, and who they are. */
export const InviteCreate = z.strictObject({
  role: Role,
  label: z.optional(bounded(80)),
});
export type InviteCreate = z.infer<typeof InviteCreate>;

/** POST /v1/invites/accept body: the code from the invite link's fragment. */
export const InviteAccept = z.strictObject({
  code: z.string().check(z.regex(/^rk_invite_[A-Za-z0-9_-]{22,64}$/, 'not an invite code (it starts with rk_invite_)')),
});
export type InviteAccept = z.infer<typeof InviteAccept>;

/** An invite as listed (its code is shown once, at creation). */
export const InviteInfo = z.object({
  id: z.string(),
  campaign: CampaignId,
  role: Role,
  label: z.nullable(z.string()),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.nullable(z.string()),
  revokedAt: z.nullable(z.string()),
});
export type InviteInfo = z.infer<typeof InviteInfo>;

/** A person as listed (the key is shown once, when the invite is accepted). */
export const PersonInfo = z.object({
  id: z.string(),
  campaign: CampaignId,
  role: Role,
  label: z.nullable(z.string()),
  invitedBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.nullable(z.string()),
});
export type PersonInfo = z.infer<typeof PersonInfo>;

/** POST /v1/unassigned/:ref/assign body. */
export const AssignUnassigned = z.strictObject({ campaign: CampaignId });
export type AssignUnassigned = z.infer<typeof AssignUnassigned>;
