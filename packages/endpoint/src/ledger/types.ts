/**
 * The ledger's vocabulary: running totals, ledger rows, idempotency keys, and what each
 * store operation takes and answers. The store contract (`store/types.ts`) speaks in these.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import type { LedgerEffect } from './effects.js';

/** One campaign's running totals. Reading progress reads this row, never the ledger. */
export interface CampaignTotals {
  campaign: string;
  currency: string;
  /** Sum of counted amounts, minor units. */
  raised: number;
  donors: number;
  allies: number;
  /** Counted Allies whose subscription is past due now (a part of `allies`), this campaign and its descendants. */
  alliesAtRisk?: number;
  /** Incremented by every change; drives ETags and SSE ids. */
  version: number;
  /** ISO 8601 time of the last change (or of creation). */
  updatedAt: string;
  /** Team-recorded cash waiting for approval, this campaign and its descendants. */
  pending?: number;
  /** Money matched by this campaign's own challenge (its pool; not in `raised`, not rolled up). */
  matched?: number;
  /** The campaign this one counts toward (null: top level). */
  parent?: string | null;
  /** The campaign as stored (null for a row no config has seeded yet). */
  config?: CampaignConfig | null;
}

/** A campaign as a node of the tree. */
export interface CampaignNode {
  id: string;
  currency: string;
  parent: string | null;
  config: CampaignConfig | null;
}

/** A recorded offline gift as the ledger keeps it. */
export interface OfflineGiftRow {
  id: string;
  campaign: string;
  amount: number;
  currency: string;
  note: string | null;
  /** People who gave; null on rows recorded before the field existed (one donor). */
  donors: number | null;
  status: 'counted' | 'pending';
  /** `admin`, or the id of the team key that recorded it. */
  recordedBy: string | null;
  createdAt: string;
  /** When team cash held for approval was approved, and by whom (`admin`); null if never held. */
  approvedAt: string | null;
  approvedBy: string | null;
  /** When pending team cash was rejected from above, and by whom; null otherwise. */
  rejectedAt: string | null;
  rejectedBy: string | null;
  /** What the cash was (`bake_sale`, `concert`, `cheque`, `other`), where recorded. */
  category: string | null;
  voided: boolean;
  /** The gift's ledger reference. */
  sourceRef?: string;
}

/** A paid Stripe payment whose campaign is unknown or counts in another currency: kept, not counted. */
export interface UnassignedPayment {
  /** The payment's ledger key (PaymentIntent id, or session/invoice id). */
  ref: string;
  eventId: string;
  /** The campaign its metadata names. */
  campaign: string;
  currency: string;
  amount: number;
  receivedAt: string;
  assignedTo: string | null;
  assignedAt: string | null;
}

/** Where a counted amount came from. */
export type LedgerKind = 'offline' | 'checkout' | 'invoice' | 'refund' | 'dispute';

/** A ledger row as returned to callers. */
export interface LedgerEntry {
  id: string;
  campaign: string;
  currency: string;
  /** Signed minor units: refunds are negative. */
  amount: number;
  kind: LedgerKind;
  /** External reference; unique, so the same payment can never count twice. */
  sourceRef: string;
  note: string | undefined;
  createdAt: string;
  /** `admin` or a team key id; absent for Stripe rows. */
  recordedBy?: string | undefined;
  /** `pending`: team cash waiting for approval, not in `raised`. */
  status?: 'counted' | 'pending' | undefined;
  /** People who gave (offline gifts). */
  donors?: number | undefined;
  /** What an offline gift was (`bake_sale`, `concert`, `cheque`, `other`): public, unlike the note. */
  category?: string | undefined;
  /** The processing fee the donor chose to cover, minor units (part of `amount`); only on the row counting a Stripe payment. */
  coveredFee?: number | undefined;
  /** The payment (its ref) whose money a Stripe or assignment row moves: what a feed joins to see what it still counts. */
  paymentRef?: string | undefined;
}

/**
 * One change in what a gift earned from a matching pool (signed; a reversal is negative). A gift's
 * match from a pool is the sum of its rows; kept apart from the ledger, so no gift feed or
 * `raised` sum ever sees one.
 */
export interface MatchEntry {
  id: string;
  /** The campaign whose challenge matched (its `matched` moved). */
  pool: string;
  /** The gift's key: its payment's ref (Stripe) or its ledger id (offline). */
  gift: string;
  /** What the treasurer finds the gift by: the PaymentIntent (or session, invoice) id, or the offline gift's reference. */
  reference: string;
  /** The campaign the gift counts to. */
  giftCampaign: string;
  currency: string;
  amount: number;
  createdAt: string;
}

