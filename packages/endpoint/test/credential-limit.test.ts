/**
 * The failed-credential limit, on both stores: the limiter is asked before any credential, so after
 * 20 refusals from an address even the right admin token or team key gets 429 (on Postgres for every
 * server on the database); refused guesses write nothing, and once an address has tripped its
 * attempts reach neither the store nor the shared count. Team keys are found by a read, so a team's
 * reads answer while another process holds the write lock; their last use is written in batches.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { KeyUsage } from '../src/guard/key-usage.js';
import { LiveProgress } from '../src/live/live-progress.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const ADMIN = 'credential-limit-admin-token-0123456789abcdef';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900_000, rescueCost: 300_000 }] };
const GUESSER = '203.0.113.50';
const WRONG_KEY = `rk_team_${'A'.repeat(43)}`;

const get = (app: App, token: string, ip = GUESSER, path = '/v1/campaigns/team/offline-gifts') =>
  app.fetch(new Request(`http://rk.test${path}`, { headers: { authorization: `Bearer ${token}` } }), { ip });

/** A store whose every call, and every call on the shared failure count it hands out, is counted. */
function observed(inner: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(target: T, prefix: string): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${prefix}${String(prop)}`);
          const out = (value as (...a: unknown[]) => unknown).apply(t, args);
          return prop === 'failureCounter' && out ? wrap(out as object, 'counter.') : out;
        };
      },
    });
  return { store: wrap(inner, ''), calls };
}

/** Holds the database's write lock (SQLite) or the team keys' row lock (Postgres) from another connection until released. */
async function holdWriteLock(kind: 'sqlite' | 'postgres', url: string): Promise<() => Promise<void>> {
  if (kind === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length));
    db.exec('BEGIN IMMEDIATE');
    return async () => void (db.exec('ROLLBACK'), db.close());
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('BEGIN');
  await c.query('LOCK TABLE team_keys IN EXCLUSIVE MODE'); // blocks every UPDATE of a key, never a SELECT
  return async () => (await c.query('ROLLBACK'), await c.end());
}

describe('key usage batching', () => {
  test('many uses of a key are one write per flush; a failed write keeps them for the next', async () => {
    const writes: { id: string; at: string }[][] = [];
    let fail = true;
    let t = Date.parse('2026-12-06T10:00:00Z');
    const usage = new KeyUsage({ noteTeamKeysUsed: async (uses) => { if (fail) throw new Error('locked'); writes.push([...uses]); } }, { flushMs: 0, now: () => t });
    for (let i = 0; i < 100; i++) (usage.touch(i % 2 ? 'key_a' : 'key_b'), (t += 10));
    await usage.flush();
    assert.equal(usage.pending, 2, 'kept after the failed write');
    fail = false;
    await usage.flush();
    assert.deepEqual(writes, [[{ id: 'key_b', at: '2026-12-06T10:00:00.980Z' }, { id: 'key_a', at: '2026-12-06T10:00:00.990Z' }]]);
    await usage.flush();
    assert.equal(writes.length, 1, 'nothing new, nothing written');
  });
});

for (const backend of BACKENDS) {
  describe(`${backend.name}: failed credentials`, () => {
    async function servers(
      count: number,
      fn: (apps: App[], stores: Store[], url: string) => Promise<void>,
      options: { limit?: { max: number; windowMs: number }; wrap?: (s: Store) => Store } = {},
    ): Promise<void> {
      const url = await backend.fresh();
      const stores = await Promise.all(Array.from({ length: count }, () => openStore(url)));
      // An observed store is observed for the requests' own calls: the live progress (whose change watch
      // reads the store on its own clock, every second) reads the store unobserved.
      const hubs = options.wrap ? stores.map((store) => new LiveProgress(store, CONFIG.campaigns)) : [];
      const apps = stores.map((store, i) =>
        createApp({ config: CONFIG, store: options.wrap?.(store) ?? store, adminToken: ADMIN, logger: () => {}, ...(hubs[i] ? { hub: hubs[i] } : {}), ...(options.limit ? { credentialLimit: options.limit } : {}) }),
      );
      try {
        await Promise.all(apps.map((a) => a.ready));
        await Promise.all(hubs.map((h) => h.start()));
        await fn(apps, stores, url);
      } finally {
        for (const h of hubs) h.close();
        for (const a of apps) await a.close();
        for (const s of stores) await s.close();
      }
    }

    test('after 20 refusals the right admin token and a live team key get 429 with Retry-After; other addresses are unaffected', () => servers(1, async ([app]) => {
      const key = (await (await app!.fetch(new Request('http://rk.test/v1/campaigns/team/keys', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }), { ip: '198.51.100.1' })).json()).token as string;
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await get(app!, i % 2 ? WRONG_KEY : `guess-${i}`)).status);
      assert.deepEqual(statuses, Array(20).fill(401));
      const admin = await get(app!, ADMIN);
      assert.equal(admin.status, 429, 'the correct admin token is refused once the address has tripped');
      assert.ok(Number(admin.headers.get('retry-after')) >= 1);
      assert.equal((await admin.json()).code, 'rate_limited');
      assert.equal((await get(app!, key)).status, 429, 'so is a live team key');
      assert.equal((await get(app!, ADMIN, '198.51.100.2')).status, 200, 'another address still gets in');
      assert.equal((await get(app!, key, '198.51.100.2')).status, 200);
    }));

    let seen: ReturnType<typeof observed> | undefined;
    test('refused guesses write nothing, and a tripped address causes no store or limiter work at all', () => servers(1, async ([app], _stores, url) => {
      const key = (await (await app!.fetch(new Request('http://rk.test/v1/campaigns/team/keys', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }), { ip: '198.51.100.1' })).json()).token as string;
      seen!.calls.length = 0;
      for (let i = 0; i < 20; i++) assert.equal((await get(app!, i % 2 ? WRONG_KEY : `guess-${i}`)).status, 401);
      const reads = new Set(['findTeamKey', 'counter.wait', 'counter.fail']);
      assert.deepEqual(seen!.calls.filter((c) => !reads.has(c)), [], 'refusals only read');
      assert.equal(seen!.calls.filter((c) => c === 'findTeamKey').length, 10, 'only key-shaped guesses are looked up');
      seen!.calls.length = 0;
      for (let i = 0; i < 200; i++) assert.equal((await get(app!, [ADMIN, key, WRONG_KEY, 'guess'][i % 4]!)).status, 429);
      assert.deepEqual(seen!.calls, [], 'no store call and no shared-count call once tripped');
      const raw = await backend.raw(url);
      try {
        const [row] = await raw.all<{ last_used_at: string | null }>('SELECT last_used_at FROM team_keys');
        assert.equal(row!.last_used_at, null, 'nothing about the key was written by the guesses');
      } finally {
        await raw.close();
      }
    }, { wrap: (s) => (seen = observed(s)).store }));

    test('40 guesses at once from one address: exactly 20 are looked at, 20 are limited', () => servers(1, async ([app]) => {
      const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => get(app!, i % 2 ? WRONG_KEY : `guess-${i}`).then((r) => r.status)));
      assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [20, 20]);
      assert.equal((await get(app!, ADMIN)).status, 429);
    }));

    test('the window passes: the right token works again', () => servers(1, async ([app]) => {
      for (let i = 0; i < 3; i++) assert.equal((await get(app!, `guess-${i}`)).status, 401);
      assert.equal((await get(app!, ADMIN)).status, 429);
      await new Promise((r) => setTimeout(r, 2_100));
      assert.equal((await get(app!, ADMIN)).status, 200);
    }, { limit: { max: 3, windowMs: 2_000 } }));

    test('a team key is found by a read: its GETs answer while another connection holds the write lock', () => servers(1, async ([app], _stores, url) => {
      const key = (await (await app!.fetch(new Request('http://rk.test/v1/campaigns/team/keys', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }), { ip: '198.51.100.1' })).json()).token as string;
      const release = await holdWriteLock(backend.name, url);
      try {
        // A request stuck behind the lock would never answer while it is held: bound the wait, so that fails rather than hangs.
        const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer while the write lock was held')), 15_000).unref());
        const [gifts, csv] = await Promise.race([Promise.all([get(app!, key, '198.51.100.1'), get(app!, key, '198.51.100.1', '/v1/campaigns/team/ledger.csv')]), stuck]);
        assert.deepEqual([gifts.status, csv.status], [200, 200]);
        assert.deepEqual((await gifts.json()).gifts, []);
      } finally {
        await release();
      }
    }));

    test('last use is noted in memory and written on the next flush (closing the app flushes); revoked on A, refused by B at its next request', () => servers(2, async ([a, b], [storeA], url) => {
      const created = await (await a!.fetch(new Request('http://rk.test/v1/campaigns/team/keys', { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }), { ip: '198.51.100.1' })).json();
      for (let i = 0; i < 5; i++) assert.equal((await get(b!, created.token, '198.51.100.1')).status, 200);
      assert.equal((await storeA!.listTeamKeys('team'))[0]!.lastUsedAt, null, 'not written on the request path');
      await b!.close();
      const used = (await storeA!.listTeamKeys('team'))[0]!.lastUsedAt;
      assert.equal(typeof used, 'string', 'written once the uses were flushed');
      assert.equal((await a!.fetch(new Request(`http://rk.test/v1/keys/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } }), { ip: '198.51.100.1' })).status, 200);
      const otherStore = await openStore(url);
      const other = createApp({ config: CONFIG, store: otherStore, adminToken: ADMIN, logger: () => {} });
      try {
        await other.ready;
        assert.equal((await get(other, created.token, '198.51.100.1')).status, 401, 'revoked: refused by another server at once');
      } finally {
        await other.close();
        await otherStore.close();
      }
    }));

    if (backend.name === 'postgres') {
      test('one count for every server on the database: failures on server A lock the address out of server B', () => servers(2, async ([a, b]) => {
        for (let i = 0; i < 20; i++) assert.equal((await get(i % 2 ? a! : b!, `guess-${i}`)).status, 401);
        assert.equal((await get(b!, ADMIN)).status, 429);
        assert.equal((await get(a!, ADMIN)).status, 429);
        assert.equal((await get(b!, ADMIN, '198.51.100.3')).status, 200);
      }));
    }
  });
}
