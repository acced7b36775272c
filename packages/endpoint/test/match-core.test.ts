/**
 * The matching decision in the pure core (`ledger/match.ts`), many random runs: whatever the
 * sequence of gifts and changes, a pool stays within its cap, equals the sum of what its gifts
 * hold, and no gift holds more than its share of what it counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { matchShare, type CampaignConfig } from '@rescuekit/schema';
import { decideMatch, nextMatch, seeMatch, type MatchSeen } from '../src/ledger/match.js';
import type { CampaignTotals } from '../src/ledger/types.js';

const WINDOW = { startsAt: '2026-12-03T00:00:00Z', endsAt: '2026-12-04T00:00:00Z' };
const IN = Date.parse('2026-12-03T12:00:00Z');
const OUT = Date.parse('2026-12-04T00:00:00Z'); // the end is exclusive

const pool = (ratio: number, cap: number, matched = 0): CampaignTotals => ({
  campaign: 'movement', currency: 'usd', raised: 0, donors: 0, allies: 0, version: 1, updatedAt: '', matched,
  config: { id: 'movement', title: 'm', currency: 'usd', goal: 1, rescueCost: 1, match: { ratio, cap, label: 'x', ...WINDOW } } as CampaignConfig,
});

test('nextMatch: within [held, held + cap left] going up, min(held, share) going down, 0 at 0', () => {
  fc.assert(
    fc.property(
      fc.nat(1_000_000), fc.nat(1_000_000), fc.nat(50_000), fc.integer({ min: 1, max: 1000 }), fc.nat(2_000_000), fc.nat(2_000_000), fc.boolean(),
      (before, net, heldRaw, ratioH, cap, matchedRaw, eligible) => {
        const ratio = ratioH / 100;
        const held = Math.min(heldRaw, matchShare(before, ratio));
        const matched = Math.min(cap, held + matchedRaw);
        const next = nextMatch({ held, before, net, ratio, eligible, cap, matched });
        assert.ok(next >= 0);
        if (net === 0) assert.equal(next, 0);
        else if (net < before) assert.equal(next, Math.min(held, matchShare(net, ratio)));
        else if (net > before && eligible) {
          assert.ok(next >= held && next <= Math.max(held, matchShare(net, ratio)));
          assert.ok(next - held <= cap - matched || next === held, 'never past the cap');
          assert.ok(next === matchShare(net, ratio) || matched + (next - held) === cap || next === held, 'stops only at its share or the cap');
        } else assert.equal(next, held);
      },
    ),
    { numRuns: 5000 },
  );
});

/** Drives the decision over a sequence: each step changes one gift's counted amount. */
test('decideMatch over random sequences: 0 <= matched <= cap, matched = sum held, held <= share(net), full reversal holds 0', () => {
  const step = fc.record({ gift: fc.nat(7), net: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9_000 })), inWindow: fc.boolean() });
  fc.assert(
    fc.property(fc.constantFrom(0.5, 1, 1.25, 2, 3.33), fc.integer({ min: 1, max: 20_000 }), fc.array(step, { maxLength: 60 }), (ratio, cap, steps) => {
      let totals = pool(ratio, cap);
      const gifts = new Map<number, { net: number; held: number; paidAt: number }>();
      steps.forEach((s, i) => {
        const g = gifts.get(s.gift) ?? { net: 0, held: 0, paidAt: s.inWindow ? IN : OUT };
        const seen: MatchSeen = { chain: ['movement'], pools: new Map([['movement', totals]]), held: g.held ? { movement: g.held } : {} };
        const plan = decideMatch({ gift: `g${s.gift}`, reference: `g${s.gift}`, campaign: 'movement', paidAt: g.paidAt, before: g.net, net: s.net, cause: `c${i}` }, seen, 'now');
        const moved = plan.moved.get('movement') ?? 0;
        const rows = plan.writes.filter((w) => w.op === 'insertMatch');
        assert.equal(rows.length, moved ? 1 : 0);
        totals = { ...totals, matched: (totals.matched ?? 0) + moved };
        gifts.set(s.gift, { ...g, net: s.net, held: g.held + moved });
        const m = totals.matched ?? 0;
        assert.ok(m >= 0 && m <= cap, `matched ${m} within cap ${cap}`);
        assert.equal(m, [...gifts.values()].reduce((a, x) => a + x.held, 0));
        for (const x of gifts.values()) {
          assert.ok(x.held <= matchShare(x.net, ratio));
          if (x.net === 0) assert.equal(x.held, 0);
          if (x.paidAt === OUT) assert.equal(x.held, 0, 'paid at the window\'s end: not matched');
        }
      });
    }),
    { numRuns: 2000 },
  );
});

test('seeMatch reads nothing for a gift that holds nothing and goes down, and only held pools going down', () => {
  const reads: string[] = [];
  const drive = (gen: Generator<unknown, MatchSeen | undefined, unknown>, answers: Record<string, unknown>) => {
    let r = gen.next();
    while (!r.done) {
      const l = r.value as { load: string };
      reads.push(l.load);
      r = gen.next(answers[l.load]);
    }
    return r.value;
  };
  assert.equal(drive(seeMatch({ gift: 'g', campaign: 'team', before: 500, net: 0 }), { giftMatches: {} }), undefined);
  assert.deepEqual(reads, ['giftMatches']);
  reads.length = 0;
  const seen = drive(seeMatch({ gift: 'g', campaign: 'team', before: 500, net: 100 }), { giftMatches: { movement: 300 }, totals: pool(1, 1000) });
  assert.deepEqual(reads, ['giftMatches', 'totals']);
  assert.deepEqual(seen && [...seen.pools.keys()], ['movement']);
  reads.length = 0;
  const chain = drive(seeMatch({ gift: 'g', campaign: 'team', before: 0, net: 100 }), { ancestors: ['movement'], pools: [{ ...pool(1, 1000), campaign: 'team' }, pool(1, 1000)] });
  assert.deepEqual(reads, ['ancestors', 'pools'], 'a new gift: no read of its matches, its chain\'s pools locked in one read');
  assert.deepEqual(chain?.chain, ['team', 'movement']);
});
