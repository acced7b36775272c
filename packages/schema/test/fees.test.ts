import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
// Until index.ts re-exports './checkout.js' (which re-exports fees), test the source module.
import {
  DEFAULT_FEE_RATES,
  grossUpForFees,
  netAfterFee,
  processingFee,
  quoteGift,
  stripeMinimumCharge,
  type FeeRate,
} from '../src/checkout.js';

const US: FeeRate = { percentBps: 290, fixed: 30 };

test('a $27 gift with fees covered at 2.9% + 30c charges $28.12', () => {
  assert.deepEqual(quoteGift(2700, US, true), { gift: 2700, fee: 112, total: 2812, processorFee: 112, net: 2700 });
  assert.equal(grossUpForFees(900, US), 958); // the $9 ask adds $0.58
  assert.equal(netAfterFee(957, US), 899);
  assert.deepEqual(quoteGift(2700, US, false), { gift: 2700, fee: 0, total: 2700, processorFee: 109, net: 2591 });
  assert.deepEqual(DEFAULT_FEE_RATES.usd, US);
});

test('the processing fee rounds the percentage part up, so a covered gift never nets short', () => {
  assert.equal(processingFee(2812, US), 82 + 30); // 81.548 -> 82
  assert.equal(processingFee(1000, US), 29 + 30); // exact
  assert.equal(processingFee(1, { percentBps: 1, fixed: 0 }), 1);
  assert.equal(processingFee(0, { percentBps: 0, fixed: 0 }), 0);
});

test('gross-up: net after the fee is at least the gift, and one unit less would fall short (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 100_000_000_000 }),
      fc.integer({ min: 0, max: 9_999 }),
      fc.integer({ min: 0, max: 100_000 }),
      (net, percentBps, fixed) => {
        const rate = { percentBps, fixed };
        const gross = grossUpForFees(net, rate);
        assert.ok(Number.isSafeInteger(gross));
        if (net === 0) return assert.equal(gross, 0);
        assert.ok(netAfterFee(gross, rate) >= net, `net ${net} rate ${percentBps}/${fixed}: gross ${gross} nets ${netAfterFee(gross, rate)}`);
        assert.ok(netAfterFee(gross - 1, rate) < net, `gross ${gross} is not minimal`);
        // Exact reference in BigInt: gross * (10000 - bps) >= (net + fixed) * 10000, minimal.
        const lhs = (g: number) => BigInt(g) * BigInt(10_000 - percentBps);
        const rhs = (BigInt(net) + BigInt(fixed)) * 10_000n;
        assert.ok(lhs(gross) >= rhs && lhs(gross - 1) < rhs);
      },
    ),
    { numRuns: 3000 },
  );
});

test('gross-up is exhaustive-exact for every cent up to $1,000 at the US rate and a nonprofit rate', () => {
  for (const rate of [US, { percentBps: 220, fixed: 30 }, { percentBps: 0, fixed: 0 }, { percentBps: 9_999, fixed: 1 }]) {
    for (let net = 1; net <= 100_000; net++) {
      const g = grossUpForFees(net, rate);
      if (netAfterFee(g, rate) < net || netAfterFee(g - 1, rate) >= net) assert.fail(`rate ${JSON.stringify(rate)} net ${net} -> ${g}`);
    }
  }
});

test('fee arithmetic rejects floats, negatives and impossible rates', () => {
  assert.throws(() => grossUpForFees(9.5, US), RangeError);
  assert.throws(() => grossUpForFees(-1, US), RangeError);
  assert.throws(() => grossUpForFees(100, { percentBps: 10_000, fixed: 0 }), RangeError);
  assert.throws(() => grossUpForFees(100, { percentBps: 2.9, fixed: 30 }), RangeError);
  assert.throws(() => processingFee(100, { percentBps: 290, fixed: -1 }), RangeError);
  assert.throws(() => quoteGift(Number.NaN, US, true), RangeError);
});

test('Stripe minimum charge amounts per currency, in minor units', () => {
  assert.equal(stripeMinimumCharge('usd'), 50);
  assert.equal(stripeMinimumCharge('USD'), 50);
  assert.equal(stripeMinimumCharge('eur'), 50);
  assert.equal(stripeMinimumCharge('gbp'), 30);
  assert.equal(stripeMinimumCharge('jpy'), 50); // zero-decimal: 50 yen
  assert.equal(stripeMinimumCharge('hkd'), 400);
  assert.equal(stripeMinimumCharge('huf'), 17_500);
  assert.equal(stripeMinimumCharge('krw'), undefined); // not listed: campaigns set minAmount
});
