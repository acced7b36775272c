/**
 * Campaign rows, offline gifts, voids and idempotency keys: each operation reads what it
 * needs, then one pure decision returns its writes and its answer (see `plan.ts`). The time
 * is taken after the reads, once the rows it decides on are locked, so times follow commits.
 */
import { currencyLocked, currencyMismatch, noTotalsRow } from './errors.js';
import { decideMatch, seeMatch, withMatched, type MatchSeen } from './match.js';
import { addCounts, load, type Clock, type Counts, type Operation, type Plan, type StoredKey, type Write } from './plan.js';
import type {
  ApproveGiftInput,
  ApproveGiftResult,
  CampaignTotals,
  IdempotencyLookup,
  IdempotencyRef,
  LedgerEntry,
  OfflineGiftRow,
  RecordGiftInput,
  RecordGiftResult,
  VoidGiftInput,
  VoidGiftResult,
} from './types.js';

/** What a retried request gets: the stored answer for the same body, a conflict for another. */
function idempotencyOutcome(ref: IdempotencyRef, stored: StoredKey | undefined): IdempotencyLookup {
  if (!stored) return { outcome: 'none' };
  if (stored.fingerprint !== ref.fingerprint) return { outcome: 'conflict' };
  return { outcome: 'replayed', response: stored.response };
}

/** The reversing row of a voided gift carries this reference: once per gift, by the ledger's unique key. */
const voidRef = (giftId: string) => `void:${giftId}`;

/** The response kept under an idempotency key when the caller did not build one. */
const CREATED: { status: number; body: string } = { status: 201, body: '' };

export function* lookupIdempotency(ref: IdempotencyRef): Operation<IdempotencyLookup> {
  const stored = yield* load({ load: 'idempotency', scope: ref.scope, key: ref.key });
  return { writes: [], result: idempotencyOutcome(ref, stored) };
}

export function* ensureCampaigns(campaigns: readonly { id: string; currency: string }[], clock: Clock): Operation<void> {
  const existing = new Map<string, CampaignTotals | undefined>();
  for (const c of campaigns) if (!existing.has(c.id)) existing.set(c.id, yield* load({ load: 'campaign', campaign: c.id }));
  return decideCampaigns(campaigns, existing, clock());
}

/**
 * A zero totals row for each new campaign; a changed currency only while nothing is counted.
 * `existing` holds every campaign's current row (undefined: none yet).
 */
export function decideCampaigns(
  campaigns: readonly { id: string; currency: string }[],
  existing: ReadonlyMap<string, CampaignTotals | undefined>,
  now: string,
): Plan<void> {
  const writes: Write[] = [];
  const currency = new Map([...existing].map(([id, row]) => [id, row?.currency]));
  for (const c of campaigns) {
    const row = existing.get(c.id);
    const current = currency.get(c.id);
    if (current === c.currency) continue;
    if (current === undefined) writes.push({ op: 'insertTotals', campaign: c.id, currency: c.currency, at: now });
    else {
      if (row && (row.raised !== 0 || row.donors !== 0 || row.allies !== 0)) throw currencyLocked(c.id, current, c.currency);
      writes.push({ op: 'setCurrency', campaign: c.id, from: current, currency: c.currency, at: now });
    }
    currency.set(c.id, c.currency);
  }
  return { writes, result: undefined };
}

export function* recordGift(input: RecordGiftInput, clock: Clock): Operation<RecordGiftResult> {
  // The totals row first: on Postgres its lock serialises every writer of this campaign,
  // so two processes racing on one idempotency key meet here, not at the insert.
  const totals = yield* load({ load: 'totals', campaign: input.campaign });
  const stored = input.idempotency ? yield* load({ load: 'idempotency', scope: input.idempotency.scope, key: input.idempotency.key }) : undefined;
  const counted = yield* load({ load: 'counted', sourceRef: input.sourceRef });
  // Team cash held as pending is matched when approved; a replay or a duplicate writes no match.
  const counts = !input.pending && input.amount > 0 && !counted && !(stored && input.idempotency);
  const match = counts ? yield* seeMatch({ gift: input.id, campaign: input.campaign, before: 0, net: input.amount }) : undefined;
  return decideGift(input, { totals, stored, counted, match }, clock());
}

