/**
 * How a store operation is written once for both databases. An operation is a generator:
 * it yields each read it needs (a {@link Load}), then returns its {@link Plan}, the writes
 * plus the answer, decided by a pure function. It never touches a database itself: the
 * store drives it, synchronously inside a better-sqlite3 transaction or asynchronously in a
 * pg transaction, and runs the plan's writes in order before the commit.
 *
 * Writes are plain data so later steps can work on a plan before it runs: a campaign tree
 * expands each `addToTotals` to every ancestor, and a batch executor may group the writes
 * of many events into a few multi-row statements.
 */
import type { AllyState, PaymentState } from './state.js';
import type { CampaignConfig } from '@rescuekit/schema';
import type { CampaignNode, CampaignTotals, IdempotencyRef, LedgerEntry, MatchEntry, OfflineGiftRow, StoredResponse, UnassignedPayment } from './types.js';

/** A processed Stripe event as kept in the events table. */
export interface EventRecord {
  id: string;
  type: string;
  /** Stripe's creation time, seconds since epoch. */
  created: number;
  /** What the event meant (`payment`, `ignore:unpaid`, …; see `effectLabel`). */
  effect: string;
  campaign: string | null;
  receivedAt: string;
}

/** An idempotency key as stored: the request's fingerprint and the response to replay. */
export interface StoredKey {
  fingerprint: string;
  response: StoredResponse;
}

/**
 * What an operation reads before deciding. A `totals` read keeps the campaign's row locked
 * until the commit (Postgres `FOR UPDATE`; SQLite's IMMEDIATE transaction holds the whole
 * file), so a decision made from it is still true when its writes run.
 */
export type Load =
  | { load: 'totals'; campaign: string }
  /**
   * A campaign's totals row as last committed, not locked: for a decision whose writes carry
   * their own guard, so startup never waits on (or deadlocks with) the counting of gifts.
   */
  | { load: 'campaign'; campaign: string }
  | { load: 'idempotency'; scope: string; key: string }
  /** Whether a ledger row with this `sourceRef` exists. */
  | { load: 'counted'; sourceRef: string }
  /** A positive offline ledger row of this campaign. */
  | { load: 'offlineGift'; giftId: string; campaign: string }
  /** The payment whose ref or alias is `id`. */
  | { load: 'payment'; id: string }
  | { load: 'ally'; subscriptionId: string }
  /**
   * Inserts the event's row unless its id is there: true when this call inserted it. The one
   * read that writes, so the same event delivered to two processes at once is applied once
   * with or without any other lock; an event that fails rolls its claim back with it.
   */
  | { load: 'claimEvent'; event: EventRecord }
  /** The campaign's ancestors, nearest first (its parent, the parent's parent, …). */
  | { load: 'ancestors'; campaign: string }
  /** Every campaign as a tree node (id, parent, currency), config included. */
  | { load: 'tree' }
  /** The unassigned payment kept under this payment ref (or event id). */
  | { load: 'unassigned'; ref: string }
  /** Unassigned payments, not yet assigned, that name this campaign. */
  | { load: 'unassignedFor'; campaign: string }
  /** Totals rows of these campaigns (a gift's campaign and its ancestors: its matching pools), locked as `totals` locks one, in the order asked (missing ones left out). */
  | { load: 'pools'; campaigns: readonly string[] }
  /** What a gift holds from each matching pool now (the sums of its match rows; pools at 0 left out). */
  | { load: 'giftMatches'; gift: string };

/** What each {@link Load} answers. */
export interface Loaded {
  totals: CampaignTotals | undefined;
  campaign: CampaignTotals | undefined;
  idempotency: StoredKey | undefined;
  counted: boolean;
  offlineGift: OfflineGiftRow | undefined;
  payment: PaymentState | undefined;
  ally: AllyState | undefined;
  claimEvent: boolean;
  ancestors: string[];
  tree: CampaignNode[];
  unassigned: UnassignedPayment | undefined;
  unassignedFor: UnassignedPayment[];
  giftMatches: Record<string, number>;
  pools: CampaignTotals[];
}

