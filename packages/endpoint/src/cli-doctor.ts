/**
 * `rescuekit doctor [--config <file>]`: the checks an operator runs before a giving day, each printed
 * as ok or as the problem with its fix. Exit 0 only when every check passes, 1 otherwise (2: bad usage).
 *
 * The config parses; the database in `DATABASE_URL` is reachable, writable and at this release's schema
 * (or says which migrations the next start runs); the Stripe key works and says its mode; the webhook
 * endpoint registered at Stripe for `publicUrl` exists, uses the pinned API version and subscribes to
 * every event type counted; `publicUrl` is https (http only for localhost) and answers `/healthz`; the
 * share image's fonts load; this machine's clock is within a minute of Stripe's.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type Stripe from 'stripe';
import type { RescuekitConfig } from '@rescuekit/schema';
import { describeStore, DEFAULT_DATABASE_URL } from './cli-store.js';
import { loadConfig } from './config.js';
import { cardFonts } from './reach/fonts.js';
import { WEBHOOK_PATH } from './routes/webhooks.js';
import { loadSqlite, sqlitePath } from './store/open.js';
import { LATEST_VERSION, RECORDED_SCHEMA_SQL, RECORDS_RELEASES, schemaState, toRecordedSchema, type RecordedSchema } from './store/schema.js';
import { createStripeClient, STRIPE_API_VERSION } from './stripe/client.js';
import { HANDLED_EVENT_TYPES } from './stripe/webhook-events.js';

type Env = Readonly<Record<string, string | undefined>>;
interface Check {
  name: string;
  /** What was found (ok), or the problem and its fix. */
  problem?: string;
  detail?: string;
}

const ok = (name: string, detail: string): Check => ({ name, detail });
const problem = (name: string, text: string): Check => ({ name, problem: text });

/** What the database records of its schema (version 0 when it has none yet), and whether this user may write it. */
async function schemaVersion(url: string): Promise<{ recorded: RecordedSchema; writable: boolean }> {
  if (/^sqlite:/i.test(url)) {
    const path = sqlitePath(url);
    if (!existsSync(path)) throw new Error(`no database at ${resolve(path)} (the first \`rescuekit serve\` makes it there)`);
    const Database = await loadSqlite();
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
      type Row = Record<string, unknown> | undefined;
      const read = (sql: string) => db.prepare(sql).get() as Row;
      const version = has ? read(RECORDED_SCHEMA_SQL.version) : undefined;
      const recorded = Number(version?.['v'] ?? 0) >= RECORDS_RELEASES
        ? toRecordedSchema(version, read(RECORDED_SCHEMA_SQL.release), read(RECORDED_SCHEMA_SQL.needs))
        : toRecordedSchema(version);
      let writable = true;
      try {
        accessSync(path, constants.W_OK);
        accessSync(dirname(resolve(path)), constants.W_OK);
      } catch {
        writable = false;
      }
      return { recorded, writable };
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const has = await client.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS has");
    const read = async (sql: string) => (await client.query(sql)).rows[0] as Record<string, unknown> | undefined;
    const version = has.rows[0]!.has ? await read(RECORDED_SCHEMA_SQL.version) : undefined;
    const recorded = Number(version?.['v'] ?? 0) >= RECORDS_RELEASES
      ? toRecordedSchema(version, await read(RECORDED_SCHEMA_SQL.release), await read(RECORDED_SCHEMA_SQL.needs))
      : toRecordedSchema(version);
    const writable = has.rows[0]!.has
      ? Boolean((await client.query("SELECT has_table_privilege(current_user, 'ledger', 'INSERT') AS w")).rows[0]!.w)
      : Boolean((await client.query('SELECT has_schema_privilege(current_user, current_schema(), \'CREATE\') AS w')).rows[0]!.w);
    return { recorded, writable };
  } finally {
    await client.end();
  }
}

async function databaseCheck(env: Env): Promise<Check> {
  const url = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  const name = `database (${describeStore(url)})`;
  let found;
  try {
    found = await schemaVersion(url);
  } catch (e) {
    return problem(name, `not reachable: ${(e as Error).message}. Fix DATABASE_URL, or start the database.`);
  }
  if (!found.writable) return problem(name, 'reachable but not writable by this user. Grant it write access (SQLite: the file and its folder).');
  const state = schemaState(found.recorded);
  switch (state.state) {
    case 'refused':
      return problem(name, `${state.message} before starting it.`);
    case 'ahead':
      return ok(name, `writable; schema ${state.version}${state.release ? ` (rescuekit ${state.release})` : ''}, newer than this release's ${LATEST_VERSION} and compatible with it: this server runs, upgrade it next (docs/operators.md#upgrading)`);
    case 'behind':
      return ok(name, `writable; schema ${state.version}: the next start runs ${state.pending.length} migration(s) to ${LATEST_VERSION} (take a backup first: rescuekit backup)`);
    default:
      return ok(name, `writable; schema ${state.version}, this release's`);
  }
}

