import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Stripe from 'stripe';
import { HANDLED_EVENT_TYPES, mapStripeEvent, type LedgerEffect, type MappingContext } from '../src/stripe/webhook-events.js';
import { applyAllyFact, applyPaymentEffect, type AllyState, type PaymentState } from '../src/ledger/state.js';
import { allyFactOf } from '../src/ledger/stripe-events.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';

const ctx: MappingContext = { campaignCurrency: (id) => ({ 'the-hundred': 'usd', 'rescue-team-demo': 'usd' })[id] };
const meta = { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '112' };

const session = (over: Record<string, unknown> = {}) => ({
  id: 'cs_test_1', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2812, currency: 'usd',
  payment_intent: 'pi_1', metadata: meta, ...over,
});
const charge = (amount_refunded: number, over: Record<string, unknown> = {}) => ({
  id: 'ch_1', object: 'charge', amount: 2812, amount_refunded, currency: 'usd', payment_intent: 'pi_1', metadata: {}, ...over,
});
const dispute = (status: string, over: Record<string, unknown> = {}) => ({
  id: 'dp_1', object: 'dispute', amount: 2812, currency: 'usd', charge: 'ch_1', payment_intent: 'pi_1', status, metadata: {}, ...over,
});
const invoice = (id: string, billing_reason: string, over: Record<string, unknown> = {}) => ({
  id, object: 'invoice', amount_paid: 2606, currency: 'usd', billing_reason, metadata: {},
  parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_1', metadata: { ...meta, rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' } } },
  payments: { object: 'list', data: [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_${id}` } }] }, ...over,
});
const subscription = (over: Record<string, unknown> = {}) => ({ id: 'sub_1', object: 'subscription', status: 'active', metadata: meta, ...over });
/** Event times, seconds: an Ally's statuses are ordered by them. */
const T = 1_767_000_000;

const ev = {
  completed: (o = {}, id = 'evt_completed') => stripeEvent('checkout.session.completed', session(o), { id }),
  asyncOk: (o = {}) => stripeEvent('checkout.session.async_payment_succeeded', session(o), { id: 'evt_async' }),
  refunded: (total: number, id: string, o = {}) => stripeEvent('charge.refunded', charge(total, o), { id }),
  withdrawn: (o = {}) => stripeEvent('charge.dispute.funds_withdrawn', dispute('needs_response', o), { id: 'evt_dw' }),
  reinstated: (o = {}) => stripeEvent('charge.dispute.funds_reinstated', dispute('won', o), { id: 'evt_dr' }),
  closed: (status: string, o = {}) => stripeEvent('charge.dispute.closed', dispute(status, o), { id: `evt_dc_${status}` }),
};

describe('event -> effect mapping', () => {
  test('a paid Checkout Session counts its gross, keyed by PaymentIntent', () => {
    const e = mapStripeEvent(ev.completed(), ctx);
    assert.deepEqual(e, {
      eventId: 'evt_completed', eventType: 'checkout.session.completed', created: e.created, kind: 'payment', ref: 'pi_1', aliases: ['cs_test_1'],
      campaign: 'the-hundred', amount: 2812, currency: 'usd', gift: 2700, fee: 112, frequency: 'once', countsAsDonor: true,
    });
    assert.equal((mapStripeEvent(ev.asyncOk(), ctx) as { ref: string }).ref, 'pi_1', 'async success maps to the same payment');
    assert.equal((mapStripeEvent(ev.completed({ payment_intent: { id: 'pi_1', object: 'payment_intent' } }), ctx) as { ref: string }).ref, 'pi_1');
    const noPi = mapStripeEvent(ev.completed({ payment_intent: null }), ctx);
    assert.ok(noPi.kind === 'payment' && noPi.ref === 'cs_test_1' && noPi.aliases.length === 0);
  });

  const ignored: Array<[string, Stripe.Event, string]> = [
    ['unpaid session', ev.completed({ payment_status: 'unpaid' }), 'unpaid'],
    ['subscription-mode session (counted by invoice.paid)', ev.completed({ mode: 'subscription', payment_intent: null }), 'subscription_session'],
    ['session without rescuekit metadata', ev.completed({ metadata: {} }), 'no_campaign'],
    ['session for an unknown campaign', ev.completed({ metadata: { ...meta, rescuekit_campaign: 'gone' } }), 'unknown_campaign'],
    ['session in another currency', ev.completed({ currency: 'eur' }), 'currency_mismatch'],
    ['zero-amount session', ev.completed({ amount_total: 0 }), 'zero_amount'],
    ['dispute closed while still open', ev.closed('under_review'), 'dispute_open'],
    ['unhandled type', stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }), 'unhandled_type'],
  ];
  for (const [name, event, reason] of ignored) {
    test(`ignored and recorded: ${name}`, () => {
      const e = mapStripeEvent(event, ctx);
      assert.equal(e.kind, 'ignore');
      assert.equal((e as { reason: string }).reason, reason);
    });
  }

  test('refunds carry the cumulative amount refunded; disputes their stage', () => {
    assert.deepEqual(
      (({ kind, ref, chargeId, refundedTotal }) => ({ kind, ref, chargeId, refundedTotal }))(mapStripeEvent(ev.refunded(1000, 'evt_r1'), ctx) as never),
      { kind: 'refund', ref: 'pi_1', chargeId: 'ch_1', refundedTotal: 1000 },
    );
    const stage = (e: Stripe.Event) => (mapStripeEvent(e, ctx) as { stage: string }).stage;
    assert.equal(stage(ev.withdrawn()), 'withdrawn');
    assert.equal(stage(ev.reinstated()), 'reinstated');
    assert.equal(stage(ev.closed('lost')), 'lost');
    assert.equal(stage(ev.closed('won')), 'won');
    assert.equal(stage(ev.closed('warning_closed')), 'won');
  });

  test('monthly: invoices count per invoice and say their Ally is active, subscriptions give its status, failures say past due', () => {
    const first = mapStripeEvent(stripeEvent('invoice.paid', invoice('in_1', 'subscription_create')), ctx);
    assert.ok(first.kind === 'payment');
    assert.deepEqual([first.ref, first.aliases, first.amount, first.gift, first.fee, first.frequency, first.countsAsDonor], ['pi_in_1', ['in_1'], 2606, 2500, 106, 'monthly', true]);
    const next = mapStripeEvent(stripeEvent('invoice.paid', invoice('in_2', 'subscription_cycle')), ctx);
    assert.ok(next.kind === 'payment' && !next.countsAsDonor);
    assert.deepEqual(next.ally, { subscriptionId: 'sub_1', campaign: 'the-hundred', status: 'active' });
    const failed = mapStripeEvent(stripeEvent('invoice.payment_failed', invoice('in_3', 'subscription_cycle', { amount_paid: 0 })), ctx);
    assert.ok(failed.kind === 'record');
    assert.deepEqual([failed.campaign, failed.ally], ['the-hundred', { subscriptionId: 'sub_1', campaign: 'the-hundred', status: 'past_due' }]);
    const firstFailed = mapStripeEvent(stripeEvent('invoice.payment_failed', invoice('in_4', 'subscription_create', { amount_paid: 0 })), ctx);
    assert.equal(firstFailed.kind === 'record' && firstFailed.ally?.status, 'incomplete', 'a first invoice that fails leaves the subscription incomplete');
    const fact = (e: LedgerEffect) => (({ kind, subscriptionId, campaign, status }) => ({ kind, subscriptionId, campaign, status }))(e as never);
    assert.deepEqual(fact(mapStripeEvent(stripeEvent('customer.subscription.created', subscription()), ctx)), { kind: 'ally', subscriptionId: 'sub_1', campaign: 'the-hundred', status: 'active' });
    assert.deepEqual(fact(mapStripeEvent(stripeEvent('customer.subscription.updated', subscription({ status: 'past_due' })), ctx)).status, 'past_due');
    assert.deepEqual(fact(mapStripeEvent(stripeEvent('customer.subscription.updated', subscription({ status: 'unpaid' })), ctx)).status, 'unpaid');
    assert.equal(fact(mapStripeEvent(stripeEvent('customer.subscription.deleted', subscription({ status: 'canceled' })), ctx)).status, 'canceled');
    assert.equal(fact(mapStripeEvent(stripeEvent('customer.subscription.deleted', subscription({ status: 'incomplete_expired' })), ctx)).status, 'incomplete_expired');
    assert.equal(fact(mapStripeEvent(stripeEvent('customer.subscription.deleted', subscription({ status: 'active' })), ctx)).status, 'canceled', 'a deleted subscription is over');
    assert.equal(mapStripeEvent(stripeEvent('customer.subscription.created', subscription({ metadata: {} })), ctx).kind, 'ignore');
    const unknown = mapStripeEvent(stripeEvent('customer.subscription.updated', subscription({ status: 'dormant' })), ctx);
    assert.deepEqual([unknown.kind, (unknown as { reason: string }).reason], ['ignore', 'unknown_status']);
    const otherCampaign = mapStripeEvent(stripeEvent('invoice.paid', invoice('in_5', 'subscription_cycle', { currency: 'eur' })), { ...ctx, keepUnassigned: true });
    assert.ok(otherCampaign.kind === 'payment' && otherCampaign.ally?.status === 'active', 'kept unassigned in another currency, its Ally still active');
  });

  test('every handled type maps without throwing, even with sparse objects', () => {
    for (const type of HANDLED_EVENT_TYPES) {
      assert.doesNotThrow(() => mapStripeEvent(stripeEvent(type, { id: 'x_1', object: 'x' }), ctx), type);
    }
  });

  test('signed test payloads verify with the real SDK; tampering and stale timestamps do not', async () => {
    const stripe = new Stripe('sk_test_x');
    const secret = 'whsec_test_secret';
    const { body, headers } = signedWebhook(ev.completed(), secret);
    const event = await stripe.webhooks.constructEventAsync(body, headers['stripe-signature'], secret);
    assert.equal(mapStripeEvent(event, ctx).kind, 'payment');
    await assert.rejects(stripe.webhooks.constructEventAsync(body.replace('2812', '9999'), headers['stripe-signature'], secret));
    await assert.rejects(stripe.webhooks.constructEventAsync(body, headers['stripe-signature'], 'whsec_other'));
    const stale = signedWebhook(ev.completed(), secret, Math.floor(Date.now() / 1000) - 301);
    await assert.rejects(stripe.webhooks.constructEventAsync(stale.body, stale.headers['stripe-signature'], secret, 300));
  });
});

/** A reference store: what the real one does in one transaction per event. */
class Ledger {
  processed = new Set<string>();
  payments = new Map<string, PaymentState>();
  alias = new Map<string, string>();
  allies = new Map<string, AllyState>();
  totals = new Map<string, { raised: number; donors: number; allies: number }>();
  atRisk = new Map<string, number>();
  deliver(event: Stripe.Event): LedgerEffect {
    const effect = mapStripeEvent(event, ctx);
    if (this.processed.has(event.id)) return effect;
    const deltas = [];
    if (effect.kind === 'payment' || effect.kind === 'refund' || effect.kind === 'dispute') {
      const ref = this.alias.get(effect.ref) ?? effect.ref;
      const r = applyPaymentEffect(this.payments.get(ref), { ...effect, ref });
      this.payments.set(ref, r.state);
      for (const a of r.state.aliases) this.alias.set(a, ref);
      deltas.push(r.delta);
    }
    const fact = allyFactOf(effect);
    if (fact) {
      const r = applyAllyFact(this.allies.get(fact.subscriptionId), fact, effect.created);
      this.allies.set(fact.subscriptionId, r.state);
      deltas.push(r.delta);
    }
    for (const delta of deltas) {
      if (!delta) continue;
      const t = this.totals.get(delta.campaign) ?? { raised: 0, donors: 0, allies: 0 };
      this.totals.set(delta.campaign, { raised: t.raised + delta.raised, donors: t.donors + delta.donors, allies: t.allies + delta.allies });
      this.atRisk.set(delta.campaign, (this.atRisk.get(delta.campaign) ?? 0) + (delta.alliesAtRisk ?? 0));
    }
    this.processed.add(event.id);
    return effect;
  }
  get(campaign = 'the-hundred') {
    return this.totals.get(campaign) ?? { raised: 0, donors: 0, allies: 0 };
  }
  alliesAtRisk(campaign = 'the-hundred') {
    return this.atRisk.get(campaign) ?? 0;
  }
}

describe('ledger state: exactly once, in any order', () => {
  test('one completed event delivered 5 times, plus async success for the same payment, counts once', () => {
    const l = new Ledger();
    for (let i = 0; i < 5; i++) l.deliver(ev.completed());
    l.deliver(ev.asyncOk());
    l.deliver(ev.completed({}, 'evt_other_id_same_payment'));
    assert.deepEqual(l.get(), { raised: 2812, donors: 1, allies: 0 });
  });

  test('unpaid sessions do not count', () => {
    const l = new Ledger();
    l.deliver(ev.completed({ payment_status: 'unpaid' }));
    assert.deepEqual(l.get(), { raised: 0, donors: 0, allies: 0 });
  });

  test('partial then full refund reduce the total exactly; replays change nothing', () => {
    const l = new Ledger();
    l.deliver(ev.completed());
    l.deliver(ev.refunded(1000, 'evt_r1'));
    assert.deepEqual(l.get(), { raised: 1812, donors: 1, allies: 0 });
    l.deliver(ev.refunded(1000, 'evt_r1'));
    l.deliver(ev.refunded(2812, 'evt_r2'));
    assert.deepEqual(l.get(), { raised: 0, donors: 0, allies: 0 });
    l.deliver(ev.refunded(1000, 'evt_r1_late_copy'));
    assert.deepEqual(l.get(), { raised: 0, donors: 0, allies: 0 }, 'an older cumulative never adds money back');
  });

  test('a refund delivered before the payment is applied once the payment arrives', () => {
    const l = new Ledger();
    l.deliver(ev.refunded(812, 'evt_r1'));
    assert.deepEqual(l.get(), { raised: 0, donors: 0, allies: 0 });
    l.deliver(ev.completed());
    assert.deepEqual(l.get(), { raised: 2000, donors: 1, allies: 0 });
  });

  const disputeFlows: Array<[string, Array<() => Stripe.Event>, number]> = [
    ['withdrawn', [ev.withdrawn], 0],
    ['withdrawn then reinstated (won)', [ev.withdrawn, ev.reinstated, () => ev.closed('won')], 2812],
    ['won without funds ever withdrawn', [() => ev.closed('won')], 2812],
    ['withdrawn then lost', [ev.withdrawn, () => ev.closed('lost')], 0],
    ['lost without a withdrawn event', [() => ev.closed('lost')], 0],
    ['reinstated delivered before withdrawn', [ev.reinstated, ev.withdrawn], 2812],
    ['inquiry closed', [() => ev.closed('warning_closed')], 2812],
    ['partial refund then lost dispute never goes below zero', [() => ev.refunded(1000, 'evt_r1'), () => ev.closed('lost')], 0],
  ];
  for (const [name, events, raised] of disputeFlows) {
    test(`dispute: ${name} -> ${raised}`, () => {
      const l = new Ledger();
      l.deliver(ev.completed());
      for (const make of events) {
        l.deliver(make());
        l.deliver(make()); // every delivery twice
      }
      assert.equal(l.get().raised, raised);
    });
  }

  test('property: any order, with duplicates, gives the same totals as in order', () => {
    const lifecycle = [
      ev.completed(), ev.asyncOk(), ev.refunded(300, 'evt_r1'), ev.refunded(700, 'evt_r2'),
      ev.withdrawn(), ev.reinstated(), ev.closed('won'),
      stripeEvent('charge.dispute.funds_withdrawn', dispute('needs_response', { id: 'dp_2', amount: 1000 }), { id: 'evt_dw2' }),
      stripeEvent('charge.dispute.closed', dispute('lost', { id: 'dp_2', amount: 1000 }), { id: 'evt_dc2' }),
    ];
    const inOrder = new Ledger();
    lifecycle.forEach((e) => inOrder.deliver(e));
    assert.deepEqual(inOrder.get(), { raised: 2812 - 700 - 1000, donors: 1, allies: 0 });
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...lifecycle.keys()], { minLength: lifecycle.length }),
        fc.array(fc.integer({ min: 0, max: lifecycle.length - 1 }), { maxLength: 30 }),
        (order, extra) => {
        const l = new Ledger();
        for (const i of [...order, ...extra]) l.deliver(lifecycle[i]!);
        assert.deepEqual(l.get(), inOrder.get());
        },
      ),
      { numRuns: 300 },
    );
  });

  test('monthly: three paid invoices count three months; a shuffled subscription lifecycle ends the same', () => {
    const subEvents = [
      stripeEvent('customer.subscription.created', subscription(), { id: 'evt_sc', created: T + 1 }),
      stripeEvent('invoice.paid', invoice('in_1', 'subscription_create'), { id: 'evt_i1', created: T + 2 }),
      stripeEvent('invoice.paid', invoice('in_2', 'subscription_cycle'), { id: 'evt_i2', created: T + 3 }),
      stripeEvent('invoice.payment_failed', invoice('in_3', 'subscription_cycle', { amount_paid: 0 }), { id: 'evt_f3', created: T + 4 }),
      stripeEvent('invoice.paid', invoice('in_3', 'subscription_cycle'), { id: 'evt_i3', created: T + 5 }),
      stripeEvent('customer.subscription.deleted', subscription({ status: 'canceled' }), { id: 'evt_sd', created: T + 6 }),
    ];
    const inOrder = new Ledger();
    subEvents.slice(0, 5).forEach((e) => inOrder.deliver(e));
    assert.deepEqual([inOrder.get(), inOrder.alliesAtRisk()], [{ raised: 3 * 2606, donors: 1, allies: 1 }, 0]);
    inOrder.deliver(subEvents[5]!);
    assert.deepEqual([inOrder.get(), inOrder.alliesAtRisk()], [{ raised: 3 * 2606, donors: 1, allies: 0 }, 0], 'cancelling keeps the money');
    fc.assert(
      fc.property(fc.shuffledSubarray([...subEvents.keys()], { minLength: subEvents.length }), (order) => {
        const l = new Ledger();
        for (const i of [...order, ...order]) l.deliver(subEvents[i]!);
        assert.deepEqual([l.get(), l.alliesAtRisk()], [inOrder.get(), inOrder.alliesAtRisk()]);
      }),
      { numRuns: 200 },
    );
    const refundOfMonth = new Ledger();
    subEvents.slice(0, 5).forEach((e) => refundOfMonth.deliver(e));
    refundOfMonth.deliver(stripeEvent('charge.refunded', charge(2606, { id: 'ch_in_2', payment_intent: 'pi_in_2', amount: 2606 }), { id: 'evt_ri2' }));
    assert.equal(refundOfMonth.get().raised, 2 * 2606, 'a refunded invoice charge is taken back out via its PaymentIntent');
    const early = new Ledger();
    early.deliver(stripeEvent('charge.refunded', charge(2606, { id: 'ch_in_1', payment_intent: 'pi_in_1', amount: 2606 }), { id: 'evt_ri1' }));
    early.deliver(subEvents[1]!);
    assert.deepEqual(early.get(), { raised: 0, donors: 0, allies: 1 }, 'a refund that arrives before its invoice still applies (its Ally stays active)');
    const bare = mapStripeEvent(stripeEvent('invoice.paid', invoice('in_9', 'subscription_cycle', { payments: undefined })), ctx);
    assert.ok(bare.kind === 'payment' && bare.ref === 'in_9' && bare.aliases.length === 0, 'without payments listed, the invoice id is the key');
  });
});
