// Giving day, phase A: one endpoint server, many live subscribers from separate client processes.
// Memory per subscriber (server RSS after GC, 0 -> N subscribers) and the time from posting a
// counted gift until every subscriber's stream shows the new total.
import { randomUUID } from 'node:crypto';
import { startChild, startGdServer, sleep, type Child, type Memory } from './giving-day-procs.js';
import { GD_ADMIN, GD_TEAM, clockMs, quantile } from './giving-day-shared.js';

export interface PhaseAOptions {
  databaseUrl: string;
  store: 'sqlite' | 'postgres';
  subscribers: number;
  clients: number;
  gifts: number;
}

export interface PhaseAResult {
  store: string;
  subscribers: { asked: number; opened: number; failed: Record<string, number>; openSeconds: number; clients: number };
  memory: { before: Memory; after: Memory; rssPerSubscriber: number; heapPerSubscriber: number };
  gifts: number;
  latencyMs: { samples: number; p50: number; p99: number; max: number; missing: number; worstPerGift: number[] };
  dropped: number;
}

/** Subscribers per campaign of the tree: half on the team, a quarter each on its region and the movement. */
export function spread(count: number, port: number) {
  const team = Math.ceil(count / 2);
  const region = Math.floor((count - team) / 2);
  return [
    { port, campaign: GD_TEAM, count: team },
    { port, campaign: 'gd-region', count: region },
    { port, campaign: 'gd-movement', count: count - team - region },
  ];
}

async function offlineGift(url: string, amount: number): Promise<void> {
  const res = await fetch(`${url}/v1/campaigns/${GD_TEAM}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GD_ADMIN}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd', note: 'giving-day bench' }),
  });
  if (res.status !== 201) throw new Error(`offline gift: HTTP ${res.status}`);
}

export async function phaseA(o: PhaseAOptions): Promise<PhaseAResult> {
  const server = await startGdServer({ GD_DATABASE_URL: o.databaseUrl });
  const clients: Child[] = [];
  try {
    // Warm every code path once (a gift, a read, a few streams) so the baseline is not cold code.
    await offlineGift(server.url, 100);
    await (await fetch(`${server.url}/v1/campaigns/${GD_TEAM}`)).arrayBuffer();
    const warm = startChild('bench/giving-day-client.ts');
    await warm.next();
    await warm.ask({ cmd: 'open', targets: spread(60, server.port) });
    await warm.stop();
    await sleep(300);
    const before = (await server.ask({ cmd: 'memory' }))['memory'] as Memory;

    const t0 = clockMs();
    const per = Math.ceil(o.subscribers / o.clients);
    for (let i = 0; i < o.clients; i++) clients.push(startChild('bench/giving-day-client.ts'));
    await Promise.all(clients.map((c) => c.next()));
    const opened = await Promise.all(clients.map((c, i) => c.ask({ cmd: 'open', targets: spread(Math.min(per, o.subscribers - i * per), server.port) }, 300_000)));
    const openSeconds = (clockMs() - t0) / 1000;
    const failed: Record<string, number> = {};
    for (const r of opened) for (const [k, v] of Object.entries(r['failed'] as Record<string, number>)) failed[k] = (failed[k] ?? 0) + v;
    const count = opened.reduce((n, r) => n + Number(r['opened']), 0);
    await sleep(500);
    const after = (await server.ask({ cmd: 'memory' }))['memory'] as Memory;

    // Counted gifts, one at a time; each is timed from the moment its POST leaves.
    const marks: { at: number; need: number }[] = [];
    let need = 0;
    for (let g = 0; g < o.gifts; g++) {
      const amount = 4_500 + g;
      need += amount;
      const mark = { at: clockMs(), need };
      marks.push(mark);
      await offlineGift(server.url, amount);
      // Until every subscriber has it (or 10 s): ask the clients how many still miss it.
      for (let waited = 0; waited < 10_000; waited += 250) {
        await sleep(250);
        const answers = await Promise.all(clients.map((c) => c.ask({ cmd: 'latency', marks: [mark] })));
        if (answers.every((a) => a['missing'] === 0)) break;
      }
    }
    const answers = await Promise.all(clients.map((c) => c.ask({ cmd: 'latency', marks, all: true })));
    const samples = answers.flatMap((a) => a['samples'] as number[]).sort((x, y) => x - y);
    const worstPerGift = marks.map((_, k) => Math.max(...answers.map((a) => (a['worst'] as number[])[k]!)));
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      store: o.store,
      subscribers: { asked: o.subscribers, opened: count, failed, openSeconds: round(openSeconds), clients: o.clients },
      memory: { before, after, rssPerSubscriber: (after.rss - before.rss) / Math.max(1, count), heapPerSubscriber: (after.heapUsed + after.external - before.heapUsed - before.external) / Math.max(1, count) },
      gifts: o.gifts,
      latencyMs: {
        samples: samples.length,
        p50: round(quantile(samples, 0.5)),
        p99: round(quantile(samples, 0.99)),
        max: round(samples.at(-1) ?? NaN),
        missing: answers.reduce((n, a) => n + Number(a['missing']), 0),
        worstPerGift: worstPerGift.map(round),
      },
      dropped: answers.reduce((n, a) => n + Number(a['dropped']), 0),
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await server.stop();
  }
}