/** A change to a campaign's running totals. */
export interface Counts {
  raised: number;
  donors: number;
  allies: number;
  /** Counted Allies whose subscription is past due (a part of `allies`, rolled up as it is). */
  alliesAtRisk?: number;
  /** Team-recorded cash waiting for approval (not in `raised`). */
  pending?: number;
  /** Matched money (a pool's own; the roll-up never carries it to ancestors). */
  matched?: number;
}

/** One write of a plan. `addToTotals` is the only write that moves running totals. */
export type Write =
  | { op: 'insertTotals'; campaign: string; currency: string; at: string; parent?: string | null; config?: CampaignConfig | null; version?: number }
  /** A campaign's stored definition: its parent, its config; `bump` moves its version (other servers see the change). */
  | { op: 'setCampaign'; campaign: string; parent: string | null; config: CampaignConfig; bump: boolean; at: string }
  | { op: 'setLedgerStatus'; id: string; status: 'counted'; approvedAt: string; approvedBy: string }
  /** Pending team cash rejected from above (its amount leaves `pending` by the void row beside it). */
  | { op: 'markRejected'; id: string; at: string; by: string }
  | { op: 'insertUnassigned'; payment: UnassignedPayment }
  | { op: 'markAssigned'; ref: string; campaign: string; at: string }
  /** Only while the campaign still counts nothing in `from`; otherwise the write fails. */
  | { op: 'setCurrency'; campaign: string; from: string; currency: string; at: string }
  | { op: 'insertLedger'; entry: LedgerEntry }
  /** A change in a gift's match from one pool (the pool's `matched` moves by an `addToTotals` beside it). */
  | { op: 'insertMatch'; entry: MatchEntry }
  /** An offline gift's public category, beside its ledger row (kept apart from the hot insert). */
  | { op: 'setLedgerCategory'; id: string; category: string }
  /** `only`: this campaign alone (a subtree move); otherwise the roll-up adds it to every ancestor too. */
  | { op: 'addToTotals'; campaign: string; delta: Counts; at: string; only?: boolean }
  /** The same change to each of `campaigns` (a roll-up to a campaign's ancestors). */
  | { op: 'addToAncestors'; campaigns: string[]; delta: Counts; at: string }
  | { op: 'insertIdempotency'; ref: IdempotencyRef; response: StoredResponse; ledgerId: string; at: string }
  /** The payment's merged state and what it counts now (`raised`, `donors`). */
  | { op: 'upsertPayment'; state: PaymentState; raised: number; donors: number; at: string }
  | { op: 'addAlias'; alias: string; ref: string }
  | { op: 'upsertAlly'; state: AllyState; at: string }
  | { op: 'setEventCampaign'; eventId: string; campaign: string };

/** The outcome of a decision: writes to run in order, and the answer once they commit. */
export interface Plan<R> {
  writes: Write[];
  result: R;
}

/** The current time as ISO 8601; operations ask for it once their rows are locked. */
export type Clock = () => string;

/** A generator that yields loads and receives what they answer. */
export type Reads<T> = Generator<Load, T, unknown>;
export type Operation<R> = Reads<Plan<R>>;

/** Yields one load and returns its typed answer: `const totals = yield* load({ load: 'totals', campaign })`. */
export function* load<L extends Load>(request: L): Reads<Loaded[L['load']]> {
  return (yield request) as Loaded[L['load']];
}

/** The totals row after `delta` is added at `at` (what the store's UPDATE leaves). */
export function addCounts(totals: CampaignTotals, delta: Counts, at: string): CampaignTotals {
  return {
    ...totals,
    raised: totals.raised + delta.raised,
    donors: totals.donors + delta.donors,
    allies: totals.allies + delta.allies,
    ...(totals.alliesAtRisk !== undefined || delta.alliesAtRisk ? { alliesAtRisk: (totals.alliesAtRisk ?? 0) + (delta.alliesAtRisk ?? 0) } : {}),
    version: totals.version + 1,
    updatedAt: at,
    ...(totals.pending !== undefined || delta.pending ? { pending: (totals.pending ?? 0) + (delta.pending ?? 0) } : {}),
    ...(totals.matched !== undefined || delta.matched ? { matched: (totals.matched ?? 0) + (delta.matched ?? 0) } : {}),
  };
}
