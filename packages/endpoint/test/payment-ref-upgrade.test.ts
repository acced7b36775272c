/**
 * Schema 7 upgrades in place, on both stores: a database at schema 6 (migrations 1–6 applied,
 * rows as that release wrote them: a counted Stripe gift named by a `stripe-event:` alias, a
 * partly refunded one, an assigned gift, cash) opens with each counting row naming its payment
 * in `payment_ref`, the `stripe-event:` aliases gone, the feed unchanged, and refunds arriving
 * after the upgrade lowering or removing those gifts in the recent-gifts feed.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { PaymentState } from '../src/ledger/state.js';
import { openStore } from '../src/store/open.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from '../src/store/schema.js';
import { changes, exec, type Program } from '../src/store/sql.js';
import type { StripeEventInput } from '../src/store/types.js';
import { BACKENDS, contents, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const T = (n: number) => `2026-11-30T10:00:0${n}.000Z`;
const state = (ref: string, amount: number, refunded: Record<string, number> = {}): PaymentState => ({
  ref, aliases: [`cs_${ref.slice(3)}`], campaign: 'seoul', currency: 'usd', amount, countsAsDonor: true, gift: null, fee: null,
  paidAt: 1_764_496_800_000, refunded, disputes: {},
});

/** What the schema-6 release left: its migrations, then its rows (as its webhook, assign and offline paths wrote them). */
function* schema6(): Program<void> {
  yield exec(MIGRATIONS_TABLE);
  for (const m of MIGRATIONS.filter((m) => m.version <= 6)) {
    yield exec(m.sql);
    yield changes('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, T(0)]);
  }
  const totals = 'INSERT INTO campaign_totals (campaign, currency, raised, donors, allies, version, updated_at, parent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(totals, ['movement', 'usd', 12_200, 4, 0, 5, T(5), null]);
  yield changes(totals, ['seoul', 'usd', 12_200, 4, 0, 5, T(5), 'movement']);
  const payment = 'INSERT INTO payments (ref, campaign, state, raised, donors, updated_at) VALUES (?, ?, ?, ?, ?, ?)';
  yield changes(payment, ['pi_old', 'seoul', JSON.stringify(state('pi_old', 5_000)), 5_000, 1, T(1)]);
  yield changes(payment, ['pi_kept', 'seoul', JSON.stringify(state('pi_kept', 3_000)), 3_000, 1, T(2)]);
  yield changes(payment, ['pi_part', 'seoul', JSON.stringify(state('pi_part', 4_000, { ch_part: 1_000 })), 3_000, 1, T(4)]);
  const alias = 'INSERT INTO payment_aliases (alias, ref) VALUES (?, ?)';
  for (const [a, ref] of [['cs_old', 'pi_old'], ['stripe-event:evt_old', 'pi_old'], ['cs_kept', 'pi_kept'], ['cs_part', 'pi_part'], ['stripe-event:evt_part', 'pi_part']]) {
    yield changes(alias, [a, ref]);
  }
  yield changes('INSERT INTO unassigned_payments (ref, event_id, campaign, currency, amount, received_at, assigned_to, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    'pi_kept', 'evt_kept', 'atlantis', 'usd', 3_000, T(1), 'seoul', T(2),
  ]);
  const ledger = 'INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
  yield changes(ledger, ['led_evt_old', 'seoul', 'usd', 5_000, 'checkout', 'stripe-event:evt_old', null, T(1), null, 'counted', null]);
  yield changes(ledger, ['led_assign_pi_kept', 'seoul', 'usd', 3_000, 'checkout', 'assign:pi_kept', 'assigned from "atlantis"', T(2), null, 'counted', null]);
  yield changes(ledger, ['led_cash', 'seoul', 'usd', 1_200, 'offline', 'offline:seoul:key:k1', null, T(3), 'admin', 'counted', 1]);
  yield changes(ledger, ['led_evt_part', 'seoul', 'usd', 4_000, 'checkout', 'stripe-event:evt_part', null, T(4), null, 'counted', null]);
  yield changes(ledger, ['led_evt_part_refund', 'seoul', 'usd', -1_000, 'refund', 'stripe-event:evt_part_refund', null, T(5), null, 'counted', null]);
  const event = 'INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?)';
  yield changes(event, ['evt_old', 'checkout.session.completed', 1_764_496_800, 'payment', 'seoul', T(1)]);
  yield changes(event, ['evt_kept', 'checkout.session.completed', 1_764_496_800, 'payment', 'atlantis', T(1)]);
  yield changes(event, ['evt_part', 'checkout.session.completed', 1_764_496_800, 'payment', 'seoul', T(4)]);
  yield changes(event, ['evt_part_refund', 'charge.refunded', 1_764_496_900, 'refund', 'seoul', T(5)]);
}

