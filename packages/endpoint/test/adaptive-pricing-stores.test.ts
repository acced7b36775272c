/**
 * Adaptive Pricing through the real webhook route, on both stores: sessions, charges, refunds
 * (partial and full), disputes (withdrawn, won, lost) and monthly invoices shaped as the pinned API
 * version sends them, in EUR, JPY and KRW on a USD campaign, each in several orders of arrival
 * (refund before payment included), move the campaign by exactly what they should; the treasurer's
 * CSV shows the donor's currency and amount; a payment truly in another currency is still unassigned.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CampaignConfig, Progress } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { share } from '../src/ledger/take-back.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { ADMIN } from './helpers.js';

const SECRET = 'whsec_test_adaptive_pricing_0123456789';
const TEAM: CampaignConfig = { id: 'team', title: 'Team', currency: 'usd', goal: 9_000_000, rescueCost: 300_000, adaptivePricing: true };
const T = 1_767_000_000;
const USD = 2812;
const meta = { rescuekit_campaign: 'team', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '112' };
const subMeta = { rescuekit_campaign: 'team', rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '106' };
type Donor = { currency: string; amount: number };
const DONORS: Donor[] = [{ currency: 'eur', amount: 2590 }, { currency: 'jpy', amount: 4210 }, { currency: 'krw', amount: 38_950 }];
const presentment = (d: Donor) => ({ presentment_details: { presentment_amount: d.amount, presentment_currency: d.currency } });

/** One payment's events; `key` keeps each run's ids apart, so one store holds many runs. */
function gift(key: string, d: Donor) {
  const pi = `pi_${key}`;
  const session = stripeEvent('checkout.session.completed', {
    id: `cs_${key}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: USD, currency: 'usd', payment_intent: pi,
    metadata: meta, adaptive_pricing: { enabled: true }, ...presentment(d),
  }, { id: `evt_cs_${key}`, created: T });
  /** `charge.refunded` of a charge in the campaign's currency, as the pinned version sends it. */
  const refundUsd = (refunded: number) => stripeEvent('charge.refunded', {
    id: `ch_${key}`, object: 'charge', amount: USD, amount_refunded: refunded, currency: 'usd', payment_intent: pi, metadata: meta, ...presentment(d),
  }, { id: `evt_rf_${key}_${refunded}`, created: T + 10 });
  /** `charge.refunded` of a charge in the donor's currency: its units are the donor's. */
  const refundDonor = (refunded: number) => stripeEvent('charge.refunded', {
    id: `ch_${key}`, object: 'charge', amount: d.amount, amount_refunded: refunded, currency: d.currency, payment_intent: pi, metadata: meta, ...presentment(d),
  }, { id: `evt_rf_${key}_${refunded}`, created: T + 10 });
  const dispute = (type: 'charge.dispute.funds_withdrawn' | 'charge.dispute.funds_reinstated' | 'charge.dispute.closed', status: string, amount = d.amount) =>
    stripeEvent(type, { id: `dp_${key}`, object: 'dispute', amount, currency: d.currency, charge: `ch_${key}`, payment_intent: pi, status, metadata: {} }, { id: `evt_${type}_${key}_${status}`, created: T + 20 });
  return { session, refundUsd, refundDonor, dispute };
}

/** One month of an Ally: the invoice in USD (no PaymentIntent named), its InvoicePayment, and refunds of its charge. */
function month(key: string, d: Donor, first: boolean) {
  const invoice = stripeEvent('invoice.paid', {
    id: `in_${key}`, object: 'invoice', amount_due: 2606, amount_paid: 2606, amount_remaining: 0, currency: 'usd', customer: 'cus_ap', status: 'paid',
    billing_reason: first ? 'subscription_create' : 'subscription_cycle', livemode: false, metadata: {},
    parent: { type: 'subscription_details', quote_details: null, subscription_details: { subscription: `sub_${key}`, metadata: subMeta } },
  }, { id: `evt_in_${key}`, created: T });
  const link = stripeEvent('invoice_payment.paid', {
    id: `inpay_${key}`, object: 'invoice_payment', amount_paid: 2606, amount_requested: 2606, created: T, currency: 'usd', invoice: `in_${key}`, is_default: true,
    livemode: false, payment: { type: 'payment_intent', payment_intent: `pi_${key}` }, status: 'paid', status_transitions: { canceled_at: null, paid_at: T },
  }, { id: `evt_inpay_${key}`, created: T });
  const refund = (refunded: number, currency = 'usd', amount = 2606) => stripeEvent('charge.refunded', {
    id: `ch_${key}`, object: 'charge', amount, amount_refunded: refunded, currency, customer: 'cus_ap', payment_intent: `pi_${key}`, metadata: {}, ...presentment(d),
  }, { id: `evt_rf_${key}_${refunded}`, created: T + 10 });
  return { invoice, link, refund };
}

const orders = <E>(events: E[]): E[][] => {
  const n = events.length;
  const rotated = [...events.slice(1), events[0]!];
  const outsideIn = events.map((_, i) => events[i % 2 ? i >> 1 : n - 1 - (i >> 1)]!);
  return [events, [...events].reverse(), rotated, outsideIn];
};

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

for (const backend of BACKENDS) {
  describe(`${backend.name}: Adaptive Pricing counts exactly in the campaign's currency`, () => {
    let store: Store;
    let app: App;
    let run = 0;
    before(async () => {
      store = await openStore(await backend.fresh());
      app = createApp({ config: { campaigns: [TEAM] }, store, adminToken: ADMIN, logger: () => {}, webhookSecret: SECRET, stripe: null });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const deliver = async (event: unknown) => {
      const signed = signedWebhook(event, SECRET);
      const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }));
      assert.equal(res.status, 200);
    };
    const progress = async () => (await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json()) as Progress;
    const get = (path: string) => app.fetch(new Request(`http://rk.test${path}`, { headers: { authorization: `Bearer ${ADMIN}` } }));

    /** Delivers each order of a run's events (a payment of its own each), the first redelivered; each must move `raised` by `moves`. */
    async function eachOrder(name: string, make: (key: string) => unknown[], moves: number) {
      for (const [i, order] of orders(make(`probe`)).entries()) {
        const key = `${name}_${++run}`;
        const events = make(key);
        const ids = (make('probe') as { id: string }[]).map((e) => e.id);
        const ordered = order.map((e) => events[ids.indexOf((e as { id: string }).id)]!);
        const before = (await progress()).raised;
        for (const e of ordered) await deliver(e);
        await deliver(ordered[0]);
        assert.equal((await progress()).raised - before, moves, `${name}, order ${i}`);
      }
    }

    for (const d of DONORS) {
      const cur = d.currency.toUpperCase();
      test(`${cur}: a paid session counts its USD amount once; the donor's ${cur} amount is kept`, async () => {
        await eachOrder(`paid_${d.currency}`, (k) => [gift(k, d).session], USD);
      });

      test(`${cur}: partial refunds in USD take back their own amount; a full one the rest`, async () => {
        await eachOrder(`usd_refund_${d.currency}`, (k) => [gift(k, d).session, gift(k, d).refundUsd(1000)], USD - 1000);
        await eachOrder(`usd_full_${d.currency}`, (k) => [gift(k, d).session, gift(k, d).refundUsd(1000), gift(k, d).refundUsd(USD)], 0);
      });

      test(`${cur}: refunds in ${cur} take back their share, partials adding up to the whole take back exactly all`, async () => {
        const third = Math.floor(d.amount / 3);
        await eachOrder(`donor_refund_${d.currency}`, (k) => [gift(k, d).session, gift(k, d).refundDonor(third)], USD - share(USD, third, d.amount));
        await eachOrder(`donor_whole_${d.currency}`, (k) => [gift(k, d).session, gift(k, d).refundDonor(1), gift(k, d).refundDonor(third), gift(k, d).refundDonor(2 * third + 1), gift(k, d).refundDonor(d.amount)], 0);
      });

      test(`${cur}: a dispute in ${cur}: withdrawn holds it back, won gives it back, lost keeps it`, async () => {
        const g = (k: string) => gift(k, d);
        await eachOrder(`withdrawn_${d.currency}`, (k) => [g(k).session, g(k).dispute('charge.dispute.funds_withdrawn', 'needs_response')], 0);
        await eachOrder(`won_${d.currency}`, (k) => [g(k).session, g(k).dispute('charge.dispute.funds_withdrawn', 'needs_response'), g(k).dispute('charge.dispute.funds_reinstated', 'won'), g(k).dispute('charge.dispute.closed', 'won')], USD);
        await eachOrder(`lost_${d.currency}`, (k) => [g(k).session, g(k).dispute('charge.dispute.funds_withdrawn', 'needs_response'), g(k).dispute('charge.dispute.closed', 'lost')], 0);
        const half = Math.floor(d.amount / 2);
        await eachOrder(`lost_part_${d.currency}`, (k) => [g(k).session, g(k).dispute('charge.dispute.closed', 'lost', half)], USD - share(USD, half, d.amount));
      });

      test(`${cur}: monthly invoices count in USD; refunds of their charges, in USD or ${cur}, linked in any order`, async () => {
        await eachOrder(`month_${d.currency}`, (k) => [month(k, d, false).invoice, month(k, d, false).link, month(k, d, false).refund(606)], 2000);
        const third = Math.floor(d.amount / 3);
        await eachOrder(`month_donor_${d.currency}`, (k) => [month(k, d, false).invoice, month(k, d, false).link, month(k, d, false).refund(third, d.currency, d.amount)], 2606 - share(2606, third, d.amount));
        await eachOrder(`month_full_${d.currency}`, (k) => [month(k, d, false).invoice, month(k, d, false).link, month(k, d, false).refund(third, d.currency, d.amount), month(k, d, false).refund(d.amount, d.currency, d.amount)], 0);
      });
    }

    test('nothing went to unassigned; a session truly in EUR without presentment details still does', async () => {
      const body = async () => (await (await get('/v1/unassigned?all=true')).json()) as { unassigned: { ref: string; currency: string; amount: number }[] };
      assert.deepEqual((await body()).unassigned, []);
      const before = (await progress()).raised;
      await deliver(stripeEvent('checkout.session.completed', {
        id: 'cs_eur', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2590, currency: 'eur', payment_intent: 'pi_eur', metadata: meta,
      }, { id: 'evt_cs_eur', created: T }));
      assert.equal((await progress()).raised, before);
      assert.deepEqual((await body()).unassigned.map((u) => [u.ref, u.currency, u.amount]), [['pi_eur', 'eur', 2590]]);
    });

    test('the treasurer\'s CSV: donor_currency and donor_amount on the rows counting a converted payment, empty elsewhere', async () => {
      const d = { currency: 'krw', amount: 38_950 };
      const g = gift('csv', d);
      await deliver(g.session);
      await deliver(g.refundDonor(1000));
      const m = month('csv_m', { currency: 'jpy', amount: 4210 }, true);
      for (const e of [m.invoice, m.link, m.refund(100)]) await deliver(e);
      const res = await get('/v1/campaigns/team/ledger.csv');
      assert.equal(res.status, 200);
      const lines = (await res.text()).trim().split(/\r?\n/);
      const header = lines[0]!.split(',');
      assert.deepEqual(header.slice(-3), ['fundraiser_page', 'donor_currency', 'donor_amount']);
      const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
      const byRef = (id: string) => rows.filter((r) => r['entry'] === `led_${id}`)[0]!;
      assert.deepEqual([byRef('evt_cs_csv')['amount'], byRef('evt_cs_csv')['currency'], byRef('evt_cs_csv')['donor_currency'], byRef('evt_cs_csv')['donor_amount']], [String(USD), 'usd', 'krw', '38950']);
      assert.deepEqual([byRef('evt_rf_csv_1000')['amount'], byRef('evt_rf_csv_1000')['donor_currency'], byRef('evt_rf_csv_1000')['donor_amount']], [String(-share(USD, 1000, d.amount)), '', '']);
      // A monthly invoice names no donor amount; its charge does, once a refund has brought it.
      assert.deepEqual([byRef('evt_in_csv_m')['amount'], byRef('evt_in_csv_m')['donor_currency'], byRef('evt_in_csv_m')['donor_amount']], ['2606', 'jpy', '4210']);
      const counted = rows.filter((r) => r['status'] === 'counted').reduce((a, r) => a + Number(r['amount']), 0);
      assert.equal(counted, (await progress()).raised, 'rows still sum to raised');
    });
  });
}
