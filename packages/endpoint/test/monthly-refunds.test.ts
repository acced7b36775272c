/**
 * Refunds and disputes of a monthly gift, with payloads shaped as the pinned API version
 * (2025-03-31 and later) sends them: the Invoice names no PaymentIntent or charge and carries
 * no `payments`, the Charge names no invoice; the link is an InvoicePayment
 * (`invoice_payment.paid`, or `GET /v1/invoice_payments?invoice=…`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createStripeClient } from '../src/stripe/client.js';
import { HANDLED_EVENT_TYPES } from '../src/stripe/webhook-events.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const SECRET = 'whsec_test_monthly_0123456789';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'the-hundred', title: 'The Hundred', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 }] };
const subMeta = { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' };
const T = 1_767_000_000;

/** `invoice.paid` as the pinned version sends it: no `payment_intent`, `charge` or `payments`. */
const invoicePaid = (n: number) =>
  stripeEvent('invoice.paid', {
    id: `in_m${n}`, object: 'invoice', amount_due: 2606, amount_paid: 2606, amount_remaining: 0, currency: 'usd', customer: 'cus_1', status: 'paid',
    billing_reason: n === 1 ? 'subscription_create' : 'subscription_cycle', livemode: false, metadata: {},
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: 'sub_1', metadata: subMeta } },
  }, { id: `evt_invoice_paid_${n}`, created: T + n });
const invoicePayment = (n: number) => ({
  id: `inpay_m${n}`, object: 'invoice_payment', amount_paid: 2606, amount_requested: 2606, created: T + n, currency: 'usd', invoice: `in_m${n}`,
  is_default: true, livemode: false, payment: { type: 'payment_intent', payment_intent: `pi_m${n}` }, status: 'paid',
  status_transitions: { canceled_at: null, paid_at: T + n },
});
const invoicePaymentPaid = (n: number) => stripeEvent('invoice_payment.paid', invoicePayment(n), { id: `evt_inpay_${n}`, created: T + n });
/** `charge.refunded` as the pinned version sends it: no `invoice`. */
const chargeRefunded = (n: number, refunded = 2606) =>
  stripeEvent('charge.refunded', {
    id: `ch_m${n}`, object: 'charge', amount: 2606, amount_captured: 2606, amount_refunded: refunded, captured: true, currency: 'usd',
    customer: 'cus_1', livemode: false, metadata: {}, paid: true, payment_intent: `pi_m${n}`, refunded: refunded === 2606, status: 'succeeded',
  }, { id: `evt_refund_${n}_${refunded}`, created: T + 100 + n });
const disputeLost = (n: number) =>
  stripeEvent('charge.dispute.closed', {
    id: `dp_m${n}`, object: 'dispute', amount: 2606, charge: `ch_m${n}`, currency: 'usd', livemode: false, metadata: {}, payment_intent: `pi_m${n}`, reason: 'fraudulent', status: 'lost',
  }, { id: `evt_dispute_${n}`, created: T + 200 + n });

async function makeApp(stripeUrl?: string): Promise<App> {
  const stripe = stripeUrl ? createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_monthly', STRIPE_API_URL: stripeUrl }, { maxNetworkRetries: 0 }) : null;
  const app = createApp({ config: CONFIG, store: openSqliteStore(':memory:'), adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, stripe });
  await app.ready;
  return app;
}

async function deliver(app: App, event: unknown): Promise<number> {
  const signed = signedWebhook(event, SECRET);
  return (await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }))).status;
}

async function progress(app: App) {
  return (await (await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred'))).json()) as { raised: number; donors: number };
}

function* permutations<T>(items: T[]): Generator<T[]> {
  if (items.length <= 1) return yield items;
  for (let i = 0; i < items.length; i++) for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i]!, ...rest];
}

describe('monthly refunds and disputes, linked by InvoicePayment', () => {
  test('invoice_payment.paid is subscribed to', () => {
    assert.ok((HANDLED_EVENT_TYPES as readonly string[]).includes('invoice_payment.paid'));
  });

  test('a refunded month comes off the total in every one of the 120 orders of arrival (refund before the link included)', async () => {
    const events = [invoicePaid(1), invoicePaid(2), invoicePaymentPaid(1), invoicePaymentPaid(2), chargeRefunded(2)];
    let orders = 0;
    for (const order of permutations(events)) {
      const app = await makeApp();
      for (const e of order) assert.equal(await deliver(app, e), 200);
      for (const e of order.slice(0, 2)) assert.equal(await deliver(app, e), 200, 'redelivery');
      const p = await progress(app);
      assert.deepEqual([p.raised, p.donors], [2606, 1], `order: ${order.map((e) => e.type).join(', ')}`);
      orders++;
    }
    assert.equal(orders, 120);
  });

  test('a partial then full refund and a lost dispute of other months converge in any order', async () => {
    const events = [invoicePaid(3), invoicePaymentPaid(3), chargeRefunded(3, 1000), chargeRefunded(3), invoicePaid(4), disputeLost(4), invoicePaymentPaid(4)];
    const orders = [events, [...events].reverse(), [events[2]!, events[5]!, events[3]!, events[6]!, events[1]!, events[0]!, events[4]!]];
    for (const order of orders) {
      const app = await makeApp();
      for (const e of order) assert.equal(await deliver(app, e), 200);
      assert.equal((await progress(app)).raised, 0, `order: ${order.map((e) => e.id).join(', ')}`);
    }
  });
});

describe('monthly refunds when invoice_payment.paid has not arrived: the invoice-payments list', () => {
  let stripe: StripeServer;
  before(async () => (stripe = await startStripeServer()));
  after(() => stripe.close());

  test('invoice.paid without payments asks Stripe which PaymentIntent paid it; the refund that follows takes the month out', async () => {
    stripe.invoicePayments.push(invoicePayment(5), { ...invoicePayment(6), status: 'open' });
    const app = await makeApp(stripe.url);
    assert.equal(await deliver(app, invoicePaid(5)), 200);
    assert.equal((await progress(app)).raised, 2606);
    const asked = stripe.requests.find((r) => r.path === '/v1/invoice_payments');
    assert.ok(asked, 'the list was asked');
    assert.equal(await deliver(app, chargeRefunded(5)), 200);
    assert.equal((await progress(app)).raised, 0);
  });

  test('Stripe failing to answer the list: counted under the invoice, and the later invoice_payment.paid still links the refund', async () => {
    const app = await makeApp(stripe.url);
    stripe.failNext({ status: 500 }, 1);
    assert.equal(await deliver(app, invoicePaid(7)), 200);
    assert.equal(await deliver(app, chargeRefunded(7)), 200);
    assert.equal((await progress(app)).raised, 2606, 'not yet linked');
    assert.equal(await deliver(app, invoicePaymentPaid(7)), 200);
    assert.equal((await progress(app)).raised, 0);
  });
});
