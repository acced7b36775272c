// The built endpoint, started the way production starts it, on a fresh SQLite file,
// with the CDN bundles mounted at /cdn/ as `npm start` does. BENCH_FAST_PATH=0 turns off
// the Node fast path for cached progress, so every request goes through the Fetch handler.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../packages/endpoint/dist/node.js';

const config = JSON.parse(readFileSync(new URL('../examples/rescuekit.config.json', import.meta.url), 'utf8'));
// A team two levels below the movement (the-hundred > bench-region > bench-team): the webhook
// bench counts there, so every event rolls up to two ancestors.
config.campaigns.push(
  { id: 'bench-region', title: 'Bench region', currency: 'usd', goal: 30000000, rescueCost: 300000, parent: 'the-hundred' },
  { id: 'bench-team', title: 'Bench team', currency: 'usd', goal: 900000, rescueCost: 300000, maxAmount: 900000, parent: 'bench-region' },
);
// BENCH_TEAMS=N: a leaderboard parent (bench-board) with N teams under it, for GET .../teams.
const teams = Number(process.env.BENCH_TEAMS ?? 0);
if (teams > 0) {
  config.campaigns.push({ id: 'bench-board', title: 'Bench board', currency: 'usd', goal: 30000000, rescueCost: 300000 });
  for (let i = 0; i < teams; i++) {
    config.campaigns.push({ id: `bench-board-${i}`, title: `Team ${i}`, currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'bench-board' });
  }
}
const dir = mkdtempSync(join(tmpdir(), 'rescuekit-bench-'));
const server = await startServer({
  config,
  databaseUrl: process.env.BENCH_DATABASE_URL || `sqlite:${join(dir, 'bench.db')}`,
  adminToken: 'bench-admin-token-0123456789abcdefghijklmn',
  port: 0,
  host: '127.0.0.1',
  log: () => {},
  fastPath: process.env.BENCH_FAST_PATH !== '0',
  staticMounts: [{ prefix: '/cdn/', dir: new URL('../packages/widgets/dist/cdn', import.meta.url).pathname }],
});
console.log(`READY ${server.url}`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
