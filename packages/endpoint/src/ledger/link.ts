/**
 * Joining two stored payment states that turn out to be one payment: a monthly invoice
 * counted under its invoice id, and a refund or dispute stored under the PaymentIntent
 * before anything said they belong together. Pure; arrival order never changes the result.
 */
import type { LinkEffect } from './effects.js';
import { emptyPayment, paymentContribution, type PaymentState, type TotalsDelta } from './state.js';

export interface Linked {
  /** The state before (what the totals hold now for it), if any. */
  before: PaymentState | undefined;
  /** The joined state, saved under `before`'s ref (or the PaymentIntent's when new). */
  state: PaymentState;
  /** The other state, now empty and forwarding to `state.ref`. */
  absorbed: PaymentState | undefined;
  delta: TotalsDelta | null;
}

const FINAL = new Set(['reinstated', 'won', 'lost']);

function withAliases(s: PaymentState, ids: readonly string[]): PaymentState {
  const aliases = [...s.aliases];
  for (const id of ids) if (id !== s.ref && !aliases.includes(id)) aliases.push(id);
  return { ...s, aliases };
}

/**
 * `invoice` is the state the invoice id names, `paid` the one the PaymentIntent id names
 * (either may be missing, or both the same). The state that holds the paying event keeps
 * its ref; the other's refunds and disputes move into it and it forwards there from now on.
 */
export function linkPayments(invoice: PaymentState | undefined, paid: PaymentState | undefined, e: LinkEffect): Linked {
  const ids = [e.invoiceId, e.paymentRef];
  if (!invoice && !paid) return { before: undefined, state: withAliases(emptyPayment(e.paymentRef), ids), absorbed: undefined, delta: null };
  if (!invoice || !paid || invoice.ref === paid.ref) {
    const one = (invoice ?? paid)!;
    return { before: one, state: withAliases(one, ids), absorbed: undefined, delta: null };
  }
  const keep = invoice.amount !== null || paid.amount === null ? invoice : paid;
  const other = keep === invoice ? paid : invoice;
  // Two counted payments are never merged into one: only a stub (refunds, disputes, no amount) is absorbed.
  if (other.amount !== null) return { before: keep, state: keep, absorbed: undefined, delta: null };
  const refunded = { ...keep.refunded };
  for (const [charge, total] of Object.entries(other.refunded)) refunded[charge] = Math.max(refunded[charge] ?? 0, total);
  const disputes = { ...keep.disputes };
  for (const [id, d] of Object.entries(other.disputes)) if (!disputes[id] || !FINAL.has(disputes[id].stage)) disputes[id] = d;
  const charges = other.charges || keep.charges ? { ...other.charges, ...keep.charges } : undefined;
  const joined: PaymentState = { ...keep, refunded, disputes, ...(charges ? { charges } : {}) };
  const state = withAliases(joined, [...ids, other.ref, ...other.aliases]);
  const a = paymentContribution(keep);
  const b = paymentContribution(state);
  const delta = state.campaign && (a.raised !== b.raised || a.donors !== b.donors)
    ? { campaign: state.campaign, raised: b.raised - a.raised, donors: b.donors - a.donors, allies: 0 }
    : null;
  return { before: keep, state, absorbed: { ...emptyPayment(other.ref), mergedInto: state.ref }, delta };
}
