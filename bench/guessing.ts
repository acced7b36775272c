// Credential guessing against a real server, on SQLite and (when its binaries are here) Postgres:
// 2,000 wrong guesses from one address over HTTP (50 at a time), then the right admin token from the
// same address and from another; counts the answers and the store calls the guesses caused. Prints
// one JSON line; run by scripts/bench.mjs (`node --import tsx`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { startServer } from '../packages/endpoint/src/node.js';
import { openStore } from '../packages/endpoint/src/store/open.js';
import type { Store } from '../packages/endpoint/src/store/types.js';
import { startTestPostgres } from '../packages/endpoint/test/support/postgres.js';

const ADMIN = 'bench-guessing-admin-token-0123456789abcdef';
const GUESSES = Number(process.env.BENCH_GUESSES ?? 2000);
const config = { campaigns: [{ id: 'team', title: 'Team', currency: 'usd', goal: 900000, rescueCost: 300000 }] };

/** The live totals' once-a-second poll, which runs whatever the guessers do. */
const POLL = new Set(['changeToken', 'totalsSince', 'getTotals', 'getAllTotals']);

/** A store that counts every call made through it (the poll's aside), and every call on the shared failure count. */
function counted(inner: Store): { store: Store; calls: () => number } {
  let n = 0;
  const wrap = <T extends object>(target: T): T => new Proxy(target, {
    get(t, prop, receiver) {
      const v = Reflect.get(t, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...a: unknown[]) => {
        if (!POLL.has(String(prop))) n++;
        const out = (v as (...x: unknown[]) => unknown).apply(t, a);
        return prop === 'failureCounter' && out ? wrap(out as object) : out;
      };
    },
  });
  const store = wrap(inner);
  return { store, calls: () => n };
}

const get = (url: string, token: string, localAddress: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(`${url}/v1/campaigns/team/offline-gifts`, { headers: { authorization: `Bearer ${token}` }, localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });

async function run(name: string, databaseUrl: string) {
  const { store, calls } = counted(await openStore(databaseUrl));
  const server = await startServer({ config, databaseUrl, store, adminToken: ADMIN, port: 0, host: '127.0.0.1', log: () => {} });
  try {
    const statuses: Record<string, number> = {};
    const before = calls();
    let callsAtTrip = 0;
    const t0 = performance.now();
    for (let sent = 0; sent < GUESSES; sent += 50) {
      const answers = await Promise.all(Array.from({ length: Math.min(50, GUESSES - sent) }, (_, i) => get(server.url, `rk_team_${String(sent + i).padStart(43, 'x')}`, '127.0.0.1')));
      for (const s of answers) statuses[s] = (statuses[s] ?? 0) + 1;
      if (!callsAtTrip && statuses[429]) callsAtTrip = calls();
    }
    const ms = performance.now() - t0;
    const storeCallsAfterTrip = calls() - callsAtTrip;
    const rightTokenSameAddress = await get(server.url, ADMIN, '127.0.0.1');
    const rightTokenOtherAddress = await get(server.url, ADMIN, '127.0.0.2');
    return { store: name, guesses: GUESSES, statuses, guessesPerSecond: Math.round(GUESSES / (ms / 1000)), storeCallsBeforeTrip: callsAtTrip - before, storeCallsAfterTrip, rightTokenSameAddress, rightTokenOtherAddress };
  } finally {
    await server.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'rescuekit-guessing-'));
const out = [await run('sqlite', `sqlite:${join(dir, 'guess.db')}`)];
try {
  const pg = await startTestPostgres();
  try {
    out.push(await run('postgres', await pg.freshDatabase()));
  } finally {
    await pg.stop();
  }
} catch (e) {
  console.error(`postgres part skipped: ${(e as Error).message}`);
}
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(out));
