/**
 * The Store contract, every case run against both stores: SQLite (a real file) and Postgres
 * (a throwaway server, see support/postgres.ts). Both must count exactly once under retries,
 * concurrency and two processes sharing one database, and must open the databases earlier
 * releases left. Only what one dialect alone has (SQLite's file and locking, the pg pool)
 * is tested elsewhere (sqlite.test.ts, postgres.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp } from '../src/app.js';
import { LATEST_VERSION, MIGRATIONS } from '../src/store/schema.js';
import { DatabaseUrlError, openStore, sqlitePath } from '../src/store/open.js';
import type { RecordGiftInput, Store, StripeEventInput } from '../src/store/types.js';
import type { LedgerEffect } from '../src/ledger/effects.js';
import { decideCampaigns } from '../src/ledger/gifts.js';
import type { Operation } from '../src/ledger/plan.js';
import { perform } from '../src/store/programs.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, contents, startBackends } from './support/stores.js';
import { FIXTURE_ADMIN, FIXTURE_CONFIG, FIXTURE_SECRET, session } from './fixtures/make-v0.1.js';
import { ADMIN, CONFIG, giftRequest } from './helpers.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const CAMPAIGNS = [{ id: 'team', currency: 'usd' }, { id: 'won', currency: 'krw' }];
const gift = (id: string, amount: number, over: Partial<RecordGiftInput> = {}): RecordGiftInput => ({
  id, campaign: 'team', currency: 'usd', amount, kind: 'offline', sourceRef: `offline:${id}`, donorDelta: 1,
  respond: (entry, totals) => ({ status: 201, body: JSON.stringify({ id: entry.id, raised: totals.raised }) }), ...over,
});
const payment = (i: number, over: Partial<Extract<LedgerEffect, { kind: 'payment' }>> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_${i}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${i}`, aliases: [`cs_${i}`],
    campaign: 'team', amount: 1000 + i, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});
const refund = (eventId: string, ref: string, refundedTotal: number, chargeId = `ch_${ref}`): StripeEventInput => ({
  effect: { kind: 'refund', eventId, eventType: 'charge.refunded', created: 2, ref, chargeId, refundedTotal, currency: 'usd', campaignHint: null },
});
const totalsOf = async (store: Store, campaign = 'team') => {
  const t = (await store.getTotals(campaign))!;
  return { raised: t.raised, donors: t.donors, allies: t.allies, version: t.version };
};

/** `after` with only the tables, rows' columns and migrations `before` had: what a 0.1 database held must be intact. */
function asBefore<T extends Record<string, Record<string, unknown>[]>>(after: T, before: T): T {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(before)) {
    const keys = Object.keys(rows[0] ?? {});
    out[table] = (after[table] ?? []).slice(0, table === 'migrations' ? rows.length : undefined).map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));
  }
  return out as T;
}

