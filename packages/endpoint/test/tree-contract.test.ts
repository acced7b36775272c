/**
 * The campaign tree on both stores (SQLite file, throwaway Postgres), through the Store
 * contract: roll-ups of every kind of ledger change to every ancestor, subtree moves, refused
 * trees with nothing written, team keys, approvals under concurrency, unassigned payments,
 * and 0.1 databases upgraded with their ancestors backfilled.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CampaignConfig } from '@rescuekit/schema';
import { hashTeamKey, newTeamKey } from '../src/guard/team-keys.js';
import { CampaignRuleError } from '../src/ledger/errors.js';
import type { LedgerEffect, SubscriptionStatus } from '../src/ledger/effects.js';
import { openStore } from '../src/store/open.js';
import type { Store, StripeEventInput } from '../src/store/types.js';
import { FIXTURE_CONFIG } from './fixtures/make-v0.1.js';
import { BACKENDS, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

export const camp = (id: string, parent: string | null = null, over: Partial<CampaignConfig> = {}): CampaignConfig => ({
  id, title: `Campaign ${id}`, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}), ...over,
});
/** movement > region > team > squad: the deepest tree allowed. */
const TREE = [camp('movement'), camp('region', 'movement'), camp('team', 'region'), camp('squad', 'team'), camp('other', 'movement'), camp('won', null, { currency: 'krw' })];
const CHAIN = ['squad', 'team', 'region', 'movement'];

