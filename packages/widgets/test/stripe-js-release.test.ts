// The widgets load Stripe.js with a small loader of their own (see giving/checkout/stripe-loader.ts);
// its script URL must name the release train the installed @stripe/stripe-js types describe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

test('STRIPE_JS_URL follows the @stripe/stripe-js release train', () => {
  const require = createRequire(import.meta.url);
  const pure = readFileSync(require.resolve('@stripe/stripe-js/dist/pure.js'), 'utf8');
  const train = /var RELEASE_TRAIN = '([a-z]+)'/.exec(pure)?.[1];
  assert.ok(train, 'RELEASE_TRAIN found in @stripe/stripe-js');
  const loader = readFileSync(new URL('../src/giving/checkout/stripe-loader.ts', import.meta.url), 'utf8');
  const url = /STRIPE_JS_URL = '([^']+)'/.exec(loader)?.[1];
  assert.equal(url, `https://js.stripe.com/${train}/stripe.js`);
});
