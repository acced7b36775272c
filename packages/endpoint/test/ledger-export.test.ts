/**
 * The treasurer's export on both stores: counted rows sum to `raised` for every campaign of a
 * tree after refunds, lost disputes, voids and approvals (pending rows to `pending`); rows are
 * read a page at a time as the reader pulls; the route's keys, errors and formula-safe cells.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CampaignConfig } from '@rescuekit/schema';
import { createApp } from '../src/app.js';
import { newTeamKey } from '../src/guard/team-keys.js';
import type { LedgerEffect } from '../src/ledger/effects.js';
import { LedgerStore, type Driver } from '../src/store/ledger-store.js';
import { openStore } from '../src/store/open.js';
import type { LedgerExportRow, Store, StripeEventInput } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const camp = (id: string, parent: string | null = null, over: Partial<CampaignConfig> = {}): CampaignConfig => ({
  id, title: `Campaign ${id}`, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...(parent ? { parent } : {}), ...over,
});
const TREE = [camp('movement'), camp('region', 'movement'), camp('team', 'region', { cashNeedsApproval: true }), camp('squad', 'team'), camp('other', 'movement')];
const pay = (n: number, campaign: string, amount: number, over: Partial<Extract<LedgerEffect, { kind: 'payment' }>> = {}): StripeEventInput => ({
  effect: {
    kind: 'payment', eventId: `evt_p${n}`, eventType: 'checkout.session.completed', created: 1, ref: `pi_${n}`, aliases: [`cs_${n}`],
    campaign, amount, currency: 'usd', gift: null, fee: null, frequency: 'once', countsAsDonor: true, ...over,
  },
});
const refund = (n: number, ref: string, total: number): StripeEventInput => ({
  effect: { kind: 'refund', eventId: `evt_r${n}`, eventType: 'charge.refunded', created: 2, ref, chargeId: `ch_${ref}`, refundedTotal: total, currency: 'usd', campaignHint: null },
});
const dispute = (n: number, ref: string, amount: number, stage: 'withdrawn' | 'won'): StripeEventInput => ({
  effect: { kind: 'dispute', eventId: `evt_d${n}`, eventType: 'charge.dispute.closed', created: 3, ref, disputeId: `dp_${ref}`, stage, amount, currency: 'usd', campaignHint: null },
});
const cash = (id: string, campaign: string, amount: number, over: { pending?: boolean; note?: string } = {}) => ({
  id, campaign, currency: 'usd', amount, kind: 'offline' as const, sourceRef: `offline:${id}`, donorDelta: 1, recordedBy: 'admin', pending: over.pending, note: over.note,
});

async function all(rows: AsyncIterable<LedgerExportRow>): Promise<LedgerExportRow[]> {
  const out: LedgerExportRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}
/** Gift rows (match rows are matching pools' money, summed apart). */
const sum = (rows: LedgerExportRow[], status: 'counted' | 'pending') => rows.filter((r) => r.status === status && r.kind !== 'match').reduce((s, r) => s + r.amount, 0);

/** A driver that counts its reads and the rows each answered. */
function countingDriver(inner: Driver): { driver: Driver; reads: number[] } {
  const reads: number[] = [];
  const driver: Driver = {
    kind: inner.kind,
    ingest: inner.ingest,
    pipelined: inner.pipelined,
    health: inner.health,
    transact: (p) => inner.transact(p),
    async read(p) {
      const out = await inner.read(p);
      reads.push(Array.isArray(out) ? out.length : -1);
      return out;
    },
    close: () => inner.close(),
  };
  return { driver, reads };
}

