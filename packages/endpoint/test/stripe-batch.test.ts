/**
 * The ingestion executor (`store/ingest/`): many events decided in memory and written in grouped
 * statements must leave exactly what the one-event-at-a-time path leaves (a store opened with
 * `oneEventAtATime`), on SQLite and on Postgres alike, with duplicates inside a batch, events
 * that fail, refunds before their payments, disputes, invoice links, unassigned payments and
 * concurrent bursts.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CampaignConfig } from '@rescuekit/schema';
import type { LedgerEffect, SubscriptionStatus } from '../src/ledger/effects.js';
import { AllyTie } from '../src/ledger/errors.js';
import { CommitQueue } from '../src/store/ingest/commit-queue.js';
import { openStore, type OpenStoreOptions } from '../src/store/open.js';
import type { Store, StripeEventInput, StripeEventResult } from '../src/store/types.js';
import { BACKENDS, contents, startBackends, type Backend } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const [SQLITE, POSTGRES] = BACKENDS as [Backend, Backend];
const camp = (id: string, parent?: string): CampaignConfig => ({ id, title: id, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
/** movement > region > team (and team2): every gift to a team rolls up two levels. */
const TREE = [camp('movement'), camp('region', 'movement'), camp('team', 'region'), camp('team2', 'region'), camp('other', 'movement')];

async function open(backend: Backend, url?: string, options: OpenStoreOptions = {}): Promise<{ store: Store; url: string }> {
  const u = url ?? (await backend.fresh());
  const store = await openStore(u, options);
  if (!url) await store.seedCampaigns(TREE);
  return { store, url: u };
}