/** A response remembered under an idempotency key, replayed byte for byte. */
export interface StoredResponse {
  status: number;
  body: string;
}

export interface IdempotencyRef {
  /** Namespace of the key, e.g. `offline-gifts:the-hundred`. */
  scope: string;
  key: string;
  /** sha256 of the canonical request body: the same key with another body is a conflict. */
  fingerprint: string;
}

/** A gift to count: its ledger row (timed at the commit), and how it counts. */
export interface RecordGiftInput extends Omit<LedgerEntry, 'note' | 'createdAt' | 'recordedBy' | 'status' | 'donors'> {
  /** `admin` or the team key id that records it. */
  recordedBy?: string | undefined;
  /** Held as pending (team cash in a campaign that needs approval). */
  pending?: boolean | undefined;
  note?: string | undefined;
  /** How the gift changes the donor count (1 for a new gift, 0 for a refund). */
  donorDelta: number;
  idempotency?: IdempotencyRef | undefined;
  /**
   * Builds the response to remember under the idempotency key. Runs inside the
   * transaction (so it must be synchronous and must not touch the store).
   */
  respond?: ((entry: LedgerEntry, totals: CampaignTotals) => StoredResponse) | undefined;
}

export type RecordGiftResult =
  | { outcome: 'recorded'; entry: LedgerEntry; totals: CampaignTotals; response: StoredResponse | undefined }
  | { outcome: 'replayed'; response: StoredResponse }
  | { outcome: 'conflict' }
  /** `sourceRef` was already counted (without a matching idempotency key): nothing changed. */
  | { outcome: 'duplicate'; totals: CampaignTotals };

export type IdempotencyLookup =
  | { outcome: 'none' }
  | { outcome: 'replayed'; response: StoredResponse }
  | { outcome: 'conflict' };

/** Takes a recorded offline gift back out (a mistyped amount, a bounced cheque). */
export interface VoidGiftInput {
  /** Id of the reversing ledger row. */
  id: string;
  campaign: string;
  giftId: string;
  note?: string | undefined;
  /** Who voids it: `admin` or a team key id. */
  recordedBy?: string | undefined;
  /** A team key or a person may void only team-recorded cash (by a key or a person), and not once approved. */
  byTeam?: boolean | undefined;
  /** A person who could approve the gift (an organiser above its campaign) may void it approved too. */
  mayVoidApproved?: boolean | undefined;
  /** Rejects pending cash from above instead: only a gift still pending, and it reads `rejected` from then on. */
  reject?: boolean | undefined;
}

/** An admin approves team-recorded cash held as pending. */
export interface ApproveGiftInput {
  campaign: string;
  giftId: string;
  /** Who approves: `admin` (the default) or `person:<id>`. */
  approvedBy?: string | undefined;
}

export type ApproveGiftResult =
  | { outcome: 'approved'; amount: number; totals: CampaignTotals }
  /** Approved before (or never pending): nothing changed. */
  | { outcome: 'already_approved'; amount: number; totals: CampaignTotals }
  | { outcome: 'voided' }
  /** The approver recorded this gift: approval comes from someone else. */
  | { outcome: 'own_gift' }
  | { outcome: 'not_found' };

export type VoidGiftResult =
  | { outcome: 'voided'; amount: number; totals: CampaignTotals }
  /** Voided before: nothing changed. */
  | { outcome: 'already_voided'; amount: number; totals: CampaignTotals }
  /** No offline gift with this id in this campaign. */
  | { outcome: 'not_found' }
  /** A team key asked to void a gift the admin recorded. */
  | { outcome: 'forbidden' }
  /** A team key asked to void cash that was approved: only whoever could approve it may. */
  | { outcome: 'approved' }
  /** A rejection of a gift that is no longer pending (approved, or rejected before). */
  | { outcome: 'not_pending'; status: 'counted' | 'rejected' };

/** One verified Stripe event and what it means for the ledger (mapped by `stripe/webhook-events.ts`). */
export interface StripeEventInput {
  effect: LedgerEffect;
}

export type StripeEventResult =
  /** Committed. `totals` is set when a campaign's totals moved. */
  | { outcome: 'applied'; totals: CampaignTotals | undefined; unassigned?: UnassignedPayment | undefined }
  /** This event id was processed before: nothing changed. */
  | { outcome: 'duplicate' }
  /** This event could not be applied (rolled back alone); the others in its batch are unaffected. */
  | { outcome: 'failed'; error: unknown };
