/**
 * One verified Stripe event, applied once: claim its id, merge its effect into the payment's
 * and the Ally's stored state (`state.ts`), then one pure decision returns the writes (state, a
 * ledger row for money moved, the totals change) and the answer.
 */
import type { AllyFact, LedgerEffect } from './effects.js';
import { noTotalsRow } from './errors.js';
import { addCounts, load, type Counts, type EventRecord, type Operation, type Plan, type Reads, type Write } from './plan.js';
import { linkPayments } from './link.js';
import { decideMatch, readChain, seeMatch, withMatched, type MatchedGift, type MatchSeen } from './match.js';
import { applyAllyFact, applyPaymentEffect, effectLabel, ledgerKindOf, paymentContribution, type AllyState, type PaymentState, type TotalsDelta } from './state.js';
import type { CampaignTotals, LedgerKind, StripeEventResult, UnassignedPayment } from './types.js';

/** An effect's money merged into its payment's stored state: what to save, and what moves. */
export type Merged =
  | { kind: 'payment'; before: PaymentState | undefined; state: PaymentState; delta: TotalsDelta | null; ledgerKind: LedgerKind; absorbed?: PaymentState | undefined }
  | { kind: 'none'; campaign: string | null };

/** What an event says of an Ally's subscription, merged into its stored state. */
export interface AllyMerged {
  state: AllyState;
  delta: TotalsDelta | null;
}

/** The Ally fact an effect carries: a subscription event's own, or a paid or failed invoice's. */
export function allyFactOf(e: LedgerEffect): AllyFact | undefined {
  return e.kind === 'ally' ? e : e.kind === 'payment' || e.kind === 'record' ? e.ally : undefined;
}

/** Ledger row id and reference of the money an event moved: once per event, by the ledger's unique key. */
const stripeLedgerId = (eventId: string) => `led_${eventId}`;
const stripeLedgerRef = (eventId: string) => `stripe-event:${eventId}`;

/** The campaign the effect itself names: what the claimed row says until the merged state says otherwise. */
function namedCampaign(e: LedgerEffect): string | null {
  return e.kind === 'payment' || e.kind === 'ally' || e.kind === 'record' ? e.campaign : null;
}

/** The campaign an event is filed under once merged (a refund's is its payment's, a subscription event's its Ally's). */
function mergedCampaign(e: LedgerEffect, m: Merged, ally: AllyMerged | undefined): string | null {
  if (e.kind === 'ally') return ally?.state.campaign ?? null;
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
    case 'ally':
    case 'record':
      return { kind: 'none', campaign: e.campaign };
    case 'ignore':
      return { kind: 'none', campaign: null };
  }
}

export function* applyStripeEffect(e: LedgerEffect, now: string): Operation<StripeEventResult> {
  if (!(yield* load({ load: 'claimEvent', event: eventRecord(e, now) }))) return { writes: [], result: { outcome: 'duplicate' } };
  let merged = yield* merge(e);
  const fact = allyFactOf(e);
  // A same-second tie throws (`AllyTie`) before anything is written: the event stays unprocessed.
  const ally = fact ? applyAllyFact(yield* load({ load: 'ally', subscriptionId: fact.subscriptionId }), fact, e.created) : undefined;
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
  // The Ally counts where its subscription was first seen: mostly the payment's campaign, read once.
  const moneyMoves = merged.kind !== 'none' && merged.delta !== null;
  let allyTotals = ally?.delta && moneyMoves && totals?.campaign === ally.delta.campaign ? totals : undefined;
  if (ally?.delta && !allyTotals) allyTotals = yield* load({ load: 'totals', campaign: ally.delta.campaign });
  if (!moneyMoves) totals = undefined;
  const gift = merged.kind === 'payment' ? matchedPayment(e, merged) : undefined;
  const match = gift && totals ? yield* seeMatch(gift, chain) : undefined;
  const plan = decideStripeEvent(e, merged, ally, totals, allyTotals, now, match);
  if (!unassigned) return plan;
  // Kept unassigned, the payment moves no totals; its Ally may still move its own campaign's.
  const moved = plan.result.outcome === 'applied' ? plan.result.totals : undefined;
  return { writes: [...plan.writes, { op: 'insertUnassigned', payment: unassigned }], result: { outcome: 'applied', totals: moved, unassigned } };
}

