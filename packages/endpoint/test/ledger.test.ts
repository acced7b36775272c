/**
 * The ledger core's decisions, without a database: what each operation reads, in which
 * order, and the writes and answer it decides. The stores run these same functions
 * (store-contract.test.ts proves it on both).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideCampaigns, decideGift, ensureCampaigns, recordGift } from '../src/ledger/gifts.js';
import type { Load, Operation, Write } from '../src/ledger/plan.js';
import { applyStripeEffect } from '../src/ledger/stripe-events.js';
import { emptyPayment } from '../src/ledger/state.js';
import type { CampaignTotals, RecordGiftInput } from '../src/ledger/types.js';

const AT = '2026-11-22T10:00:00.000Z';
const totals = (over: Partial<CampaignTotals> = {}): CampaignTotals => ({ campaign: 'team', currency: 'usd', raised: 0, donors: 0, allies: 0, version: 0, updatedAt: 'then', ...over });
const input = (over: Partial<RecordGiftInput> = {}): RecordGiftInput => ({
  id: 'g1', campaign: 'team', currency: 'usd', amount: 4500, kind: 'offline', sourceRef: 'offline:team:key:k', donorDelta: 1,
  idempotency: { scope: 'offline-gifts:team', key: 'k', fingerprint: 'f' }, ...over,
});

/** Drives an operation with canned answers; returns what it asked for and what it decided. */
function drive<R>(op: Operation<R>, answer: (l: Load) => unknown) {
  const asked: Load[] = [];
  let step = op.next();
  while (!step.done) {
    asked.push(step.value);
    step = op.next(answer(step.value));
  }
  return { asked, ...step.value };
}

/** What a plan's writes do to running totals: only `addToTotals` moves them. */
const moved = (writes: Write[]) => writes.filter((w) => w.op === 'addToTotals').map((w) => [w.campaign, w.delta.raised, w.delta.donors, w.delta.allies]);

test('recordGift reads the totals row (locked) first, then the key, the source, and its chain\'s matching pools; decides at the clock after them', () => {
  const clock = () => AT;
  const { asked, writes, result } = drive(recordGift(input(), clock), (l) =>
    l.load === 'totals' ? totals({ raised: 100, version: 7 }) : l.load === 'counted' ? false : l.load === 'ancestors' ? [] : l.load === 'pools' ? [totals({ raised: 100, version: 7 })] : undefined,
  );
  assert.deepEqual(asked.map((l) => l.load), ['totals', 'idempotency', 'counted', 'ancestors', 'pools']);
  assert.deepEqual(writes.map((w) => w.op), ['insertLedger', 'addToTotals', 'insertIdempotency']);
  assert.deepEqual(moved(writes), [['team', 4500, 1, 0]]);
  assert.deepEqual(result.outcome === 'recorded' && result.totals, totals({ raised: 4600, donors: 1, version: 8, updatedAt: AT }));
});

test('decideGift: a known key answers first (whatever changed since), then the campaign, the currency, the source', () => {
  const stored = { fingerprint: 'f', response: { status: 201, body: '{"gift":1}' } };
  const seen = { totals: totals(), stored, counted: false };
  assert.deepEqual(decideGift(input({ currency: 'eur' }), seen, AT), { writes: [], result: { outcome: 'replayed', response: stored.response } });
  assert.deepEqual(decideGift(input({ idempotency: { scope: 'offline-gifts:team', key: 'k', fingerprint: 'other' } }), seen, AT).result, { outcome: 'conflict' });
  assert.throws(() => decideGift(input(), { ...seen, stored: undefined, totals: undefined }, AT), /no totals row for campaign "team"/);
  assert.throws(() => decideGift(input({ currency: 'eur' }), { ...seen, stored: undefined }, AT), /currency eur does not match campaign "team" \(usd\)/);
  assert.deepEqual(decideGift(input(), { ...seen, stored: undefined, counted: true }, AT), { writes: [], result: { outcome: 'duplicate', totals: totals() } });
  const plain = decideGift(input({ idempotency: undefined, respond: (e, t) => ({ status: 201, body: `${e.id}:${t.raised}` }) }), { ...seen, stored: undefined }, AT);
  assert.deepEqual(plain.writes.map((w) => w.op), ['insertLedger', 'addToTotals'], 'no key, nothing kept to replay');
  assert.deepEqual(plain.result.outcome === 'recorded' && plain.result.response, { status: 201, body: 'g1:4500' }, 'the response sees the totals after the gift');
});

