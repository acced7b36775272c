/**
 * The matching challenge in the ledger core. A campaign with `match` is a pool: each counted gift
 * to it or below it, paid in the window, earns `min(matchShare(gift), cap - matched)` from it.
 * When what a gift counts changes, {@link decideMatch} recomputes what it holds from each pool
 * and writes the difference (a match row and the pool's `matched`), in the transaction that
 * counts the change. Written once for both stores; the pools' totals rows are read locked.
 */
import { inMatchWindow, matchShare } from '@rescuekit/schema';
import { addCounts, load, type Reads, type Write } from './plan.js';
import type { CampaignTotals } from './types.js';

/** A gift whose counted amount moves from `before` to `net`. */
export interface MatchedGift {
  /** The gift's key: its payment's ref, or its offline ledger id. */
  gift: string;
  /** What the treasurer's CSV shows as the match rows' reference. */
  reference: string;
  campaign: string;
  /** The payment's time (ms since epoch), tested against each window; null: unknown, earns nothing new. */
  paidAt: number | null;
  /** What the gift counted before (0: new, or fully taken back, so it holds no match). */
  before: number;
  net: number;
  /** What changed it (an event id, a ledger id), unique per gift and change: names its match rows. */
  cause: string;
}

/** What a match decision reads: the pools' totals (locked) and what the gift holds from each. */
export interface MatchSeen {
  /** The gift's campaign, then its ancestors nearest first: the pools it may earn from. */
  chain: readonly string[];
  pools: ReadonlyMap<string, CampaignTotals>;
  held: Readonly<Record<string, number>>;
}

/** The id of the match row a change writes for one pool. */
const matchEntryId = (cause: string, pool: string) => `match:${cause}:${pool}`;

/**
 * Reads what {@link decideMatch} needs for `gift` (undefined: nothing can move); `chain`, when the
 * operation read it already, is the gift's campaign's row and its ancestors'. A gift that counted
 * nothing holds nothing, so a new gift costs no read of its matches; a gift going down needs only
 * the pools it holds from; a gift going up reads its campaign's and every ancestor's totals.
 */
export function* seeMatch(gift: Pick<MatchedGift, 'gift' | 'campaign' | 'before' | 'net'>, chain?: readonly CampaignTotals[]): Reads<MatchSeen | undefined> {
  if (gift.before === gift.net) return undefined;
  const held = gift.before > 0 ? yield* load({ load: 'giftMatches', gift: gift.gift }) : {};
  const holds = Object.keys(held);
  if (gift.net < gift.before && !holds.length) return undefined;
  // Going up, every pool above may pay: the campaign's and its ancestors' rows, locked, in one read.
  const read = chain?.[0]?.campaign === gift.campaign ? chain : undefined; // read already, in this operation
  const up = gift.net > gift.before ? (read ?? (yield* readChain(gift.campaign))) : [];
  const pools = new Map(up.map((t) => [t.campaign, t]));
  for (const id of holds) {
    if (pools.has(id)) continue;
    const totals = yield* load({ load: 'totals', campaign: id }); // a pool held from before the tree changed
    if (totals) pools.set(id, totals);
  }
  return { chain: up.map((t) => t.campaign), pools, held };
}

/**
 * A campaign's totals row and its ancestors', nearest first ([] when it has none), locked. The
 * ancestors come from the operation's cache where it has them (a batch holds the writers' lock).
 */
export function* readChain(campaign: string): Reads<CampaignTotals[]> {
  const up = yield* load({ load: 'ancestors', campaign });
  const rows = yield* load({ load: 'pools', campaigns: [campaign, ...up] });
  return rows[0]?.campaign === campaign ? rows : [];
}

/** What one pool's share of a gift becomes. Pure; the rule the README states. */
export function nextMatch(p: { held: number; before: number; net: number; ratio: number | undefined; eligible: boolean; cap: number; matched: number }): number {
  if (p.net <= 0) return 0;
  // A challenge removed since: its ratio is unknown, so only a full reversal takes its match back.
  if (p.net < p.before) return p.ratio === undefined ? p.held : Math.min(p.held, matchShare(p.net, p.ratio));
  if (p.net > p.before && p.eligible && p.ratio !== undefined) return p.held + Math.max(0, Math.min(matchShare(p.net, p.ratio) - p.held, p.cap - p.matched));
  return p.held;
}

export interface MatchPlan {
  writes: Write[];
  /** Each pool's change in `matched`. */
  moved: Map<string, number>;
}

/** The match rows and pool changes of one gift's change (none when `seen` is undefined). */
export function decideMatch(g: MatchedGift, seen: MatchSeen | undefined, at: string): MatchPlan {
  const plan: MatchPlan = { writes: [], moved: new Map() };
  if (!seen) return plan;
  for (const [pool, totals] of seen.pools) {
    const m = totals.config?.match;
    const held = seen.held[pool] ?? 0;
    const eligible = m !== undefined && g.paidAt !== null && seen.chain.includes(pool) && inMatchWindow(g.paidAt, m);
    const next = nextMatch({ held, before: g.before, net: g.net, ratio: m?.ratio, eligible, cap: m?.cap ?? 0, matched: totals.matched ?? 0 });
    const amount = next - held;
    if (amount === 0) continue;
    plan.writes.push(
      {
        op: 'insertMatch',
        entry: { id: matchEntryId(g.cause, pool), pool, gift: g.gift, reference: g.reference, giftCampaign: g.campaign, currency: totals.currency, amount, createdAt: at },
      },
      // Its own pool only: `matched` never rolls up to ancestors.
      { op: 'addToTotals', campaign: pool, delta: { raised: 0, donors: 0, allies: 0, matched: amount }, at, only: true },
    );
    plan.moved.set(pool, amount);
  }
  return plan;
}

/** `totals` after the match writes of `plan` that touch its campaign (each is one more change). */
export function withMatched(totals: CampaignTotals, plan: MatchPlan, at: string): CampaignTotals {
  const amount = plan.moved.get(totals.campaign);
  return amount ? addCounts(totals, { raised: 0, donors: 0, allies: 0, matched: amount }, at) : totals;
}

/** `seen` with the pools' totals as earlier gifts of the same operation left them. */
export function afterEarlier(seen: MatchSeen | undefined, latest: ReadonlyMap<string, CampaignTotals>): MatchSeen | undefined {
  if (!seen) return undefined;
  return { ...seen, pools: new Map([...seen.pools].map(([id, t]) => [id, latest.get(id) ?? t])) };
}
