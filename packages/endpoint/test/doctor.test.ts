/**
 * `rescuekit doctor` against the Stripe stand-in and a running server: a complete setup passes (exit 0);
 * each broken part is named with its fix and fails it (exit 1): an unreachable database, a schema newer
 * than this release, a key Stripe refuses, a webhook endpoint missing an event type, an http publicUrl.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { runDoctor } from '../src/cli-doctor.js';
import { startServer, type RunningServer } from '../src/node.js';
import { LATEST_VERSION } from '../src/store/schema.js';
import { STRIPE_API_VERSION } from '../src/stripe/client.js';
import { HANDLED_EVENT_TYPES } from '../src/stripe/webhook-events.js';
import { ADMIN, CONFIG } from './helpers.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';

const dir = mkdtempSync(join(tmpdir(), 'rescuekit-doctor-'));
const db = join(dir, 'rescuekit.db');
let stripe: StripeServer;
let server: RunningServer;
let configFile = '';
let env: Record<string, string>;

before(async () => {
  stripe = await startStripeServer();
  server = await startServer({ config: CONFIG, databaseUrl: `sqlite:${db}`, adminToken: ADMIN, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
  configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ ...CONFIG, publicUrl: server.url }));
  env = { DATABASE_URL: `sqlite:${db}`, STRIPE_SECRET_KEY: 'sk_test_doctor', STRIPE_API_URL: stripe.url, STRIPE_WEBHOOK_SECRET: 'whsec_doctor_0123456789' };
});
after(async () => {
  await server?.close();
  await stripe?.close();
  rmSync(dir, { recursive: true, force: true });
});

function endpoint(events: readonly string[] = HANDLED_EVENT_TYPES, apiVersion = STRIPE_API_VERSION) {
  stripe.webhookEndpoints.length = 0;
  stripe.webhookEndpoints.push({ url: `${server.url}/v1/webhooks/stripe`, status: 'enabled', api_version: apiVersion, enabled_events: [...events] });
}

async function doctor(over: Record<string, string> = {}, config = configFile) {
  let text = '';
  const out = new Writable({ write: (chunk, _e, done) => ((text += chunk), done()) });
  const code = await runDoctor(['--config', config], out, { ...env, ...over });
  return { code, text, problems: text.split('\n').filter((l) => l.startsWith('PROBLEM')) };
}

test('a complete setup passes every check', async () => {
  endpoint();
  const r = await doctor();
  assert.equal(r.code, 0, r.text);
  for (const name of ['config', 'database', 'stripe key', 'clock', 'webhook endpoint', 'publicUrl', 'share-image fonts']) assert.match(r.text, new RegExp(`^ok +${name}`, 'm'), `${name}\n${r.text}`);
  assert.match(r.text, /test mode/);
});

test('an unreachable database is named, with the fix', async () => {
  endpoint();
  const r = await doctor({ DATABASE_URL: 'postgres://rescuekit:secret@127.0.0.1:1/rescuekit' });
  assert.equal(r.code, 1);
  assert.deepEqual(r.problems.length, 1, r.text);
  assert.match(r.problems[0]!, /database \(postgres rescuekit@127\.0\.0\.1:1\/rescuekit\): not reachable/);
  assert.doesNotMatch(r.text, /secret/, 'never the password');
});

/** A copy of the running server's database with one more migration, as the next release `release` would record it. */
function withNextMigration(name: string, release: string, keeps: string, keepsSchema: number): string {
  const newer = join(dir, name);
  const live = new Database(db, { readonly: true });
  live.prepare('VACUUM INTO ?').run(newer); // a consistent copy of the server's database (WAL included)
  live.close();
  const d = new Database(newer);
  d.prepare('INSERT INTO schema_migrations (version, name, applied_at, release, keeps_release, keeps_schema) VALUES (?, ?, ?, ?, ?, ?)')
    .run(LATEST_VERSION + 1, 'from the future', new Date().toISOString(), release, keeps, keepsSchema);
  d.close();
  return newer;
}

test('a database at a schema newer than any release this one is compatible with', async () => {
  endpoint();
  const r = await doctor({ DATABASE_URL: `sqlite:${withNextMigration('contracted.db', '9.1', '9.1', LATEST_VERSION + 1)}` });
  assert.equal(r.code, 1);
  assert.match(r.problems.join('\n'), new RegExp(`schema version ${LATEST_VERSION + 1} \\(written by rescuekit 9.1\\) is newer than this rescuekit \\(${LATEST_VERSION}\\) and does not keep it running: it needs rescuekit 9.1 or newer`));
});

test('a newer schema that keeps this release running is fine: a rolling upgrade', async () => {
  endpoint();
  const r = await doctor({ DATABASE_URL: `sqlite:${withNextMigration('expanded.db', '9.1', '0.2', LATEST_VERSION)}` });
  assert.deepEqual(r.problems, []);
  assert.equal(r.code, 0, r.text);
  assert.match(r.text, new RegExp(`schema ${LATEST_VERSION + 1} \\(rescuekit 9.1\\), newer than this release's ${LATEST_VERSION} and compatible with it`));
});

test('a key Stripe refuses', async () => {
  endpoint();
  const r = await doctor({ STRIPE_SECRET_KEY: 'sk_test_not-a-key' });
  assert.equal(r.code, 1);
  assert.match(r.problems.join('\n'), /stripe key: Stripe refused the key/);
});

test('a webhook endpoint missing an event type, or on another API version', async () => {
  endpoint(HANDLED_EVENT_TYPES.filter((t) => t !== 'charge.refunded'));
  let r = await doctor();
  assert.equal(r.code, 1);
  assert.deepEqual(r.problems.length, 1, r.text);
  assert.match(r.problems[0]!, /does not send charge\.refunded\. Add these event types/);
  // An endpoint made before Allies followed their subscription's status.
  endpoint(HANDLED_EVENT_TYPES.filter((t) => t !== 'customer.subscription.updated'));
  r = await doctor();
  assert.equal(r.code, 1);
  assert.match(r.problems.join('\n'), /does not send customer\.subscription\.updated\. Add these event types/);
  endpoint(HANDLED_EVENT_TYPES, '2020-08-27');
  r = await doctor();
  assert.match(r.problems.join('\n'), new RegExp(`uses API version 2020-08-27; it must be ${STRIPE_API_VERSION.replace('.', '\\.')}`));
  stripe.webhookEndpoints.length = 0;
  r = await doctor();
  assert.match(r.problems.join('\n'), /none enabled at Stripe for/);
});

test('an http publicUrl that is not localhost', async () => {
  endpoint();
  const config = join(dir, 'http.json');
  writeFileSync(config, JSON.stringify({ ...CONFIG, publicUrl: 'http://give.example.org' }));
  const r = await doctor({}, config);
  assert.equal(r.code, 1);
  assert.match(r.problems.join('\n'), /publicUrl: http:\/\/give\.example\.org is not https/);
});
