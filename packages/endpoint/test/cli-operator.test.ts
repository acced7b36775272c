/**
 * The CLI as an operator meets it: `npx rescuekit` from a clone, the admin token's length rule and
 * `rescuekit token`, the store a command opened said out loud, and no new database made by a typo.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStore } from '../src/cli-store.js';
import { STRIPE_API_VERSION } from '../src/stripe/client.js';
import { CLI, CONFIG, REPO_ROOT, spawnCli } from './helpers.js';

/** tsx by its full URL, so the CLI runs from any folder (an operator's, not the repository). */
const TSX = import.meta.resolve('tsx');
const cli = (args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT) =>
  spawnSync(process.execPath, ['--import', TSX, CLI, ...args], { cwd, env: { ...process.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.json'), DATABASE_URL: '', ...env }, encoding: 'utf8' });

test('npx rescuekit runs from the clone (the bin works before and after a build)', () => {
  const r = spawnSync('npx', ['--no-install', 'rescuekit', '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+/);
});

test('rescuekit token prints a 256-bit admin token; serve refuses one under 32 characters, naming how to make one', async (t) => {
  const made = cli(['token']);
  assert.equal(made.status, 0);
  const token = made.stdout.trim();
  assert.match(token, /^rk_admin_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(cli(['token']).stdout.trim(), token, 'a new one each time');
  const dir = await mkdtemp(join(tmpdir(), 'rk-token-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify(CONFIG));
  for (const short of ['a', 'x'.repeat(31)]) {
    const r = cli(['serve', '--config', config, '--port', '0'], { ADMIN_TOKEN: short, DATABASE_URL: `sqlite:${join(dir, 'rk.db')}` });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /ADMIN_TOKEN.*at least 32 characters.*rescuekit token/);
  }
  const run = await spawnCli(['serve', '--config', config, '--port', '0'], { ADMIN_TOKEN: token, DATABASE_URL: `sqlite:${join(dir, 'rk.db')}` });
  for (let i = 0; i < 100 && !run.output().includes('people:'); i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(run.output(), new RegExp(`store: sqlite ${join(dir, 'rk.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the banner names the store');
  assert.match(run.output(), new RegExp(`stripe API version: ${STRIPE_API_VERSION.replace('.', '\\.')} `), 'and the Stripe API version the webhook endpoint must use');
  const res = await fetch(`${run.url}/v1/campaigns`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, 'the made token is accepted');
  run.child.kill('SIGTERM');
});

test('admin commands name the store they opened and never create a database unless asked', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'rk-create-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  for (const args of [['campaign', 'list'], ['team-key', 'list', 'team'], ['unassigned', 'list'], ['export', '--campaign', 'team'], ['invite', 'list', 'team'], ['people', 'list', 'team']]) {
    const r = cli(args, {}, dir);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`no database at ${join(dir, 'rescuekit.db')}.*DATABASE_URL.*--create`));
    assert.equal(existsSync(join(dir, 'rescuekit.db')), false, 'nothing made');
  }
  const made = cli(['campaign', 'list', '--create'], {}, dir);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stderr, new RegExp(`store: sqlite ${join(dir, 'rescuekit.db')}`));
  const again = cli(['campaign', 'list'], { DATABASE_URL: `sqlite:${join(dir, 'rescuekit.db')}` }, REPO_ROOT);
  assert.equal(again.status, 0, 'an existing database opens without --create');
  assert.match(again.stderr, /store: sqlite /);
});

test('the store is described without its password', () => {
  assert.equal(describeStore('postgres://rescuekit:s3cret@db.example.org:6432/rk?sslmode=require'), 'postgres rescuekit@db.example.org:6432/rk');
  assert.equal(describeStore('postgresql://db/rk'), 'postgres db:5432/rk');
  assert.match(describeStore('sqlite:./data/rk.db'), /^sqlite \/.*\/data\/rk\.db$/);
});
