/**
 * The matching challenge on both stores: what each gift earns from its campaign's and every
 * ancestor's pool as it is counted, refunded, disputed, voided, approved or assigned; caps;
 * windows; arrival order; the per-gift match rows; and a model-checked random history.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CampaignConfig, MatchConfig } from '@rescuekit/schema';
import type { LedgerEffect } from '../src/ledger/effects.js';
import { openStore } from '../src/store/open.js';
import type { Store, StripeEventInput } from '../src/store/types.js';
import { BACKENDS, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

/** Seconds: before every window; inside the team's (2001) and the movement's; inside the movement's only (2027). */
const T_OUT = 1;
const T_BOTH = 1_000_000_500;
const T_MOVEMENT = 1_800_000_000;
const MOVEMENT_MATCH: MatchConfig = { ratio: 1, cap: 10_000, startsAt: '2001-01-01T00:00:00Z', endsAt: '2100-01-01T00:00:00Z', label: 'Doubled by the Kim Family' };
const TEAM_MATCH: MatchConfig = { ratio: 0.5, cap: 1_000, startsAt: '2001-09-09T00:00:00Z', endsAt: '2001-09-21T00:00:00Z', label: 'Half again by a neighbour' };

export const camp = (id: string, parent: string | null = null, over: Partial<CampaignConfig> = {}): CampaignConfig => ({
  id, title: `Campaign ${id}`, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}), ...over,
});
/** movement (its own pool) > region > team (a pool of its own, 2001) and team2; `other` under the movement. */
const TREE = [
  camp('movement', null, { match: MOVEMENT_MATCH }), camp('region', 'movement'), camp('team', 'region', { match: TEAM_MATCH, cashNeedsApproval: true }),
  camp('team2', 'region'), camp('other', 'movement'),
];
const POOLS = { movement: MOVEMENT_MATCH, team: TEAM_MATCH } as Record<string, MatchConfig>;