test('decideCampaigns: new rows, a currency change only while nothing is counted, a repeated id once', () => {
  const existing = new Map([['a', totals({ campaign: 'a' })], ['b', totals({ campaign: 'b', allies: 1 })], ['c', undefined]]);
  const plan = decideCampaigns([{ id: 'a', currency: 'eur' }, { id: 'c', currency: 'usd' }, { id: 'c', currency: 'usd' }, { id: 'b', currency: 'usd' }], existing, AT);
  assert.deepEqual(plan.writes, [
    { op: 'setCurrency', campaign: 'a', from: 'usd', currency: 'eur', at: AT },
    { op: 'insertTotals', campaign: 'c', currency: 'usd', at: AT },
  ]);
  assert.throws(() => decideCampaigns([{ id: 'b', currency: 'eur' }], existing, AT), /campaign "b" already counts gifts in usd; its currency cannot change to eur/);
  const { asked } = drive(ensureCampaigns([{ id: 'a', currency: 'usd' }, { id: 'a', currency: 'usd' }, { id: 'c', currency: 'usd' }], () => AT), () => undefined);
  assert.deepEqual(asked, [{ load: 'campaign', campaign: 'a' }, { load: 'campaign', campaign: 'c' }], 'read once each, unlocked');
});

test('a Stripe event: claimed first; a duplicate reads nothing more; a refund found by alias files the event under its payment\'s campaign', () => {
  const refund = { kind: 'refund', eventId: 'evt_r', eventType: 'charge.refunded', created: 1, ref: 'cs_1', chargeId: 'ch_1', refundedTotal: 400, currency: 'usd', campaignHint: null } as const;
  const dup = drive(applyStripeEffect(refund, AT), () => false);
  assert.deepEqual([dup.asked.map((l) => l.load), dup.writes, dup.result], [['claimEvent'], [], { outcome: 'duplicate' }]);

  const paid = { ...emptyPayment('pi_1'), aliases: ['cs_1'], campaign: 'team', currency: 'usd', amount: 1000, countsAsDonor: true };
  const { asked, writes, result } = drive(applyStripeEffect(refund, AT), (l) =>
    l.load === 'claimEvent' ? true : l.load === 'payment' ? paid : l.load === 'pools' ? [totals({ raised: 1000, donors: 1, version: 1 })] : l.load === 'ancestors' ? [] : l.load === 'giftMatches' ? {} : undefined,
  );
  // Money moves: the campaign's row is read with its ancestors' (matching pools), and what the payment holds from them (here: nothing).
  assert.deepEqual(asked.map((l) => l.load), ['claimEvent', 'payment', 'ancestors', 'pools', 'giftMatches']);
  assert.deepEqual(asked[0], { load: 'claimEvent', event: { id: 'evt_r', type: 'charge.refunded', created: 1, effect: 'refund', campaign: null, receivedAt: AT } });
  assert.deepEqual(writes.map((w) => w.op), ['upsertPayment', 'setEventCampaign', 'insertLedger', 'addToTotals'], 'no alias written again');
  assert.deepEqual(moved(writes), [['team', -400, 0, 0]]);
  assert.deepEqual(writes.find((w) => w.op === 'insertLedger'), {
    op: 'insertLedger',
    entry: { id: 'led_evt_r', campaign: 'team', currency: 'usd', amount: -400, kind: 'refund', sourceRef: 'stripe-event:evt_r', note: undefined, createdAt: AT, paymentRef: 'pi_1' },
  });
  assert.deepEqual(result, { outcome: 'applied', totals: totals({ raised: 600, donors: 1, version: 2, updatedAt: AT }) });
});
