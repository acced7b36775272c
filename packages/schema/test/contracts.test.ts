import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OfflineGift, Progress, RescuekitConfig, describeIssue } from '@rescuekit/schema';

const demo = JSON.parse(readFileSync(new URL('../../../examples/rescuekit.config.json', import.meta.url), 'utf8'));

function fieldOf(schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown): string {
  const r = schema.safeParse(value);
  assert.equal(r.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  return describeIssue(r.error as Parameters<typeof describeIssue>[0]).field;
}

test('the demo config is valid: the movement and its Rescue Teams', () => {
  const r = RescuekitConfig.safeParse(demo);
  assert.ok(r.success);
  assert.deepEqual(r.data.campaigns.map((c) => c.id), ['the-hundred', 'rescue-team-demo', 'rescue-team-riverside', 'rescue-team-harbor']);
  assert.equal(r.data.campaigns[1]!.goal / r.data.campaigns[1]!.rescueCost, 3);
});

test('config errors name the field', () => {
  const c0 = demo.campaigns[0];
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, goal: 1.5 }] }), 'campaigns.0.goal');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, currency: 'USD' }] }), 'campaigns.0.currency');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, id: 'Has Spaces' }] }), 'campaigns.0.id');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, golа: 1 }] }), 'campaigns.0.golа');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [c0, c0] }), 'campaigns');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [] }), 'campaigns');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, allowedOrigins: ['https://a.org/path'] }] }), 'campaigns.0.allowedOrigins.0');
  const { title: _omit, ...noTitle } = c0;
  const r = RescuekitConfig.safeParse({ campaigns: [noTitle] });
  assert.ok(!r.success);
  assert.match(describeIssue(r.error).detail, /^campaigns\.0\.title: /);
});

test('offline gifts accept only positive integer minor units and lower-case codes', () => {
  assert.ok(OfflineGift.safeParse({ amount: 4500, currency: 'usd', note: 'bake sale' }).success);
  for (const amount of [0, -1, 1.5, '4500', null, Number.NaN, Infinity, 1e12]) {
    assert.equal(fieldOf(OfflineGift, { amount, currency: 'usd' }), 'amount', `amount ${String(amount)}`);
  }
  assert.equal(fieldOf(OfflineGift, { amount: 100, currency: 'US' }), 'currency');
  assert.equal(fieldOf(OfflineGift, { amount: 100, currency: 'usd', note: 'x'.repeat(201) }), 'note');
  const missing = OfflineGift.safeParse({ currency: 'usd' });
  assert.ok(!missing.success);
  assert.match(describeIssue(missing.error).detail, /amount: is required/);
});

test('progress wire shape matches the contract example', () => {
  const example = {
    campaign: 'the-hundred', title: '...', currency: 'usd', goal: 30000000, raised: 120000, donors: 41,
    rescueCost: 300000, rescuesFunded: 0, allies: 12, updatedAt: '2026-11-22T10:00:00Z',
  };
  assert.ok(Progress.safeParse(example).success);
  assert.equal(fieldOf(Progress, { ...example, raised: 1.5 }), 'raised');
});

test('manageGivingUrl: only an https link, in the config (top level or per campaign) and in progress', () => {
  const c0 = demo.campaigns[0];
  assert.ok(RescuekitConfig.safeParse({ manageGivingUrl: 'https://billing.stripe.com/p/login/abc', campaigns: [c0] }).success);
  assert.equal(fieldOf(RescuekitConfig, { manageGivingUrl: 'http://billing.example/p', campaigns: [c0] }), 'manageGivingUrl');
  assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, manageGivingUrl: 'javascript:alert(1)' }] }), 'campaigns.0.manageGivingUrl');
  const p = { campaign: 'x', title: 't', currency: 'usd', goal: 1, raised: 0, donors: 0, rescueCost: 1, rescuesFunded: 0, allies: 0, updatedAt: 'now' };
  assert.ok(Progress.safeParse({ ...p, manageGivingUrl: 'https://billing.stripe.com/p/login/abc' }).success);
  assert.equal(Progress.safeParse({ ...p, manageGivingUrl: 'javascript:alert(1)' }).success, false);
});

test('fallbackPaymentLink: a Payment Link on buy.stripe.com or a custom domain, in the config and in progress', () => {
  const c0 = demo.campaigns[0];
  for (const ok of ['https://buy.stripe.com/test_14k3cx0Ab', 'https://give.example.org/b/28o5lV']) {
    assert.ok(RescuekitConfig.safeParse({ campaigns: [{ ...c0, fallbackPaymentLink: ok }] }).success, ok);
  }
  for (const bad of ['http://buy.stripe.com/abc', 'https://checkout.stripe.com/c/pay/cs_test_1', 'https://billing.stripe.com/p/login/abc', 'https://buy.stripe.com/', 'https://u:p@give.example.org/b/1', 'javascript:alert(1)']) {
    assert.equal(fieldOf(RescuekitConfig, { campaigns: [{ ...c0, fallbackPaymentLink: bad }] }), 'campaigns.0.fallbackPaymentLink', bad);
  }
  const p = { campaign: 'x', title: 't', currency: 'usd', goal: 1, raised: 0, donors: 0, rescueCost: 1, rescuesFunded: 0, allies: 0, updatedAt: 'now' };
  assert.ok(Progress.safeParse({ ...p, fallbackPaymentLink: 'https://buy.stripe.com/test_14k3cx0Ab' }).success);
  assert.ok(Progress.safeParse(p).success, 'optional: older documents stay valid');
  assert.equal(Progress.safeParse({ ...p, fallbackPaymentLink: 'javascript:alert(1)' }).success, false);
});

test('progress: minAmount and maxAmount are optional positive whole minor units', () => {
  const p = { campaign: 'x', title: 't', currency: 'usd', goal: 1, raised: 0, donors: 0, rescueCost: 1, rescuesFunded: 0, allies: 0, updatedAt: 'now' };
  const both = Progress.safeParse({ ...p, minAmount: 100, maxAmount: 900_000 });
  assert.ok(both.success);
  assert.deepEqual([both.data.minAmount, both.data.maxAmount], [100, 900_000]);
  assert.ok(Progress.safeParse(p).success, 'absent when the campaign sets none');
  for (const bad of [0, -100, 1.5, '100']) {
    assert.equal(fieldOf(Progress, { ...p, minAmount: bad }), 'minAmount', `minAmount ${String(bad)}`);
    assert.equal(fieldOf(Progress, { ...p, maxAmount: bad }), 'maxAmount', `maxAmount ${String(bad)}`);
  }
});