async function atSchema6(backend: Backend): Promise<string> {
  const url = await backend.fresh();
  const driver = backend.driver(url);
  try {
    await driver.transact(schema6());
  } finally {
    await driver.close();
  }
  return url;
}

const refund = (eventId: string, ref: string, chargeId: string, refundedTotal: number): StripeEventInput => ({
  effect: { kind: 'refund', eventId, eventType: 'charge.refunded', created: 1_764_500_000, ref, chargeId, refundedTotal, currency: 'usd', campaignHint: null },
});

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    test('a schema-6 database upgrades in place: counting rows name their payment, the per-event aliases go, later refunds still move the feed', async () => {
      const url = await atSchema6(backend);
      const before = await contents(backend, url);
      assert.deepEqual([before.migrations.length, before.ledger.length, before.aliases.length], [6, 5, 5]);

      const store = await openStore(url);
      try {
        const { migrations, ledger, aliases, payments, totals } = await contents(backend, url);
        assert.deepEqual(migrations.map((m) => m['version']), MIGRATIONS.map((m) => m.version));
        assert.deepEqual(ledger.map((l) => [l['id'], l['payment_ref']]), [
          ['led_assign_pi_kept', 'pi_kept'], ['led_cash', null], ['led_evt_old', 'pi_old'], ['led_evt_part', 'pi_part'], ['led_evt_part_refund', null],
        ], 'a counting row names the payment its alias (or its assignment) named; cash and the old refund row name none');
        assert.deepEqual(aliases, [{ alias: 'cs_kept', ref: 'pi_kept' }, { alias: 'cs_old', ref: 'pi_old' }, { alias: 'cs_part', ref: 'pi_part' }], 'only ids Stripe sends are left');
        // Columns added by later migrations (approval, rejection, Allies at risk) start empty; the rest is as it was.
        const strip = (rows: Record<string, unknown>[]) => rows.map(({ payment_ref: _, approved_at: _a, approved_by: _b, rejected_at: _c, rejected_by: _d, ...rest }) => rest);
        assert.ok(totals.every((t) => t['allies_at_risk'] === 0));
        const counts = totals.map(({ allies_at_risk: _, ...rest }) => rest);
        assert.deepEqual([strip(ledger), payments, counts], [strip(before.ledger), before.payments, before.totals], 'no row lost or changed otherwise');
        // A fresh database and the upgraded one have one schema.
        const fresh = await backend.fresh();
        await (await openStore(fresh)).close();
        assert.deepEqual(await backend.schema(url), await backend.schema(fresh));

        const feed = async () => Object.fromEntries((await store.recentGifts('movement', 10)).map((g) => [g.id, g.amount]));
        assert.deepEqual(await feed(), { led_cash: 1_200, led_evt_part: 3_000, led_assign_pi_kept: 3_000, led_evt_old: 5_000 }, 'the partly refunded gift shows what it still counts');

        const fallbacks = store.ingestStats!.fallback;
        const results = await store.applyStripeEvents([refund('evt_after_1', 'pi_old', 'ch_old', 2_000), refund('evt_after_2', 'pi_kept', 'ch_kept', 3_000)]);
        assert.deepEqual(results.map((r) => r.outcome), ['applied', 'applied']);
        assert.equal(store.ingestStats!.fallback, fallbacks, 'taken in bulk');
        assert.deepEqual(await feed(), { led_cash: 1_200, led_evt_part: 3_000, led_evt_old: 3_000 }, 'refunded after the upgrade: lowered, and the fully refunded assigned gift left');
        for (const c of ['seoul', 'movement']) assert.equal((await store.getTotals(c))!.raised, 12_200 - 5_000, `${c}: the refunds counted once`);
        const after = await contents(backend, url);
        assert.deepEqual(after.ledger.filter((l) => String(l['id']).startsWith('led_evt_after')).map((l) => [l['id'], l['amount'], l['payment_ref']]), [
          ['led_evt_after_1', -2_000, 'pi_old'], ['led_evt_after_2', -3_000, 'pi_kept'],
        ]);
        assert.equal(after.aliases.length, 3, 'no alias written for them');
      } finally {
        await store.close();
      }
    });
  });
}