/**
 * Counts a gift once. In order: a known idempotency key replays (or conflicts) whatever else
 * changed since; the campaign must exist and count in the gift's currency; a `sourceRef`
 * already in the ledger changes nothing. `input.respond` builds the response stored with the key.
 */
export function decideGift(
  input: RecordGiftInput,
  seen: { totals: CampaignTotals | undefined; stored: StoredKey | undefined; counted: boolean; match?: MatchSeen | undefined },
  now: string,
): Plan<RecordGiftResult> {
  if (input.idempotency) {
    const prior = idempotencyOutcome(input.idempotency, seen.stored);
    if (prior.outcome !== 'none') return { writes: [], result: prior };
  }
  const { totals } = seen;
  if (!totals) throw noTotalsRow(input.campaign);
  if (totals.currency !== input.currency) throw currencyMismatch(input.campaign, input.currency, totals.currency);
  if (seen.counted) return { writes: [], result: { outcome: 'duplicate', totals } };
  const entry: LedgerEntry = {
    id: input.id,
    campaign: input.campaign,
    currency: input.currency,
    amount: input.amount,
    kind: input.kind,
    sourceRef: input.sourceRef,
    note: input.note,
    createdAt: now,
  };
  if (input.recordedBy !== undefined) {
    entry.recordedBy = input.recordedBy;
    entry.donors = input.donorDelta;
    entry.status = input.pending ? 'pending' : 'counted';
  }
  const delta: Counts = input.pending
    ? { raised: 0, donors: 0, allies: 0, pending: input.amount }
    : { raised: input.amount, donors: input.donorDelta, allies: 0 };
  const match = input.pending ? undefined : decideMatch(offlineGift(entry, 0, input.amount, input.id), seen.match, now);
  const after = match ? withMatched(addCounts(totals, delta, now), match, now) : addCounts(totals, delta, now);
  const response = input.respond?.(entry, after);
  const writes: Write[] = [
    { op: 'insertLedger', entry },
    { op: 'addToTotals', campaign: input.campaign, delta, at: now },
    ...(match?.writes ?? []),
  ];
  if (input.category !== undefined) {
    entry.category = input.category;
    writes.splice(1, 0, { op: 'setLedgerCategory', id: input.id, category: input.category });
  }
  if (input.idempotency) writes.push({ op: 'insertIdempotency', ref: input.idempotency, response: response ?? CREATED, ledgerId: input.id, at: now });
  return { writes, result: { outcome: 'recorded', entry, totals: after, response } };
}

/** An offline gift as matching sees it: its time is its ledger row's. */
const offlineGift = (g: { id: string; campaign: string; createdAt: string; sourceRef?: string | undefined }, before: number, net: number, cause: string) => ({
  gift: g.id, reference: g.sourceRef ?? g.id, campaign: g.campaign, paidAt: Date.parse(g.createdAt), before, net, cause,
});

export function* voidOfflineGift(input: VoidGiftInput, clock: Clock): Operation<VoidGiftResult> {
  const totals = yield* load({ load: 'totals', campaign: input.campaign });
  const gift = yield* load({ load: 'offlineGift', giftId: input.giftId, campaign: input.campaign });
  const voided = yield* load({ load: 'counted', sourceRef: voidRef(input.giftId) });
  const counted = gift && !voided && gift.status === 'counted' ? gift.amount : 0;
  const match = counted ? yield* seeMatch({ gift: gift!.id, campaign: gift!.campaign, before: counted, net: 0 }) : undefined;
  return decideVoid(input, { totals, gift, voided, match }, clock());
}

