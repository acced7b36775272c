/**
 * Adaptive Pricing, pure parts: what the pinned API version's payloads map to (the campaign's
 * currency counted, the donor's kept beside it), the share rule for refunds and disputes in the
 * donor's currency (half away from zero; a whole takes back exactly all), and that any order of
 * the same events leaves the same state.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { mapStripeEvent, type LedgerEffect, type MappingContext } from '../src/stripe/webhook-events.js';
import { applyPaymentEffect, paymentContribution, type PaymentState } from '../src/ledger/state.js';
import { share } from '../src/ledger/take-back.js';
import { stripeEvent } from './support/stripe-server.js';

const ctx: MappingContext = { campaignCurrency: (id) => (id === 'the-hundred' ? 'usd' : undefined) };
const meta = { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '112' };

/** A session as the pinned version sends it with Adaptive Pricing: USD counted, the donor's beside it. */
const session = (donor: { currency: string; amount: number } | null, over: Record<string, unknown> = {}) =>
  stripeEvent('checkout.session.completed', {
    id: 'cs_ap', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2812, currency: 'usd', payment_intent: 'pi_ap', metadata: meta,
    adaptive_pricing: { enabled: true }, currency_conversion: null,
    ...(donor ? { presentment_details: { presentment_amount: donor.amount, presentment_currency: donor.currency } } : {}),
    ...over,
  }, { id: 'evt_cs_ap' });
const charge = (n: string, refunded: number, currency: string, amount: number, donor?: { currency: string; amount: number }) =>
  stripeEvent('charge.refunded', {
    id: 'ch_ap', object: 'charge', amount, amount_refunded: refunded, currency, payment_intent: 'pi_ap', metadata: {},
    ...(donor ? { presentment_details: { presentment_amount: donor.amount, presentment_currency: donor.currency } } : {}),
  }, { id: `evt_refund_${n}` });
const dispute = (n: string, status: string, amount: number, currency: string, type: 'charge.dispute.funds_withdrawn' | 'charge.dispute.closed' = 'charge.dispute.closed') =>
  stripeEvent(type, { id: `dp_${n}`, object: 'dispute', amount, currency, charge: 'ch_ap', payment_intent: 'pi_ap', status, metadata: {} }, { id: `evt_dp_${n}_${type}_${status}` });

const map = (e: Stripe.Event) => mapStripeEvent(e, ctx);

/** Reduces events in order, as the store does: one state, the running total moved by each delta. */
function replay(events: Stripe.Event[]): { state: PaymentState | undefined; raised: number } {
  let state: PaymentState | undefined;
  let raised = 0;
  const seen = new Set<string>();
  for (const e of events) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    const effect = map(e) as LedgerEffect;
    if (effect.kind !== 'payment' && effect.kind !== 'refund' && effect.kind !== 'dispute') continue;
    const r = applyPaymentEffect(state, { ...effect, ref: 'pi_ap' });
    state = r.state;
    raised += r.delta?.raised ?? 0;
  }
  return { state, raised };
}

describe('Adaptive Pricing: what the pinned API version sends, mapped', () => {
  test('a session converted to EUR, JPY or KRW counts its USD amount_total and keeps the donor\'s beside it', () => {
    for (const donor of [{ currency: 'eur', amount: 2590 }, { currency: 'jpy', amount: 4210 }, { currency: 'krw', amount: 38_950 }]) {
      const e = map(session({ ...donor, currency: donor.currency.toUpperCase() }));
      assert.equal(e.kind, 'payment');
      assert.deepEqual(e.kind === 'payment' && [e.amount, e.currency, e.campaign, e.donor], [2812, 'usd', 'the-hundred', donor]);
    }
  });

  test('presentment details in the campaign\'s own currency say nothing more; none at all is a plain payment', () => {
    const same = map(session({ currency: 'usd', amount: 2812 }));
    assert.ok(same.kind === 'payment' && same.donor === undefined);
    const plain = map(session(null));
    assert.ok(plain.kind === 'payment' && plain.donor === undefined && plain.amount === 2812);
  });

  test('an older session (currency_conversion) counts the campaign\'s amount, the donor\'s from currency and amount_total', () => {
    const e = map(session(null, { amount_total: 2590, currency: 'eur', currency_conversion: { amount_subtotal: 2812, amount_total: 2812, fx_rate: '0.921', source_currency: 'usd' } }));
    assert.deepEqual(e.kind === 'payment' && [e.amount, e.currency, e.donor], [2812, 'usd', { currency: 'eur', amount: 2590 }]);
  });

  test('a session truly in another currency, without presentment details, is a currency mismatch as before', () => {
    const e = map(session(null, { currency: 'eur', amount_total: 2590 }));
    assert.deepEqual(e.kind === 'ignore' && e.reason, 'currency_mismatch');
    const kept = mapStripeEvent(session(null, { currency: 'eur', amount_total: 2590 }), { ...ctx, keepUnassigned: true });
    assert.ok(kept.kind === 'payment' && kept.currency === 'eur' && kept.donor === undefined, 'kept, to go to unassigned');
  });

  test('a refund carries the charge\'s amount in its own units and the donor\'s amount', () => {
    const e = map(charge('1', 1000, 'usd', 2812, { currency: 'krw', amount: 38_950 }));
    assert.ok(e.kind === 'refund');
    assert.deepEqual([e.refundedTotal, e.currency, e.charged, e.donor], [1000, 'usd', 2812, { currency: 'krw', amount: 38_950 }]);
  });
});

