/**
 * The ledger's vocabulary: running totals, ledger rows, idempotency keys, and what each
 * store operation takes and answers. The store contract (`store/types.ts`) speaks in these.
 */
import type { LedgerEffect } from './effects.js';

/** One campaign's running totals. Reading progress reads this row, never the ledger. */
export interface CampaignTotals {
  campaign: string;
  currency: string;
  /** Sum of counted amounts, minor units. */
  raised: number;
  donors: number;
  allies: number;
  /** Incremented by every change; drives ETags and SSE ids. */
  version: number;
  /** ISO 8601 time of the last change (or of creation). */
  updatedAt: string;
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
export interface RecordGiftInput extends Omit<LedgerEntry, 'note' | 'createdAt'> {
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
}

export type VoidGiftResult =
  | { outcome: 'voided'; amount: number; totals: CampaignTotals }
  /** Voided before: nothing changed. */
  | { outcome: 'already_voided'; amount: number; totals: CampaignTotals }
  /** No offline gift with this id in this campaign. */
  | { outcome: 'not_found' };

/** One verified Stripe event and what it means for the ledger (mapped by `stripe/webhook-events.ts`). */
export interface StripeEventInput {
  effect: LedgerEffect;
}

export type StripeEventResult =
  /** Committed. `totals` is set when a campaign's totals moved. */
  | { outcome: 'applied'; totals: CampaignTotals | undefined }
  /** This event id was processed before: nothing changed. */
  | { outcome: 'duplicate' }
  /** This event could not be applied (rolled back alone); the others in its batch are unaffected. */
  | { outcome: 'failed'; error: unknown };