/** A payment whose counted amount this event moves, as matching sees it (undefined: it moves none). */
function matchedPayment(e: LedgerEffect, m: Extract<Merged, { kind: 'payment' }>): MatchedGift | undefined {
  if (!m.delta || m.delta.raised === 0 || !m.state.campaign) return undefined;
  const net = paymentContribution(m.state).raised;
  return { gift: m.state.ref, reference: m.state.ref, campaign: m.state.campaign, paidAt: m.state.paidAt ?? null, before: net - m.delta.raised, net, cause: e.eventId };
}

/**
 * The writes of a claimed event: the merged payment and Ally states, the event's campaign when the
 * merge changed it, and for a change in what its payment or Ally counts, a ledger row for any money
 * moved (in the campaign's currency) and the totals change (one per campaign: an invoice that pays
 * and restores its Ally moves its campaign once).
 */
function decideStripeEvent(
  e: LedgerEffect, merged: Merged, ally: AllyMerged | undefined, totals: CampaignTotals | undefined, allyTotals: CampaignTotals | undefined, now: string, match?: MatchSeen,
): Plan<StripeEventResult> {
  const writes: Write[] = [];
  if (merged.kind === 'payment') {
    const { state, before } = merged;
    writes.push({ op: 'upsertPayment', state, ...paymentContribution(state), at: now });
    if (merged.absorbed) writes.push({ op: 'upsertPayment', state: merged.absorbed, raised: 0, donors: 0, at: now });
    for (const alias of state.aliases) if (!before?.aliases.includes(alias)) writes.push({ op: 'addAlias', alias, ref: state.ref });
  }
  if (ally) writes.push({ op: 'upsertAlly', state: ally.state, at: now });
  const campaign = mergedCampaign(e, merged, ally);
  if (campaign !== namedCampaign(e) && campaign !== null) writes.push({ op: 'setEventCampaign', eventId: e.eventId, campaign });

  const delta = merged.kind === 'none' ? null : merged.delta;
  const allyDelta = ally?.delta ?? null;
  if (!delta) {
    if (!allyDelta) return { writes, result: { outcome: 'applied', totals: undefined } };
    if (!allyTotals) throw noTotalsRow(allyDelta.campaign);
    const { campaign: moved, ...counts } = allyDelta;
    writes.push({ op: 'addToTotals', campaign: moved, delta: counts, at: now });
    return { writes, result: { outcome: 'applied', totals: addCounts(allyTotals, counts, now) } };
  }
  if (!totals) throw noTotalsRow(delta.campaign);
  const { campaign: moved, ...money } = delta;
  const together = allyDelta?.campaign === moved;
  const counts: Counts = together ? { ...money, allies: money.allies + allyDelta.allies, alliesAtRisk: (money.alliesAtRisk ?? 0) + (allyDelta.alliesAtRisk ?? 0) } : money;
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
  if (allyDelta && !together) {
    // An Ally first seen under another campaign than this invoice names keeps counting there.
    if (!allyTotals) throw noTotalsRow(allyDelta.campaign);
    const { campaign: allyCampaign, ...allyCounts } = allyDelta;
    writes.push({ op: 'addToTotals', campaign: allyCampaign, delta: allyCounts, at: now });
  }
  const gift = merged.kind === 'payment' ? matchedPayment(e, merged) : undefined;
  const matched = gift ? decideMatch(gift, match, now) : undefined;
  if (!matched) return { writes, result: { outcome: 'applied', totals: addCounts(totals, counts, now) } };
  writes.push(...matched.writes);
  return { writes, result: { outcome: 'applied', totals: withMatched(addCounts(totals, counts, now), matched, now) } };
}
