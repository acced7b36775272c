#!/usr/bin/env node
/**
 * `rescuekit serve --config <file> [--port <n>] [--host <h>] [--static <prefix>=<dir> ...]`
 * `rescuekit reconcile --config <file> [--days <n>]`
 * `rescuekit export --campaign <id> [--from] [--to] [--direct] [--out <file>]` (see `cli-export.ts`)
 * `rescuekit backup --out <file>`, `rescuekit restore <file>` (see `cli-backup.ts`)
 * `rescuekit invite …`, `rescuekit people …` (see `cli-people.ts`)
 * `rescuekit token` (a new admin token), `rescuekit --version`, `rescuekit --help`
 * Exit codes: 0 clean stop (or a complete reconcile, the version, the help), 1 failed to start,
 * forced stop or events that could not be applied, 2 bad usage or configuration.
 */
import { parseArgs } from 'node:util';
import { BACKUP_HELP, runBackupCli } from './cli-backup.js';
import { runDoctor } from './cli-doctor.js';
import { EXPORT_HELP, runExportCli } from './cli-export.js';
import { PEOPLE_COMMANDS, PEOPLE_HELP, runPeopleCli } from './cli-people.js';
import { TEAM_COMMANDS, TEAMS_HELP, runTeamsCli } from './cli-teams.js';
import { serve, UsageError } from './cli-serve.js';
import { openCliStore } from './cli-store.js';
import { ConfigError, loadConfig } from './config.js';
import { newAdminToken } from './guard/admin-token.js';
import type { StaticMount } from './node.js';
import { reconcile } from './reconcile.js';
import { DatabaseUrlError } from './store/open.js';
import { createStripeClient } from './stripe/client.js';
import { packageVersion } from './version.js';

const HELP = `Usage: rescuekit serve --config <file> [options]
       rescuekit reconcile --config <file> [--days <n>] [--create]
       rescuekit token
       rescuekit doctor [--config <file>]
       rescuekit --version
${PEOPLE_HELP}${TEAMS_HELP}${EXPORT_HELP}${BACKUP_HELP}
Commands:
  serve       run the rescuekit endpoint (campaign progress, live events, offline
              gifts, Stripe Checkout and Stripe webhooks)
  reconcile   apply Stripe events this store has not seen, then exit
  token       print a new admin token (256 random bits) for ADMIN_TOKEN
  doctor      check a setup before going live: config, database, Stripe key, webhook endpoint,
              publicUrl, fonts, clock (exit 0 only when all pass)
  campaign    add, list or archive campaigns in the store (no restart needed)
  team-key    create, list or revoke a Rescue Team's key for its own cash (the older, shared way)
  invite      make an invite link for a role (recorder, treasurer, lead, organiser) on a campaign,
              printed with the campaign's welcome pack; list or revoke open invites
  people      list the people of a campaign and below, or revoke one (refused from their next request)
  unassigned  list paid gifts kept for an unknown campaign, or assign one
  backup      copy the database while servers run (SQLite: VACUUM INTO; Postgres: pg_dump)
  restore     put a backup into a new, empty database, then migrate it
  export      write a campaign's ledger as CSV (with its descendants' rows, which sum
              to its raised; --direct for its own only; --from/--to are UTC dates)

Options:
  --config <file>          campaign configuration (JSON), required
  --port <n>               port to listen on (default: $PORT or 8787; 0 = any free port)
  --host <host>            interface to listen on (default: 127.0.0.1)
  --static <prefix>=<dir>  also serve the files in <dir> under URL <prefix>; repeatable
                           (e.g. --static /=examples --static /cdn/=packages/widgets/dist/cdn)
  --days <n>               reconcile: read Stripe's event log this many days back (1..30, default 30)
  --role <role>            invite: the role it grants (recorder, treasurer, lead or organiser)
  --label <text>           invite, team-key create: who it is for, as lists show it
  --create                 reconcile and the admin commands: make the SQLite database if it does not
                           exist (without it they refuse, naming the path: a typo must not make a new one)
  -v, --version            print the version of rescuekit and exit
  -h, --help               show this help

reconcile reads Stripe's event log and applies every counted event this store has
not seen (webhooks that never arrived). Events already processed change nothing,
so it is safe to run at any time, also beside a running server on the same store.

Environment:
  DATABASE_URL   sqlite:<path> (default: sqlite:./rescuekit.db) or postgres://user:pass@host/db
  DATABASE_POOL_SIZE     Postgres connections this server may hold (default 10, plus one for LISTEN)
  ADMIN_TOKEN    the admin bearer token, at least 32 characters (make one: rescuekit token;
                 default: a random token for this run only)
  ADMIN_TOKEN_PREVIOUS   during a rotation, the old admin token: accepted too, each use logged
  INVITE_TTL_HOURS       how long an invite link works, whole hours 1..720 (default 72)
  METRICS_TOKEN          serves GET /metrics (Prometheus) to this bearer token (unset: 404)
  PORT           port when --port is not given
  STRIPE_SECRET_KEY      enables POST /v1/checkout (without it checkout answers 503)
  STRIPE_WEBHOOK_SECRET  enables POST /v1/webhooks/stripe (whsec_...; without it webhooks answer 503);
                         during a rotation several, comma-separated: any of them may sign
  STRIPE_API_URL         a Stripe-compatible API base URL instead of api.stripe.com (tests)
  STRIPE_LIVEMODE        true|false: the event mode to count when no secret key says it (default false)
  TRUST_PROXY_HOPS       reverse proxies in front that append X-Forwarded-For (default 0)
  STREAMS_PER_CLIENT     live streams one client address may hold open (default 20)
  CONNECTIONS_PER_CLIENT open sockets one client address may hold (default 256); behind
                         TRUST_PROXY_HOPS proxies, requests in flight per forwarded address
  HEADERS_TIMEOUT_MS     time for a request's headers to arrive (default 20000)
  REQUEST_TIMEOUT_MS     time for a whole request, body included, to arrive (default 30000)
  STALE_AFTER_SECONDS    progress says "stale": true after this long without the database (default 30)
`;


const OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  static: { type: 'string', multiple: true },
  days: { type: 'string' },
  create: { type: 'boolean' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A usage mistake in one line, naming what was wrong, and where to look. */
function usage(message: string): number {
  process.stderr.write(`rescuekit: ${message}\nRun "rescuekit --help" for the commands and options.\n`);
  return 2;
}

/** The first option in `argv` that rescuekit does not know (`--bogus`, `-x`), if any. */
function unknownOption(argv: string[]): string | undefined {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) if (t.kind === 'option' && !(t.name in OPTIONS)) return t.rawName;
  return undefined;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number 0..65535, got "${value}"`);
  return port;
}

function parseMount(value: string): StaticMount {
  const eq = value.indexOf('=');
  if (eq < 1 || eq === value.length - 1) throw new UsageError(`--static must look like <prefix>=<dir>, got "${value}"`);
  return { prefix: value.slice(0, eq), dir: value.slice(eq + 1) };
}

async function main(argv: string[]): Promise<number> {
  if (TEAM_COMMANDS.has(argv[0] ?? '')) return runTeamsCli(argv);
  if (PEOPLE_COMMANDS.has(argv[0] ?? '')) return runPeopleCli(argv);
  if (argv[0] === 'export') return runExportCli(argv);
  if (argv[0] === 'backup' || argv[0] === 'restore') return runBackupCli(argv);
  if (argv[0] === 'doctor') return runDoctor(argv.slice(1));
  if (argv[0] === 'token') {
    if (argv.length > 1) return usage(`unexpected argument "${argv[1]}" after token`);
    process.stdout.write(`${newAdminToken()}\n`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    const unknown = unknownOption(argv);
    return usage(unknown ? `unknown option ${unknown}` : (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  try {
    const command = positionals[0];
    if (command === undefined) throw new UsageError('a command is required: serve or reconcile');
    if (command !== 'serve' && command !== 'reconcile') throw new UsageError(`unknown command "${command}" (the commands are serve and reconcile)`);
    if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}" after ${command}`);
    if (!values.config) throw new UsageError('--config <file> is required');
    if (command === 'reconcile') return await runReconcile(values.config, values.days, values.create === true);
    const port = parsePort(values.port ?? process.env['PORT'] ?? '8787');
    const staticMounts = (values.static ?? []).map(parseMount);
    return await serve({ configPath: values.config, port, host: values.host ?? '127.0.0.1', staticMounts });
  } catch (e) {
    if (e instanceof UsageError) return usage(e.message);
    if (e instanceof ConfigError || e instanceof DatabaseUrlError) {
      process.stderr.write(`rescuekit: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`rescuekit: failed to start: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

async function runReconcile(configPath: string, daysArg: string | undefined, create: boolean): Promise<number> {
  const days = daysArg === undefined ? 30 : Number(daysArg);
  if (!/^\d+$/.test(daysArg ?? '30') || days < 1 || days > 30) throw new UsageError(`--days must be a whole number 1..30, got "${daysArg}"`);
  const config = await loadConfig(configPath);
  const stripe = createStripeClient(process.env, { version: packageVersion() });
  if (!stripe) {
    process.stderr.write('rescuekit: reconcile needs STRIPE_SECRET_KEY (a restricted key that can read events is enough)\n');
    return 2;
  }
  const store = await openCliStore(process.stderr, { create });
  try {
    const report = await reconcile({
      stripe,
      store,
      campaigns: config.campaigns,
      since: Math.floor(Date.now() / 1000) - days * 86_400,
      onProgress: (r) => process.stderr.write(`rescuekit: reconcile: ${r.seen} events read, ${r.applied} applied\n`),
    });
    const out = process.stdout;
    out.write(`reconcile: ${report.seen} events read from Stripe (${days} days): ${report.applied} newly applied, ${report.duplicates} already counted, ${report.failed} failed\n`);
    if (report.unassigned) out.write(`  ${report.unassigned} paid events kept as unassigned (unknown campaign or currency): rescuekit unassigned list\n`);
    for (const e of report.errors) process.stderr.write(`rescuekit: reconcile: could not apply ${e}\n`);
    for (const t of report.moved) out.write(`  ${t.campaign}: raised ${t.raised} ${t.currency}, ${t.donors} donors, ${t.allies} allies\n`);
    return report.failed ? 1 : 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Everything is closed by now; if some handle still holds the loop, do not hang on it.
  setTimeout(() => process.exit(code), 1000).unref();
});
