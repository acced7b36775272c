import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CampaignPatch, MAX_TREE_DEPTH, OfflineGift, Progress, RescuekitConfig, ancestorsOf, describeIssue, treeIssues, type TreeNode } from '@rescuekit/schema';

const camp = (id: string, parent?: string | null, currency = 'usd') => ({ id, title: id, currency, goal: 900000, rescueCost: 300000, ...(parent !== undefined ? { parent } : {}) });

function configError(campaigns: unknown[]): { field: string; detail: string } {
  const r = RescuekitConfig.safeParse({ campaigns });
  assert.equal(r.success, false, 'expected the config to be refused');
  return describeIssue(r.error!);
}

test('a movement -> region -> team -> sub-team tree of four levels is valid', () => {
  const r = RescuekitConfig.safeParse({ campaigns: [camp('movement'), camp('west', 'movement'), camp('team', 'west'), camp('sub', 'team')] });
  assert.ok(r.success, r.success ? '' : describeIssue(r.error).detail);
  assert.equal(r.data.campaigns[3]!.parent, 'team');
});

test('config tree errors name the parent field of the campaign at fault', () => {
  assert.deepEqual(configError([camp('a'), camp('b', 'nope')]), { field: 'campaigns.1.parent', detail: 'campaigns.1.parent: no campaign "nope"' });
  assert.match(configError([camp('a', 'a')]).detail, /^campaigns\.0\.parent: a campaign cannot be its own parent/);
  assert.match(configError([camp('a'), camp('b', 'a', 'krw')]).detail, /^campaigns\.1\.parent: "a" counts in usd, this campaign in krw/);
  assert.match(configError([camp('a', 'c'), camp('b', 'a'), camp('c', 'b')]).detail, /^campaigns\.0\.parent: .*cycle/);
  assert.match(configError([camp('l1'), camp('l2', 'l1'), camp('l3', 'l2'), camp('l4', 'l3'), camp('l5', 'l4')]).detail, /^campaigns\.4\.parent: "l5" would sit 5 levels deep; at most 4/);
});

test('treeIssues agrees with a brute-force walk on random parent maps', () => {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  fc.assert(
    fc.property(fc.array(fc.option(fc.constantFrom(...ids, 'zz'), { nil: null }), { minLength: 6, maxLength: 6 }), fc.array(fc.constantFrom('usd', 'eur'), { minLength: 6, maxLength: 6 }), (parents, currencies) => {
      const nodes: TreeNode[] = ids.map((id, i) => ({ id, parent: parents[i], currency: currencies[i]! }));
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const bad = new Set(treeIssues(nodes).map((i) => i.id));
      for (const n of nodes) {
        // Walk up: the node is at fault when its own parent is missing or in another currency, or when
        // the walk repeats (a cycle) or goes too deep. A missing grandparent is its parent's fault.
        let ok = true;
        const seen = new Set<string>();
        let depth = 1;
        for (let at: TreeNode | undefined = n; at && at.parent != null; ) {
          const p = byId.get(at.parent);
          if (!p && at !== n) break;
          if (!p || seen.has(p.id) || p.id === n.id || (at === n && p.currency !== n.currency)) { ok = false; break; }
          seen.add(p.id);
          depth += 1;
          at = p;
        }
        if (depth > MAX_TREE_DEPTH) ok = false;
        assert.equal(bad.has(n.id), !ok, `node ${n.id} in ${JSON.stringify(nodes)}`);
      }
    }),
    { numRuns: 300 },
  );
});

test('ancestorsOf lists parents nearest first and stops on a cycle', () => {
  const parents: Record<string, string | null> = { team: 'west', west: 'movement', movement: null };
  assert.deepEqual(ancestorsOf('team', (id) => parents[id]), ['west', 'movement']);
  assert.deepEqual(ancestorsOf('movement', (id) => parents[id]), []);
  const loop: Record<string, string> = { a: 'b', b: 'c', c: 'a' };
  assert.deepEqual(ancestorsOf('a', (id) => loop[id]), ['b', 'c']);
});

test('PATCH bodies take any campaign field but id and currency', () => {
  assert.ok(CampaignPatch.safeParse({ title: 'New name', parent: null, archived: true, cashNeedsApproval: true }).success);
  for (const body of [{ id: 'x' }, { currency: 'eur' }, { goal: 1.5 }, { parent: 'Not A Slug' }]) {
    assert.equal(CampaignPatch.safeParse(body).success, false, JSON.stringify(body));
  }
});

test('offline gifts may say how many people gave; progress may carry parent and pending', () => {
  assert.ok(OfflineGift.safeParse({ amount: 345000, currency: 'usd', donors: 40 }).success);
  assert.ok(OfflineGift.safeParse({ amount: 500, currency: 'usd', donors: 0 }).success);
  for (const donors of [-1, 1.5, '3']) assert.equal(OfflineGift.safeParse({ amount: 500, currency: 'usd', donors }).success, false);
  const p = { campaign: 'team', title: 't', currency: 'usd', goal: 1, raised: 0, donors: 0, rescueCost: 1, rescuesFunded: 0, allies: 0, updatedAt: 'now' };
  assert.ok(Progress.safeParse({ ...p, parent: 'the-hundred', pending: 4500 }).success);
  assert.ok(Progress.safeParse({ ...p, parent: null }).success);
  assert.equal(Progress.safeParse({ ...p, pending: 1.5 }).success, false);
});

test('a campaign currency must be one Stripe charges in; zero- and three-decimal ones included', async () => {
  const { isStripeCurrency, minorDigits } = await import('@rescuekit/schema');
  for (const code of ['usd', 'krw', 'jpy', 'kwd', 'bhd', 'eur', 'gbp']) {
    assert.ok(RescuekitConfig.safeParse({ campaigns: [camp('a', undefined, code)] }).success, code);
  }
  assert.equal(minorDigits('krw'), 0);
  assert.equal(minorDigits('kwd'), 3);
  for (const code of ['xyz', 'abc', 'usdx', 'US', 'xau', 'ves']) assert.equal(isStripeCurrency(code), false, code);
  const e = configError([camp('a', undefined, 'xyz')]);
  assert.equal(e.field, 'campaigns.0.currency');
  assert.match(e.detail, /not a currency Stripe can charge in/);
});