async function stripeChecks(config: RescuekitConfig | undefined, env: Env): Promise<Check[]> {
  const key = env['STRIPE_SECRET_KEY']?.trim();
  if (!key) return [problem('stripe key', 'STRIPE_SECRET_KEY is not set: checkout answers 503. Set the secret key (sk_live_… for real gifts).')];
  const mode = key.startsWith('sk_live_') || key.startsWith('rk_live_') ? 'live' : 'test';
  const stripe = createStripeClient(env as Record<string, string | undefined>, { maxNetworkRetries: 0, timeoutMs: 10_000 })!;
  let account: Stripe.Response<Stripe.Account>;
  try {
    account = await stripe.accounts.retrieveCurrent();
  } catch (e) {
    return [problem('stripe key', `Stripe refused the key (${(e as Error).message}). Copy the secret key again from the Dashboard (Developers, API keys).`)];
  }
  const checks = [ok('stripe key', `works, ${mode} mode, account ${account.id}`)];
  const date = Date.parse(account.lastResponse.headers['date'] ?? '');
  const skew = Number.isNaN(date) ? undefined : Math.abs(Date.now() - date);
  checks.push(
    skew === undefined ? problem('clock', 'Stripe sent no Date header to compare with.')
      : skew > 60_000 ? problem('clock', `${Math.round(skew / 1000)} s away from Stripe's: webhook signatures older than 5 minutes are refused. Turn on NTP (timedatectl set-ntp true).`)
      : ok('clock', `within ${Math.ceil(skew / 1000)} s of Stripe's`),
  );
  if (!env['STRIPE_WEBHOOK_SECRET']?.trim()) checks.push(problem('webhook secret', 'STRIPE_WEBHOOK_SECRET is not set: webhooks answer 503 and no gift is counted. Set the endpoint\'s signing secret (whsec_…).'));
  if (!config?.publicUrl) return [...checks, problem('webhook endpoint', 'publicUrl is not set in the config: it names the address Stripe must send webhooks to.')];
  const wanted = `${config.publicUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
  const endpoints = await stripe.webhookEndpoints.list({ limit: 100 });
  const endpoint = endpoints.data.find((e) => e.url === wanted && e.status === 'enabled');
  if (!endpoint) return [...checks, problem('webhook endpoint', `none enabled at Stripe for ${wanted}. Add it in the Dashboard (Developers, Webhooks) with API version ${STRIPE_API_VERSION}.`)];
  const missing = endpoint.enabled_events.includes('*') ? [] : HANDLED_EVENT_TYPES.filter((t) => !endpoint.enabled_events.includes(t));
  if (endpoint.api_version !== STRIPE_API_VERSION) checks.push(problem('webhook endpoint', `${wanted} uses API version ${endpoint.api_version ?? 'the account default'}; it must be ${STRIPE_API_VERSION}. Make a new endpoint with that version (the version cannot be changed).`));
  else if (missing.length) checks.push(problem('webhook endpoint', `${wanted} does not send ${missing.join(', ')}. Add these event types to it in the Dashboard.`));
  else checks.push(ok('webhook endpoint', `${wanted}, API version ${STRIPE_API_VERSION}, every counted event type`));
  return checks;
}

async function publicUrlCheck(config: RescuekitConfig | undefined): Promise<Check> {
  const url = config?.publicUrl;
  if (!url) return problem('publicUrl', 'not set in the config: hosted pages, posters and webhooks need the public address.');
  const u = new URL(url);
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !local) return problem('publicUrl', `${url} is not https: donors and Stripe must reach it over TLS (put a proxy such as Caddy in front).`);
  try {
    const res = await fetch(`${url.replace(/\/+$/, '')}/healthz`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return problem('publicUrl', `${url}/healthz answered ${res.status}. Is rescuekit serving behind that address?`);
  } catch (e) {
    return problem('publicUrl', `${url}/healthz did not answer (${(e as Error).message}). Start the server, or fix DNS and the proxy.`);
  }
  return ok('publicUrl', `${url} answers /healthz`);
}

async function fontsCheck(): Promise<Check> {
  try {
    const fonts = await cardFonts('The Hundred 더 헌드레드 $9,000');
    return ok('share-image fonts', `${fonts.length} faces load (Latin and Korean)`);
  } catch (e) {
    return problem('share-image fonts', `${(e as Error).message}. Reinstall @rescuekit/endpoint with its dependencies (npm ci).`);
  }
}

/** Runs every check; answers the exit code. */
export async function runDoctor(argv: string[], out: NodeJS.WritableStream = process.stdout, env: Env = process.env): Promise<number> {
  if (argv.length && !(argv.length === 2 && argv[0] === '--config')) {
    out.write('rescuekit: usage: rescuekit doctor [--config <file>]\n');
    return 2;
  }
  const checks: Check[] = [];
  let config: RescuekitConfig | undefined;
  if (argv[1]) {
    try {
      config = await loadConfig(argv[1]);
      checks.push(ok('config', `${resolve(argv[1])}: ${config.campaigns.length} campaign(s)`));
    } catch (e) {
      checks.push(problem('config', (e as Error).message));
    }
  } else checks.push(problem('config', 'no --config given: publicUrl and the webhook endpoint cannot be checked.'));
  checks.push(await databaseCheck(env), ...(await stripeChecks(config, env)), await publicUrlCheck(config), await fontsCheck());
  for (const c of checks) out.write(c.problem ? `PROBLEM ${c.name}: ${c.problem}\n` : `ok      ${c.name}: ${c.detail}\n`);
  const failed = checks.filter((c) => c.problem).length;
  out.write(failed ? `\n${failed} problem(s): fix them, then run rescuekit doctor again.\n` : '\nEverything checked is ready.\n');
  return failed ? 1 : 0;
}