type Pay = Extract<LedgerEffect, { kind: 'payment' }>;
const pay = (n: number | string, campaign: string, amount: number, created = T_MOVEMENT, over: Partial<Pay> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_p${n}`, eventType: 'checkout.session.completed', created, ref: `pi_${n}`, aliases: [`cs_${n}`],
    campaign, amount, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});
const refund = (id: string, ref: string, total: number): StripeEventInput => ({
  effect: { kind: 'refund', eventId: id, eventType: 'charge.refunded', created: 2_000_000_000, ref, chargeId: `ch_${ref}`, refundedTotal: total, currency: 'usd', campaignHint: null },
});
const dispute = (id: string, ref: string, amount: number, stage: 'withdrawn' | 'reinstated' | 'won' | 'lost'): StripeEventInput => ({
  effect: { kind: 'dispute', eventId: id, eventType: 'charge.dispute.closed', created: 2_000_000_000, ref, disputeId: `dp_${ref}`, stage, amount, currency: 'usd', campaignHint: null },
});
const cash = (id: string, campaign: string, amount: number, over: { pending?: boolean } = {}) => ({
  id, campaign, currency: 'usd', amount, kind: 'offline' as const, sourceRef: `offline:${id}`, donorDelta: 1, recordedBy: 'admin', pending: over.pending,
});

/** Each campaign's raised and matched. */
async function money(store: Store): Promise<Record<string, [number, number]>> {
  return Object.fromEntries((await store.getAllTotals()).map((t) => [t.campaign, [t.raised, t.matched ?? 0]]));
}

/** What each gift holds from each pool, from the match rows (zero sums left out). */
async function holdings(backend: Backend, url: string): Promise<Record<string, number>> {
  const raw = await backend.raw(url);
  try {
    const rows = await raw.all<{ gift: string; pool: string; amount: number | string }>('SELECT gift, pool, sum(amount) AS amount FROM match_ledger GROUP BY gift, pool ORDER BY gift, pool');
    return Object.fromEntries(rows.filter((r) => Number(r.amount) !== 0).map((r) => [`${r.gift}@${r.pool}`, Number(r.amount)]));
  } finally {
    await raw.close();
  }
}

/** Every pool's `matched` equals the sum of its match rows, and stays within [0, cap]. */
async function checkPools(store: Store, backend: Backend, url: string): Promise<void> {
  const held = await holdings(backend, url);
  for (const t of await store.getAllTotals()) {
    const sum = Object.entries(held).filter(([k]) => k.endsWith(`@${t.campaign}`)).reduce((s, [, v]) => s + v, 0);
    assert.equal(t.matched ?? 0, sum, `${t.campaign}: matched is the sum of its match rows`);
    const cap = POOLS[t.campaign]?.cap ?? 0;
    assert.ok((t.matched ?? 0) >= 0 && (t.matched ?? 0) <= cap, `${t.campaign}: 0 <= matched ${t.matched} <= cap ${cap}`);
  }
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: matching challenge`, () => {
    async function withStore(fn: (store: Store, url: string) => Promise<void>): Promise<void> {
      const url = await backend.fresh();
      const store = await openStore(url);
      try {
        await store.seedCampaigns(TREE);
        await fn(store, url);
        await checkPools(store, backend, url);
      } finally {
        await store.close();
      }
    }

    test('a gift earns from its own pool and every ancestor\'s, up to each cap; matched is not raised and does not roll up', () => withStore(async (store, url) => {
      await store.applyStripeEvents([pay(1, 'team', 3_000, T_BOTH)]);
      assert.deepEqual(await money(store), {
        movement: [3_000, 3_000], region: [3_000, 0], team: [3_000, 1_000], team2: [0, 0], other: [0, 0],
      }, 'the team\'s pool gives half, capped at 1,000; the movement\'s doubles it; the region has none');
      const [counted] = await store.applyStripeEvents([pay(2, 'team2', 8_000)]);
      assert.equal(counted!.outcome === 'applied' && counted!.totals?.matched, 0, 'team2 holds no pool of its own');
      assert.deepEqual((await money(store))['movement'], [11_000, 10_000], 'the movement\'s cap runs out: 7,000 of 8,000');
      await store.applyStripeEvents([pay(3, 'other', 500)]);
      assert.deepEqual((await money(store))['movement'], [11_500, 10_000], 'nothing left to match');
      assert.deepEqual(await holdings(backend, url), { 'pi_1@movement': 3_000, 'pi_1@team': 1_000, 'pi_2@movement': 7_000 });
      // A refund takes the gift's match down to its share of what it still counts; the cap left is not handed to earlier gifts.
      await store.applyStripeEvents([refund('evt_r2', 'pi_2', 4_000)]);
      assert.deepEqual((await money(store))['movement'], [7_500, 7_000]);
      assert.deepEqual((await holdings(backend, url))['pi_2@movement'], 4_000);
      await store.applyStripeEvents([pay(4, 'team2', 5_000)]);
      assert.deepEqual((await money(store))['movement'], [12_500, 10_000], 'a later gift takes what the refund freed');
    }));

    test('outside the window nothing is earned; a full refund, a lost dispute or a void takes it all back even after the window', () => withStore(async (store, url) => {
      await store.applyStripeEvents([pay(1, 'team2', 2_000, T_OUT), pay(2, 'team2', 1_000)]);
      assert.deepEqual((await money(store))['movement'], [3_000, 1_000]);
      await store.recordGift(cash('g1', 'other', 700)); // recorded now: inside the movement's window
      assert.deepEqual((await money(store))['movement'], [3_700, 1_700]);
      await store.applyStripeEvents([dispute('evt_d2', 'pi_2', 1_000, 'lost'), refund('evt_r1', 'pi_1', 2_000)]);
      assert.deepEqual((await money(store))['movement'], [700, 700]);
      const voided = await store.voidOfflineGift({ id: 'v1', campaign: 'other', giftId: 'g1' });
      assert.equal(voided.outcome, 'voided');
      assert.deepEqual((await money(store))['movement'], [0, 0]);
      assert.deepEqual(await holdings(backend, url), {});
      assert.equal((await store.voidOfflineGift({ id: 'v1b', campaign: 'other', giftId: 'g1' })).outcome, 'already_voided');
      assert.deepEqual((await money(store))['movement'], [0, 0], 'a second void moves nothing');
    }));

    test('a dispute won or funds reinstated re-earn up to the gift\'s share, within the cap left then', () => withStore(async (store, url) => {
      await store.applyStripeEvents([pay(1, 'team2', 6_000), dispute('evt_w1', 'pi_1', 6_000, 'withdrawn')]);
      assert.deepEqual((await money(store))['movement'], [0, 0]);
      await store.applyStripeEvents([pay(2, 'team2', 7_000)]);
      await store.applyStripeEvents([dispute('evt_w2', 'pi_1', 6_000, 'reinstated')]);
      assert.deepEqual((await money(store))['movement'], [13_000, 10_000], 'back, but only 3,000 of the cap was left');
      assert.deepEqual(await holdings(backend, url), { 'pi_1@movement': 3_000, 'pi_2@movement': 7_000 });
    }));

    test('refunds and disputes that arrive before their payment end exactly as in the usual order', async () => {
      const history = [pay(1, 'team', 4_000, T_BOTH), refund('evt_r1', 'pi_1', 1_500), dispute('evt_d1', 'pi_1', 1_000, 'withdrawn'), pay(2, 'team', 900, T_BOTH)];
      const orders = [history, [history[1]!, history[2]!, history[0]!, history[3]!], [history[2]!, history[1]!, history[3]!, history[0]!]];
      const ends: unknown[] = [];
      for (const order of orders) {
        const url = await backend.fresh();
        const store = await openStore(url);
        try {
          await store.seedCampaigns(TREE);
          for (const e of order) await store.applyStripeEvents([e]);
          const m = await money(store);
          ends.push({ movement: m['movement'], team: m['team'], held: (await holdings(backend, url))['pi_1@movement'] });
          await checkPools(store, backend, url);
        } finally {
          await store.close();
        }
      }
      assert.deepEqual(ends[0], { movement: [2_400, 2_400], team: [2_400, 1_000], held: 1_500 });
      assert.deepEqual(ends[1], ends[0]);
      assert.deepEqual(ends[2], ends[0]);
    });

    test('pending cash earns when approved, at its recorded time; an unassigned payment earns when assigned, at its own time', () => withStore(async (store) => {
      await store.recordGift(cash('g1', 'team', 800, { pending: true }));
      assert.deepEqual((await money(store))['movement'], [0, 0]);
      const approved = await store.approveOfflineGift({ campaign: 'team', giftId: 'g1' });
      assert.equal(approved.outcome, 'approved');
      assert.deepEqual((await money(store))['movement'], [800, 800]);
      assert.deepEqual((await money(store))['team'], [800, 0], 'recorded now: outside the team\'s 2001 window');
      // Paid in 2001 to a campaign the store did not have yet; assigned years later, it still counts as paid then.
      await store.applyStripeEvents([pay(9, 'ghost', 1_200, T_BOTH), pay(10, 'ghost', 5_000, T_OUT)]);
      assert.equal((await store.assignUnassigned('pi_9', 'team')).outcome, 'assigned');
      assert.deepEqual((await money(store))['team'], [2_000, 600]);
      assert.deepEqual((await money(store))['movement'], [2_000, 2_000]);
      await store.assignUnassigned('pi_10', 'team2');
      assert.deepEqual((await money(store))['movement'], [7_000, 2_000], 'paid before the window: no match');
      await store.applyStripeEvents([refund('evt_r9', 'pi_9', 1_200)]);
      assert.deepEqual([(await money(store))['team'], (await money(store))['movement']], [[800, 0], [5_800, 800]]);
    }));

    test('a challenge removed later keeps what it matched; its gifts\' full reversals still take it back', () => withStore(async (store) => {
      await store.applyStripeEvents([pay(1, 'team2', 2_000), pay(2, 'team2', 1_000)]);
      await store.patchCampaign('movement', { match: undefined });
      await store.applyStripeEvents([pay(3, 'team2', 1_000), refund('evt_r1', 'pi_1', 500)]);
      assert.deepEqual((await money(store))['movement'], [3_500, 3_000], 'no new match; a partial refund keeps the unknown share');
      await store.applyStripeEvents([refund('evt_r2', 'pi_2', 1_000)]);
      assert.deepEqual((await money(store))['movement'], [2_500, 2_000]);
    }));
  });
}

