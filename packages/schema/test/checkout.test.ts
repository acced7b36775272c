import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RescuekitConfig, describeIssue } from '@rescuekit/schema';
import {
  CampaignCheckoutFields,
  CheckoutEmbeddedResponse,
  CheckoutRedirectResponse,
  CheckoutRequest,
  CheckoutResponse,
  ConfigCheckoutFields,
} from '../src/checkout.js';

const valid = {
  campaign: 'the-hundred',
  amount: 2700,
  currency: 'usd',
  frequency: 'once',
  coverFees: true,
  uiMode: 'embedded',
  returnUrl: 'http://localhost:8787/give?x=1',
  tribute: { kind: 'memory', name: 'Grandmother Kim' },
  source: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'winter', page: 'http://localhost:8787/' },
};

function fieldOf(value: unknown): string {
  const r = CheckoutRequest.safeParse(value);
  assert.equal(r.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  return describeIssue(r.error!).field;
}

test('a full checkout body parses; frequency, coverFees and uiMode default', () => {
  const r = CheckoutRequest.safeParse(valid);
  assert.ok(r.success);
  assert.deepEqual(r.data, valid);
  const min = CheckoutRequest.parse({ campaign: 'the-hundred', amount: 900, currency: 'usd', returnUrl: 'https://a.org/' });
  assert.equal(min.frequency, 'once');
  assert.equal(min.coverFees, false);
  assert.equal(min.uiMode, 'embedded');
});

test('tampered checkout bodies are rejected, naming the field', () => {
  for (const amount of [0, -900, 27.5, '2700', null, 1e12, Number.POSITIVE_INFINITY]) {
    assert.equal(fieldOf({ ...valid, amount }), 'amount', `amount ${String(amount)}`);
  }
  assert.equal(fieldOf({ ...valid, currency: 'USD' }), 'currency');
  assert.equal(fieldOf({ ...valid, campaign: '../etc' }), 'campaign');
  assert.equal(fieldOf({ ...valid, frequency: 'weekly' }), 'frequency');
  assert.equal(fieldOf({ ...valid, coverFees: 'yes' }), 'coverFees');
  assert.equal(fieldOf({ ...valid, uiMode: 'popup' }), 'uiMode');
  assert.equal(fieldOf({ ...valid, returnUrl: 'javascript:alert(1)' }), 'returnUrl');
  assert.equal(fieldOf({ ...valid, returnUrl: '/relative' }), 'returnUrl');
  assert.equal(fieldOf({ ...valid, tribute: { kind: 'honor', name: 'A' } }), 'tribute.kind');
  assert.equal(fieldOf({ ...valid, tribute: { kind: 'honour', name: 'x'.repeat(81) } }), 'tribute.name');
  assert.equal(fieldOf({ ...valid, tribute: { kind: 'honour', name: '   ' } }), 'tribute.name');
  assert.equal(fieldOf({ ...valid, source: { utm_source: 'x'.repeat(121) } }), 'source.utm_source');
  assert.equal(fieldOf({ ...valid, source: { ref: 'x' } }), 'source.ref');
  assert.equal(fieldOf({ ...valid, goal: 1 }), 'goal');
  assert.equal(fieldOf({ ...valid, returnUrl: undefined }), 'returnUrl');
});

test('tribute names are trimmed', () => {
  assert.equal(CheckoutRequest.parse({ ...valid, tribute: { kind: 'honour', name: '  Min-jun  ' } }).tribute?.name, 'Min-jun');
});

test('responses: embedded gives clientSecret, redirect gives url', () => {
  assert.ok(CheckoutEmbeddedResponse.safeParse({ clientSecret: 'cs_test_1_secret_2' }).success);
  assert.ok(CheckoutRedirectResponse.safeParse({ url: 'https://checkout.stripe.com/c/pay/cs_test_1' }).success);
  assert.ok(CheckoutResponse.safeParse({ url: 'https://checkout.stripe.com/c/pay/cs_test_1' }).success);
  assert.equal(CheckoutResponse.safeParse({}).success, false);
  assert.equal(CheckoutEmbeddedResponse.safeParse({ clientSecret: 'x', extra: 1 }).success, false);
});

test('config fragments validate and are part of RescuekitConfig', () => {
  assert.ok(CampaignCheckoutFields.safeParse({ feeRate: { percentBps: 290, fixed: 30 } }).success);
  assert.equal(CampaignCheckoutFields.safeParse({ feeRate: { percentBps: 2.9, fixed: 30 } }).success, false);
  assert.equal(CampaignCheckoutFields.safeParse({ feeRate: { percentBps: 5000, fixed: 30 } }).success, false);
  assert.ok(ConfigCheckoutFields.safeParse({ humanCheck: { provider: 'turnstile', siteKey: '0x4AAA' }, checkoutRateLimit: { max: 30, windowSeconds: 600 } }).success);
  assert.equal(ConfigCheckoutFields.safeParse({ humanCheck: { provider: 'turnstile', siteKey: 'k', secret: 's' } }).success, false, 'no secrets in the file');
  assert.equal(ConfigCheckoutFields.safeParse({ humanCheck: { provider: 'recaptcha', siteKey: 'k' } }).success, false);

  // The checkout fields are part of the config contract itself: a campaign fee rate and a human check validate.
  const demo = JSON.parse(readFileSync(new URL('../../../examples/rescuekit.config.json', import.meta.url), 'utf8'));
  demo.campaigns[0].feeRate = { percentBps: 220, fixed: 30 };
  demo.humanCheck = { provider: 'hcaptcha', siteKey: 'site' };
  const r = RescuekitConfig.safeParse(demo);
  assert.ok(r.success, JSON.stringify(r.error?.issues));
  assert.deepEqual(r.data.campaigns[0]!.feeRate, { percentBps: 220, fixed: 30 });
});
