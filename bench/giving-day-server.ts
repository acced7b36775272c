// One endpoint server for the giving-day bench, in a process of its own so its memory can be read
// alone. Forked with an IPC channel by bench/giving-day.ts: sends `{ ready, url, pid }`, answers
// `{ cmd: 'memory' }` (after two full GCs: process.memoryUsage() and VmRSS from /proc) and
// `{ cmd: 'close' }`. GD_DATABASE_URL names the store; Stripe settings come from the environment.
import { readFileSync } from 'node:fs';
import { startServer } from '../packages/endpoint/src/node.js';
import { GD_ADMIN, gdConfig } from './giving-day-shared.js';

const gc = (globalThis as { gc?: () => void }).gc;
const send = (m: unknown) => process.send!(m);

function vmRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) * 1024;
}

let errors = 0;
const server = await startServer({
  config: gdConfig(),
  databaseUrl: process.env['GD_DATABASE_URL']!,
  adminToken: GD_ADMIN,
  port: 0,
  host: '127.0.0.1',
  // Every bench subscriber comes from 127.0.0.1; checkouts name their donor in X-Forwarded-For.
  streamsPerClient: 1_000_000,
  connectionsPerClient: 1_000_000,
  trustProxyHops: 1,
  log: (line) => {
    if (line.includes('"level":"error"')) errors++;
  },
});

process.on('message', async (m: { cmd: string }) => {
  if (m.cmd === 'memory') {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    const u = process.memoryUsage();
    send({ memory: { rss: vmRss(), heapUsed: u.heapUsed, external: u.external, arrayBuffers: u.arrayBuffers, gc: Boolean(gc) }, streams: server.app.streams.open });
  } else if (m.cmd === 'stats') {
    send({ stats: { streams: server.app.streams.open, errors, hub: server.app.hub.stats, commits: server.app.webhookQueue.stats } });
  } else if (m.cmd === 'close') {
    await server.close();
    send({ closed: true });
    process.exit(0);
  }
});
send({ ready: true, url: server.url, pid: process.pid });
