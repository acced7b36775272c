// `npm run bench`'s cross-server figure: two endpoint servers on one throwaway Postgres; 200 gifts
// counted on A, each timed until an SSE subscriber on B sees its total. Prints one JSON line of figures.
import { randomUUID } from 'node:crypto';
import { startServer } from '../packages/endpoint/src/node.js';
import { ADMIN, CONFIG, openSse } from '../packages/endpoint/test/helpers.js';
import { startTestPostgres } from '../packages/endpoint/test/support/postgres.js';

const GIFTS = 200;
const pgServer = await startTestPostgres();
const databaseUrl = await pgServer.freshDatabase();
const opts = { config: CONFIG, databaseUrl, adminToken: ADMIN, port: 0, log: () => {}, env: {} };
const a = await startServer(opts);
const b = await startServer(opts);
const sse = await openSse(`${b.url}/v1/campaigns/team/events`);
const ms: number[] = [];
try {
  await sse.waitFor(1);
  for (let i = 1; i <= GIFTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${a.url}/v1/campaigns/team/offline-gifts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: 100, currency: 'usd' }),
    });
    if (res.status !== 201) throw new Error(`gift ${i}: ${res.status}`);
    await sse.waitFor(1 + i, 5000);
    ms.push(performance.now() - t0);
  }
} finally {
  await sse.close();
  await a.close();
  await b.close();
  await pgServer.stop();
}
ms.sort((x, y) => x - y);
const at = (q: number) => Math.round(ms[Math.ceil(ms.length * q) - 1]! * 10) / 10;
console.log(JSON.stringify({ gifts: GIFTS, p50ms: at(0.5), p99ms: at(0.99) }));
