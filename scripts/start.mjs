// `npm start`: builds every package, then serves the endpoint and the example
// pages on http://localhost:8787 from the demo config, on an SQLite file in
// .data/. No Stripe key is needed to see the widgets work; checkout answers
// 503 with what to set until STRIPE_SECRET_KEY is given.
//   PORT, HOST            where to listen (default 127.0.0.1:8787)
//   DATABASE_URL          your own database instead of the demo's (left as it is)
//   RESCUEKIT_DEMO_DIR    the demo's folder (default .data)
//   RESCUEKIT_START_BUILD=0  serve what the last build made, without building again
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { applyDemoConfig, demoConfig, demoInvites } from './demo-config.mjs';
import { randomBytes } from 'node:crypto';

const node = process.execPath;
if (process.env.RESCUEKIT_START_BUILD !== '0') {
  console.log('Building packages and CDN bundles…');
  const build = spawnSync(node, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dir = process.env.RESCUEKIT_DEMO_DIR ?? '.data';
mkdirSync(dir, { recursive: true });
// The example config plus a giving day that is on now (a match and a deadline; scripts/demo-config.mjs).
const configFile = `${dir}/demo.config.json`;
const config = demoConfig(Date.now());
const port = process.env.PORT ?? '8787';
// Links the demo prints (invites, posters' QR codes) point at the port it listens on.
config.publicUrl = `http://localhost:${port}`;
writeFileSync(configFile, JSON.stringify(config, null, 2));
// The demo's own database (no DATABASE_URL given) takes the demo's settings each start; a database of yours is left as it is.
const ownDatabase = !process.env.DATABASE_URL;
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? `sqlite:${dir}/rescuekit.db`,
  // The same shape `rescuekit token` makes: the server refuses admin tokens under 32 characters.
  ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? `rk_admin_${randomBytes(32).toString('base64url')}`,
};
// A team key for the demo team, made before the server starts (same store): the bake-sale
// gift below is recorded the way a Rescue Team's treasurer records one.
// The demo's own database is made here on a first start (`--create`); a database of yours must exist.
const keyArgs = ['packages/endpoint/dist/cli.js', 'team-key', 'create', 'rescue-team-demo', '--label', 'npm start demo', '--config', configFile, ...(ownDatabase ? ['--create'] : [])];
const key = spawnSync(node, keyArgs, { env, encoding: 'utf8' });
const teamKey = /\n\s+(rk_team_\S+)/.exec(key.stdout ?? '')?.[1];
if (!teamKey) {
  console.error(`Could not create the demo team key:\n${key.stdout ?? ''}${key.stderr ?? ''}`);
  process.exit(1);
}
const server = spawn(
  node,
  [
    'packages/endpoint/dist/cli.js',
    'serve',
    '--config', configFile,
    '--port', port,
    '--host', process.env.HOST ?? '127.0.0.1',
    '--static', '/cdn/=packages/widgets/dist/cdn',
    '--static', '/=examples',
  ],
  { stdio: 'inherit', env },
);
// Set before waiting for the server below: a stop meanwhile still reaches it.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
if (!process.env.ADMIN_TOKEN) console.log(`\nAdmin token for this run: ${env.ADMIN_TOKEN}`);
console.log(`Team key for rescue-team-demo (shown once; revoke with rescuekit team-key revoke): ${teamKey}`);
console.log(
  `Open http://localhost:${port}/chapter-page/, then record a bake-sale gift in the console at\n` +
    `http://localhost:${port}/console/ (sign in with the team key) and see the team and The Hundred move together;\n` +
    `or record one with curl:\n  curl -X POST http://localhost:${port}/v1/campaigns/rescue-team-demo/offline-gifts \\\n` +
    `    -H "Authorization: Bearer ${teamKey}" -H "Content-Type: application/json" \\\n` +
    `    -H "Idempotency-Key: bake-sale-$(date +%s)" -d '{"amount":4500,"currency":"usd","note":"bake sale","donors":6}'\n`,
);
const host = process.env.HOST ?? '127.0.0.1';
const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host}:${port}`;
for (let i = 0; i < 300; i++) {
  const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
  if (up) break;
  await new Promise((r) => setTimeout(r, 100));
}
if (ownDatabase) {
  // Once the server answers: an older demo database gets today's giving day too.
  await applyDemoConfig(url, env.ADMIN_TOKEN, config).then(
    () => console.log(`Demo settings (today's giving day) applied to ${dir}/rescuekit.db.`),
    (e) => console.error(`Could not apply the demo settings: ${e.message}`),
  );
}
// People instead of a shared key: invite links for the movement's organiser and the demo team's lead.
await demoInvites(url, env.ADMIN_TOKEN, config).then(
  (links) => {
    console.log(`\nInvite links (each works once, until ${links[0]?.expiresAt}; open one in the console at ${config.publicUrl}/console/ for a key of your own):`);
    for (const link of links) console.log(`  ${link.for}:\n    ${link.url}`);
  },
  (e) => console.error(`Could not make the demo invite links: ${e.message}`),
);