/** Gifts, payments, a refund, a lost and a won dispute, voids and approvals across the tree. */
async function busyTree(store: Store): Promise<void> {
  await store.seedCampaigns(TREE);
  await store.recordGift(cash('g1', 'squad', 5_000, { note: '=HYPERLINK("http://evil.example","click")' }));
  await store.recordGift(cash('g2', 'team', 1_200));
  await store.recordGift(cash('g3', 'team', 800, { pending: true }));
  await store.recordGift(cash('g4', 'team', 300, { pending: true }));
  await store.recordGift(cash('g5', 'other', 700));
  await store.recordGift(cash('g6', 'movement', 250));
  // Donors of pi_1 and pi_2 covered the processing fee (part of the amount charged).
  await store.applyStripeEvents([pay(1, 'squad', 2_000, { gift: 1_940, fee: 60 }), pay(2, 'region', 9_000, { gift: 8_700, fee: 300 }), pay(3, 'other', 4_000)]);
  await store.applyStripeEvents([refund(1, 'pi_2', 3_000)]);
  await store.applyStripeEvents([dispute(1, 'pi_1', 2_000, 'withdrawn')]);
  await store.applyStripeEvents([dispute(2, 'pi_3', 4_000, 'withdrawn'), dispute(3, 'pi_3', 4_000, 'won')]);
  assert.equal((await store.voidOfflineGift({ id: 'v1', campaign: 'team', giftId: 'g2', note: 'counted twice', recordedBy: 'admin' })).outcome, 'voided');
  assert.equal((await store.approveOfflineGift({ campaign: 'team', giftId: 'g3' })).outcome, 'approved');
  assert.equal((await store.voidOfflineGift({ id: 'v2', campaign: 'team', giftId: 'g4', recordedBy: 'admin' })).outcome, 'voided');
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: ledger export`, () => {
    test('counted rows sum to raised for every campaign of the tree; direct rows are its own; pending rows sum to pending', async () => {
      const store = await openStore(await backend.fresh());
      try {
        await busyTree(store);
        const movement = await all(store.exportLedger({ campaign: 'movement' }));
        assert.ok(movement.some((r) => r.kind === 'refund' && r.amount < 0), 'the refund is a row');
        assert.ok(movement.some((r) => r.kind === 'dispute' && r.amount < 0), 'the lost dispute is a row');
        assert.ok(movement.some((r) => r.kind === 'dispute' && r.amount > 0), 'the won dispute gives it back');
        assert.ok(movement.some((r) => r.sourceRef === 'void:g2' && r.amount === -1_200), 'the void is a row');
        // Only the rows counting a payment carry its covered fee; refunds, disputes and cash have none.
        assert.deepEqual(
          movement.filter((r) => r.coveredFee !== null).map((r) => [r.sourceRef, r.kind, r.amount, r.coveredFee]),
          [['stripe-event:evt_p1', 'checkout', 2_000, 60], ['stripe-event:evt_p2', 'checkout', 9_000, 300]],
        );
        assert.equal(movement.find((r) => r.sourceRef === 'stripe-event:evt_p3')!.coveredFee, null, 'no fee covered: none shown');
        let direct = 0;
        for (const c of TREE) {
          const t = (await store.getTotals(c.id))!;
          const rows = await all(store.exportLedger({ campaign: c.id }));
          assert.equal(sum(rows, 'counted'), t.raised, `${c.id}: counted rows sum to raised`);
          assert.equal(sum(rows, 'pending'), t.pending ?? 0, `${c.id}: pending rows sum to pending`);
          const own = await all(store.exportLedger({ campaign: c.id, direct: true }));
          assert.ok(own.every((r) => r.campaign === c.id));
          direct += sum(own, 'counted');
          const times = rows.map((r) => `${r.createdAt}|${r.id}`);
          assert.deepEqual(times, [...times].sort(), `${c.id}: in time order`);
        }
        assert.equal(direct, (await store.getTotals('movement'))!.raised, 'every campaign\'s own rows add up to the root');
        assert.equal((await store.getTotals('movement'))!.raised, 5_000 + 800 + 700 + 250 + 2_000 + 9_000 - 3_000 - 2_000 + 4_000 - 4_000 + 4_000 + 1_200 - 1_200);
        // A window: from/to bounds on the row time.
        const first = movement[0]!.createdAt;
        const later = await all(store.exportLedger({ campaign: 'movement', from: new Date(Date.parse(first) + 1).toISOString() }));
        assert.ok(later.length < movement.length && later.every((r) => r.createdAt > first));
        assert.deepEqual(await all(store.exportLedger({ campaign: 'movement', to: first })), []);
      } finally {
        await store.close();
      }
    });

    test('match rows: kind match, counted, the pool as campaign, the gift\'s reference; they sum to each pool\'s matched after refunds and voids', async () => {
      const store = await openStore(await backend.fresh());
      try {
        const window = { startsAt: '2001-01-01T00:00:00Z', endsAt: '2100-01-01T00:00:00Z' };
        await store.seedCampaigns(TREE.map((c) =>
          c.id === 'movement' ? { ...c, match: { ratio: 1, cap: 6_000, label: 'Doubled', ...window } }
          : c.id === 'team' ? { ...c, match: { ratio: 0.5, cap: 1_000, label: 'Half again', ...window } } : c));
        // Rows are exported by time, then id: a tick between steps keeps the steps' order in the file.
        const tick = () => new Promise((r) => setTimeout(r, 3));
        await store.recordGift(cash('g1', 'squad', 3_000));
        await tick();
        await store.applyStripeEvents([pay(1, 'team', 2_000, { created: 1_800_000_000 }), pay(2, 'other', 4_000, { created: 1_800_000_000 })]);
        await tick();
        await store.applyStripeEvents([refund(1, 'pi_2', 3_500)]);
        await tick();
        await store.voidOfflineGift({ id: 'v1', campaign: 'squad', giftId: 'g1', recordedBy: 'admin' });
        await tick();
        await store.applyStripeEvents([pay(3, 'region', 2_500, { created: 1_800_000_000 })]);
        const movement = await all(store.exportLedger({ campaign: 'movement' }));
        const matches = movement.filter((r) => r.kind === 'match');
        assert.ok(matches.every((r) => r.status === 'counted' && r.coveredFee === null && r.recordedBy === null && r.currency === 'usd'));
        assert.deepEqual(matches.map((r) => [r.campaign, r.sourceRef, r.amount]), [
          ['movement', 'offline:g1', 3_000], ['team', 'offline:g1', 1_000],
          ['movement', 'pi_1', 2_000], ['movement', 'pi_2', 1_000], // the cap left: 1,000 of 4,000
          ['movement', 'pi_2', -500], // refunded down to 500: its match is at most that
          ['movement', 'offline:g1', -3_000], ['team', 'offline:g1', -1_000], // the void takes it all back
          ['movement', 'pi_3', 2_500],
        ]);
        assert.ok(matches.every((r) => r.id.startsWith('match:')));
        for (const c of TREE) {
          const t = (await store.getTotals(c.id))!;
          const rows = await all(store.exportLedger({ campaign: c.id }));
          assert.equal(sum(rows, 'counted'), t.raised, `${c.id}: gift rows sum to raised`);
          const own = rows.filter((r) => r.kind === 'match' && r.campaign === c.id).reduce((s, r) => s + r.amount, 0);
          assert.equal(own, t.matched ?? 0, `${c.id}: its match rows sum to its matched`);
          const direct = await all(store.exportLedger({ campaign: c.id, direct: true }));
          assert.equal(direct.filter((r) => r.kind === 'match').reduce((s, r) => s + r.amount, 0), t.matched ?? 0, `${c.id}: --direct too`);
        }
        assert.deepEqual([(await store.getTotals('movement'))!.matched, (await store.getTotals('team'))!.matched], [5_000, 0]);
        const feed = await store.recentGifts('movement', 50);
        assert.ok(feed.length > 0 && feed.every((r) => !r.id.startsWith('match:') && r.kind !== ('match' as string)), 'no match row in the gift feed');
      } finally {
        await store.close();
      }
    });

    test('rows are read a page at a time, only as the reader pulls', async () => {
      const url = await backend.fresh();
      const seed = await openStore(url);
      try {
        await seed.seedCampaigns(TREE);
        for (let i = 0; i < 23; i++) await seed.recordGift(cash(`s${String(i).padStart(2, '0')}`, i % 2 ? 'squad' : 'other', 100 + i));
      } finally {
        await seed.close();
      }
      const { driver, reads } = countingDriver(backend.driver(url));
      const store = new LedgerStore(driver);
      try {
        const it = store.exportLedger({ campaign: 'movement', pageSize: 5 })[Symbol.asyncIterator]();
        assert.equal((await it.next()).done, false);
        assert.deepEqual(reads, [5], 'one page read for the first row');
        await it.return?.(undefined);
        reads.length = 0;
        const rows = await all(store.exportLedger({ campaign: 'movement', pageSize: 5 }));
        assert.equal(rows.length, 23);
        assert.equal(new Set(rows.map((r) => r.id)).size, 23, 'no row twice across pages');
        assert.deepEqual(reads, [5, 5, 5, 5, 3]);
      } finally {
        await store.close();
      }
    });
  });
}

describe('GET /v1/campaigns/:id/ledger.csv', () => {
  test('admin or that team\'s key; 401 without, 403 for another team; RFC 4180 with formulas neutralised', async () => {
    const store = await openStore(await BACKENDS[0]!.fresh());
    const app = createApp({ config: { campaigns: TREE }, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      await busyTree(store);
      const teamKey = newTeamKey();
      await store.createTeamKey({ id: teamKey.id, campaign: 'team', label: null, hash: teamKey.hash });
      const otherKey = newTeamKey();
      await store.createTeamKey({ id: otherKey.id, campaign: 'other', label: null, hash: otherKey.hash });
      const get = (path: string, token?: string) =>
        app.fetch(new Request(`http://rk.test${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }), { ip: '198.51.100.7' });

      const none = await get('/v1/campaigns/team/ledger.csv');
      assert.equal(none.status, 401);
      assert.equal(none.headers.get('content-type'), 'application/problem+json');
      assert.equal((await get('/v1/campaigns/team/ledger.csv', otherKey.token)).status, 403);
      assert.equal((await get('/v1/campaigns/movement/ledger.csv', teamKey.token)).status, 403, 'not even its parent');
      assert.equal((await get('/v1/campaigns/nope/ledger.csv', ADMIN)).status, 404);
      const badFrom = await get('/v1/campaigns/team/ledger.csv?from=yesterday', ADMIN);
      assert.equal(badFrom.status, 400);
      assert.equal((await badFrom.json()).field, 'from');

      const res = await get('/v1/campaigns/team/ledger.csv', teamKey.token);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(res.headers.get('content-disposition'), 'attachment; filename="team-ledger.csv"');
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const text = await res.text();
      const lines = text.split('\r\n');
      assert.equal(lines[0], 'time,kind,amount,currency,covered_fee,reference,campaign,recorded_by,status,entry,note,approved_by,fundraiser_page,donor_currency,donor_amount');
      assert.equal(lines.at(-1), '', 'every record ends in CRLF');
      const rows = lines.slice(1, -1).map((l) => l.split(','));
      const counted = rows.filter((r) => r[8] === 'counted').reduce((s, r) => s + Number(r[2]), 0);
      assert.equal(counted, (await store.getTotals('team'))!.raised, 'the CSV\'s counted amounts sum to raised');
      assert.ok(text.includes('"\'=HYPERLINK(""http://evil.example"",""click"")"'), 'the formula note is shown, quoted and neutralised');
      assert.ok(rows.some((r) => r[1] === 'void' && r[2] === '-1200'));
      assert.deepEqual(rows.filter((r) => r[4] !== '').map((r) => [r[5], r[2], r[4]]), [['stripe-event:evt_p1', '2000', '60']], 'the covered fee, in minor units like amount');
      assert.ok(rows.some((r) => r[1] === 'dispute' && r[4] === ''), 'a dispute has no covered fee');
      assert.ok(!/@|email|name/i.test(text.split('\r\n').slice(1).join('')), 'no donor names or emails');

      const direct = await (await get('/v1/campaigns/team/ledger.csv?direct=1', ADMIN)).text();
      assert.ok(direct.split('\r\n').slice(1, -1).every((l) => l.split(',')[6] === 'team'));
      assert.ok(!direct.includes(',squad,'));
    } finally {
      await app.close();
      await store.close();
    }
  });

  test('100,000 rows stream a page at a time: a reader that stops early causes only a page or two of reads', async () => {
    const url = await BACKENDS[0]!.fresh();
    const seed = await openStore(url);
    await seed.seedCampaigns(TREE);
    await seed.close();
    const raw = await BACKENDS[0]!.raw(url);
    try {
      await raw.all('BEGIN');
      for (let i = 0; i < 100_000; i++) {
        await raw.all("INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, status) VALUES (?, ?, 'usd', ?, 'offline', ?, NULL, ?, 'counted')", [
          `bulk_${String(i).padStart(6, '0')}`, i % 3 ? 'squad' : 'other', 100 + (i % 7), `bulk:${i}`, new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
        ]);
      }
      await raw.all("UPDATE campaign_totals SET raised = (SELECT sum(amount) FROM ledger) WHERE campaign = 'movement'");
      await raw.all('COMMIT');
    } finally {
      await raw.close();
    }
    const { driver, reads } = countingDriver(BACKENDS[0]!.driver(url));
    const store = new LedgerStore(driver);
    const app = createApp({ config: { campaigns: TREE }, store, adminToken: ADMIN, logger: () => {} });
    try {
      await app.ready;
      const get = () => app.fetch(new Request('http://rk.test/v1/campaigns/movement/ledger.csv', { headers: { authorization: `Bearer ${ADMIN}` } }));
      reads.length = 0;
      const early = await get();
      const reader = early.body!.getReader();
      await reader.read();
      await reader.read();
      await reader.cancel();
      const pages = () => reads.filter((n) => n === 1000).length;
      assert.ok(pages() >= 1 && pages() <= 2, `stopped early after ${pages()} page reads`);

      reads.length = 0;
      const res = await get();
      let lines = 0;
      let total = 0;
      let tail = '';
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const parts = (tail + decoder.decode(chunk, { stream: true })).split('\r\n');
        tail = parts.pop()!;
        for (const p of parts) {
          if (lines++ > 0) total += Number(p.split(',')[2]);
        }
      }
      assert.equal(pages(), 100, '100 pages of 1,000 rows');
      assert.ok(Math.max(...reads) <= 1000, 'no read larger than a page');
      assert.equal(lines, 100_001);
      assert.equal(total, (await store.getTotals('movement'))!.raised);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('rescuekit export', () => {
  const CLI = new URL('../src/cli.ts', import.meta.url).pathname;
  const rescuekit = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'export', ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  test('writes the CSV to stdout or --out; the summary names the sum and raised; usage mistakes exit 2', async () => {
    const url = await BACKENDS[0]!.fresh();
    const store = await openStore(url);
    try {
      await busyTree(store);
    } finally {
      await store.close();
    }
    const env = { DATABASE_URL: url };
    const run = rescuekit(env, '--campaign', 'region');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split('\r\n').slice(1, -1).map((l) => l.split(','));
    const reopened = await openStore(url);
    const raised = (await reopened.getTotals('region'))!.raised;
    await reopened.close();
    assert.equal(lines.filter((r) => r[8] === 'counted').reduce((s, r) => s + Number(r[2]), 0), raised);
    assert.match(run.stderr, new RegExp(`counted rows sum to ${raised} usd \\(raised: ${raised}\\)`));

    const dir = await mkdtemp(join(tmpdir(), 'rescuekit-export-'));
    try {
      const out = join(dir, 'region.csv');
      const toFile = rescuekit(env, '--campaign', 'region', '--direct', '--from', '2000-01-01', '--to', '2999-12-31', '--out', out);
      assert.equal(toFile.code, 0, toFile.stderr);
      assert.equal(toFile.stdout, '');
      const written = await readFile(out, 'utf8');
      assert.ok(written.startsWith('time,kind,amount'));
      assert.ok(written.split('\r\n').slice(1, -1).every((l) => l.split(',')[6] === 'region'), '--direct: its own rows only');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const unknown = rescuekit(env, '--campaign', 'region', '--format', 'xlsx');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^rescuekit: unknown option --format$/m);
    assert.equal(rescuekit(env).code, 2);
    const badDate = rescuekit(env, '--campaign', 'region', '--from', '2026-02-31');
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--from must be a date/);
    const missing = rescuekit(env, '--campaign', 'nowhere');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no campaign "nowhere"/);
  });
});
