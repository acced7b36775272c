import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatMoney, minorDigits, parseMoney, percentOf, rescuesFunded, toDecimalString } from '@rescuekit/schema';

test('minor digits follow ISO 4217 as Stripe charges it', () => {
  assert.equal(minorDigits('usd'), 2);
  assert.equal(minorDigits('USD'), 2);
  assert.equal(minorDigits('krw'), 0);
  assert.equal(minorDigits('jpy'), 0);
  assert.equal(minorDigits('kwd'), 3);
});

test('toDecimalString is exact for every safe integer', () => {
  assert.equal(toDecimalString(123456, 'usd'), '1234.56');
  assert.equal(toDecimalString(5, 'usd'), '0.05');
  assert.equal(toDecimalString(-5, 'usd'), '-0.05');
  assert.equal(toDecimalString(9000, 'krw'), '9000');
  assert.equal(toDecimalString(1, 'kwd'), '0.001');
  assert.throws(() => toDecimalString(1.5, 'usd'), RangeError);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
      assert.equal(BigInt(toDecimalString(n, 'usd').replace('.', '')), BigInt(n));
    }),
  );
});

test('formatMoney drops zero minor units, keeps real cents, handles KRW and ko', () => {
  assert.equal(formatMoney(900000, 'usd'), '$9,000');
  assert.equal(formatMoney(950, 'usd'), '$9.50');
  assert.equal(formatMoney(900, 'usd', 'en', { alwaysShowMinor: true }), '$9.00');
  assert.equal(formatMoney(9000, 'krw', 'ko'), '₩9,000');
  assert.equal(formatMoney(900000, 'usd', 'ko'), 'US$9,000');
  assert.equal(formatMoney(3000000, 'usd', 'en', { compact: true }), '$30K');
  // Amounts past 2^53 / 100 dollars still format exactly (no float rounding).
  assert.equal(formatMoney(9007199254740991, 'usd'), '$90,071,992,547,409.91');
});

test('parseMoney turns what donors type into minor units, never rounding', () => {
  assert.deepEqual(parseMoney('27', 'usd'), { ok: true, amount: 2700 });
  assert.deepEqual(parseMoney('27.5', 'usd'), { ok: true, amount: 2750 });
  assert.deepEqual(parseMoney(' $1,000.05 ', 'usd'), { ok: true, amount: 100005 });
  assert.deepEqual(parseMoney('₩9,000', 'krw', 'ko'), { ok: true, amount: 9000 });
  assert.deepEqual(parseMoney('9.001', 'usd'), { ok: false, reason: 'too-precise' });
  assert.deepEqual(parseMoney('9.5', 'krw'), { ok: false, reason: 'too-precise' });
  assert.deepEqual(parseMoney('', 'usd'), { ok: false, reason: 'empty' });
  assert.deepEqual(parseMoney('nine', 'usd'), { ok: false, reason: 'invalid' });
  assert.deepEqual(parseMoney('1.2.3', 'usd'), { ok: false, reason: 'invalid' });
  assert.deepEqual(parseMoney('-5', 'usd'), { ok: false, reason: 'invalid' });
  assert.deepEqual(parseMoney('99999999999999999', 'usd'), { ok: false, reason: 'too-large' });
});

test('parseMoney inverts formatMoney for every amount and currency', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 ** 12 }), fc.constantFrom('usd', 'krw', 'jpy', 'eur', 'kwd'), fc.constantFrom('en', 'ko'), (n, cur, loc) => {
      const r = parseMoney(formatMoney(n, cur, loc), cur, loc);
      assert.deepEqual(r, { ok: true, amount: n });
    }),
  );
});

test('rescues funded and percent are whole numbers rounded down', () => {
  assert.equal(rescuesFunded(899999, 300000), 2);
  assert.equal(rescuesFunded(900000, 300000), 3);
  assert.equal(rescuesFunded(-100, 300000), 0);
  assert.equal(percentOf(899999, 900000), 99);
  assert.equal(percentOf(900000, 900000), 100);
  assert.equal(percentOf(1800000, 900000), 100);
  assert.equal(percentOf(0, 900000), 0);
});