/** Takes an offline gift back out once: a reversing ledger row, its amount and its donor off the totals. */
function decideVoid(
  input: VoidGiftInput,
  seen: { totals: CampaignTotals | undefined; gift: OfflineGiftRow | undefined; voided: boolean; match?: MatchSeen | undefined },
  now: string,
): Plan<VoidGiftResult> {
  const { totals, gift } = seen;
  if (!totals || !gift) return { writes: [], result: { outcome: 'not_found' } };
  const teamRecorded = gift.recordedBy?.startsWith('key_') || gift.recordedBy?.startsWith('person:');
  if (input.byTeam && !teamRecorded) return { writes: [], result: { outcome: 'forbidden' } };
  if (input.byTeam && !input.mayVoidApproved && gift.approvedAt && !seen.voided) return { writes: [], result: { outcome: 'approved' } };
  if (input.reject && (gift.status !== 'pending' || gift.rejectedAt || seen.voided)) {
    return { writes: [], result: { outcome: 'not_pending', status: gift.status === 'counted' ? 'counted' : 'rejected' } };
  }
  if (seen.voided) return { writes: [], result: { outcome: 'already_voided', amount: gift.amount, totals } };
  const pending = gift.status === 'pending';
  const delta: Counts = pending ? { raised: 0, donors: 0, allies: 0, pending: -gift.amount } : { raised: -gift.amount, donors: -(gift.donors ?? 1), allies: 0 };
  const entry: LedgerEntry = {
    id: input.id,
    campaign: input.campaign,
    currency: gift.currency,
    amount: -gift.amount,
    kind: 'offline',
    sourceRef: voidRef(input.giftId),
    note: input.note,
    createdAt: now,
    status: pending ? 'pending' : 'counted',
    recordedBy: input.recordedBy,
  };
  // A void takes back all the gift earned from every pool, even after the window.
  const match = decideMatch(offlineGift(gift, pending ? 0 : gift.amount, 0, input.id), pending ? undefined : seen.match, now);
  return {
    writes: [
      { op: 'insertLedger', entry },
      ...(input.reject ? [{ op: 'markRejected', id: gift.id, at: now, by: input.recordedBy ?? 'admin' } as const] : []),
      { op: 'addToTotals', campaign: input.campaign, delta, at: now },
      ...match.writes,
    ],
    result: { outcome: 'voided', amount: gift.amount, totals: withMatched(addCounts(totals, delta, now), match, now) },
  };
}

export function* approveOfflineGift(input: ApproveGiftInput, clock: Clock): Operation<ApproveGiftResult> {
  const totals = yield* load({ load: 'totals', campaign: input.campaign });
  const gift = yield* load({ load: 'offlineGift', giftId: input.giftId, campaign: input.campaign });
  const approving = gift && !gift.voided && gift.status === 'pending';
  const match = approving ? yield* seeMatch({ gift: gift.id, campaign: gift.campaign, before: 0, net: gift.amount }) : undefined;
  return decideApprove({ totals, gift, match }, clock(), input.approvedBy ?? 'admin');
}

/** Counts a pending gift once: its amount and donors move from `pending` to `raised`. */
function decideApprove(
  seen: { totals: CampaignTotals | undefined; gift: OfflineGiftRow | undefined; match?: MatchSeen | undefined },
  now: string,
  approvedBy = 'admin',
): Plan<ApproveGiftResult> {
  const { totals, gift } = seen;
  if (!totals || !gift) return { writes: [], result: { outcome: 'not_found' } };
  if (gift.voided) return { writes: [], result: { outcome: 'voided' } };
  if (gift.status === 'pending' && approvedBy !== 'admin' && gift.recordedBy === approvedBy) return { writes: [], result: { outcome: 'own_gift' } };
  if (gift.status === 'counted') return { writes: [], result: { outcome: 'already_approved', amount: gift.amount, totals } };
  const delta: Counts = { raised: gift.amount, donors: gift.donors ?? 1, allies: 0, pending: -gift.amount };
  // Matched as it is counted, at the time it was recorded.
  const match = decideMatch(offlineGift(gift, 0, gift.amount, `approve:${gift.id}`), seen.match, now);
  return {
    writes: [
      { op: 'setLedgerStatus', id: gift.id, status: 'counted', approvedAt: now, approvedBy },
      { op: 'addToTotals', campaign: gift.campaign, delta, at: now },
      ...match.writes,
    ],
    result: { outcome: 'approved', amount: gift.amount, totals: withMatched(addCounts(totals, delta, now), match, now) },
  };
}
