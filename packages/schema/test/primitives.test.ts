// The rules both sides share (primitives.ts): bounded strings, http(s) URLs, the UTM keys,
// canonical JSON for request fingerprints, and the smallest and largest gift a campaign takes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CheckoutSource, HttpUrl, UTM_KEYS, bounded, canonicalJson, giftLimits } from '@rescuekit/schema';

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

test('bounded(n) takes 1 to n characters and nothing else', () => {
  const five = bounded(5);
  assert.equal(accepts(five, 'a'), true);
  assert.equal(accepts(five, 'abcde'), true);
  assert.equal(accepts(five, ''), false, 'empty');
  assert.equal(accepts(five, 'abcdef'), false, 'one too long');
  assert.equal(accepts(five, 5), false, 'not a string');
  assert.equal(accepts(five, undefined), false, 'missing');
});

test('HttpUrl takes absolute http(s) URLs of at most 2,000 characters', () => {
  assert.equal(accepts(HttpUrl, 'https://riverside.example.org/give?utm_source=x#top'), true);
  assert.equal(accepts(HttpUrl, 'http://localhost:8787/'), true);
  const base = 'https://riverside.example.org/';
  assert.equal(accepts(HttpUrl, base + 'a'.repeat(2000 - base.length)), true, 'exactly 2,000 characters');
  assert.equal(accepts(HttpUrl, base + 'a'.repeat(2001 - base.length)), false, '2,001 characters');
  for (const url of ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', '/thanks', 'thanks.html', '//riverside.example.org/thanks', 'ftp://riverside.example.org/', 'data:text/html,<b>hi</b>', '']) {
    assert.equal(accepts(HttpUrl, url), false, url);
  }
});

test('UTM_KEYS are the five attribution keys, each one a bounded field of a checkout source', () => {
  assert.deepEqual([...UTM_KEYS], ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term']);
  for (const key of UTM_KEYS) {
    assert.equal(accepts(CheckoutSource, { [key]: 'newsletter' }), true, key);
    assert.equal(accepts(CheckoutSource, { [key]: '' }), false, `${key} empty`);
    assert.equal(accepts(CheckoutSource, { [key]: 'x'.repeat(121) }), false, `${key} over 120`);
  }
  assert.equal(accepts(CheckoutSource, { utm_id: 'x' }), false, 'a key outside the list');
});

test('canonicalJson sorts keys at every depth and leaves undefined members out', () => {
  assert.equal(canonicalJson({ b: { y: 1, x: [{ d: 1, c: 2 }] }, a: 0 }), '{"a":0,"b":{"x":[{"c":2,"d":1}],"y":1}}');
  assert.equal(canonicalJson({ a: undefined, b: { c: undefined, d: 1 }, e: null }), '{"b":{"d":1},"e":null}');
  // Array members keep their order (they are not sorted); an undefined one is null, as in JSON.
  assert.equal(canonicalJson([3, 1, undefined, 'two']), '[3,1,null,"two"]');
  assert.equal(canonicalJson(undefined), 'null');
  assert.equal(canonicalJson('a"b'), '"a\\"b"');
  // The same request with its fields in another order fingerprints the same.
  assert.equal(
    canonicalJson({ campaign: 'the-hundred', amount: 2700, source: { utm_term: 't', utm_source: 's' } }),
    canonicalJson({ source: { utm_source: 's', utm_term: 't' }, amount: 2700, campaign: 'the-hundred' }),
  );
});

/** The same JSON value with every object's keys in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]));
  return v;
}

test('canonicalJson of any JSON value is JSON for that value, whatever its key order', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (v) => {
      const s = canonicalJson(v);
      assert.deepEqual(JSON.parse(s), JSON.parse(JSON.stringify(v)));
      assert.equal(canonicalJson(reversed(v)), s);
    }),
  );
});

test('giftLimits: the campaign\'s minAmount and maxAmount within what Stripe charges in its currency', () => {
  const STRIPE_MAX = 99_999_999;
  // Neither set: Stripe's bounds (USD's smallest charge is 50 cents).
  assert.deepEqual(giftLimits({ currency: 'usd' }), [50, STRIPE_MAX]);
  // Both set and inside Stripe's: the campaign's.
  assert.deepEqual(giftLimits({ currency: 'usd', minAmount: 100, maxAmount: 10_000_000 }), [100, 10_000_000]);
  // A minAmount below Stripe's smallest charge, a maxAmount above its largest: Stripe's.
  assert.deepEqual(giftLimits({ currency: 'usd', minAmount: 10, maxAmount: 200_000_000 }), [50, STRIPE_MAX]);
  assert.deepEqual(giftLimits({ currency: 'usd', minAmount: undefined, maxAmount: undefined }), [50, STRIPE_MAX]);
  // Per currency: 3 kr, 15 Kč, 175 Ft (HUF in hundredths), 30 pence.
  assert.deepEqual(giftLimits({ currency: 'sek' }), [300, STRIPE_MAX]);
  assert.deepEqual(giftLimits({ currency: 'czk', maxAmount: 5_000_000 }), [1500, 5_000_000]);
  assert.deepEqual(giftLimits({ currency: 'huf' }), [17_500, STRIPE_MAX]);
  assert.deepEqual(giftLimits({ currency: 'gbp' }), [30, STRIPE_MAX]);
  assert.deepEqual(giftLimits({ currency: 'czk', minAmount: 2000 }), [2000, STRIPE_MAX], 'a minAmount above Stripe\'s wins');
  // A currency Stripe lists no minimum for: the campaign's minAmount, else one minor unit.
  assert.deepEqual(giftLimits({ currency: 'kes' }), [1, STRIPE_MAX]);
  assert.deepEqual(giftLimits({ currency: 'kes', minAmount: 5000 }), [5000, STRIPE_MAX]);
});
