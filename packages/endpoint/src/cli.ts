#!/usr/bin/env node
/**
 * `rescuekit serve --config <file> [--port <n>] [--host <h>] [--static <prefix>=<dir> ...]`
 * Exit codes: 0 clean stop, 1 failed to start or forced stop, 2 bad usage or configuration.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { startServer, type StaticMount } from './node.js';
import { DatabaseUrlError } from './store/open.js';

const HELP = `Usage: rescuekit serve --config <file> [options]

Serves the rescuekit endpoint (campaign progress, live events, offline gifts,
Stripe Checkout and Stripe webhooks).

Options:
  --config <file>          campaign configuration (JSON), required
  --port <n>               port to listen on (default: $PORT or 8787; 0 = any free port)
  --host <host>            interface to listen on (default: 127.0.0.1)
  --static <prefix>=<dir>  also serve the files in <dir> under URL <prefix>; repeatable
                           (e.g. --static /=examples --static /cdn/=packages/widgets/dist/cdn)
  -h, --help               show this help

Environment:
  DATABASE_URL   sqlite:<path> (default: sqlite:./rescuekit.db)
  ADMIN_TOKEN    bearer token for offline gifts (default: a random token for this run only)
  PORT           port when --port is not given
  STRIPE_SECRET_KEY      enables POST /v1/checkout (without it checkout answers 503)
  STRIPE_WEBHOOK_SECRET  enables POST /v1/webhooks/stripe (whsec_...; without it webhooks answer 503)
  STRIPE_API_URL         a Stripe-compatible API base URL instead of api.stripe.com (tests)
  TRUST_PROXY_HOPS       reverse proxies in front that append X-Forwarded-For (default 0)
`;

class UsageError extends Error {}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a whole number 0..65535, got "${value}"`);
  return port;
}

function parseHops(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d$/.test(value)) throw new UsageError(`TRUST_PROXY_HOPS must be a whole number 0..9, got "${value}"`);
  return Number(value);
}

function parseMount(value: string): StaticMount {
  const eq = value.indexOf('=');
  if (eq < 1 || eq === value.length - 1) throw new UsageError(`--static must look like <prefix>=<dir>, got "${value}"`);
  return { prefix: value.slice(0, eq), dir: value.slice(eq + 1) };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        static: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`rescuekit: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    if (positionals[0] !== 'serve' || positionals.length > 1) throw new UsageError(`unknown command "${positionals.join(' ')}"`);
    if (!values.config) throw new UsageError('--config <file> is required');
    const port = parsePort(values.port ?? process.env['PORT'] ?? '8787');
    const staticMounts = (values.static ?? []).map(parseMount);
    const config = await loadConfig(values.config);

    let adminToken = process.env['ADMIN_TOKEN'] ?? '';
    let generated = false;
    if (!adminToken) {
      adminToken = randomBytes(24).toString('base64url');
      generated = true;
    } else if (adminToken.length < 16) {
      process.stderr.write('rescuekit: warning: ADMIN_TOKEN is shorter than 16 characters; use a long random token\n');
    }
    const server = await startServer({
      config,
      databaseUrl: process.env['DATABASE_URL'] || 'sqlite:./rescuekit.db',
      adminToken,
      port,
      host: values.host ?? '127.0.0.1',
      staticMounts,
      trustProxyHops: parseHops(process.env['TRUST_PROXY_HOPS']),
    });
    const out = process.stdout;
    out.write(`rescuekit listening on ${server.url}\n`);
    for (const c of config.campaigns) out.write(`  ${c.id}: ${server.url}/v1/campaigns/${c.id}  (live: /v1/campaigns/${c.id}/events)\n`);
    for (const m of staticMounts) out.write(`  static ${m.prefix} -> ${m.dir}\n`);
    out.write(`  health: ${server.url}/healthz\n`);
    out.write(`  checkout: ${process.env['STRIPE_SECRET_KEY'] ? 'on' : 'off (set STRIPE_SECRET_KEY)'}; `);
    out.write(`stripe webhooks: ${process.env['STRIPE_WEBHOOK_SECRET'] ? `${server.url}/v1/webhooks/stripe` : 'off (set STRIPE_WEBHOOK_SECRET)'}\n`);
    if (generated) out.write(`\nADMIN_TOKEN was not set. Admin token for THIS RUN ONLY (offline gifts):\n  ${adminToken}\n\n`);

    await new Promise<void>((resolve) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          process.stderr.write(`rescuekit: ${signal} again, exiting now\n`);
          process.exit(1);
        }
        stopping = true;
        process.stderr.write(`rescuekit: ${signal}, shutting down (send again to force)\n`);
        server.close().then(resolve, (e) => {
          process.stderr.write(`rescuekit: error while shutting down: ${(e as Error).message}\n`);
          process.exit(1);
        });
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`rescuekit: ${e.message}\n\n${HELP}`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof DatabaseUrlError) {
      process.stderr.write(`rescuekit: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`rescuekit: failed to start: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Everything is closed by now; if some handle still holds the loop, do not hang on it.
  setTimeout(() => process.exit(code), 1000).unref();
});
