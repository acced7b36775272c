/**
 * One verified Stripe event, applied once: claim its id, merge its effect into the payment's
 * or Ally's stored state (`state.ts`), then one pure decision returns the writes (state, a
 * ledger row for money moved, the totals change) and the answer.
 */
import type { LedgerEffect } from './effects.js';
import { noTotalsRow } from './errors.js';
import { addCounts, load, type EventRecord, type Operation, type Plan, type Reads, type Write } from './plan.js';
import { linkPayments } from './link.js';
import { decideMatch, readChain, seeMatch, withMatched, type MatchedGift, type MatchSeen } from './match.js';
import { applyAllyEffect, applyPaymentEffect, effectLabel, ledgerKindOf, paymentContribution, type AllyState, type PaymentState, type TotalsDelta } from './state.js';
import type { CampaignTotals, LedgerKind, StripeEventResult, UnassignedPayment } from './types.js';

/** An effect merged into its stored state: what to save, and what moves. */
export type Merged =
  | { kind: 'payment'; before: PaymentState | undefined; state: PaymentState; delta: TotalsDelta | null; ledgerKind: LedgerKind; absorbed?: PaymentState | undefined }
  | { kind: 'ally'; state: AllyState; delta: TotalsDelta | null }
  | { kind: 'none'; campaign: string | null };

/** Ledger row id and reference of the money an event moved: once per event, by the ledger's unique key. */
const stripeLedgerId = (eventId: string) => `led_${eventId}`;
const stripeLedgerRef = (eventId: string) => `stripe-event:${eventId}`;

/** The campaign the effect itself names: what the claimed row says until the merged state says otherwise. */
function namedCampaign(e: LedgerEffect): string | null {
  return e.kind === 'payment' || e.kind === 'ally' || e.kind === 'record' ? e.campaign : null;
}

/** The campaign an event is filed under once merged (a refund's is its payment's). */
function mergedCampaign(m: Merged): string | null {
  return m.kind === 'none' ? m.campaign : m.state.campaign;
}

export function eventRecord(e: LedgerEffect, now: string): EventRecord {
  return { id: e.eventId, type: e.eventType, created: e.created, effect: effectLabel(e), campaign: namedCampaign(e), receivedAt: now };
}

/** The stored payment any of `ids` names (its ref or an alias), in the order given, following joins. */
function* findPayment(ids: readonly string[]): Reads<PaymentState | undefined> {
  for (const id of ids) {
    let found = yield* load({ load: 'payment', id });
    for (let hops = 0; found?.mergedInto && hops < 4; hops++) found = yield* load({ load: 'payment', id: found.mergedInto });
    if (found) return found;
  }
  return undefined;
}

function* merge(e: LedgerEffect): Reads<Merged> {
  switch (e.kind) {
    case 'payment':
    case 'refund':
    case 'dispute': {
      const before = yield* findPayment(e.kind === 'payment' ? [e.ref, ...e.aliases] : [e.ref]);
      // Found by an alias, the stored ref stays the payment's key.
      const { state, delta } = applyPaymentEffect(before, { ...e, ref: before?.ref ?? e.ref });
      return { kind: 'payment', before, state, delta, ledgerKind: ledgerKindOf(e) };
    }
    case 'link': {
      const linked = linkPayments(yield* findPayment([e.invoiceId]), yield* findPayment([e.paymentRef]), e);
      return { kind: 'payment', ...linked, ledgerKind: ledgerKindOf(e) };
    }
    case 'ally': {
      const { state, delta } = applyAllyEffect(yield* load({ load: 'ally', subscriptionId: e.subscriptionId }), e);
      return { kind: 'ally', state, delta };
    }
    case 'record':
      return { kind: 'none', campaign: e.campaign };
    case 'ignore':
      return { kind: 'none', campaign: null };
  }
}