/** The rule, written again plainly: the model the stores are checked against. */
class Model {
  readonly matched: Record<string, number> = { movement: 0, team: 0 };
  /** Per gift: net counted, campaign, paid (ms), what it holds per pool. */
  readonly gifts = new Map<string, { net: number; campaign: string; paidAt: number; held: Record<string, number> }>();
  /** Stripe payments as the ledger merges them. */
  readonly payments = new Map<string, { amount: number | null; campaign: string; paidAt: number; refunded: number; dispute: { stage: string; held: number } | null }>();
  readonly raised: Record<string, number> = { movement: 0, region: 0, team: 0, team2: 0, other: 0 };
  static readonly PARENT: Record<string, string | null> = { movement: null, region: 'movement', team: 'region', team2: 'region', other: 'movement' };

  chain(c: string): string[] {
    const out: string[] = [];
    for (let p: string | null = c; p; p = Model.PARENT[p]!) out.push(p);
    return out;
  }

  move(gift: string, campaign: string, paidAt: number, net: number): void {
    const g = this.gifts.get(gift) ?? { net: 0, campaign, paidAt, held: {} };
    const before = g.net;
    for (const c of this.chain(campaign)) this.raised[c]! += net - before;
    for (const pool of ['movement', 'team']) {
      const m = POOLS[pool]!;
      const held = g.held[pool] ?? 0;
      const share = Math.floor(net * m.ratio);
      let next = held;
      if (net === 0) next = 0;
      else if (net < before) next = Math.min(held, share);
      else if (net > before && this.chain(campaign).includes(pool) && paidAt >= Date.parse(m.startsAt) && paidAt < Date.parse(m.endsAt)) {
        next = held + Math.max(0, Math.min(share - held, m.cap - this.matched[pool]!));
      }
      this.matched[pool]! += next - held;
      g.held[pool] = next;
    }
    g.net = net;
    this.gifts.set(gift, g);
  }

