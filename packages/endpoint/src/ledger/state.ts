/**
 * Order-independent, idempotent per-payment and per-Ally state. The store keeps
 * one row per payment `ref` (and per subscription) and, in one transaction per
 * event: loads the row, reduces the effect into it, adds the change in the
 * row's contribution to its campaign's running totals, saves both, and marks
 * the event processed. Applying an effect twice, or effects in any order,
 * gives the same state: money cannot be counted twice.
 */
import type { AllyFact, DisputeEffect, DisputeStage, DonorAmount, LedgerEffect, LinkEffect, PaymentEffect, RefundEffect, SubscriptionStatus } from './effects.js';
import { AllyTie } from './errors.js';
import { takenBack, type ChargeFacts } from './take-back.js';

export interface PaymentState {
  ref: string;
  aliases: string[];
  /** Set by the paying event; refunds and disputes never decide attribution. */
  campaign: string | null;
  currency: string | null;
  /** Gross counted, minor units; null until the paying event is seen (a refund may arrive first). */
  amount: number | null;
  countsAsDonor: boolean;
  gift: number | null;
  fee: number | null;
  /** Per charge id: the highest cumulative `amount_refunded` seen, minor units of the charge's currency. */
  refunded: Record<string, number>;
  /** Per charge id: its currency and amount (and the donor's), as its refunds said them; absent in older states. */
  charges?: Record<string, ChargeFacts>;
  /** Per dispute id: its most final stage seen and the amount it holds back, in the dispute's currency (absent: the counted one). */
  disputes: Record<string, { stage: DisputeStage; held: number; currency?: string }>;
  /** The donor's own currency and amount from the paying event (Adaptive Pricing); absent when they paid in `currency`. */
  donor?: DonorAmount;
  /** When the paying event was created (ms since epoch): the payment's time for a matching challenge's window. */
  paidAt?: number;
  /** Set on a state joined into another (see `link.ts`): every later event goes to that ref. */
  mergedInto?: string;
}

export function emptyPayment(ref: string): PaymentState {
  return { ref, aliases: [], campaign: null, currency: null, amount: null, countsAsDonor: false, gift: null, fee: null, refunded: {}, disputes: {} };
}

const FINAL: Record<DisputeStage, boolean> = { withdrawn: false, reinstated: true, won: true, lost: true };

/** Merges one money effect into a payment's state (pure; returns a new object). */
function reducePayment(state: PaymentState, effect: PaymentEffect | RefundEffect | DisputeEffect): PaymentState {
  const next: PaymentState = { ...state, aliases: [...state.aliases], refunded: { ...state.refunded }, disputes: { ...state.disputes } };
  switch (effect.kind) {
    case 'payment':
      // The first paying event fixes what was counted; later ones only add aliases.
      if (next.amount === null) {
        next.amount = effect.amount;
        next.currency = effect.currency;
        next.campaign = effect.campaign;
        next.countsAsDonor = effect.countsAsDonor;
        next.gift = effect.gift;
        next.fee = effect.fee;
        next.paidAt = effect.created * 1000;
        if (effect.donor) next.donor = { ...effect.donor };
      }
      for (const a of effect.aliases) if (a !== next.ref && !next.aliases.includes(a)) next.aliases.push(a);
      return next;
    case 'refund':
      next.refunded[effect.chargeId] = Math.max(next.refunded[effect.chargeId] ?? 0, effect.refundedTotal);
      // A charge's currency and amount never change: the first refund that names them is kept.
      if (effect.charged !== undefined && !next.charges?.[effect.chargeId]) {
        const facts: ChargeFacts = { currency: effect.currency.toLowerCase(), amount: effect.charged, ...(effect.donor ? { donor: { ...effect.donor } } : {}) };
        next.charges = { ...next.charges, [effect.chargeId]: facts };
      }
      return next;
    case 'dispute': {
      const prev = next.disputes[effect.disputeId];
      // A final stage is never overwritten; a provisional one is replaced by anything.
      if (prev && FINAL[prev.stage]) return next;
      const held = effect.stage === 'withdrawn' || effect.stage === 'lost' ? effect.amount : 0;
      next.disputes[effect.disputeId] = { stage: effect.stage, held, currency: effect.currency.toLowerCase() };
      return next;
    }
  }
}

/**
 * What a payment adds to its campaign: gross minus refunds and held disputes, never below 0.
 * Refunds and disputes in another currency (the donor's) take back their share (`take-back.ts`).
 */
export function paymentContribution(s: PaymentState): { raised: number; donors: number } {
  if (s.amount === null || s.campaign === null) return { raised: 0, donors: 0 };
  const raised = s.amount - Math.min(s.amount, takenBack({ ...s, amount: s.amount }));
  return { raised, donors: s.countsAsDonor && raised > 0 ? 1 : 0 };
}