describe('Adaptive Pricing: the share a refund or dispute in the donor\'s currency takes back', () => {
  test('rounding: half away from zero of counted × part / whole; a whole or more takes back exactly all', () => {
    assert.equal(share(2812, 1295, 2590), 1406); // exactly half
    assert.equal(share(1001, 1, 2), 501); // 500.5 -> 501
    assert.equal(share(1000, 1, 3), 333); // 333.33…
    assert.equal(share(1000, 2, 3), 667); // 666.66…
    assert.equal(share(2812, 2590, 2590), 2812);
    assert.equal(share(2812, 9999, 2590), 2812);
    assert.equal(share(2812, 0, 2590), 0);
    assert.equal(share(9_007_199_254_740, 4_503_599_627_370, 9_007_199_254_740), 4_503_599_627_370, 'exact beyond 2^53 products');
  });

  test('property: partial refunds adding up to the whole, in any steps, take back exactly the whole, the total moving by whole units', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }), // counted, USD cents
        fc.integer({ min: 1, max: 10_000_000 }), // charged, donor's units
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (counted, charged, weights) => {
          const sum = weights.reduce((a, b) => a + b, 0);
          let cumulative = 0;
          let taken = 0;
          for (const [i, w] of weights.entries()) {
            cumulative = i === weights.length - 1 ? charged : Math.min(charged, cumulative + Math.floor((charged * w) / sum));
            const next = share(counted, cumulative, charged);
            assert.ok(next >= taken, 'never gives back');
            assert.ok(Number.isSafeInteger(next));
            taken = next;
          }
          assert.equal(taken, counted);
        },
      ),
      { numRuns: 500 },
    );
  });

  for (const [currency, charged] of [['eur', 2590], ['jpy', 4210], ['krw', 38_950]] as const) {
    test(`a charge in ${currency.toUpperCase()}: partial refunds take back their share, the last the rest, in any order`, () => {
      const steps = [1, Math.floor(charged / 3), Math.floor(charged / 2), charged - 1, charged];
      const events = [session({ currency, amount: charged }), ...steps.map((r, i) => charge(String(i), r, currency, charged))];
      const inOrder = replay(events);
      assert.equal(inOrder.raised, 0);
      assert.equal(paymentContribution(inOrder.state!).raised, 0);
      const half = replay([session({ currency, amount: charged }), charge('h', Math.floor(charged / 2), currency, charged)]);
      assert.equal(half.raised, 2812 - share(2812, Math.floor(charged / 2), charged));
      fc.assert(
        fc.property(fc.shuffledSubarray([...events.keys()], { minLength: events.length }), fc.array(fc.nat(events.length - 1), { maxLength: 8 }), (order, again) => {
          const r = replay([...order, ...again].map((i) => events[i]!));
          assert.equal(r.raised, 0);
          assert.deepEqual(r.state, inOrder.state);
        }),
        { numRuns: 100 },
      );
    });
  }

  test('refunds in the campaign\'s currency (the pinned shape) take back their own amount', () => {
    const r = replay([session({ currency: 'jpy', amount: 4210 }), charge('1', 1000, 'usd', 2812, { currency: 'jpy', amount: 4210 })]);
    assert.equal(r.raised, 1812);
    assert.deepEqual(r.state?.donor, { currency: 'jpy', amount: 4210 });
  });

  test('a dispute in the donor\'s currency holds back its share; won gives it back; lost keeps it, in any order', () => {
    const events = [session({ currency: 'krw', amount: 38_950 }), dispute('1', 'needs_response', 38_950, 'krw', 'charge.dispute.funds_withdrawn'), dispute('1', 'won', 38_950, 'krw')];
    for (const order of [events, [...events].reverse(), [events[1]!, events[0]!, events[2]!]]) assert.equal(replay(order).raised, 2812);
    const lost = [session({ currency: 'eur', amount: 2590 }), dispute('2', 'needs_response', 1295, 'eur', 'charge.dispute.funds_withdrawn'), dispute('2', 'lost', 1295, 'eur')];
    for (const order of [lost, [...lost].reverse()]) assert.equal(replay(order).raised, 2812 - 1406);
    assert.equal(replay([session({ currency: 'eur', amount: 2590 }), dispute('3', 'lost', 2600, 'eur')]).raised, 0, 'more than the whole: all of it');
    assert.equal(replay([session({ currency: 'eur', amount: 2590 }), dispute('4', 'lost', 2812, 'usd')]).raised, 0, 'in the campaign\'s currency: its own amount');
  });

  test('a dispute in a currency nothing relates to the counted one holds back the whole gift', () => {
    assert.equal(replay([session(null), dispute('5', 'lost', 100, 'gbp')]).raised, 0);
  });
});