type Pay = Extract<LedgerEffect, { kind: 'payment' }>;
const pay = (n: number | string, campaign: string, amount: number, over: Partial<Pay> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_p${n}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${n}`, aliases: [`cs_${n}`],
    campaign, amount, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});
/** Payments, refunds and disputes of every fourth number are in the donor's currency (Adaptive Pricing), decided without a draw. */
const inWon = (ref: string) => Number(ref.replace(/^\D+/, '')) % 4 === 0;
const refund = (id: string, ref: string, total: number): StripeEventInput => ({
  effect: {
    kind: 'refund', eventId: id, eventType: 'charge.refunded', created: 2, ref, chargeId: `ch_${ref}`, refundedTotal: total, currency: 'usd', campaignHint: null,
    ...(inWon(ref) ? { currency: 'krw', charged: 3100, donor: { currency: 'krw', amount: 3100 } } : {}),
  },
});
const dispute = (id: string, ref: string, amount: number, stage: 'withdrawn' | 'won' | 'lost'): StripeEventInput => ({
  effect: { kind: 'dispute', eventId: id, eventType: 'charge.dispute.closed', created: 3, ref, disputeId: `dp_${ref}`, stage, amount, currency: inWon(ref) ? 'krw' : 'usd', campaignHint: null },
});
const link = (id: string, invoiceId: string, paymentRef: string): StripeEventInput => ({
  effect: { kind: 'link', eventId: id, eventType: 'invoice_payment.paid', created: 4, invoiceId, paymentRef },
});
const ally = (id: string, sub: string, campaign: string, status: SubscriptionStatus, created = 5, settle?: 'fetched' | 'ranked'): StripeEventInput => ({
  effect: { kind: 'ally', eventId: id, eventType: 'customer.subscription.updated', created, subscriptionId: sub, campaign, status, ...(settle ? { settle } : {}) },
});
const STATUSES: SubscriptionStatus[] = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused'];

/** A seeded integer in [0, k) (mulberry32). */
function random(seed: number): (k: number) => number {
  let a = seed >>> 0;
  return (k) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
}

/** A seeded stream of every kind of event, redeliveries included (often inside the same batch). */
function stream(seed: number, n: number): StripeEventInput[] {
  const rand = random(seed);
  const out: StripeEventInput[] = [];
  const campaigns = ['team', 'team2', 'region', 'other', 'ghost'];
  for (let i = 0; i < n; i++) {
    const r = rand(100);
    const j = rand(i + 1); // an earlier payment's number
    if (r < 30) {
      const monthly = rand(4) === 0;
      const campaign = campaigns[rand(campaigns.length)]!;
      // A paid invoice says its Ally is active (as the mapping says it only for a campaign the store has).
      const invoiceAlly = campaign !== 'ghost' ? { ally: { subscriptionId: `sub_${i % 8}`, campaign, status: 'active' as const } } : {};
      out.push(pay(i, campaign, 500 + rand(5000), {
        currency: rand(15) === 0 ? 'eur' : 'usd', // kept unassigned: the campaign counts usd
        fee: i % 3 === 0 ? null : i % 97, // the fee its donor covered, when asked (not drawn, so the stream stays as it was)
        ...(i % 4 === 0 ? { donor: { currency: 'krw', amount: 3100 } } : {}), // the donor paid in won (Adaptive Pricing)
        ...(monthly ? { ref: `in_${i}`, aliases: [], frequency: 'monthly', eventType: 'invoice.paid', created: 5 + (i % 4), ...invoiceAlly } : {}),
      }));
    } else if (r < 45) out.push(refund(`evt_r${i}`, rand(2) ? `pi_${j}` : `pi_${i + 1 + rand(5)}`, 100 * (1 + rand(30)))); // some before their payment
    else if (r < 52) out.push(dispute(`evt_d${i}`, `pi_${j}`, 200 + rand(800), (['withdrawn', 'won', 'lost'] as const)[rand(3)]!));
    else if (r < 58) out.push(link(`evt_l${i}`, `in_${j}`, `pi_${j}`));
    else if (r < 68) {
      // Statuses of a few seconds, so some disagree within one second (a tie: failed alike on both paths, unless settled).
      const settle = ([undefined, undefined, 'fetched', 'ranked'] as const)[rand(4)];
      out.push(ally(`evt_a${i}`, `sub_${rand(8)}`, ['team', 'team2', 'ghost'][rand(3)]!, STATUSES[rand(STATUSES.length)]!, 5 + rand(4), settle));
    }
    else if (r < 72) out.push({ effect: { kind: 'ignore', eventId: `evt_i${i}`, eventType: 'customer.created', created: 6, reason: 'unhandled_type' } });
    else if (out.length) out.push(out[out.length - 1 - rand(Math.min(out.length, 6))]!); // a redelivery, often in the same batch
  }
  return out;
}

/** Splits `events` into batches of 1 to 60. */
function batches(events: readonly StripeEventInput[], seed: number): StripeEventInput[][] {
  const out: StripeEventInput[][] = [];
  const rand = random(seed + 1);
  for (let i = 0; i < events.length; ) {
    const size = 1 + rand(60);
    out.push(events.slice(i, i + size));
    i += size;
  }
  return out;
}

const outcome = (r: StripeEventResult) =>
  r.outcome === 'failed' ? 'failed' : r.outcome === 'applied' ? `applied ${r.totals ? `${r.totals.campaign} ${r.totals.raised}/${r.totals.donors}/${r.totals.allies}/${r.totals.alliesAtRisk} v${r.totals.version}` : '-'}` : r.outcome;

/** What both stores must hold alike: every row, times left out. */
async function held(backend: Backend, url: string) {
  const c = await contents(backend, url);
  const raw = await backend.raw(url);
  try {
    const kept = await raw.all('SELECT ref, event_id, campaign, currency, amount FROM unassigned_payments ORDER BY ref');
    return {
      totals: c.totals.map((t) => [t['campaign'], t['raised'], t['donors'], t['allies'], t['allies_at_risk'], t['pending'], t['version']]),
      ledger: c.ledger.map((l) => [l['id'], l['campaign'], l['currency'], l['amount'], l['kind'], l['source_ref'], l['status'], l['covered_fee'], l['payment_ref']]),
      events: c.events.map((e) => [e['id'], e['type'], e['effect'], e['campaign']]),
      payments: c.payments.map((p) => [p['ref'], p['campaign'], p['raised'], p['donors'], p['state']]),
      aliases: c.aliases,
      allies: c.allies.map((a) => [a['subscription_id'], a['campaign'], a['stage'], a['status'], a['status_at']]),
      kept,
    };
  } finally {
    await raw.close();
  }
}

for (const seed of [7, 2024, 99991]) {
  test(`a batch decided in memory leaves what one event at a time leaves (seed ${seed}, every kind of event, redeliveries in the batch)`, async () => {
    const events = stream(seed, 400);
    const a = await open(SQLITE, undefined, { oneEventAtATime: true }); // the reference: every load and write its own statement
    const b = await open(POSTGRES);
    const c = await open(SQLITE);
    let ties = 0;
    let atRisk = false;
    try {
      for (const batch of batches(events, seed)) {
        const [ra, rb, rc] = [await a.store.applyStripeEvents(batch), await b.store.applyStripeEvents(batch), await c.store.applyStripeEvents(batch)];
        assert.deepEqual(rb.map(outcome), ra.map(outcome));
        assert.deepEqual(rc.map(outcome), ra.map(outcome));
        ties += ra.filter((r) => r.outcome === 'failed' && r.error instanceof AllyTie).length;
        atRisk ||= ra.some((r) => r.outcome === 'applied' && (r.totals?.alliesAtRisk ?? 0) > 0);
      }
      assert.equal(a.store.ingestStats!.bulk, 0, 'the reference ran one event at a time');
      for (const x of [b, c]) assert.equal(x.store.ingestStats!.fallback, 0, 'every batch ran in bulk');
      const [ha, hb, hc] = [await held(SQLITE, a.url), await held(POSTGRES, b.url), await held(SQLITE, c.url)];
      assert.deepEqual(hb, ha);
      assert.deepEqual(hc, ha);
      // The stream must have exercised what it claims to.
      const kinds = new Set(ha.ledger.map((l) => l[4]));
      assert.deepEqual([...kinds].sort(), ['checkout', 'dispute', 'invoice', 'refund']);
      assert.ok(ha.kept.length > 0, 'unassigned payments');
      const states = ha.payments.map((p) => (typeof p[4] === 'string' ? p[4] : JSON.stringify(p[4])));
      assert.ok(states.some((t) => t.includes('"charges"') && t.includes('"donor"')), 'refunds in the donor\'s currency of converted payments');
      const withFee = ha.ledger.filter((l) => l[7] !== null);
      assert.ok(withFee.some((l) => l[4] === 'checkout') && withFee.some((l) => l[4] === 'invoice'), 'covered fees kept on payment rows');
      assert.ok(withFee.every((l) => (l[4] === 'checkout' || l[4] === 'invoice') && Number(l[3]) > 0), 'and only on rows counting a payment');
      // Every row moving a payment's money names that payment; no alias row stands in for the link.
      const refs = new Set(ha.payments.map((p) => p[0]));
      assert.ok(ha.ledger.every((l) => refs.has(l[8])), 'each ledger row names a stored payment');
      assert.ok(ha.aliases.every((a) => !String(a['alias']).startsWith('stripe-event:')), 'no alias per event');
      assert.ok(ha.allies.length > 0, 'allies');
      assert.ok(atRisk, 'allies at risk');
      assert.ok(ties > 0, 'ties between statuses of one second');
      assert.ok(ha.events.some((e) => e[3] !== null && e[2] === 'refund'), 'refunds filed under their payment\'s campaign');
    } finally {
      await a.store.close();
      await b.store.close();
      await c.store.close();
    }
  });
}

for (const backend of [SQLITE, POSTGRES]) {
test(`${backend.name} batch: one event thrice in a batch counts once; its refund in the same batch sees it`, async () => {
  const { store } = await open(backend);
  try {
    const p = pay(1, 'team', 5000);
    const results = await store.applyStripeEvents([p, p, refund('evt_r1', 'cs_1', 1500), p, refund('evt_r1', 'cs_1', 1500)]);
    assert.deepEqual(results.map((r) => r.outcome), ['applied', 'duplicate', 'applied', 'duplicate', 'duplicate']);
    for (const c of ['team', 'region', 'movement']) {
      const t = (await store.getTotals(c))!;
      assert.deepEqual([t.raised, t.donors, t.version], [3500, 1, 2], c);
    }
    assert.equal(await store.countLedger(), 2);
    assert.equal((await store.applyStripeEvents([p]))[0]!.outcome, 'duplicate', 'redelivered later: still once');
  } finally {
    await store.close();
  }
});

test(`${backend.name} batch: a poison event fails alone, unclaimed; the others in its batch count, in bulk`, async () => {
  const { store } = await open(backend);
  try {
    const ghost = ally('evt_ghost', 'sub_g', 'ghost', 'active'); // no such campaign: its decision throws
    const fallbacks = store.ingestStats!.fallback;
    const results = await store.applyStripeEvents([pay(1, 'team', 1000), ghost, ghost, pay(2, 'team2', 2000)]);
    assert.deepEqual(results.map((r) => r.outcome), ['applied', 'failed', 'failed', 'applied']);
    assert.match(String((results[1] as { error: unknown }).error), /no totals row for campaign "ghost"/);
    assert.equal(store.ingestStats!.fallback, fallbacks, 'handled without leaving the bulk path');
    assert.equal((await store.applyStripeEvents([ghost]))[0]!.outcome, 'failed', 'not marked processed: a redelivery is tried again');
    assert.deepEqual([(await store.getTotals('region'))!.raised, (await store.getTotals('movement'))!.raised], [3000, 3000]);
  } finally {
    await store.close();
  }
});

test(`${backend.name} batch: a write the database refuses rolls the bulk work back; the batch runs one event at a time`, async () => {
  const { store, url } = await open(backend);
  const raw = await backend.raw(url);
  try {
    // A ledger row already holding the id the second event's row would take: its INSERT fails.
    await raw.all("INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, created_at) VALUES ('led_evt_p2', 'other', 'usd', 1, 'offline', 'x', 'now')");
    const fallbacks = store.ingestStats!.fallback;
    const results = await store.applyStripeEvents([pay(1, 'team', 1000), pay(2, 'team', 2000), pay(3, 'team', 3000)]);
    assert.deepEqual(results.map((r) => r.outcome), ['applied', 'failed', 'applied']);
    assert.equal(store.ingestStats!.fallback, fallbacks + 1);
    assert.deepEqual([(await store.getTotals('team'))!.raised, (await store.getTotals('movement'))!.raised], [4000, 4000]);
    const events = await raw.all<{ id: string }>('SELECT id FROM stripe_events ORDER BY id');
    assert.deepEqual(events.map((e) => e.id), ['evt_p1', 'evt_p3']);
  } finally {
    await raw.close();
    await store.close();
  }
});
}

test('Postgres: two servers take a concurrent burst of the same 600 events (each delivered to both): every total exact to the cent', async () => {
  const a = await open(POSTGRES);
  const b = await open(POSTGRES, a.url);
  try {
    const events = Array.from({ length: 600 }, (_, i) => pay(i, i % 3 ? 'team' : 'team2', 100 + (i % 997)));
    const sum = (f: (i: number) => boolean) => events.reduce((s, e, i) => s + (f(i) ? (e.effect as Pay).amount : 0), 0);
    const qa = new CommitQueue(a.store);
    const qb = new CommitQueue(b.store);
    const sent = events.flatMap((e, i) => (i % 2 ? [qb.submit(e), qa.submit(e)] : [qa.submit(e), qb.submit(e)]));
    const results = await Promise.all(sent);
    assert.equal(results.filter((r) => r.outcome === 'applied').length, 600);
    assert.equal(results.filter((r) => r.outcome === 'duplicate').length, 600);
    assert.ok(qa.stats.commits < 300 && qb.stats.commits < 300, 'events shared commits');
    const totals = Object.fromEntries((await a.store.getAllTotals()).map((t) => [t.campaign, [t.raised, t.donors]]));
    assert.deepEqual(totals['team'], [sum((i) => i % 3 !== 0), 400]);
    assert.deepEqual(totals['team2'], [sum((i) => i % 3 === 0), 200]);
    assert.deepEqual(totals['region'], [sum(() => true), 600]);
    assert.deepEqual(totals['movement'], [sum(() => true), 600]);
    assert.equal(await b.store.countLedger(), 600);
  } finally {
    await a.store.close();
    await b.store.close();
  }
});

for (const backend of [SQLITE, POSTGRES]) {
test(`${backend.name}: totals reads asked for together (one query) each get their own campaign`, async () => {
  const { store } = await open(backend);
  try {
    await store.applyStripeEvents([pay(1, 'team', 1000), pay(2, 'team2', 2500)]);
    const read = await Promise.all(['team', 'movement', 'nope', 'team2', 'team'].map((id) => store.getTotals(id)));
    assert.deepEqual(read.map((t) => t && [t.campaign, t.raised]), [['team', 1000], ['movement', 3500], undefined, ['team2', 2500], ['team', 1000]]);
    assert.deepEqual(await store.getTotals('region'), (await store.getAllTotals()).find((t) => t.campaign === 'region'));
  } finally {
    await store.close();
  }
});
}

/** The tree again, with small matching pools on the movement and on one team that run out mid-batch. */
const MATCH_WINDOW = { startsAt: '2001-01-01T00:00:00Z', endsAt: '2100-01-01T00:00:00Z' };
const MATCHED_TREE = TREE.map((c) =>
  c.id === 'movement' ? { ...c, match: { ratio: 1, cap: 40_000, label: 'Doubled', ...MATCH_WINDOW } }
  : c.id === 'team' ? { ...c, match: { ratio: 0.5, cap: 9_000, label: 'Half again', ...MATCH_WINDOW } }
  : c);

/** The seeded stream with payment times inside the windows and outside (before 2001). */
function matchedStream(seed: number, n: number): StripeEventInput[] {
  const timed = new Map<string, StripeEventInput>();
  return stream(seed, n).map((e) => {
    if (e.effect.kind !== 'payment') return e;
    let t = timed.get(e.effect.eventId); // a redelivery is the same event
    if (!t) timed.set(e.effect.eventId, (t = { effect: { ...e.effect, created: Number(e.effect.eventId.replace(/\D/g, '')) % 5 === 0 ? 1 : 1_800_000_000 } }));
    return t;
  });
}

for (const seed of [11, 4242]) {
  test(`matching pools in a batch decided in memory end as one event at a time (seed ${seed}: caps run out mid-batch, refunds and disputes of matched gifts)`, async () => {
    const events = matchedStream(seed, 400);
    const a = await open(SQLITE, undefined, { oneEventAtATime: true }); // the reference
    const b = await open(POSTGRES);
    const c = await open(SQLITE);
    for (const x of [a, b, c]) {
      await x.store.patchCampaign('movement', { match: MATCHED_TREE[0]!.match! });
      await x.store.patchCampaign('team', { match: MATCHED_TREE[2]!.match! });
    }
    const matchedOf = async (s: Store) => Object.fromEntries((await s.getAllTotals()).map((t) => [t.campaign, t.matched]));
    let capReached = false;
    try {
      for (const batch of batches(events, seed)) {
        const [ra, rb, rc] = [await a.store.applyStripeEvents(batch), await b.store.applyStripeEvents(batch), await c.store.applyStripeEvents(batch)];
        assert.deepEqual(rb.map(outcome), ra.map(outcome));
        assert.deepEqual(rc.map(outcome), ra.map(outcome));
        const m = await matchedOf(a.store);
        assert.deepEqual(await matchedOf(b.store), m);
        assert.deepEqual(await matchedOf(c.store), m);
        capReached ||= m['movement'] === 40_000;
      }
      assert.equal(a.store.ingestStats!.bulk, 0, 'the reference ran one event at a time');
      for (const x of [b, c]) assert.equal(x.store.ingestStats!.fallback, 0, 'every batch ran in bulk');
      const [ha, hb, hc] = [await held(SQLITE, a.url), await held(POSTGRES, b.url), await held(SQLITE, c.url)];
      assert.deepEqual(hb, ha);
      assert.deepEqual(hc, ha);
      const rowsOf = async (backend: Backend, url: string) => {
        const raw = await backend.raw(url);
        try {
          return await raw.all('SELECT id, pool, gift, reference, gift_campaign, currency, amount FROM match_ledger ORDER BY id');
        } finally {
          await raw.close();
        }
      };
      const [ma, mb, mc] = [await rowsOf(SQLITE, a.url), await rowsOf(POSTGRES, b.url), await rowsOf(SQLITE, c.url)];
      assert.deepEqual(mb, ma, 'the same match rows');
      assert.deepEqual(mc, ma, 'the same match rows');
      assert.ok(capReached, 'the movement\'s cap ran out');
      assert.ok(ma.some((r) => Number(r['amount']) < 0 && r['pool'] === 'movement'), 'matched gifts refunded or disputed');
      assert.ok(ma.some((r) => r['pool'] === 'team'), 'the team\'s pool matched');
      const final = await matchedOf(a.store);
      for (const pool of ['movement', 'team']) {
        assert.equal(final[pool], ma.filter((r) => r['pool'] === pool).reduce((s, r) => s + Number(r['amount']), 0), `${pool}: matched is the sum of its rows`);
      }
      assert.deepEqual([final['region'], final['team2'], final['other']], [0, 0, 0], 'no pool, nothing matched: matched does not roll up');
    } finally {
      await a.store.close();
      await b.store.close();
      await c.store.close();
    }
  });
}