export interface TotalsDelta {
  campaign: string;
  raised: number;
  donors: number;
  allies: number;
  /** Counted Allies past due (a part of `allies`); absent: none move. */
  alliesAtRisk?: number;
}

/** Reduce + diff: the new state and the change to apply to running totals (null when nothing moves). */
export function applyPaymentEffect(
  state: PaymentState | undefined,
  effect: PaymentEffect | RefundEffect | DisputeEffect,
): { state: PaymentState; delta: TotalsDelta | null } {
  const before = state ?? emptyPayment(effect.ref);
  const after = reducePayment(before, effect);
  const a = paymentContribution(before);
  const b = paymentContribution(after);
  const delta = after.campaign && (b.raised !== a.raised || b.donors !== a.donors)
    ? { campaign: after.campaign, raised: b.raised - a.raised, donors: b.donors - a.donors, allies: 0 }
    : null;
  return { state: after, delta };
}

export interface AllyState {
  subscriptionId: string;
  campaign: string;
  status: SubscriptionStatus;
  /** `created` (seconds) of the event that set `status`; 0 for an Ally kept from before statuses were. */
  at: number;
}

/** Statuses that end an Ally for good: a later event never revives one. */
const TERMINAL: ReadonlySet<SubscriptionStatus> = new Set(['canceled', 'unpaid', 'incomplete_expired']);
export const isFinalStatus = (s: SubscriptionStatus): boolean => TERMINAL.has(s);

/**
 * Stripe's lifecycle order, for settling a same-second tie without asking Stripe (`settle: 'ranked'`)
 * and between two terminal statuses (they count the same; the order only keeps the stored one stable).
 */
const RANK: Record<SubscriptionStatus, number> = {
  incomplete: 0, trialing: 1, active: 2, past_due: 3, paused: 4, incomplete_expired: 5, unpaid: 6, canceled: 7,
};

/** Whether Stripe's `status` is one this ledger knows (a newer API may name others). */
export const isSubscriptionStatus = (status: string): status is SubscriptionStatus => Object.hasOwn(RANK, status);

/** What an Ally adds to its campaign: counted while active or past due (Stripe retrying); at risk while past due. */
export function allyContribution(s: AllyState | undefined): { allies: number; alliesAtRisk: number } {
  const counted = s?.status === 'active' || s?.status === 'past_due';
  return { allies: counted ? 1 : 0, alliesAtRisk: s?.status === 'past_due' ? 1 : 0 };
}

/**
 * Whether `fact` (of an event created at `created`) replaces the stored status: a terminal status is
 * final, the newest event wins, and two statuses of one second are a tie (`AllyTie`) unless settled.
 * Depends only on the two statuses and times, so any order of the same events ends in the same state.
 */
function replaces(before: AllyState, fact: AllyFact, created: number): boolean {
  const was = TERMINAL.has(before.status);
  const is = TERMINAL.has(fact.status);
  if (was !== is) return is;
  if (created !== before.at) return created > before.at;
  if (fact.status === before.status) return false;
  if (was || fact.settle === 'ranked') return RANK[fact.status] > RANK[before.status];
  if (fact.settle === 'fetched') return true;
  throw new AllyTie(before.subscriptionId, before.status, fact.status, created);
}

/** Merges what an event says of a subscription; returns the new state and the change in what it counts. */
export function applyAllyFact(state: AllyState | undefined, fact: AllyFact, created: number): { state: AllyState; delta: TotalsDelta | null } {
  const after: AllyState = !state
    ? { subscriptionId: fact.subscriptionId, campaign: fact.campaign, status: fact.status, at: created }
    : replaces(state, fact, created) ? { ...state, status: fact.status, at: created } : state;
  const a = allyContribution(state);
  const b = allyContribution(after);
  const moved = a.allies !== b.allies || a.alliesAtRisk !== b.alliesAtRisk;
  return { state: after, delta: moved ? { campaign: after.campaign, raised: 0, donors: 0, allies: b.allies - a.allies, alliesAtRisk: b.alliesAtRisk - a.alliesAtRisk } : null };
}

/** How a processed event is labelled in the events table (`payment`, `ignore:unpaid`, `record:invoice_payment_failed`, …). */
export function effectLabel(e: LedgerEffect): string {
  return e.kind === 'ignore' ? `ignore:${e.reason}` : e.kind === 'record' ? `record:${e.note}` : e.kind;
}

/** The ledger kind of money an effect moves. */
export function ledgerKindOf(e: PaymentEffect | RefundEffect | DisputeEffect | LinkEffect): 'checkout' | 'invoice' | 'refund' | 'dispute' {
  if (e.kind === 'link') return 'refund'; // a link only ever moves money out: the refunds and disputes it joins
  return e.kind === 'payment' ? (e.frequency === 'monthly' ? 'invoice' : 'checkout') : e.kind;
}
