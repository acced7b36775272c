/**
 * Paid Stripe money no campaign can take yet (its campaign is unknown, or counts in another
 * currency) is kept, never dropped: the payment's state is stored without a campaign and an
 * unassigned row remembers what its metadata named. Assigning it (by hand, or when a
 * campaign with that id appears) counts the payment's current contribution, refunds and
 * disputes seen since included, exactly once.
 */
import { CampaignRuleError } from './errors.js';
import { afterEarlier, decideMatch, seeMatch, withMatched, type MatchPlan, type MatchSeen } from './match.js';
import { addCounts, load, type Clock, type Counts, type Operation, type Plan, type Reads, type Write } from './plan.js';
import { paymentContribution, type PaymentState } from './state.js';
import type { CampaignTotals, UnassignedPayment } from './types.js';

export type AssignResult =
  | { outcome: 'assigned'; payment: UnassignedPayment; totals: CampaignTotals }
  | { outcome: 'already_assigned'; payment: UnassignedPayment }
  | { outcome: 'not_found' }
  | { outcome: 'unknown_campaign' };

/** Ledger row id and reference of an assignment: once per payment, by the ledger's unique key. */
const assignLedgerId = (ref: string) => `led_assign_${ref}`;

/** `rescuekit unassigned assign <ref> <campaign>`: `ref` is the payment's ref or the event id that kept it. */
export function* assignPayment(ref: string, campaign: string, clock: Clock): Operation<AssignResult> {
  const payment = yield* load({ load: 'unassigned', ref });
  if (!payment) return { writes: [], result: { outcome: 'not_found' } };
  if (payment.assignedTo) return { writes: [], result: { outcome: 'already_assigned', payment } };
  const totals = yield* load({ load: 'totals', campaign });
  if (!totals) return { writes: [], result: { outcome: 'unknown_campaign' } };
  if (totals.currency !== payment.currency) {
    throw new CampaignRuleError('campaign', `campaign: "${campaign}" counts in ${totals.currency}; this payment was made in ${payment.currency}`);
  }
  const state = yield* load({ load: 'payment', id: payment.ref });
  const seen = yield* seeAssign(payment, state, campaign);
  const now = clock();
  const { writes, counts, match } = decideAssign(payment, state, campaign, totals.currency, now, seen);
  return { writes, result: { outcome: 'assigned', payment: { ...payment, assignedTo: campaign, assignedAt: now }, totals: withMatched(addCounts(totals, counts, now), match, now) } };
}

/** Counts every unassigned payment that names `campaign` in its currency (a campaign that just appeared). */
export function* assignWaiting(campaign: string, clock: Clock): Operation<CampaignTotals | undefined> {
  const waiting = yield* load({ load: 'unassignedFor', campaign });
  if (!waiting.length) return { writes: [], result: undefined };
  let totals = yield* load({ load: 'totals', campaign });
  if (!totals) return { writes: [], result: undefined };
  const now = clock();
  const writes: Write[] = [];
  const pools = new Map<string, CampaignTotals>(); // as the payments before left them
  for (const payment of waiting) {
    if (payment.currency !== totals.currency) continue;
    const state = yield* load({ load: 'payment', id: payment.ref });
    const seen = afterEarlier(yield* seeAssign(payment, state, campaign), pools);
    const plan = decideAssign(payment, state, campaign, totals.currency, now, seen);
    writes.push(...plan.writes);
    totals = withMatched(addCounts(totals, plan.counts, now), plan.match, now);
    for (const [pool, amount] of plan.match.moved) {
      const before = pools.get(pool) ?? seen!.pools.get(pool)!;
      pools.set(pool, addCounts(before, { raised: 0, donors: 0, allies: 0, matched: amount }, now));
    }
  }
  return { writes, result: writes.length ? totals : undefined };
}

/** The payment's state under its new campaign: a state stored before the release that kept one, rebuilt from its row. */
function assigned(payment: UnassignedPayment, stored: PaymentState | undefined, campaign: string): PaymentState {
  return { ...(stored ?? { ref: payment.ref, aliases: [], amount: payment.amount, currency: payment.currency, countsAsDonor: true, gift: null, fee: null, refunded: {}, disputes: {} }), campaign };
}

/** What matching reads for an assignment: the payment counts from nothing to its contribution now. */
function seeAssign(payment: UnassignedPayment, stored: PaymentState | undefined, campaign: string): Reads<MatchSeen | undefined> {
  return seeMatch({ gift: payment.ref, campaign, before: 0, net: paymentContribution(assigned(payment, stored, campaign)).raised });
}

/** The payment's state under its new campaign, the assignment mark, what it now counts and what it earns from matching pools. */
function decideAssign(
  payment: UnassignedPayment,
  stored: PaymentState | undefined,
  campaign: string,
  currency: string,
  now: string,
  seen?: MatchSeen,
): Plan<void> & { counts: Counts; match: MatchPlan } {
  const state = assigned(payment, stored, campaign);
  const { raised, donors } = paymentContribution(state);
  const counts: Counts = { raised, donors, allies: 0 };
  const writes: Write[] = [
    { op: 'upsertPayment', state, raised, donors, at: now },
    { op: 'markAssigned', ref: payment.ref, campaign, at: now },
  ];
  if (raised !== 0) {
    writes.push({
      op: 'insertLedger',
      entry: {
        id: assignLedgerId(payment.ref), campaign, currency, amount: raised, kind: 'checkout', sourceRef: `assign:${payment.ref}`, note: `assigned from "${payment.campaign}"`, createdAt: now,
        paymentRef: payment.ref,
        // This row counts the payment itself, so it carries the fee its donor covered.
        ...(state.fee !== null ? { coveredFee: state.fee } : {}),
      },
    });
  }
  writes.push({ op: 'addToTotals', campaign, delta: counts, at: now });
  // Matched at the payment's own time, not the assignment's.
  const paidAt = state.paidAt ?? Date.parse(payment.receivedAt);
  const match = decideMatch({ gift: payment.ref, reference: payment.ref, campaign, paidAt, before: 0, net: raised, cause: `assign:${payment.ref}` }, seen, now);
  writes.push(...match.writes);
  return { writes, result: undefined, counts, match };
}