export function* applyStripeEffect(e: LedgerEffect, now: string): Operation<StripeEventResult> {
  if (!(yield* load({ load: 'claimEvent', event: eventRecord(e, now) }))) return { writes: [], result: { outcome: 'duplicate' } };
  let merged = yield* merge(e);
  let unassigned: UnassignedPayment | undefined;
  let totals: CampaignTotals | undefined;
  // The paying event decides where a payment counts: a campaign this store lacks, or one in
  // another currency, keeps it unassigned (stored without a campaign) instead of dropping it.
  // Money that moves reads its campaign's row with its ancestors' (the matching pools) in one read.
  let chain: CampaignTotals[] | undefined;
  function* campaignRow(campaign: string, money: boolean): Reads<CampaignTotals | undefined> {
    if (!money) return yield* load({ load: 'totals', campaign });
    chain = yield* readChain(campaign);
    return chain[0]?.campaign === campaign ? chain[0] : undefined;
  }
  if (e.kind === 'payment' && merged.kind === 'payment' && merged.before?.amount == null) {
    totals = yield* campaignRow(e.campaign, true);
    const currency = e.currency.toLowerCase();
    if (!totals || totals.currency !== currency) {
      unassigned = { ref: merged.state.ref, eventId: e.eventId, campaign: e.campaign, currency, amount: e.amount, receivedAt: now, assignedTo: null, assignedAt: null };
      merged = { ...merged, state: { ...merged.state, campaign: null }, delta: null };
      totals = undefined;
    }
  }
  if (!totals && merged.kind !== 'none' && merged.delta) totals = yield* campaignRow(merged.delta.campaign, merged.delta.raised !== 0);
  const gift = merged.kind === 'payment' ? matchedPayment(e, merged) : undefined;
  const match = gift && totals ? yield* seeMatch(gift, chain) : undefined;
  const plan = decideStripeEvent(e, merged, totals, now, match);
  if (!unassigned) return plan;
  return { writes: [...plan.writes, { op: 'insertUnassigned', payment: unassigned }], result: { outcome: 'applied', totals: undefined, unassigned } };
}

/** A payment whose counted amount this event moves, as matching sees it (undefined: it moves none). */
function matchedPayment(e: LedgerEffect, m: Extract<Merged, { kind: 'payment' }>): MatchedGift | undefined {
  if (!m.delta || m.delta.raised === 0 || !m.state.campaign) return undefined;
  const net = paymentContribution(m.state).raised;
  return { gift: m.state.ref, reference: m.state.ref, campaign: m.state.campaign, paidAt: m.state.paidAt ?? null, before: net - m.delta.raised, net, cause: e.eventId };
}

/**
 * The writes of a claimed event: the merged state, the event's campaign when the merge
 * changed it, and for a change in what its payment or Ally counts, a ledger row for any
 * money moved (in the campaign's currency) and the totals change.
 */
function decideStripeEvent(e: LedgerEffect, merged: Merged, totals: CampaignTotals | undefined, now: string, match?: MatchSeen): Plan<StripeEventResult> {
  const writes: Write[] = [];
  if (merged.kind === 'payment') {
    const { state, before } = merged;
    writes.push({ op: 'upsertPayment', state, ...paymentContribution(state), at: now });
    if (merged.absorbed) writes.push({ op: 'upsertPayment', state: merged.absorbed, raised: 0, donors: 0, at: now });
    for (const alias of state.aliases) if (!before?.aliases.includes(alias)) writes.push({ op: 'addAlias', alias, ref: state.ref });
  } else if (merged.kind === 'ally') {
    writes.push({ op: 'upsertAlly', state: merged.state, at: now });
  }
  const campaign = mergedCampaign(merged);
  if (campaign !== namedCampaign(e) && campaign !== null) writes.push({ op: 'setEventCampaign', eventId: e.eventId, campaign });

  const delta = merged.kind === 'none' ? null : merged.delta;
  if (!delta) return { writes, result: { outcome: 'applied', totals: undefined } };
  if (!totals) throw noTotalsRow(delta.campaign);
  const { campaign: moved, ...counts } = delta;
  if (counts.raised !== 0 && merged.kind === 'payment') {
    // The fee the donor covered belongs to the row counting the payment itself, not to its refunds or disputes.
    const countsPayment = (merged.ledgerKind === 'checkout' || merged.ledgerKind === 'invoice') && counts.raised > 0;
    writes.push({
      op: 'insertLedger',
      entry: {
        id: stripeLedgerId(e.eventId),
        campaign: moved,
        currency: totals.currency,
        amount: counts.raised,
        kind: merged.ledgerKind,
        sourceRef: stripeLedgerRef(e.eventId),
        note: undefined,
        createdAt: now,
        ...(countsPayment && merged.state.fee !== null ? { coveredFee: merged.state.fee } : {}),
        // Every row that moves a payment's money names it (a feed shows what the payment still counts).
        paymentRef: merged.state.ref,
      },
    });
  }
  writes.push({ op: 'addToTotals', campaign: moved, delta: counts, at: now });
  const gift = merged.kind === 'payment' ? matchedPayment(e, merged) : undefined;
  const matched = gift ? decideMatch(gift, match, now) : undefined;
  if (!matched) return { writes, result: { outcome: 'applied', totals: addCounts(totals, counts, now) } };
  writes.push(...matched.writes);
  return { writes, result: { outcome: 'applied', totals: withMatched(addCounts(totals, counts, now), matched, now) } };
}