  stripe(e: LedgerEffect, known: Set<string>): void {
    if (e.kind !== 'payment' && e.kind !== 'refund' && e.kind !== 'dispute') return;
    if (known.has(e.eventId)) return;
    known.add(e.eventId);
    const p = this.payments.get(e.ref) ?? { amount: null, campaign: '', paidAt: 0, refunded: 0, dispute: null };
    if (e.kind === 'payment' && p.amount === null) Object.assign(p, { amount: e.amount, campaign: e.campaign, paidAt: e.created * 1000 });
    if (e.kind === 'refund') p.refunded = Math.max(p.refunded, e.refundedTotal);
    if (e.kind === 'dispute' && !(p.dispute && p.dispute.stage !== 'withdrawn')) p.dispute = { stage: e.stage, held: e.stage === 'withdrawn' || e.stage === 'lost' ? e.amount : 0 };
    this.payments.set(e.ref, p);
    if (p.amount !== null) this.move(e.ref, p.campaign, p.paidAt, p.amount - Math.min(p.amount, p.refunded + (p.dispute?.held ?? 0)));
  }
}

type Op =
  | { op: 'pay'; campaign: string; amount: number; created: number }
  | { op: 'refund'; target: number; share: number }
  | { op: 'dispute'; target: number; stage: 'withdrawn' | 'reinstated' | 'won' | 'lost' }
  | { op: 'cash'; campaign: string; amount: number }
  | { op: 'void'; target: number }
  | { op: 'again'; back: number };

const CAMPAIGNS = ['team', 'team2', 'region', 'other', 'movement'];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('pay' as const), campaign: fc.constantFrom(...CAMPAIGNS), amount: fc.integer({ min: 1, max: 4_000 }), created: fc.constantFrom(T_OUT, T_BOTH, T_MOVEMENT) }) },
  // A target past the payments made so far names one still to come: its refund or dispute arrives first.
  { weight: 2, arbitrary: fc.record({ op: fc.constant('refund' as const), target: fc.nat(14), share: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dispute' as const), target: fc.nat(14), stage: fc.constantFrom('withdrawn' as const, 'reinstated' as const, 'won' as const, 'lost' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cash' as const), campaign: fc.constantFrom(...CAMPAIGNS), amount: fc.integer({ min: 1, max: 3_000 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('void' as const), target: fc.nat(6) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('again' as const), back: fc.nat(4) }) },
);

