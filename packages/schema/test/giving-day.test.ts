import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Progress, RescuekitConfig, describeIssue, inMatchWindow, matchFor, matchShare, ratioHundredths } from '@rescuekit/schema';

const demo = JSON.parse(readFileSync(new URL('../../../examples/rescuekit.config.json', import.meta.url), 'utf8'));
const c0 = demo.campaigns[0];
const match = { ratio: 1, cap: 500_000, startsAt: '2026-12-03T00:00:00-05:00', endsAt: '2026-12-04T00:00:00-05:00', label: 'Doubled by the Kim Family Foundation' };

function field(value: unknown): string {
  const r = RescuekitConfig.safeParse({ campaigns: [{ ...c0, ...(value as object) }] });
  assert.equal(r.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  return describeIssue(r.error!).field;
}

test('a campaign may carry a matching challenge and a deadline', () => {
  const r = RescuekitConfig.safeParse({ campaigns: [{ ...c0, match, endsAt: '2026-12-03T23:59:59Z' }] });
  assert.ok(r.success, JSON.stringify(r.error?.issues));
  assert.deepEqual(r.data.campaigns[0]!.match, match);
});

test('bad match settings and deadlines name their field', () => {
  assert.equal(field({ match: { ...match, ratio: 0 } }), 'campaigns.0.match.ratio');
  assert.equal(field({ match: { ...match, ratio: 1.005 } }), 'campaigns.0.match.ratio');
  assert.equal(field({ match: { ...match, ratio: 11 } }), 'campaigns.0.match.ratio');
  assert.equal(field({ match: { ...match, cap: 10.5 } }), 'campaigns.0.match.cap');
  assert.equal(field({ match: { ...match, startsAt: '2026-12-03T00:00:00' } }), 'campaigns.0.match.startsAt');
  assert.equal(field({ match: { ...match, endsAt: '2026-12-02T00:00:00Z' } }), 'campaigns.0.match.endsAt');
  assert.equal(field({ match: { ...match, label: '' } }), 'campaigns.0.match.label');
  assert.equal(field({ match: { ...match, extra: 1 } }), 'campaigns.0.match.extra');
  assert.equal(field({ endsAt: '2026-02-30T00:00:00Z' }), 'campaigns.0.endsAt');
  assert.equal(field({ endsAt: 'tomorrow' }), 'campaigns.0.endsAt');
});

test('match arithmetic is integer and capped', () => {
  assert.equal(ratioHundredths(1), 100);
  assert.equal(ratioHundredths(0.29), 29);
  assert.equal(ratioHundredths(1.005), undefined);
  assert.equal(matchShare(2700, 1), 2700);
  assert.equal(matchShare(999, 0.5), 499);
  assert.equal(matchShare(333, 0.29), 96); // 96.57 -> 96, floored
  assert.equal(matchFor(2700, 2, 10_000, 9_000), 1_000);
  assert.equal(matchFor(2700, 2, 10_000, 10_000), 0);
  assert.equal(matchFor(2700, 2, 10_000, 12_000), 0);
  assert.ok(inMatchWindow(Date.parse('2026-12-03T05:00:00Z'), match));
  assert.ok(!inMatchWindow(Date.parse('2026-12-04T05:00:00Z'), match), 'the end is exclusive');
  assert.ok(!inMatchWindow(Date.parse('2026-12-03T04:59:59.999Z'), match));
});

test('progress carries matched, matchLeft, the match and the deadline', () => {
  const p = { campaign: 'a', title: 'A', currency: 'usd', goal: 1, raised: 0, donors: 0, rescueCost: 1, rescuesFunded: 0, allies: 0, updatedAt: '' };
  const r = Progress.safeParse({ ...p, match, matched: 100, matchLeft: 499_900, endsAt: match.endsAt });
  assert.ok(r.success);
  assert.equal(r.data.matched, 100);
  assert.equal(r.data.endsAt, match.endsAt);
  assert.ok(!Progress.safeParse({ ...p, matched: 1.5 }).success);
});
