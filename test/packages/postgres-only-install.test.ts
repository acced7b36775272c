// A Postgres-only install compiles nothing: outside the repository, the packed endpoint and schema
// tarballs are installed with `npm i --omit=optional`, so better-sqlite3 (the only dependency with an
// install script) is never fetched or built; the packed `rescuekit serve` then counts and serves
// progress on a throwaway Postgres, and an `sqlite:` URL fails with a message naming the package.
// Runs after `npm run build` (npm test's package-check step).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, serveInstalled } from './installed-app.js';
import { startTestPostgres, type TestPostgres } from '../../packages/endpoint/test/support/postgres.js';

const ROOT = resolve('.');
const CAMPAIGN = 'rescue-team-demo'; // in examples/rescuekit.config.json

let work: string;
let app: string;
let pgServer: TestPostgres;
let endpoint: ChildProcess | undefined;

const run = (cmd: string, args: string[], cwd: string) => {
  try {
    return execFileSync(cmd, args, { cwd, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
};

const bin = () => join(app, 'node_modules/.bin/rescuekit');
const serveArgs = () => ['serve', '--config', join(work, 'rescuekit.config.json'), '--port', '0'];

function serve(env: Record<string, string>): Promise<string> {
  const started = serveInstalled(app, serveArgs(), env);
  endpoint = started.child;
  return started.url;
}

before(async () => {
  for (const p of ['schema', 'endpoint']) assert.ok(existsSync(`packages/${p}/dist`), 'run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'rescuekit-pg-only-'));
  app = join(work, 'app');
  run(process.execPath, ['scripts/pack.mjs', '--no-build', '--out', join(work, 'tarballs')], ROOT);
  const tarballs = readdirSync(join(work, 'tarballs')).filter((f) => /^rescuekit-(endpoint|schema)-/.test(f)).map((f) => join(work, 'tarballs', f));
  assert.equal(tarballs.length, 2);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'postgres-only', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', ...tarballs], app);
  copyFileSync('examples/rescuekit.config.json', join(work, 'rescuekit.config.json'));
  pgServer = await startTestPostgres();
});

after(async () => {
  endpoint?.kill('SIGTERM');
  await pgServer?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('npm i --omit=optional installs no package with an install script (better-sqlite3 is not fetched)', () => {
  assert.ok(existsSync(join(app, 'node_modules/@rescuekit/endpoint/package.json')));
  assert.ok(!existsSync(join(app, 'node_modules/better-sqlite3')), 'better-sqlite3 was installed');
  const lock = JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([k]) => k);
  assert.deepEqual(scripted, []);
  assert.ok(!existsSync(join(app, 'node_modules/prebuild-install')), 'better-sqlite3\'s installer was fetched');
});

test('the packed `rescuekit serve` counts a gift and serves progress on Postgres', async () => {
  const adminToken = randomUUID();
  const url = await serve({ DATABASE_URL: await pgServer.freshDatabase(), ADMIN_TOKEN: adminToken });
  const gift = await fetch(`${url}/v1/campaigns/${CAMPAIGN}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount: 12_345, currency: 'usd', note: 'bake sale' }),
  });
  assert.equal(gift.status, 201, await gift.text());
  // The hub refreshes on its own change check; wait for the new total rather than a fixed time.
  let progress: { raised?: number } = {};
  for (let i = 0; i < 50 && progress.raised !== 12_345; i++) {
    const res = await fetch(`${url}/v1/campaigns/${CAMPAIGN}`);
    assert.equal(res.status, 200);
    progress = (await res.json()) as { raised?: number };
    if (progress.raised !== 12_345) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(progress.raised, 12_345);
  // The console ships built in the tarball: its page and script, under its own policy.
  const page = await fetch(`${url}/console/join`);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(await page.text(), /<rk-console>/);
  assert.equal((await fetch(`${url}/console/console.js`)).status, 200);
});

test('an sqlite: URL fails at start with a message naming the optional package', () => {
  const r = spawnSync(bin(), serveArgs(), { cwd: app, env: { ...cleanEnv, DATABASE_URL: `sqlite:${join(work, 'rk.db')}` }, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /DATABASE_URL is sqlite:… but the optional package better-sqlite3 is not installed: npm i better-sqlite3@~12\.11/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});
