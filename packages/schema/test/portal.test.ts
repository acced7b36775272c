import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeIssue } from '@rescuekit/schema';
import { CheckoutRequest } from '../src/checkout.js';
import { PortalRequest } from '../src/portal.js';

const HASH = 'a'.repeat(64);
const monthly = { campaign: 'the-hundred', amount: 900, currency: 'usd', frequency: 'monthly', returnUrl: 'https://p.example/allies' };

test('manageTokenHash: lower-case hex SHA-256, monthly gifts only, optional', () => {
  assert.equal(CheckoutRequest.parse({ ...monthly, manageTokenHash: HASH }).manageTokenHash, HASH);
  assert.equal(CheckoutRequest.parse(monthly).manageTokenHash, undefined);
  for (const bad of [{ ...monthly, manageTokenHash: HASH.toUpperCase() }, { ...monthly, manageTokenHash: 'a'.repeat(63) }, { ...monthly, frequency: 'once', manageTokenHash: HASH }]) {
    const r = CheckoutRequest.safeParse(bad);
    assert.equal(r.success, false);
    assert.equal(describeIssue(r.error!).field, 'manageTokenHash');
  }
});

test('PortalRequest: a session id and the token; no customer or email field; flow defaults to the portal', () => {
  const ok = { session: 'cs_test_a1B2', token: '0123456789abcdef0123456789abcdef' };
  assert.deepEqual(PortalRequest.parse(ok), { ...ok, flow: 'portal' });
  assert.equal(PortalRequest.parse({ ...ok, flow: 'subscription_cancel' }).flow, 'subscription_cancel');
  for (const [extra, field] of [
    [{ email: 'donor@example.org' }, 'email'],
    [{ customer: 'cus_123' }, 'customer'],
    [{ session: 'sub_123' }, 'session'],
    [{ token: 'short' }, 'token'],
    [{ flow: 'subscription_update' }, 'flow'],
  ] as const) {
    const r = PortalRequest.safeParse({ ...ok, ...extra });
    assert.equal(r.success, false, JSON.stringify(extra));
    assert.equal(describeIssue(r.error!).field, field);
  }
});
