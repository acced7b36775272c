/**
 * Order-independent, idempotent per-payment and per-Ally state. The store keeps
 * one row per payment `ref` (and per subscription) and, in one transaction per
 * event: loads the row, reduces the effect into it, adds the change in the
 * row's contribution to its campaign's running totals, saves both, and marks
 * the event processed. Applying an effect twice, or effects in any order,
 * gives the same state: money cannot be counted twice.
 */
import type { AllyEffect, DisputeEffect, DisputeStage, LedgerEffect, LinkEffect, PaymentEffect, RefundEffect } from './effects.js';

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
  /** Per charge id: the highest cumulative `amount_refunded` seen. */
  refunded: Record<string, number>;
  /** Per dispute id: its most final stage seen and the amount it holds back. */
  disputes: Record<string, { stage: DisputeStage; held: number }>;
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
      }
      for (const a of effect.aliases) if (a !== next.ref && !next.aliases.includes(a)) next.aliases.push(a);
      return next;
    case 'refund':
      next.refunded[effect.chargeId] = Math.max(next.refunded[effect.chargeId] ?? 0, effect.refundedTotal);
      return next;
    case 'dispute': {
      const prev = next.disputes[effect.disputeId];
      // A final stage is never overwritten; a provisional one is replaced by anything.
      if (prev && FINAL[prev.stage]) return next;
      const held = effect.stage === 'withdrawn' || effect.stage === 'lost' ? effect.amount : 0;
      next.disputes[effect.disputeId] = { stage: effect.stage, held };
      return next;
    }
  }
}

/** What a payment adds to its campaign: gross minus refunds and held disputes, never below 0. */
export function paymentContribution(s: PaymentState): { raised: number; donors: number } {
  if (s.amount === null || s.campaign === null) return { raised: 0, donors: 0 };
  const refunded = Object.values(s.refunded).reduce((a, b) => a + b, 0);
  const held = Object.values(s.disputes).reduce((a, d) => a + d.held, 0);
  const raised = s.amount - Math.min(s.amount, refunded + held);
  return { raised, donors: s.countsAsDonor && raised > 0 ? 1 : 0 };
}

export interface TotalsDelta {
  campaign: string;
  raised: number;
  donors: number;
  allies: number;
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
  /** `ended` is final: a late `started` never revives a cancelled Ally. */
  stage: 'started' | 'ended';
}

/** Merges a subscription event; returns the new state and the ally-count change. */
export function applyAllyEffect(state: AllyState | undefined, effect: AllyEffect): { state: AllyState; delta: TotalsDelta | null } {
  const before = state;
  const after: AllyState = before?.stage === 'ended' ? before : { subscriptionId: effect.subscriptionId, campaign: before?.campaign ?? effect.campaign, stage: effect.stage };
  const was = before?.stage === 'started' ? 1 : 0;
  const now = after.stage === 'started' ? 1 : 0;
  return { state: after, delta: was === now ? null : { campaign: after.campaign, raised: 0, donors: 0, allies: now - was } };
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