const pay = (n: number | string, campaign: string, amount: number, over: Partial<Extract<LedgerEffect, { kind: 'payment' }>> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_p${n}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${n}`, aliases: [`cs_${n}`],
    campaign, amount, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});
const refund = (n: number | string, ref: string, total: number): StripeEventInput => ({
  effect: { kind: 'refund', eventId: `evt_r${n}`, eventType: 'charge.refunded', created: 2, ref, chargeId: `ch_${ref}`, refundedTotal: total, currency: 'usd', campaignHint: null },
});
const dispute = (n: number | string, ref: string, amount: number, stage: 'withdrawn' | 'won'): StripeEventInput => ({
  effect: { kind: 'dispute', eventId: `evt_d${n}`, eventType: 'charge.dispute.closed', created: 3, ref, disputeId: `dp_${ref}`, stage, amount, currency: 'usd', campaignHint: null },
});
const ally = (n: number | string, campaign: string, status: SubscriptionStatus, created = 4): StripeEventInput => ({
  effect: { kind: 'ally', eventId: `evt_a${n}_${status}_${created}`, eventType: 'customer.subscription.updated', created, subscriptionId: `sub_${n}`, campaign, status },
});
const atRisk = async (store: Store, id: string) => (await store.getTotals(id))!.alliesAtRisk;
const cash = (id: string, campaign: string, amount: number, over: { recordedBy?: string; pending?: boolean; donors?: number } = {}) => ({
  id, campaign, currency: 'usd', amount, kind: 'offline' as const, sourceRef: `offline:${id}`, donorDelta: over.donors ?? 1, recordedBy: over.recordedBy ?? 'admin', pending: over.pending,
});
const counts = async (store: Store, id: string) => {
  const t = (await store.getTotals(id))!;
  return { raised: t.raised, donors: t.donors, allies: t.allies, pending: t.pending ?? 0 };
};

for (const backend of BACKENDS) {
  describe(`${backend.name}: campaign tree`, () => {
    async function withTree(fn: (store: Store, db: { url: string; another(): Promise<Store> }) => Promise<void>, campaigns = TREE): Promise<void> {
      const url = await backend.fresh();
      const store = await openStore(url);
      const stores = [store];
      try {
        await store.seedCampaigns(campaigns);
        await fn(store, { url, another: async () => { const s = await openStore(url); stores.push(s); return s; } });
      } finally {
        for (const s of stores) await s.close();
      }
    }

    test('every kind of ledger change rolls up to every ancestor, 4 levels deep, in the same commit', () => withTree(async (store) => {
      const expect = async (c: { raised: number; donors: number; allies: number; pending: number }, why: string) => {
        for (const id of CHAIN) assert.deepEqual(await counts(store, id), c, `${id}: ${why}`);
        assert.deepEqual(await counts(store, 'other'), { raised: 0, donors: 0, allies: 0, pending: 0 }, `a sibling stays: ${why}`);
      };
      await store.recordGift(cash('g1', 'squad', 5_000, { donors: 3 }));
      await expect({ raised: 5_000, donors: 3, allies: 0, pending: 0 }, 'offline gift');
      await store.applyStripeEvents([pay(1, 'squad', 2_000)]);
      await expect({ raised: 7_000, donors: 4, allies: 0, pending: 0 }, 'payment');
      await store.applyStripeEvents([refund(1, 'pi_1', 500)]);
      await expect({ raised: 6_500, donors: 4, allies: 0, pending: 0 }, 'refund');
      await store.applyStripeEvents([dispute(1, 'pi_1', 1_500, 'withdrawn')]);
      await expect({ raised: 5_000, donors: 3, allies: 0, pending: 0 }, 'dispute withdrawn');
      await store.applyStripeEvents([dispute(2, 'pi_1', 1_500, 'won')]);
      await expect({ raised: 6_500, donors: 4, allies: 0, pending: 0 }, 'dispute won');
      await store.applyStripeEvents([ally(1, 'squad', 'active')]);
      await expect({ raised: 6_500, donors: 4, allies: 1, pending: 0 }, 'ally start');
      await store.applyStripeEvents([ally(1, 'squad', 'past_due', 5)]);
      await expect({ raised: 6_500, donors: 4, allies: 1, pending: 0 }, 'ally past due: still counted');
      for (const id of CHAIN) assert.equal(await atRisk(store, id), 1, `${id}: ally past due`);
      assert.equal(await atRisk(store, 'other'), 0);
      await store.applyStripeEvents([ally(1, 'squad', 'canceled', 6)]);
      await expect({ raised: 6_500, donors: 4, allies: 0, pending: 0 }, 'ally end');
      for (const id of CHAIN) assert.equal(await atRisk(store, id), 0, `${id}: ally ended`);
      await store.voidOfflineGift({ id: 'v1', campaign: 'squad', giftId: 'g1' });
      await expect({ raised: 1_500, donors: 1, allies: 0, pending: 0 }, 'void');
      await store.recordGift(cash('g2', 'squad', 700, { recordedBy: 'key_x', pending: true }));
      await expect({ raised: 1_500, donors: 1, allies: 0, pending: 700 }, 'pending cash');
      await store.approveOfflineGift({ campaign: 'squad', giftId: 'g2' });
      await expect({ raised: 2_200, donors: 2, allies: 0, pending: 0 }, 'approved');
      // A parent's own gifts count for it and its ancestors only.
      await store.recordGift(cash('g3', 'region', 100));
      assert.deepEqual((await counts(store, 'team')).raised, 2_200);
      assert.deepEqual([(await counts(store, 'region')).raised, (await counts(store, 'movement')).raised], [2_300, 2_300]);
      assert.equal((await store.getTotals('squad'))!.parent, 'team');
    }));

    test('a refused tree writes nothing: unknown parent, other currency, self-parent, a cycle through PATCH, a fifth level', () => withTree(async (store) => {
      const before = JSON.stringify(await store.getAllTotals());
      const refused = async (p: Promise<unknown>, detail: RegExp) => {
        await assert.rejects(p, (e: unknown) => e instanceof CampaignRuleError && e.field === 'parent' && detail.test(e.detail));
      };
      await refused(store.createCampaign(camp('x', 'nowhere')), /no campaign "nowhere"/);
      await refused(store.createCampaign(camp('x', 'won')), /same currency/);
      await refused(store.createCampaign(camp('x', 'squad')), /at most 4/);
      await refused(store.patchCampaign('team', { parent: 'team' }), /own parent/);
      await refused(store.patchCampaign('movement', { parent: 'squad' }), /cycle/);
      await refused(store.patchCampaign('won', { parent: 'movement' }), /same currency/);
      await refused(store.patchCampaign('other', { parent: 'squad' }), /at most 4/);
      // Moving a subtree so that its deepest campaign lands below level 4.
      await refused(store.patchCampaign('team', { parent: 'other' }).then(() => store.patchCampaign('other', { parent: 'squad' })), /at most 4|cycle/);
      await store.patchCampaign('team', { parent: 'region' }); // back where it was
      assert.equal(JSON.stringify((await store.getAllTotals()).map((t) => [t.campaign, t.parent, t.raised])), JSON.stringify(JSON.parse(before).map((t: { campaign: string; parent: string; raised: number }) => [t.campaign, t.parent, t.raised])));
      // The config at start: a parent the store holds in another currency is refused the same way.
      await refused(store.seedCampaigns([camp('late', 'won')]), /same currency/);
      assert.equal(await store.getTotals('late'), undefined);
    }));

    test('PATCH parent moves the subtree\'s current totals from the old ancestors to the new ones', () => withTree(async (store) => {
      await store.recordGift(cash('g1', 'squad', 4_000));
      await store.recordGift(cash('g2', 'team', 1_000));
      await store.recordGift(cash('g3', 'other', 300));
      await store.applyStripeEvents([ally(2, 'squad', 'past_due')]);
      const moved = await store.patchCampaign('team', { parent: 'other', title: 'Riverside' });
      assert.equal(moved.outcome === 'patched' && moved.totals.config?.title, 'Riverside');
      assert.deepEqual([(await counts(store, 'region')).raised, (await counts(store, 'other')).raised, (await counts(store, 'movement')).raised], [0, 5_300, 5_300]);
      assert.deepEqual([await atRisk(store, 'region'), await atRisk(store, 'other'), await atRisk(store, 'movement')], [0, 1, 1], 'an Ally at risk moves with its subtree');
      assert.deepEqual([(await counts(store, 'region')).allies, (await counts(store, 'other')).allies], [0, 1]);
      await store.recordGift(cash('g4', 'squad', 10));
      assert.deepEqual([(await counts(store, 'region')).raised, (await counts(store, 'other')).raised], [0, 5_310]);
      await store.patchCampaign('team', { parent: null });
      assert.deepEqual([(await counts(store, 'team')).raised, (await counts(store, 'other')).raised, (await counts(store, 'movement')).raised], [5_010, 300, 300]);
    }));

    test('team keys: stored as hashes, listed with last use; a key revoked by one server is refused by another at once', () => withTree(async (a, db) => {
      const b = await db.another();
      const key = newTeamKey();
      assert.equal(await a.createTeamKey({ id: key.id, campaign: 'nowhere', label: null, hash: key.hash }), undefined);
      await a.createTeamKey({ id: key.id, campaign: 'team', label: 'treasurer', hash: key.hash });
      assert.deepEqual(await b.findTeamKey(hashTeamKey(key.token)), { id: key.id, campaign: 'team' });
      assert.equal((await a.listTeamKeys('team'))[0]!.lastUsedAt, null, 'finding a key writes nothing');
      await b.noteTeamKeysUsed([{ id: key.id, at: '2026-12-06T10:00:00.000Z' }]);
      await b.noteTeamKeysUsed([{ id: key.id, at: '2026-12-06T09:00:00.000Z' }]); // a late batch never moves the time back
      const [listed] = await a.listTeamKeys('team');
      assert.deepEqual([listed!.id, listed!.label, listed!.revokedAt, listed!.lastUsedAt], [key.id, 'treasurer', null, '2026-12-06T10:00:00.000Z']);
      assert.equal((await a.revokeTeamKey(key.id))?.revokedAt !== null, true);
      assert.equal(await b.findTeamKey(hashTeamKey(key.token)), undefined);
      assert.equal(await a.revokeTeamKey('key_nope'), undefined);
    }));

    test('approval: pending cash is not counted; five concurrent approvals from two servers count it once', () => withTree(async (a, db) => {
      const b = await db.another();
      await a.recordGift(cash('g1', 'team', 2_500, { recordedBy: 'key_t', pending: true, donors: 2 }));
      assert.deepEqual(await counts(a, 'movement'), { raised: 0, donors: 0, allies: 0, pending: 2_500 });
      const results = await Promise.all([a, b, a, b, a].map((s) => s.approveOfflineGift({ campaign: 'team', giftId: 'g1' })));
      assert.deepEqual(results.map((r) => r.outcome).sort(), ['already_approved', 'already_approved', 'already_approved', 'already_approved', 'approved']);
      for (const id of ['team', 'region', 'movement']) assert.deepEqual(await counts(a, id), { raised: 2_500, donors: 2, allies: 0, pending: 0 }, id);
      const [gift] = await a.listOfflineGifts('team');
      assert.deepEqual([gift!.status, gift!.recordedBy, gift!.donors], ['counted', 'key_t', 2]);
      // A team key voids what team keys recorded, never the admin's rows.
      await a.recordGift(cash('g2', 'team', 900));
      assert.equal((await a.voidOfflineGift({ id: 'v2', campaign: 'team', giftId: 'g2', byTeam: true, recordedBy: 'key_t' })).outcome, 'forbidden');
      // Approved cash is the approver's to take back: the team is refused, the admin may.
      assert.equal((await a.voidOfflineGift({ id: 'v0', campaign: 'team', giftId: 'g1', byTeam: true, recordedBy: 'key_t' })).outcome, 'approved');
      assert.equal((await a.voidOfflineGift({ id: 'v1', campaign: 'team', giftId: 'g1', recordedBy: 'admin' })).outcome, 'voided');
      assert.equal((await a.approveOfflineGift({ campaign: 'team', giftId: 'g1' })).outcome, 'voided');
    }));

    test('unknown campaign and currency mismatch: kept, listed, counted once when assigned (refunds follow), also on redelivery', () => withTree(async (store) => {
      const [kept] = await store.applyStripeEvents([pay(1, 'ghost', 5_000, { gift: 4_850, fee: 150 })]);
      assert.deepEqual(kept?.outcome === 'applied' && [kept.totals, kept.unassigned?.campaign], [undefined, 'ghost']);
      await store.applyStripeEvents([pay(2, 'team', 3_000, { currency: 'eur' })]);
      await store.applyStripeEvents([refund(1, 'pi_1', 1_000), pay(1, 'ghost', 5_000)]);
      assert.deepEqual((await store.listUnassigned()).map((u) => [u.ref, u.campaign, u.currency, u.amount, u.assignedTo]), [['pi_1', 'ghost', 'usd', 5_000, null], ['pi_2', 'team', 'eur', 3_000, null]]);
      assert.deepEqual(await counts(store, 'movement'), { raised: 0, donors: 0, allies: 0, pending: 0 });
      const ledgerBefore = await store.countLedger();
      await assert.rejects(store.assignUnassigned('pi_2', 'team'), (e: unknown) => e instanceof CampaignRuleError && e.field === 'campaign');
      assert.equal(await store.countLedger(), ledgerBefore, 'nothing written');
      assert.equal((await store.assignUnassigned('pi_1', 'nowhere')).outcome, 'unknown_campaign');
      const assigned = await store.assignUnassigned('evt_p1', 'squad');
      assert.equal(assigned.outcome, 'assigned');
      for (const id of CHAIN) assert.deepEqual((await counts(store, id)).raised, 4_000, `${id}: the refund seen before follows the payment`);
      const rows: [string, number, number | null][] = [];
      for await (const r of store.exportLedger({ campaign: 'squad', direct: true })) rows.push([r.sourceRef, r.amount, r.coveredFee]);
      assert.deepEqual(rows, [['assign:pi_1', 4_000, 150]], 'the assigned row counts the payment, with the fee its donor covered');
      assert.equal((await store.assignUnassigned('pi_1', 'squad')).outcome, 'already_assigned');
      assert.deepEqual((await store.applyStripeEvents([pay(1, 'ghost', 5_000), refund(1, 'pi_1', 1_000)])).map((r) => r.outcome), ['duplicate', 'duplicate']);
      await store.applyStripeEvents([refund(2, 'pi_1', 1_500)]);
      assert.equal((await counts(store, 'movement')).raised, 3_500, 'a later refund moves the assigned campaign and its ancestors');
      assert.deepEqual((await store.listUnassigned()).map((u) => u.ref), ['pi_2']);
      assert.equal((await store.listUnassigned(true)).length, 2);
    }));

    test('kept payments are counted as soon as a campaign with their id appears (created, or seeded by a config)', () => withTree(async (store, db) => {
      await store.applyStripeEvents([pay(1, 'new-team', 2_000), pay(2, 'new-team', 700), pay(3, 'seeded', 400)]);
      const created = await store.createCampaign(camp('new-team', 'region'));
      assert.equal(created.outcome === 'created' && created.totals.raised, 2_700);
      assert.deepEqual([(await counts(store, 'new-team')).raised, (await counts(store, 'movement')).raised], [2_700, 2_700]);
      assert.equal((await store.createCampaign(camp('new-team'))).outcome, 'exists');
      assert.deepEqual((await store.applyStripeEvents([pay(1, 'new-team', 2_000)])).map((r) => r.outcome), ['duplicate']);
      const other = await db.another();
      const report = await other.seedCampaigns([...TREE, camp('seeded', 'other')]);
      assert.deepEqual(report.created, ['seeded']);
      assert.deepEqual([(await counts(store, 'seeded')).raised, (await counts(store, 'movement')).raised], [400, 3_100]);
      assert.equal((await store.listUnassigned()).length, 0);
    }));

    test('seeding: the store wins over a later config, and names each differing field', () => withTree(async (store) => {
      await store.patchCampaign('team', { title: 'Riverside' });
      const report = await store.seedCampaigns(TREE.map((c) => (c.id === 'team' ? { ...c, goal: 1 } : c)));
      assert.deepEqual(report.drift, [{ campaign: 'team', fields: ['goal', 'title'] }]);
      const t = (await store.getTotals('team'))!;
      assert.deepEqual([t.config?.title, t.config?.goal], ['Riverside', 900_000]);
    }));

    test('a 0.1 database upgrades with totals intact and every new ancestor backfilled from its descendants', async () => {
      const url = await backend.fromRelease('0.1');
      // 0.1 marked paid events for an unknown campaign processed and counted nothing: the upgrade forgets them.
      const raw = await backend.raw(url);
      await raw.all("INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES ('evt_lost', 'checkout.session.completed', 1, 'ignore:unknown_campaign', NULL, '2026-01-01T00:00:00.000Z')");
      await raw.close();
      const store = await openStore(url);
      try {
        const tree = FIXTURE_CONFIG.campaigns.map((c) => (c.id === 'rescue-team-demo' ? { ...c, parent: 'the-hundred' } : c));
        await store.seedCampaigns([...tree, camp('region-north', 'the-hundred')]);
        const all = Object.fromEntries((await store.getAllTotals()).map((t) => [t.campaign, [t.raised, t.donors, t.allies, t.parent]]));
        assert.deepEqual(all, {
          'the-hundred': [40_424 + 4_000, 8 + 2, 1, null], 'rescue-team-demo': [4_000, 2, 0, 'the-hundred'], won: [50_000, 1, 0, null], quiet: [0, 0, 0, null], 'region-north': [0, 0, 0, 'the-hundred'],
        });
        // Seeding again (another server starting, a SIGHUP) backfills nothing twice.
        await store.seedCampaigns(tree);
        assert.equal((await store.getTotals('the-hundred'))!.raised, 44_424);
        // …so the same event, fetched again (by reconcile), is applied now: kept as unassigned, not a duplicate.
        const [again] = await store.applyStripeEvents([pay('lost', 'team-added-later', 1_234, { eventId: 'evt_lost' })]);
        assert.deepEqual(again?.outcome === 'applied' && again.unassigned?.amount, 1_234);
        await store.patchCampaign('rescue-team-demo', { parent: 'region-north' });
        assert.deepEqual([(await store.getTotals('region-north'))!.raised, (await store.getTotals('the-hundred'))!.raised], [4_000, 44_424]);
      } finally {
        await store.close();
      }
    });

    test('property: random gifts, refunds, voids and campaign creation across a 3-level tree leave every total equal to its subtree\'s ledger', async () => {
      await propertyRun(backend);
    });
  });
}

async function propertyRun(backend: Backend): Promise<void> {
  const ids = ['root', 'mid-a', 'mid-b', 'leaf-a1', 'leaf-a2', 'leaf-b1'];
  const parentOf: Record<string, string | null> = { root: null, 'mid-a': 'root', 'mid-b': 'root', 'leaf-a1': 'mid-a', 'leaf-a2': 'mid-a', 'leaf-b1': 'mid-b' };
  const op = fc.oneof(
    fc.record({ kind: fc.constant('cash' as const), at: fc.nat(60), amount: fc.integer({ min: 1, max: 50_000 }) }),
    fc.record({ kind: fc.constant('pay' as const), at: fc.nat(60), amount: fc.integer({ min: 1, max: 50_000 }) }),
    fc.record({ kind: fc.constant('refund' as const), of: fc.nat(30), share: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ kind: fc.constant('void' as const), of: fc.nat(30) }),
    fc.record({ kind: fc.constant('create' as const), at: fc.constantFrom(...ids) }),
  );
  const url = await backend.fresh();
  const store = await openStore(url);
  const raw = await backend.raw(url);
  let run = 0;
  // Campaigns and their parents persist across runs (one database), so every check sees the whole tree.
  const parents = new Map(Object.entries(parentOf));
  const live = [...ids];
  try {
    await store.seedCampaigns(ids.map((id) => camp(id, parentOf[id])));
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        run++;
        const pays: { ref: string; amount: number }[] = [];
        const gifts: { id: string; at: string }[] = [];
        let n = 0;
        for (const o of ops) {
          const tag = `${run}_${n++}`;
          if (o.kind === 'cash') {
            const at = live[o.at % live.length]!;
            await store.recordGift(cash(`g${tag}`, at, o.amount));
            gifts.push({ id: `g${tag}`, at });
          } else if (o.kind === 'pay') {
            await store.applyStripeEvents([pay(tag, live[o.at % live.length]!, o.amount)]);
            pays.push({ ref: `pi_${tag}`, amount: o.amount });
          } else if (o.kind === 'refund' && pays.length) {
            const p = pays[o.of % pays.length]!;
            await store.applyStripeEvents([refund(tag, p.ref, Math.ceil((p.amount * o.share) / 100))]);
          } else if (o.kind === 'void' && gifts.length) {
            const g = gifts[o.of % gifts.length]!;
            await store.voidOfflineGift({ id: `v${tag}`, campaign: g.at, giftId: g.id });
          } else if (o.kind === 'create') {
            // New leaves under level-2 campaigns only, so the tree stays at 3 levels.
            const under = o.at === 'mid-b' ? 'mid-b' : 'mid-a';
            const id = `new-${tag}`.toLowerCase().replace(/_/g, '-');
            await store.createCampaign(camp(id, under));
            parents.set(id, under);
            live.push(id);
          }
        }
        const ledger = await raw.all<{ campaign: string; amount: number }>("SELECT campaign, amount FROM ledger WHERE status = 'counted'");
        const direct = new Map<string, number>();
        for (const row of ledger) direct.set(row.campaign, (direct.get(row.campaign) ?? 0) + Number(row.amount));
        for (const t of await store.getAllTotals()) {
          const sum = [...subtreeOf(t.campaign, parents)].reduce((s, c) => s + (direct.get(c) ?? 0), 0);
          assert.equal(t.raised, sum, `${t.campaign}: total = its subtree's ledger`);
        }
      }),
      { numRuns: 15 },
    );
  } finally {
    await raw.close();
    await store.close();
  }
}

/** The campaigns of `id`'s subtree, itself included. */
function subtreeOf(id: string, parents: Map<string, string | null>): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [c, p] of parents) if (p && out.has(p) && !out.has(c)) (out.add(c), (grew = true));
  }
  return out;
}
