import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Problem, Progress } from '@rescuekit/schema';
import type { Store } from '../src/store/types.js';
import { ADMIN, giftRequest, memoryApp } from './helpers.js';

async function snapshot(store: Store) {
  return { totals: await store.getAllTotals(), ledger: await store.countLedger() };
}

const big = (n: number) => 'x'.repeat(n);

/** [name, request, status, code, field] — each must be refused and change nothing. */
const BAD: [string, () => Request, number, string, string | undefined][] = [
  ['amount 0', () => giftRequest('team', { amount: 0, currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['negative amount', () => giftRequest('team', { amount: -4500, currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['fractional amount', () => giftRequest('team', { amount: 1.5, currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['non-numeric amount', () => giftRequest('team', { amount: '12', currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['amount above the offline cap (offlineMaxAmount)', () => giftRequest('team', { amount: 2_000_001, currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['amount below the campaign min', () => giftRequest('team', { amount: 99, currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['wrong currency', () => giftRequest('team', { amount: 4500, currency: 'eur' }), 400, 'invalid_request', 'currency'],
  ['upper-case currency', () => giftRequest('team', { amount: 4500, currency: 'USD' }), 400, 'invalid_request', 'currency'],
  ['missing amount', () => giftRequest('team', { currency: 'usd' }), 400, 'invalid_request', 'amount'],
  ['missing currency', () => giftRequest('team', { amount: 4500 }), 400, 'invalid_request', 'currency'],
  ['note too long', () => giftRequest('team', { amount: 4500, currency: 'usd', note: big(201) }), 400, 'invalid_request', 'note'],
  ['body is an array', () => giftRequest('team', [4500]), 400, 'invalid_request', undefined],
  ['unknown campaign', () => giftRequest('nope', { amount: 4500, currency: 'usd' }), 404, 'not_found', undefined],
  ['missing token', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { token: null }), 401, 'unauthorized', undefined],
  ['wrong token', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { token: 'guess' }), 401, 'unauthorized', undefined],
  ['token as a prefix', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { token: 'test-admin' }), 401, 'unauthorized', undefined],
  ['malformed JSON', () => giftRequest('team', null, { raw: '{"amount": 4500,' }), 400, 'invalid_json', undefined],
  ['empty body', () => giftRequest('team', null, { raw: '' }), 400, 'invalid_json', undefined],
  ['wrong content type', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { contentType: 'text/plain' }), 415, 'unsupported_media_type', undefined],
  ['form content type', () => giftRequest('team', null, { contentType: 'application/x-www-form-urlencoded', raw: 'amount=4500' }), 415, 'unsupported_media_type', undefined],
  ['body over 16 KiB', () => giftRequest('team', { amount: 4500, currency: 'usd', pad: big(17_000) }), 413, 'payload_too_large', undefined],
  ['invalid Idempotency-Key', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { key: 'has space' }), 400, 'invalid_request', 'Idempotency-Key'],
  ['JSON nested 5,000 deep (with an Idempotency-Key)', () => giftRequest('team', null, { key: 'deep-1', raw: `{"amount":4500,"currency":"usd","x":${'['.repeat(5000)}${']'.repeat(5000)}}` }), 400, 'invalid_json', undefined],
  ['JSON nested 17 deep', () => giftRequest('team', null, { raw: `{"amount":4500,"currency":"usd","x":${'['.repeat(16)}${']'.repeat(16)}}` }), 400, 'invalid_json', undefined],
  ['JSON with 1,500 keys', () => giftRequest('team', null, { key: 'wide-1', raw: JSON.stringify({ amount: 4500, currency: 'usd', ...Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`k${i}`, 0])) }) }), 400, 'invalid_json', undefined],
  ['over-long Idempotency-Key', () => giftRequest('team', { amount: 4500, currency: 'usd' }, { key: big(256) }), 400, 'invalid_request', 'Idempotency-Key'],
];

for (const [name, request, status, code, field] of BAD) {
  test(`offline gift refused: ${name} -> ${status} ${code}${field ? ` (${field})` : ''}, nothing written`, async () => {
    const { app, store, close } = await memoryApp();
    const before = await snapshot(store);
    const res = await app.fetch(request());
    assert.equal(res.status, status);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const body = Problem.parse(await res.json());
    assert.equal(body.code, code);
    assert.equal(body.status, status);
    assert.equal(body.field, field);
    if (field) assert.match(body.detail!, new RegExp(`^${field}: `));
    if (status === 401) assert.match(res.headers.get('www-authenticate')!, /^Bearer/);
    assert.deepEqual(await snapshot(store), before, 'totals and ledger unchanged');
    await close();
  });
}

test('a valid offline gift is counted: 201 with the gift and the new progress', async () => {
  const { app, store, close } = await memoryApp();
  const res = await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd', note: 'bake sale' }));
  assert.equal(res.status, 201);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = await res.json();
  assert.match(body.gift.id, /^gift_[0-9a-f]{32}$/);
  assert.deepEqual({ ...body.gift, id: 'x' }, { id: 'x', amount: 4500, currency: 'usd', donors: 1, note: 'bake sale' });
  const progress = Progress.parse(body.progress);
  assert.equal(progress.raised, 4500);
  assert.equal(progress.donors, 1);
  assert.equal(await store.countLedger('team'), 1);
  // The read route serves exactly what the POST answered.
  const read = await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json();
  assert.deepEqual(read, body.progress);
  await close();
});

test('cash is not capped by the online maxAmount, and a gift may say how many people gave (0 allowed)', async () => {
  const { app, store, close } = await memoryApp();
  // A $10,000 cheque: above the online maxAmount (900_000), under offlineMaxAmount.
  const cheque = await app.fetch(giftRequest('team', { amount: 1_000_000, currency: 'usd', note: 'cheque' }));
  assert.equal(cheque.status, 201);
  const concert = await app.fetch(giftRequest('team', { amount: 345_000, currency: 'usd', note: 'concert', donors: 120 }));
  assert.deepEqual((await concert.json()).gift.donors, 120);
  assert.equal((await app.fetch(giftRequest('team', { amount: 5_000, currency: 'usd', note: 'pooled envelope', donors: 0 }))).status, 201);
  const t = (await store.getTotals('team'))!;
  assert.deepEqual([t.raised, t.donors], [1_350_000, 121]);
  const gifts = await store.listOfflineGifts('team');
  const concertGift = gifts.find((g) => g.note === 'concert')!;
  await store.voidOfflineGift({ id: 'v-concert', campaign: 'team', giftId: concertGift.id });
  assert.deepEqual([(await store.getTotals('team'))!.raised, (await store.getTotals('team'))!.donors], [1_005_000, 1], 'a void takes back every donor the gift said');
  await close();
});

test('content type with charset and a KRW (zero-decimal) campaign are accepted', async () => {
  const { app, close } = await memoryApp();
  const res = await app.fetch(giftRequest('won', { amount: 9000, currency: 'krw' }, { contentType: 'application/json; charset=UTF-8' }));
  assert.equal(res.status, 201);
  assert.equal((await res.json()).progress.raised, 9000);
  await close();
});

test('an idempotent retry replays the stored response and counts once', async () => {
  const { app, store, close } = await memoryApp();
  const send = () => app.fetch(giftRequest('team', { amount: 4500, currency: 'usd', note: 'concert' }, { key: 'concert-2026-11-20' }));
  const first = await send();
  assert.equal(first.status, 201);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const firstBody = await first.text();
  for (let i = 0; i < 3; i++) {
    const again = await send();
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(await again.text(), firstBody, 'byte-for-byte the same response');
  }
  // Key order and whitespace do not make a different request.
  const reordered = await app.fetch(
    giftRequest('team', null, { key: 'concert-2026-11-20', raw: ' { "note": "concert", "currency": "usd", "amount": 4500 } ' }),
  );
  assert.equal(reordered.headers.get('idempotent-replayed'), 'true');
  const totals = await store.getTotals('team');
  assert.equal(totals!.raised, 4500);
  assert.equal(totals!.donors, 1);
  assert.equal(await store.countLedger(), 1);
  await close();
});

test('concurrent retries with one key count once', async () => {
  const { app, store, close } = await memoryApp();
  const results = await Promise.all(
    Array.from({ length: 20 }, () => app.fetch(giftRequest('team', { amount: 700, currency: 'usd' }, { key: 'same' }))),
  );
  assert.ok(results.every((r) => r.status === 201));
  assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 19);
  assert.equal((await store.getTotals('team'))!.raised, 700);
  assert.equal(await store.countLedger(), 1);
  await close();
});

test('reusing a key with a different body is a 422 idempotency_conflict and counts nothing more', async () => {
  const { app, store, close } = await memoryApp();
  assert.equal((await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }, { key: 'k-1' }))).status, 201);
  const before = await snapshot(store);
  const res = await app.fetch(giftRequest('team', { amount: 5000, currency: 'usd' }, { key: 'k-1' }));
  assert.equal(res.status, 422);
  const body = Problem.parse(await res.json());
  assert.equal(body.code, 'idempotency_conflict');
  assert.equal(body.field, 'Idempotency-Key');
  assert.deepEqual(await snapshot(store), before);
  // Keys are per campaign: the same key on another campaign is a new gift.
  assert.equal((await app.fetch(giftRequest('big', { amount: 4500, currency: 'usd' }, { key: 'k-1' }))).status, 201);
  await close();
});

test('without an Idempotency-Key an offline gift is refused (400 naming the header), nothing written', async () => {
  const { app, store, close } = await memoryApp();
  const res = await app.fetch(giftRequest('team', { amount: 1000, currency: 'usd' }, { key: null }));
  assert.equal(res.status, 400);
  assert.deepEqual([(await res.json()).code, res.headers.get('content-type')], ['invalid_request', 'application/problem+json']);
  assert.equal((await store.getTotals('team'))!.raised, 0);
  assert.equal(await store.countLedger(), 0);
  await close();
});

test('property: any sequence of gifts, retries and conflicts ends with raised == sum of distinct counted gifts', async () => {
  const op = fc.record({
    key: fc.option(fc.integer({ min: 0, max: 15 }).map((n) => `key-${n}`), { nil: undefined }),
    amount: fc.integer({ min: 100, max: 900_000 }),
    note: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
      const { app, store, close } = await memoryApp();
      try {
        const byKey = new Map<string, string>();
        let expectedRaised = 0;
        let expectedGifts = 0;
        for (const o of ops) {
          const gift = o.note === undefined ? { amount: o.amount, currency: 'usd' } : { amount: o.amount, currency: 'usd', note: o.note };
          const res = await app.fetch(giftRequest('team', gift, o.key === undefined ? {} : { key: o.key }));
          const fingerprint = JSON.stringify(gift);
          const known = o.key === undefined ? undefined : byKey.get(o.key);
          if (known === undefined) {
            assert.equal(res.status, 201);
            assert.equal(res.headers.get('idempotent-replayed'), null);
            expectedRaised += o.amount;
            expectedGifts++;
            if (o.key !== undefined) byKey.set(o.key, fingerprint);
          } else if (known === fingerprint) {
            assert.equal(res.status, 201);
            assert.equal(res.headers.get('idempotent-replayed'), 'true');
          } else {
            assert.equal(res.status, 422);
          }
        }
        const t = await store.getTotals('team');
        assert.equal(t!.raised, expectedRaised);
        assert.equal(t!.donors, expectedGifts);
        assert.equal(await store.countLedger(), expectedGifts);
        const progress = await (await app.fetch(new Request('http://rk.test/v1/campaigns/team'))).json();
        assert.equal(progress.raised, expectedRaised);
      } finally {
        await close();
      }
    }),
    { numRuns: 60 },
  );
});

function voidRequest(campaign: string, giftId: string, init: { token?: string | null; body?: string } = {}): Request {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? ADMIN : init.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return new Request(`http://rk.test/v1/campaigns/${campaign}/offline-gifts/${giftId}/void`, { method: 'POST', headers, body: init.body ?? null });
}

test('a mistyped offline gift can be voided once: totals and donors go back, the ledger keeps both rows', async () => {
  const { app, store, close } = await memoryApp();
  try {
    const ok = (await (await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }))).json()) as { gift: { id: string } };
    const typo = await app.fetch(giftRequest('team', { amount: 450_000, currency: 'usd', note: 'bake sale (typo)' }, { key: 'bake-7' }));
    const { gift } = (await typo.json()) as { gift: { id: string } };
    assert.equal((await store.getTotals('team'))!.raised, 454_500);

    const res = await app.fetch(voidRequest('team', gift.id, { body: JSON.stringify({ reason: 'typed 4500 as 450000' }) }));
    assert.equal(res.status, 200);
    const body = (await res.json()) as { gift: { id: string; amount: number; voided: boolean }; progress: unknown };
    assert.deepEqual(body.gift, { id: gift.id, amount: 450_000, currency: 'usd', voided: true });
    const progress = Progress.parse(body.progress);
    assert.equal(progress.raised, 4500);
    assert.equal(progress.donors, 1);
    assert.equal(await store.countLedger('team'), 3, 'gift, typo and its reversal: nothing is deleted');

    const again = await app.fetch(voidRequest('team', gift.id));
    assert.equal(again.status, 200, 'voiding twice is a no-op');
    assert.equal((await store.getTotals('team'))!.raised, 4500);
    const retried = await app.fetch(giftRequest('team', { amount: 450_000, currency: 'usd', note: 'bake sale (typo)' }, { key: 'bake-7' }));
    assert.equal(retried.headers.get('idempotent-replayed'), 'true', 'a late retry of the voided POST does not count it again');
    assert.equal((await store.getTotals('team'))!.raised, 4500);
    assert.equal(ok.gift.id.startsWith('gift_'), true);
  } finally {
    await close();
  }
});

test('voiding: unknown gift or another campaign\'s gift -> 404, no token -> 401, bad reason -> 400; nothing changes', async () => {
  const { app, store, close } = await memoryApp();
  try {
    const { gift } = (await (await app.fetch(giftRequest('team', { amount: 4500, currency: 'usd' }))).json()) as { gift: { id: string } };
    const before = await snapshot(store);
    const cases: [string, Request, number, string][] = [
      ['unknown gift', voidRequest('team', 'gift_nope'), 404, 'not_found'],
      ['gift of another campaign', voidRequest('big', gift.id), 404, 'not_found'],
      ['unknown campaign', voidRequest('nope', gift.id), 404, 'not_found'],
      ['missing token', voidRequest('team', gift.id, { token: null }), 401, 'unauthorized'],
      ['wrong token', voidRequest('team', gift.id, { token: 'guess' }), 401, 'unauthorized'],
      ['reason too long', voidRequest('team', gift.id, { body: JSON.stringify({ reason: big(201) }) }), 400, 'invalid_request'],
      ['unknown field', voidRequest('team', gift.id, { body: JSON.stringify({ amount: 1 }) }), 400, 'invalid_request'],
      ['malformed JSON', voidRequest('team', gift.id, { body: '{' }), 400, 'invalid_json'],
    ];
    for (const [name, req, status, code] of cases) {
      const res = await app.fetch(req);
      assert.equal(res.status, status, name);
      assert.equal(Problem.parse(await res.json()).code, code, name);
    }
    assert.deepEqual(await snapshot(store), before);
  } finally {
    await close();
  }
});