for (const backend of BACKENDS) {
  describe(`${backend.name} store`, () => {
    async function open(url?: string): Promise<{ store: Store; url: string }> {
      const u = url ?? (await backend.fresh());
      const store = await openStore(u);
      await store.ensureCampaigns(CAMPAIGNS);
      return { store, url: u };
    }
    /** Runs `fn` on a fresh store; `another()` opens one more on the same database (a second process). All close after. */
    async function withStore(fn: (store: Store, db: { url: string; another(): Promise<Store> }) => Promise<void>): Promise<void> {
      const { store, url } = await open();
      const stores = [store];
      const another = async () => {
        const s = (await open(url)).store;
        stores.push(s);
        return s;
      };
      try {
        await fn(store, { url, another });
      } finally {
        for (const s of stores) await s.close();
      }
    }

    test('totals start at zero; a currency may change only while nothing is counted', () => withStore(async (store) => {
      assert.equal(store.kind, backend.name);
      assert.deepEqual((await store.getAllTotals()).map((t) => [t.campaign, t.currency, t.raised, t.donors, t.allies]), [['team', 'usd', 0, 0, 0], ['won', 'krw', 0, 0, 0]]);
      await store.ensureCampaigns([{ id: 'won', currency: 'jpy' }, { id: 'won', currency: 'jpy' }]);
      assert.equal((await store.getTotals('won'))!.currency, 'jpy');
      await store.recordGift(gift('g1', 500));
      await assert.rejects(store.ensureCampaigns([{ id: 'team', currency: 'eur' }]), /campaign "team" already counts gifts in usd; its currency cannot change to eur/);
      await store.ensureCampaigns([{ id: 'team', currency: 'usd' }, { id: 'new', currency: 'eur' }]);
      assert.deepEqual(await totalsOf(store), { raised: 500, donors: 1, allies: 0, version: 1 });
      assert.equal((await store.getTotals('new'))!.currency, 'eur');
    }));

    test('a currency change decided on a stale read fails when a gift was counted since', () => withStore(async (store, db) => {
      const stale = decideCampaigns([{ id: 'won', currency: 'jpy' }], new Map([['won', await store.getTotals('won')]]), new Date().toISOString());
      await store.recordGift(gift('g1', 5000, { campaign: 'won', currency: 'krw' }));
      const driver = backend.driver(db.url);
      try {
        await assert.rejects(driver.transact(perform((function* (): Operation<void> { return stale; })())), /campaign "won" already counts gifts in krw; its currency cannot change to jpy/);
      } finally {
        await driver.close();
      }
      assert.equal((await store.getTotals('won'))!.currency, 'krw');
    }));

    test('a gift moves the ledger and the totals together; a retried key replays byte for byte; another body conflicts', () => withStore(async (store) => {
      const idem = { scope: 'offline-gifts:team', key: 'k1', fingerprint: 'f1' };
      const first = await store.recordGift(gift('g1', 4500, { idempotency: idem, sourceRef: 'offline:team:key:k1' }));
      assert.equal(first.outcome, 'recorded');
      assert.deepEqual(first.outcome === 'recorded' && first.response, { status: 201, body: '{"id":"g1","raised":4500}' });
      const again = await store.recordGift(gift('g2', 4500, { idempotency: idem, sourceRef: 'offline:team:key:k1' }));
      assert.deepEqual(again, { outcome: 'replayed', response: { status: 201, body: '{"id":"g1","raised":4500}' } });
      assert.deepEqual(await store.recordGift(gift('g3', 99, { idempotency: { ...idem, fingerprint: 'f2' } })), { outcome: 'conflict' });
      assert.deepEqual(await store.lookupIdempotency({ ...idem, fingerprint: 'other' }), { outcome: 'conflict' });
      assert.deepEqual(await store.lookupIdempotency({ ...idem, key: 'k2' }), { outcome: 'none' });
      assert.deepEqual(await totalsOf(store), { raised: 4500, donors: 1, allies: 0, version: 1 });
      assert.equal(await store.countLedger('team'), 1);
    }));

    test('the same sourceRef never counts twice; the currency must match; an unknown campaign is refused', () => withStore(async (store) => {
      assert.equal((await store.recordGift(gift('g1', 500, { sourceRef: 'pi_123' }))).outcome, 'recorded');
      const dup = await store.recordGift(gift('g2', 500, { sourceRef: 'pi_123' }));
      assert.deepEqual(dup.outcome === 'duplicate' && dup.totals.raised, 500);
      await assert.rejects(store.recordGift(gift('g3', 500, { currency: 'eur' })), /currency eur does not match campaign "team" \(usd\)/);
      await assert.rejects(store.recordGift(gift('g4', 500, { campaign: 'nope' })), /no totals row for campaign "nope"/);
      assert.deepEqual(await totalsOf(store), { raised: 500, donors: 1, allies: 0, version: 1 });
      assert.equal(await store.countLedger(), 1);
    }));

    test('a failure inside the transaction (the response builder throws) rolls everything back', () => withStore(async (store) => {
      const idempotency = { scope: 's', key: 'k', fingerprint: 'f' };
      const failing = gift('g1', 500, { idempotency, respond: () => { throw new Error('boom while building the response'); } });
      await assert.rejects(store.recordGift(failing), /boom/);
      assert.deepEqual(await totalsOf(store), { raised: 0, donors: 0, allies: 0, version: 0 });
      assert.equal(await store.countLedger(), 0);
      assert.deepEqual(await store.lookupIdempotency(idempotency), { outcome: 'none' });
      assert.equal((await store.recordGift({ ...failing, respond: undefined })).outcome, 'recorded', 'the key is free for the retry');
      assert.deepEqual(await store.lookupIdempotency(idempotency), { outcome: 'replayed', response: { status: 201, body: '' } });
    }));

    test('voiding an offline gift: once, from both processes at the same time', () => withStore(async (a, db) => {
      const b = await db.another();
      await a.recordGift(gift('g1', 4500));
      await a.recordGift(gift('g2', 900));
      const results = await Promise.all([
        a.voidOfflineGift({ id: 'v1', campaign: 'team', giftId: 'g1', note: 'typo' }),
        b.voidOfflineGift({ id: 'v2', campaign: 'team', giftId: 'g1' }),
      ]);
      assert.deepEqual(results.map((r) => r.outcome).sort(), ['already_voided', 'voided']);
      for (const r of results) assert.deepEqual((r.outcome === 'voided' || r.outcome === 'already_voided') && [r.amount, r.totals.raised], [4500, 900]);
      assert.deepEqual(await totalsOf(a), { raised: 900, donors: 1, allies: 0, version: 3 });
      assert.equal(await a.countLedger('team'), 3, 'the gift stays; a reversing row is added');
      assert.equal((await a.voidOfflineGift({ id: 'v3', campaign: 'won', giftId: 'g2' })).outcome, 'not_found');
      assert.equal((await a.voidOfflineGift({ id: 'v4', campaign: 'ghost', giftId: 'g2' })).outcome, 'not_found', 'no campaign, no gift');
      assert.equal((await a.voidOfflineGift({ id: 'v5', campaign: 'team', giftId: 'v1' })).outcome, 'not_found', 'a reversal is not a gift');
    }));

    test('two "processes" (two stores on one database), 40 concurrent gifts, half of them retries: each counts once', () => withStore(async (a, db) => {
      const b = await db.another();
      const tokenBefore = await b.changeToken();
      assert.equal(await b.changeToken(), tokenBefore, 'stable without writes');
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => {
        const k = `key-${i % 20}`;
        return (i % 2 ? b : a).recordGift(gift(`g${i}`, 100, { idempotency: { scope: 'offline-gifts:team', key: k, fingerprint: 'same' }, sourceRef: `offline:team:key:${k}` }));
      }));
      assert.equal(results.filter((r) => r.outcome === 'recorded').length, 20);
      assert.equal(results.filter((r) => r.outcome === 'replayed').length, 20);
      assert.deepEqual(await totalsOf(a), { raised: 2000, donors: 20, allies: 0, version: 20 });
      assert.equal(await b.countLedger(), 20);
      assert.notEqual(await b.changeToken(), tokenBefore, 'the other process sees that something changed');
    }));

    test('Stripe batches: a duplicate in the batch counts once, a failing event rolls back alone', () => withStore(async (store) => {
      // An Ally of a campaign the store lacks cannot be counted (money for one is kept unassigned instead).
      const ghost: StripeEventInput = { effect: { kind: 'ally', eventId: 'evt_ghost', eventType: 'customer.subscription.created', created: 3, subscriptionId: 'sub_g', campaign: 'ghost', status: 'active' } };
      const results = await store.applyStripeEvents([payment(1), payment(1), ghost, payment(3)]);
      assert.deepEqual(results.map((r) => r.outcome), ['applied', 'duplicate', 'failed', 'applied']);
      assert.match(String((results[2] as { error: Error }).error), /no totals row for campaign "ghost"/);
      assert.deepEqual(await totalsOf(store), { raised: 1001 + 1003, donors: 2, allies: 0, version: 2 });
      assert.equal(await store.countLedger(), 2);
      assert.equal((await store.applyStripeEvents([ghost]))[0]!.outcome, 'failed', 'the failed event was not marked processed');
      assert.equal((await store.applyStripeEvents([payment(2)]))[0]!.outcome, 'applied');
      const refunded = (await store.applyStripeEvents([refund('evt_r', 'pi_1', 1001)]))[0]!;
      assert.deepEqual(refunded.outcome === 'applied' && refunded.totals?.raised, 1002 + 1003);
      const ally: StripeEventInput = { effect: { kind: 'ally', eventId: 'evt_s', eventType: 'customer.subscription.created', created: 3, subscriptionId: 'sub_1', campaign: 'team', status: 'active' } };
      await store.applyStripeEvents([ally, ally]);
      assert.deepEqual(await totalsOf(store), { raised: 1002 + 1003, donors: 2, allies: 1, version: 5 });
      assert.deepEqual(await store.applyStripeEvents([]), []);
    }));

    test('what a Stripe event leaves: its row under its campaign, the merged payment state, aliases', () => withStore(async (store, db) => {
      const ignored: StripeEventInput = { effect: { kind: 'ignore', eventId: 'evt_i', eventType: 'customer.created', created: 4, reason: 'unhandled_type' } };
      await store.applyStripeEvents([refund('evt_early', 'pi_7', 300), ignored]); // a refund before its payment waits for it
      await store.applyStripeEvents([payment(7, { aliases: ['cs_7', 'in_7'] })]);
      await store.applyStripeEvents([refund('evt_late', 'cs_7', 500), payment(7, { eventId: 'evt_7_again', aliases: ['cs_7'] })]); // found by an alias
      assert.deepEqual(await totalsOf(store), { raised: 1007 - 300 - 500, donors: 1, allies: 0, version: 2 });
      const { events, payments, aliases, ledger } = await contents(backend, db.url);
      assert.deepEqual(events.map((e) => [e['id'], e['effect'], e['campaign']]), [
        ['evt_7', 'payment', 'team'], ['evt_7_again', 'payment', 'team'], ['evt_early', 'refund', null], ['evt_i', 'ignore:unhandled_type', null], ['evt_late', 'refund', 'team'],
      ]);
      assert.equal(payments.length, 1);
      assert.deepEqual(payments[0], {
        ref: 'pi_7', campaign: 'team', raised: 207, donors: 1, updated_at: payments[0]!['updated_at'],
        state: { ref: 'pi_7', aliases: ['cs_7', 'in_7'], campaign: 'team', currency: 'usd', amount: 1007, countsAsDonor: true, gift: null, fee: null, paidAt: 1000, refunded: { ch_pi_7: 300, ch_cs_7: 500 }, disputes: {} },
      });
      assert.deepEqual(aliases, [{ alias: 'cs_7', ref: 'pi_7' }, { alias: 'in_7', ref: 'pi_7' }], 'only ids Stripe sends');
      // Each row names its payment itself (the recent-gifts feed reads what it still counts).
      assert.deepEqual(ledger.map((l) => [l['id'], l['amount'], l['kind'], l['currency'], l['source_ref'], l['payment_ref']]), [
        ['led_evt_7', 707, 'checkout', 'usd', 'stripe-event:evt_7', 'pi_7'], ['led_evt_late', -500, 'refund', 'usd', 'stripe-event:evt_late', 'pi_7'],
      ]);
    }));

    test('two processes apply the same Stripe events concurrently: counted once', () => withStore(async (a, db) => {
      const b = await db.another();
      const batch = Array.from({ length: 10 }, (_, i) => payment(100 + i));
      const [ra, rb] = await Promise.all([a.applyStripeEvents(batch), b.applyStripeEvents([...batch].reverse())]);
      assert.equal([...ra, ...rb].filter((r) => r.outcome === 'applied').length, 10);
      assert.equal([...ra, ...rb].filter((r) => r.outcome === 'duplicate').length, 10);
      assert.equal((await a.getTotals('team'))!.raised, batch.reduce((s, e) => s + (e.effect as { amount: number }).amount, 0));
    }));

    test('another process\'s commit moves the change token', () => withStore(async (a, db) => {
      const b = await db.another();
      const before = await b.changeToken();
      assert.equal(await b.changeToken(), before, 'stable without writes');
      await a.recordGift(gift('other', 100));
      assert.notEqual(await b.changeToken(), before);
      assert.equal((await b.getTotals('team'))!.raised, 100);
    }));

    test('totals and ledger survive close and reopen; migrations run once; a newer schema is refused', async () => {
      const { store, url } = await open();
      for (const amount of [4500, 900, 12_345]) await store.recordGift(gift(`g${amount}`, amount));
      await store.close();
      for (let i = 0; i < 2; i++) await (await openStore(url)).close();
      const again = await openStore(url);
      assert.deepEqual(await totalsOf(again), { raised: 17_745, donors: 3, allies: 0, version: 3 });
      assert.equal(await again.countLedger('team'), 3);
      await again.close();
      const raw = await backend.raw(url);
      try {
        assert.deepEqual((await raw.all('SELECT version, name FROM schema_migrations ORDER BY version')).map((r) => [r['version'], r['name']]), MIGRATIONS.map((m) => [m.version, m.name]));
        await raw.all("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'now')");
      } finally {
        await raw.close();
      }
      await assert.rejects(openStore(url), new RegExp(`database schema version 999 is newer than this rescuekit \\(${LATEST_VERSION}\\) and does not keep it running: it needs the rescuekit release that wrote it`));
    });

    test('the schema itself refuses a fractional amount and a row for an unknown campaign', async () => {
      const { store, url } = await open();
      await store.close();
      const raw = await backend.raw(url);
      const insert = (amount: number, campaign: string) =>
        raw.all("INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES (?, ?, 'usd', ?, 'offline', ?, NULL, 'now')", [`x${amount}`, campaign, amount, `r${amount}`]);
      try {
        if (backend.name === 'sqlite') await raw.all('PRAGMA foreign_keys = ON'); // per connection; the store sets it on its own
        await assert.rejects(insert(1.5, 'team'), /REAL|bigint/);
        await assert.rejects(insert(2, 'nope'), /FOREIGN KEY|foreign key/);
        await insert(3, 'team');
      } finally {
        await raw.close();
      }
    });

    test('a new database has the schema of a 0.1 database after its upgrade', async () => {
      const fresh = await open();
      const upgraded = await open(await backend.fromRelease('0.1'));
      await fresh.store.close();
      await upgraded.store.close();
      assert.deepEqual(await backend.schema(fresh.url), await backend.schema(upgraded.url));
    });

    // Every later schema change extends this test: commit a database made by the release before
    // it (test/fixtures/make-v0.1.ts shows how) and check that it opens with everything intact.
    test('upgrades in place: a 0.1 database keeps every total, payment, ledger row and idempotency key, and still dedupes', async () => {
      const url = await backend.fromRelease('0.1');
      const before = await contents(backend, url);
      assert.deepEqual(before.totals.map((t) => [t['campaign'], t['currency'], t['raised'], t['donors'], t['allies'], t['version']]), [
        ['quiet', 'eur', 0, 0, 0, 0], ['rescue-team-demo', 'usd', 4000, 2, 0, 6], ['the-hundred', 'usd', 40_424, 8, 1, 15], ['won', 'krw', 50_000, 1, 0, 1],
      ]);
      assert.deepEqual([before.ledger.length, before.keys.length, before.events.length, before.payments.length, before.aliases.length, before.allies.length], [19, 5, 20, 8, 7, 2]);

      const store = await openStore(url);
      const app = createApp({ config: FIXTURE_CONFIG, store, adminToken: FIXTURE_ADMIN, webhookSecret: FIXTURE_SECRET, logger: () => {} });
      try {
        await app.ready;
        assert.deepEqual(asBefore(await contents(backend, url), before), before, 'opening, migrating and seeding campaigns changed no 0.1 row');
        const key = before.keys.find((k) => k['key'] === 'bake-sale-1')!;
        const retry = await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred/offline-gifts', {
          method: 'POST', body: JSON.stringify({ amount: 4500, currency: 'usd', note: 'bake sale' }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${FIXTURE_ADMIN}`, 'idempotency-key': 'bake-sale-1' },
        }));
        assert.equal(retry.status, 201);
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        assert.equal(await retry.text(), key['response_body']);
        const voided = before.ledger.find((l) => String(l['source_ref']).startsWith('void:'))!;
        const again = await store.voidOfflineGift({ id: 'v-again', campaign: 'rescue-team-demo', giftId: String(voided['source_ref']).slice(5) });
        assert.deepEqual(again.outcome === 'already_voided' && again.amount, 3000);
        const { body, headers } = signedWebhook(session(1, 'the-hundred', 2812, 'pi_1'), FIXTURE_SECRET);
        assert.deepEqual(await (await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }))).json(), { received: true, duplicate: true });
        assert.deepEqual(asBefore(await contents(backend, url), before), before, 'replays changed nothing');
        // Stored payment state still merges: charge ch_2 of pi_2 (5000, 2000 refunded) now refunded 3500 in all.
        const moved = (await store.applyStripeEvents([refund('evt_after_upgrade', 'pi_2', 3500, 'ch_2')]))[0]!;
        assert.deepEqual(moved.outcome === 'applied' && moved.totals?.raised, 40_424 - 1500);
        assert.equal(await store.countLedger(), 20);
        // The covered fee is new in schema 5: rows written before it have none, and new payments keep theirs.
        const fee = (await store.applyStripeEvents([payment(900, { campaign: 'the-hundred', amount: 2590, gift: 2500, fee: 90 })]))[0]!;
        assert.equal(fee.outcome, 'applied');
        const upgraded = (await contents(backend, url)).ledger;
        assert.deepEqual(upgraded.filter((l) => l['covered_fee'] !== null).map((l) => [l['id'], l['covered_fee']]), [['led_evt_900', 90]]);
        assert.equal(upgraded.length, 21);
        // Schema 6: every campaign starts with nothing matched; a challenge added now matches at once, and its reversals work.
        assert.deepEqual((await store.getAllTotals()).map((t) => t.matched), [0, 0, 0, 0]);
        await store.patchCampaign('the-hundred', { match: { ratio: 1, cap: 1_000, startsAt: '2020-01-01T00:00:00Z', endsAt: '2100-01-01T00:00:00Z', label: 'Doubled' } });
        const matched = (await store.applyStripeEvents([payment(901, { campaign: 'the-hundred', amount: 700, created: 1_800_000_000 })]))[0]!;
        assert.equal(matched.outcome === 'applied' && matched.totals?.matched, 700);
        await store.applyStripeEvents([refund('evt_after_upgrade_3', 'pi_2', 5000, 'ch_2'), payment(902, { campaign: 'the-hundred', amount: 900, created: 1_800_000_000 })]);
        assert.equal((await store.getTotals('the-hundred'))!.matched, 1_000, 'a payment from 0.1 refunded in full held nothing; the new one takes the cap left');
        await store.applyStripeEvents([refund('evt_after_upgrade_4', 'pi_901', 700)]);
        assert.deepEqual([(await store.getTotals('the-hundred'))!.matched, (await store.getTotals('the-hundred'))!.raised], [300, 40_424 - 1_500 + 2_590 - 1_500 + 900]);
      } finally {
        await app.close();
        await store.close();
      }
    });

    test('the endpoint on this store: offline gift, signed webhook x5 concurrently, and a second server sees both', async () => {
      const url = await backend.fresh();
      const storeA = await openStore(url);
      const storeB = await openStore(url);
      const app = createApp({ config: CONFIG, store: storeA, adminToken: ADMIN, logger: () => {}, webhookSecret: 'whsec_contract' });
      const other = createApp({ config: CONFIG, store: storeB, adminToken: ADMIN, logger: () => {} });
      try {
        await app.ready;
        await other.ready;
        assert.equal((await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }, { key: 'bake-1' }))).status, 201);
        const event = stripeEvent('checkout.session.completed', {
          id: 'cs_c', object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2812, currency: 'usd', payment_intent: 'pi_c', metadata: { rescuekit_campaign: 'team' },
        });
        const deliveries = await Promise.all(
          Array.from({ length: 5 }, () => {
            const { body, headers } = signedWebhook(event, 'whsec_contract');
            return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', body, headers }));
          }),
        );
        assert.deepEqual(deliveries.map((r) => r.status), [200, 200, 200, 200, 200]);
        await other.hub.poll();
        assert.equal(other.hub.get('team')!.progress.raised, 4500 + 2812);
        assert.equal(other.hub.get('team')!.progress.donors, 2);
      } finally {
        await app.close();
        await other.close();
        await storeA.close();
        await storeB.close();
      }
    });
  });
}

test('DATABASE_URL picks the store: sqlite: paths, postgres:// URLs, nothing else; never echoes credentials', async () => {
  assert.equal(sqlitePath('sqlite:./rk.db'), './rk.db');
  assert.equal(sqlitePath('sqlite:///var/lib/rk.db'), '/var/lib/rk.db');
  assert.equal(sqlitePath('sqlite::memory:'), ':memory:');
  assert.throws(() => sqlitePath('sqlite:'), DatabaseUrlError);
  await assert.rejects(openStore('postgres://u:secret@127.0.0.1:1/rk'), (e: Error) => {
    assert.match(e.message, /ECONNREFUSED/, 'a postgres:// URL opens the Postgres store, which reports the failed connection');
    assert.doesNotMatch(e.message, /secret/, 'never echo credentials');
    return true;
  });
  await assert.rejects(openStore('mysql://u:secret@x'), (e: Error) => {
    assert.ok(e instanceof DatabaseUrlError);
    assert.match(e.message, /must start with sqlite: .* or postgres:\/\//);
    assert.doesNotMatch(e.message, /secret/);
    return true;
  });
  const mem = await openStore('sqlite::memory:');
  await mem.ping();
  await mem.close();
});
