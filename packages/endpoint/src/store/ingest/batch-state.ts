/**
 * What a batch of Stripe events knows while it decides in memory (`executor.ts`): the rows
 * it read in bulk under the writers' lock, changed by each applied event's writes as the table
 * would change them, and the writes still to run, grouped for multi-row statements. A load it
 * cannot answer is a miss: the batch writes what it holds, then reads that row itself.
 */
import { LedgerError } from '../../ledger/errors.js';
import { addCounts, type Counts, type Load, type Write } from '../../ledger/plan.js';
import type { AllyState, PaymentState } from '../../ledger/state.js';
import type { CampaignTotals, LedgerEntry, MatchEntry, UnassignedPayment } from '../../ledger/types.js';

/** A load the batch knows the answer to, or `MISS`. */
export const MISS = Symbol('miss');

/** The grouped writes of the events applied since the last flush, in the order they must run. */
export interface PendingWrites {
  /** Per ref, its last state (an upsert keeps the last). */
  payments: Map<string, { state: PaymentState; raised: number; donors: number; at: string }>;
  /** Per alias, the first ref (`ON CONFLICT DO NOTHING` keeps the first). */
  aliases: Map<string, string>;
  /** Per subscription: its last state, with its first campaign (an upsert keeps the row's). */
  allies: Map<string, { state: AllyState; at: string }>;
  ledger: LedgerEntry[];
  matches: MatchEntry[];
  unassigned: Map<string, UnassignedPayment>;
  eventCampaigns: Map<string, string>;
  /** Per campaign, the sum of its changes and how many there were (each one moves `version`). */
  totals: Map<string, { raised: number; donors: number; allies: number; alliesAtRisk: number; pending: number; matched: number; n: number }>;
}

const MAX_MONEY = 9007199254740991;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Thrown for a write or load this batch does not group: the batch runs one event at a time instead. */
export class NotBatchable extends Error {}

export class BatchState {
  /** Per ref read or written: its state, or null where no row has that ref. */
  readonly payments = new Map<string, PaymentState | null>();
  /** Per alias read or written: the ref it names, or null where no alias row exists. */
  readonly aliases = new Map<string, string | null>();
  readonly allies = new Map<string, AllyState | null>();
  /** Totals rows read under lock (null: no such campaign); every change applied as the UPDATE would. */
  readonly totals = new Map<string, CampaignTotals | null>();
  readonly ancestors = new Map<string, string[]>();
  /** Per gift key read (or known to hold nothing): what it holds from each pool. */
  readonly giftMatches = new Map<string, Record<string, number>>();
  /** Event ids the bulk claim inserted; `claimed` those an applied (or deciding) event holds. */
  readonly fresh = new Set<string>();
  readonly claimed = new Set<string>();
  pending: PendingWrites = emptyWrites();

  answer(l: Load): unknown {
    switch (l.load) {
      case 'claimEvent': {
        const id = l.event.id;
        if (!this.fresh.has(id) || this.claimed.has(id)) return false;
        this.claimed.add(id);
        return true;
      }
      case 'payment':
        return this.#payment(l.id);
      case 'ally': {
        const a = this.allies.get(l.subscriptionId);
        return a === undefined ? MISS : (a ?? undefined);
      }
      case 'totals': {
        const t = this.totals.get(l.campaign);
        return t === undefined ? MISS : (t ?? undefined);
      }
      case 'ancestors':
        return this.ancestors.get(l.campaign) ?? MISS;
      case 'pools': {
        const rows = l.campaigns.map((c) => this.totals.get(c));
        return rows.some((t) => t === undefined) ? MISS : rows.filter((t) => t != null);
      }
      case 'giftMatches': {
        const held = this.giftMatches.get(l.gift);
        return held === undefined ? MISS : { ...held };
      }
      default:
        throw new NotBatchable(`load ${l.load}`);
    }
  }

