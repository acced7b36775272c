// `npm run bench -- --giving-day`: the giving-day load test.
//  A. One endpoint server (SQLite by default; GD_STORE=postgres for Postgres), GD_SUBSCRIBERS (10,000)
//     live SSE subscribers held by GD_CLIENTS (2) separate client processes: the server's memory
//     per subscriber (RSS after GC, 0 -> N; budget <= 40 KB) and, for GD_GIFTS (3) counted offline
//     gifts, the time from posting each until every subscriber's stream shows it (budget p99 < 1 s).
//  B. Two endpoint servers on one throwaway Postgres, GD_B_SUBSCRIBERS (2,000) subscribers split
//     across them; GD_SECONDS (30) of distinct signed Stripe webhooks at 50x a normal day, half to
//     each server, every 20th delivered again to the other server, while donors create checkouts
//     against a local Stripe-compatible server; totals checked to the cent on both servers.
// Prints a table and writes bench/giving-day-results.json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPostgres, type TestPostgres } from '../packages/endpoint/test/support/postgres.js';
import { phaseA } from './giving-day-one-server.js';
import { phaseB } from './giving-day-two-servers.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const KB = 1024;
const started = Date.now();
const budgets: { name: string; value: string; ok: boolean }[] = [];
const budget = (name: string, value: string, ok: boolean) => budgets.push({ name, value, ok });

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const loadAtStart = load();
const storeA = process.env['GD_STORE'] === 'postgres' ? 'postgres' : 'sqlite';
const dir = mkdtempSync(join(tmpdir(), 'rescuekit-giving-day-'));
let pg: TestPostgres | undefined;
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadAtStart };
try {
  pg = await startTestPostgres();
  const a = await phaseA({
    databaseUrl: storeA === 'postgres' ? await pg.freshDatabase() : `sqlite:${join(dir, 'giving-day.db')}`,
    store: storeA,
    subscribers: env('GD_SUBSCRIBERS', 10_000),
    clients: env('GD_CLIENTS', 2),
    gifts: env('GD_GIFTS', 3),
  });
  results['oneServer'] = a;
  const mb = (b: number) => `${(b / KB / KB).toFixed(1)} MB`;
  console.log(`\nA. One server (${a.store}), ${a.subscribers.opened} of ${a.subscribers.asked} live subscribers from ${a.subscribers.clients} client processes (opened in ${a.subscribers.openSeconds} s${Object.keys(a.subscribers.failed).length ? `, refused: ${JSON.stringify(a.subscribers.failed)}` : ''})`);
  console.log(`   server memory after GC: RSS ${mb(a.memory.before.rss)} -> ${mb(a.memory.after.rss)}, heap+external ${mb(a.memory.before.heapUsed + a.memory.before.external)} -> ${mb(a.memory.after.heapUsed + a.memory.after.external)}${a.memory.after.gc ? '' : ' (no --expose-gc: not collected)'}`);
  console.log(`   per subscriber: ${(a.memory.rssPerSubscriber / KB).toFixed(1)} KB RSS, ${(a.memory.heapPerSubscriber / KB).toFixed(1)} KB heap+external`);
  console.log(`   ${a.gifts} counted gifts (offline, admin token) -> every subscriber: p50 ${a.latencyMs.p50} ms, p99 ${a.latencyMs.p99} ms, max ${a.latencyMs.max} ms over ${a.latencyMs.samples} deliveries (worst per gift: ${a.latencyMs.worstPerGift.join(', ')} ms); never seen: ${a.latencyMs.missing}, streams dropped: ${a.dropped}`);
  budget(`A: ${a.subscribers.asked} live subscribers held on one server`, String(a.subscribers.opened), a.subscribers.opened === a.subscribers.asked && a.dropped === 0);
  budget('A: server memory per subscriber <= 40 KB (RSS delta after GC)', `${(a.memory.rssPerSubscriber / KB).toFixed(1)} KB`, a.memory.rssPerSubscriber <= 40 * KB);
  budget('A: every subscriber sees a new total within 1 s (p99)', `p99 ${a.latencyMs.p99} ms, max ${a.latencyMs.max} ms`, a.latencyMs.p99 < 1000 && a.latencyMs.missing === 0);

  const b = await phaseB({
    databaseUrl: await pg.freshDatabase(),
    subscribers: env('GD_B_SUBSCRIBERS', 2_000),
    seconds: env('GD_SECONDS', 30),
    normalWebhooksPerSecond: env('GD_NORMAL_WEBHOOKS', 2),
    normalCheckoutsPerSecond: env('GD_NORMAL_CHECKOUTS', 1),
    multiple: env('GD_MULTIPLE', 50),
    redeliverEvery: env('GD_REDELIVER_EVERY', 20),
  });
  results['twoServers'] = b;
  const w = b.webhooks;
  const c = b.checkout;
  const n = b.normal;
  console.log(`\nB. Two servers on one Postgres, ${b.subscribers.opened} of ${b.subscribers.asked} live subscribers split across them, ${b.seconds} s at ${n.multiple}x normal`);
  console.log(`   normal day: ${n.webhooksPerSecond} paid-gift webhooks/s and ${n.checkoutsPerSecond} checkout/s -> giving day: ${w.targetPerSecond} webhooks/s and ${c.targetPerSecond} checkouts/s, half to each server`);
  console.log(`   webhooks: ${w.sent} distinct signed events sent, ${w.acknowledged} acknowledged, ingested ${w.ingestPerSecond}/s; ack p50 ${w.ackMs.p50} ms, p99 ${w.ackMs.p99} ms; errors ${JSON.stringify(w.errors)}`);
  console.log(`   commits: ${b.webhookCommits.map((x, i) => `server ${'AB'[i]} ${x.events} events in ${x.commits} commits (${(x.events / Math.max(1, x.commits)).toFixed(1)} a commit)`).join(', ')}`);
  console.log(`   redelivered ${w.redelivered} events to the other server: errors (not a duplicate, or not 200) ${JSON.stringify(w.redeliveryErrors)}`);
  console.log(`   webhook 2xx -> every subscriber caught up (shows at least everything acknowledged by then):`);
  console.log(`     server A p50 ${b.live.serverA.p50} / p99 ${b.live.serverA.p99} / max ${b.live.serverA.max} ms; server B p50 ${b.live.serverB.p50} / p99 ${b.live.serverB.p99} / max ${b.live.serverB.max} ms; both p99 ${b.live.both.p99} ms (never seen: ${b.live.missing}, dropped: ${b.live.dropped})`);
  if (b.live.dropped) console.log(`     streams closed during the burst: A ${JSON.stringify(b.live.closed[0])} (first after ${b.live.firstDropSeconds[0]} s), B ${JSON.stringify(b.live.closed[1])} (first after ${b.live.firstDropSeconds[1]} s); the latency figures above are of the streams still open`);
  console.log(`     client processes read ${b.live.framesPerSecondPerClient.join(' and ')} progress frames/s (one per server)`);
  console.log(`   checkout (local Stripe-compatible server): ${c.sent} sent, ${c.ok} sessions, p50 ${c.ms.p50} ms, p99 ${c.ms.p99} ms, max ${c.ms.max} ms; errors ${JSON.stringify(c.errors)}`);
  console.log(`   totals: ${b.totals.sentCents} cents acknowledged; counted on A ${JSON.stringify(b.totals.counted[0])}, on B ${JSON.stringify(b.totals.counted[1])}`);
  const errorsOf = (m: Record<string, number>) => Object.values(m).reduce((x, y) => x + y, 0);
  budget(`B: webhook ingest keeps up with ${n.multiple}x normal (>= 95% of ${w.targetPerSecond}/s, no errors)`, `${w.ingestPerSecond}/s, ${errorsOf(w.errors)} errors`, w.ingestPerSecond >= 0.95 * w.targetPerSecond && errorsOf(w.errors) === 0);
  budget('B: webhook 2xx -> subscribers of both servers < 500 ms p99', `p99 ${b.live.both.p99} ms`, b.subscribers.opened > 0 && b.subscribers.opened === b.subscribers.asked && b.live.both.p99 < 500 && b.live.missing === 0 && b.live.dropped === 0);
  budget('B: checkout answers within 10 s (p99), no errors', `p99 ${c.ms.p99} ms, ${errorsOf(c.errors)} errors`, c.ms.p99 < 10_000 && errorsOf(c.errors) === 0 && c.ok === c.sent);
  budget('B: no event lost or double counted (both servers, to the cent)', b.totals.exact ? 'exact' : 'MISMATCH', b.totals.exact && errorsOf(w.redeliveryErrors) === 0);
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...budgets.map((x) => x.name.length));
console.log(`\nGiving-day budgets (${((Date.now() - started) / 1000).toFixed(0)} s; ${cpus().length} CPUs, load average ${loadAtStart} at the start, ${load()} at the end: other work on the machine slows every figure)`);
console.log(`${'budget'.padEnd(width)}  ${'measured'.padEnd(28)} result`);
for (const x of budgets) console.log(`${x.name.padEnd(width)}  ${x.value.padEnd(28)} ${x.ok ? 'PASS' : 'MISS'}`);
results['budgets'] = budgets;
writeFileSync('bench/giving-day-results.json', JSON.stringify(results, null, 2) + '\n');
console.log('\nwrote bench/giving-day-results.json');
