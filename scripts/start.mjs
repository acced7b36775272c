// `npm start`: builds every package, then serves the endpoint and the example
// pages on http://localhost:8787 from the demo config, on an SQLite file in
// .data/. No Stripe key is needed to see the widgets work; checkout answers
// 503 with what to set until STRIPE_SECRET_KEY is given.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const node = process.execPath;
console.log('Building packages and CDN bundles…');
const build = spawnSync(node, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

mkdirSync('.data', { recursive: true });
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'sqlite:.data/rescuekit.db',
  ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? `demo-${randomBytes(12).toString('hex')}`,
};
const port = process.env.PORT ?? '8787';
const server = spawn(
  node,
  [
    'packages/endpoint/dist/cli.js',
    'serve',
    '--config', 'examples/rescuekit.config.json',
    '--port', port,
    '--host', process.env.HOST ?? '127.0.0.1',
    '--static', '/cdn/=packages/widgets/dist/cdn',
    '--static', '/=examples',
  ],
  { stdio: 'inherit', env },
);
if (!process.env.ADMIN_TOKEN) {
  console.log(`\nAdmin token for this run (offline gifts): ${env.ADMIN_TOKEN}`);
  console.log(
    `Record a bake-sale gift:\n  curl -X POST http://localhost:${port}/v1/campaigns/rescue-team-demo/offline-gifts \\\n` +
      `    -H "Authorization: Bearer ${env.ADMIN_TOKEN}" -H "Content-Type: application/json" \\\n` +
      `    -H "Idempotency-Key: bake-sale-1" -d '{"amount":4500,"currency":"usd","note":"bake sale"}'\n`,
  );
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