  /** The stored query's order: the row with that ref, else the row an alias names. */
  #payment(id: string): PaymentState | undefined | typeof MISS {
    const own = this.payments.get(id);
    if (own === undefined) return MISS;
    if (own) return own;
    const ref = this.aliases.get(id);
    if (ref === undefined) return MISS;
    if (ref === null) return undefined;
    const target = this.payments.get(ref);
    return target === undefined ? MISS : (target ?? undefined);
  }

  /**
   * Checks a decided event's writes against the rows as they stand (the tables' CHECKs), then
   * applies them here and queues them. Throws, changing nothing, where the table would refuse.
   */
  apply(writes: readonly Write[]): void {
    const totals = new Map<string, CampaignTotals>();
    for (const w of writes) {
      if (w.op === 'upsertPayment' && (w.raised < 0 || (w.donors !== 0 && w.donors !== 1))) throw new LedgerError(`payment "${w.state.ref}" would count ${w.raised}`);
      // The foreign key to the campaign, where the batch knows the campaign is missing.
      const campaign = w.op === 'upsertAlly' ? w.state.campaign : w.op === 'upsertPayment' ? w.state.campaign : null;
      if (campaign !== null && this.totals.get(campaign) === null) throw new LedgerError(`no campaign "${campaign}"`);
      if (w.op !== 'addToTotals' && w.op !== 'addToAncestors') continue;
      for (const c of w.op === 'addToTotals' ? [w.campaign] : w.campaigns) {
        const before = totals.get(c) ?? this.totals.get(c);
        if (!before) throw new NotBatchable(`totals of "${c}" not read`);
        const after = addCounts(before, w.delta, w.at);
        const { raised, donors, allies, alliesAtRisk = 0, pending = 0, matched = 0 } = after;
        if (Math.abs(raised) > MAX_MONEY || donors < 0 || allies < 0 || alliesAtRisk < 0 || pending < 0 || matched < 0 || matched > MAX_MONEY) throw new LedgerError(`totals of campaign "${c}" would go out of range`);
        totals.set(c, after);
      }
    }
    for (const w of writes) this.#queue(w);
    for (const [c, t] of totals) this.totals.set(c, t);
  }

  #queue(w: Write): void {
    const p = this.pending;
    switch (w.op) {
      case 'upsertPayment':
        p.payments.set(w.state.ref, { state: w.state, raised: w.raised, donors: w.donors, at: w.at });
        this.payments.set(w.state.ref, clone(w.state)); // as the jsonb column gives it back
        return;
      case 'addAlias':
        if (!p.aliases.has(w.alias)) p.aliases.set(w.alias, w.ref);
        // Known absent: now it names `ref`. Known present: it keeps its ref. Not read: read when asked for.
        if (this.aliases.get(w.alias) === null) this.aliases.set(w.alias, w.ref);
        return;
      case 'upsertAlly': {
        const had = p.allies.get(w.state.subscriptionId);
        p.allies.set(w.state.subscriptionId, { state: { ...w.state, campaign: had?.state.campaign ?? w.state.campaign }, at: w.at });
        const known = this.allies.get(w.state.subscriptionId);
        // The upsert keeps a stored row's campaign; a row not read is read again when asked for.
        if (known === undefined) return;
        this.allies.set(w.state.subscriptionId, { ...w.state, campaign: known?.campaign ?? w.state.campaign });
        return;
      }
      case 'insertLedger':
        p.ledger.push(w.entry);
        return;
      case 'insertMatch': {
        p.matches.push(w.entry);
        // A gift not read stays unknown: read (after this queue is written) when asked for.
        const held = this.giftMatches.get(w.entry.gift);
        if (held) {
          const sum = (held[w.entry.pool] ?? 0) + w.entry.amount;
          if (sum === 0) delete held[w.entry.pool];
          else held[w.entry.pool] = sum;
        }
        return;
      }
      case 'insertUnassigned':
        if (!p.unassigned.has(w.payment.ref)) p.unassigned.set(w.payment.ref, w.payment);
        return;
      case 'setEventCampaign':
        p.eventCampaigns.set(w.eventId, w.campaign);
        return;
      case 'addToTotals':
        return this.#add(w.campaign, w.delta);
      case 'addToAncestors':
        for (const c of w.campaigns) this.#add(c, w.delta);
        return;
      default:
        throw new NotBatchable(`write ${w.op}`);
    }
  }

  #add(campaign: string, d: Counts): void {
    const sum = this.pending.totals.get(campaign) ?? { raised: 0, donors: 0, allies: 0, alliesAtRisk: 0, pending: 0, matched: 0, n: 0 };
    this.pending.totals.set(campaign, {
      raised: sum.raised + d.raised, donors: sum.donors + d.donors, allies: sum.allies + d.allies, alliesAtRisk: sum.alliesAtRisk + (d.alliesAtRisk ?? 0), pending: sum.pending + (d.pending ?? 0),
      matched: sum.matched + (d.matched ?? 0), n: sum.n + 1,
    });
  }

  /** Hands over the queued writes (to run now) and starts a new queue. */
  take(): PendingWrites {
    const p = this.pending;
    this.pending = emptyWrites();
    return p;
  }
}

const emptyWrites = (): PendingWrites => ({
  payments: new Map(),
  aliases: new Map(),
  allies: new Map(),
  ledger: [],
  matches: [],
  unassigned: new Map(),
  eventCampaigns: new Map(),
  totals: new Map(),
});