/** The Stripe event or store call of each op, with the amounts the model needs (a payment's gross is known ahead). */
function plan(ops: readonly Op[]) {
  const amounts: number[] = [];
  for (const o of ops) if (o.op === 'pay') amounts.push(o.amount);
  let paid = 0;
  let cashed = 0;
  const sent: StripeEventInput[] = [];
  const steps: ({ kind: 'stripe'; input: StripeEventInput } | { kind: 'cash'; id: string; campaign: string; amount: number } | { kind: 'void'; id: string; campaign: string })[] = [];
  const cashCampaigns: string[] = [];
  ops.forEach((o, i) => {
    let input: StripeEventInput | undefined;
    if (o.op === 'pay') input = pay(paid++, o.campaign, o.amount, o.created);
    else if (o.op === 'refund') {
      const gross = amounts[o.target] ?? 1_000;
      input = refund(`evt_r${i}`, `pi_${o.target}`, Math.max(1, Math.floor((gross * o.share) / 100)));
    } else if (o.op === 'dispute') input = dispute(`evt_d${i}`, `pi_${o.target}`, amounts[o.target] ?? 1_000, o.stage);
    else if (o.op === 'again' && sent.length) input = sent[sent.length - 1 - Math.min(o.back, sent.length - 1)];
    else if (o.op === 'cash') {
      cashCampaigns.push(o.campaign);
      steps.push({ kind: 'cash', id: `g${cashed++}`, campaign: o.campaign, amount: o.amount });
    } else if (o.op === 'void' && o.target < cashed) steps.push({ kind: 'void', id: `g${o.target}`, campaign: cashCampaigns[o.target]! });
    if (input) {
      sent.push(input);
      steps.push({ kind: 'stripe', input });
    }
  });
  return steps;
}

for (const backend of BACKENDS) {
  test(`${backend.name}: random histories of gifts, refunds, disputes and voids agree with the model; every invariant holds`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 45 }), fc.integer({ min: 1, max: 8 }), async (ops, chunk) => {
        const url = await backend.fresh();
        const store = await openStore(url);
        try {
          await store.seedCampaigns(TREE);
          const model = new Model();
          const known = new Set<string>();
          const voided = new Set<string>();
          const steps = plan(ops);
          // Stripe events go in batches of up to `chunk` (Postgres decides them in memory), cash in between.
          let batch: StripeEventInput[] = [];
          const send = async () => {
            if (batch.length) await store.applyStripeEvents(batch);
            batch = [];
          };
          for (const s of steps) {
            if (s.kind === 'stripe') {
              batch.push(s.input);
              model.stripe(s.input.effect, known);
              if (batch.length >= chunk) await send();
              continue;
            }
            await send();
            if (s.kind === 'cash') {
              const r = await store.recordGift(cash(s.id, s.campaign, s.amount));
              assert.equal(r.outcome, 'recorded');
              model.move(s.id, s.campaign, Date.parse(r.outcome === 'recorded' ? r.entry.createdAt : ''), s.amount);
            } else {
              const r = await store.voidOfflineGift({ id: `v_${s.id}`, campaign: s.campaign, giftId: s.id });
              if (!voided.has(s.id)) model.move(s.id, s.campaign, 0, 0);
              voided.add(s.id);
              assert.ok(r.outcome === 'voided' || r.outcome === 'already_voided');
            }
          }
          await send();
          const totals = await money(store);
          for (const c of Object.keys(Model.PARENT)) {
            assert.deepEqual(totals[c], [model.raised[c], model.matched[c] ?? 0], `${c}: raised and matched as the model says`);
          }
          const held = await holdings(backend, url);
          const expected: Record<string, number> = {};
          for (const [gift, g] of model.gifts) {
            for (const [pool, amount] of Object.entries(g.held)) {
              if (amount) expected[`${gift}@${pool}`] = amount;
              assert.ok(amount <= Math.floor(g.net * POOLS[pool]!.ratio), `${gift}: its match from ${pool} is at most its share of what it counts`);
              if (g.net === 0) assert.equal(amount, 0, `${gift}: fully taken back, it holds nothing`);
            }
          }
          assert.deepEqual(held, expected, 'each gift holds what the model says');
          await checkPools(store, backend, url);
        } finally {
          await store.close();
        }
      }),
      { numRuns: backend.name === 'postgres' ? 12 : 25 },
    );
  });
}
