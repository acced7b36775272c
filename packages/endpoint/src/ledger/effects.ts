/**
 * What a verified Stripe event means for the ledger: absolute facts about one payment
 * (its gross, a charge's cumulative refunds, a dispute's stage), an Ally's subscription
 * status, or nothing to count. `stripe/webhook-events.ts` maps events to these;
 * `state.ts` merges them into per-payment state.
 */
export interface EffectBase {
  eventId: string;
  eventType: string;
  /** Event creation time, seconds since epoch: orders an Ally's statuses; money never depends on it. */
  created: number;
}

/**
 * What the donor saw and paid when Stripe's Adaptive Pricing converted the price: their own
 * (presentment) currency and the amount in its minor units. Reported beside a payment, never counted.
 */
export interface DonorAmount {
  currency: string;
  amount: number;
}

/** A paid gift (Checkout payment or a subscription invoice): counts `amount` once per `ref`. */
export interface PaymentEffect extends EffectBase {
  kind: 'payment';
  /** Ledger key: PaymentIntent id (or session/invoice id when there is none). */
  ref: string;
  /** Other ids of the same payment (session id, invoice id, PaymentIntent ids). */
  aliases: string[];
  campaign: string;
  /** Gross charged, minor units of `currency` (gift + covered fee). */
  amount: number;
  currency: string;
  /** The donor's gift and the covered fee, from metadata, for reporting. */
  gift: number | null;
  fee: number | null;
  frequency: 'once' | 'monthly';
  /** Whether this payment makes a new donor (one-time gifts, an Ally's first invoice). */
  countsAsDonor: boolean;
  /** A paid invoice of a subscription: its Ally is active as of this event. */
  ally?: AllyFact;
  /** The donor's own currency and amount, when it differs from `currency` (Adaptive Pricing). */
  donor?: DonorAmount;
}

/** A charge's cumulative refunded amount (Stripe's `amount_refunded`, not a delta). */
export interface RefundEffect extends EffectBase {
  kind: 'refund';
  ref: string;
  chargeId: string;
  /** Minor units of `currency`, the charge's own. */
  refundedTotal: number;
  currency: string;
  /**
   * The charge's amount in the same units (Stripe's `amount`): a refund in another currency than the
   * one counted takes back `refundedTotal / charged` of the counted amount.
   */
  charged?: number;
  /** The donor's currency and amount the charge names (`presentment_details`), when it differs from `currency`. */
  donor?: DonorAmount;
  /** Campaign from the charge's metadata when present; the payment's own campaign wins. */
  campaignHint: string | null;
}

/** Dispute stages: `withdrawn` is provisional; the other three are final. */
export type DisputeStage = 'withdrawn' | 'reinstated' | 'won' | 'lost';

export interface DisputeEffect extends EffectBase {
  kind: 'dispute';
  ref: string;
  disputeId: string;
  stage: DisputeStage;
  amount: number;
  currency: string;
  campaignHint: string | null;
}

/** A subscription's status, as Stripe names it. */
export type SubscriptionStatus = 'incomplete' | 'incomplete_expired' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'paused';

/**
 * What an event says of a monthly Ally's subscription: its status as of the event's `created`.
 * How `state.ts` merges it: a terminal status (canceled, unpaid, incomplete_expired) is final;
 * otherwise the newest `created` wins; two different statuses of the same second are a tie.
 */
export interface AllyFact {
  subscriptionId: string;
  /** Where the Ally counts (the subscription's first-seen campaign wins). */
  campaign: string;
  status: SubscriptionStatus;
  /**
   * How a tie is settled. Absent: it is not, the decision fails with `AllyTie` and nothing is
   * written, so the caller can ask Stripe. `fetched`: this status is Stripe's answer and wins the tie.
   * `ranked`: the status further along Stripe's lifecycle wins (for callers that cannot ask).
   */
  settle?: 'fetched' | 'ranked';
}

/** A subscription event: `customer.subscription.created`, `.updated` or `.deleted`. */
export interface AllyEffect extends EffectBase, AllyFact {
  kind: 'ally';
}

/**
 * An invoice and the PaymentIntent that paid it are one payment (an `invoice_payment.paid`
 * event, or Stripe's invoice-payments list). Invoices no longer name their PaymentIntent and
 * charges no longer name their invoice, so this is what lets a refund find its month.
 */
export interface LinkEffect extends EffectBase {
  kind: 'link';
  invoiceId: string;
  /** The PaymentIntent that paid it (a bare charge: the charge id), as refunds and disputes key it. */
  paymentRef: string;
}

/** Kept in the processed-events table for the record; moves no money. */
export interface RecordEffect extends EffectBase {
  kind: 'record';
  note: 'invoice_payment_failed';
  campaign: string | null;
  /** A failed invoice of a subscription: its Ally is past due (incomplete, for the first invoice) as of this event. */
  ally?: AllyFact;
}

export type IgnoreReason =
  | 'unhandled_type'
  | 'unpaid'
  | 'no_campaign'
  | 'unknown_campaign'
  | 'currency_mismatch'
  | 'subscription_session'
  | 'dispute_open'
  | 'zero_amount'
  | 'no_payment'
  | 'unknown_status';

export interface IgnoreEffect extends EffectBase {
  kind: 'ignore';
  reason: IgnoreReason;
}

export type LedgerEffect = PaymentEffect | RefundEffect | DisputeEffect | LinkEffect | AllyEffect | RecordEffect | IgnoreEffect;
