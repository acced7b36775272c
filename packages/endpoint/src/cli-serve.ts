/**
 * `rescuekit serve`: the endpoint as a long-running server, its banner, and its signals (SIGTERM and
 * SIGINT stop it gracefully, SIGHUP re-reads the config).
 */
import { loadConfig } from './config.js';
import { describeStore, DEFAULT_DATABASE_URL } from './cli-store.js';
import { adminTokenProblem, newAdminToken } from './guard/admin-token.js';
import { startServer, type StaticMount } from './node.js';
import { LATEST_VERSION, type SchemaState } from './store/schema.js';
import { webhookSecrets } from './routes/webhooks.js';
import { STRIPE_API_VERSION, stripeLivemode } from './stripe/client.js';

/** A usage or configuration mistake: exit 2 with its message. */
export class UsageError extends Error {}

function parseHops(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d$/.test(value)) throw new UsageError(`TRUST_PROXY_HOPS must be a whole number 0..9, got "${value}"`);
  return Number(value);
}

function parseWhole(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a whole number (1 or more), got "${value}"`);
  return Number(value);
}

/** The banner's words for the schema this server found. */
function schemaLine(schema: SchemaState | undefined): string {
  if (schema?.state !== 'ahead') return `schema ${schema?.version ?? LATEST_VERSION}`;
  const by = schema.release ? ` (rescuekit ${schema.release})` : '';
  return `schema ${schema.version}${by}, newer than this release's ${LATEST_VERSION} and compatible: upgrade this server next`;
}

export interface ServeOptions {
  configPath: string;
  port: number;
  host: string;
  staticMounts: StaticMount[];
}

/** Runs the server until a stop signal; answers the exit code. */
export async function serve({ configPath, port, host, staticMounts }: ServeOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = await loadConfig(configPath);
  let adminToken = env['ADMIN_TOKEN'] ?? '';
  const generated = !adminToken;
  if (generated) adminToken = newAdminToken();
  const tokenProblem = adminTokenProblem(adminToken);
  if (tokenProblem) throw new UsageError(`ADMIN_TOKEN: ${tokenProblem.replace(/^admin token /, '')}`);
  const previousAdminToken = env['ADMIN_TOKEN_PREVIOUS']?.trim() || undefined;
  const previousProblem = previousAdminToken && adminTokenProblem(previousAdminToken);
  if (previousProblem) throw new UsageError(`ADMIN_TOKEN_PREVIOUS: ${previousProblem.replace(/^admin token /, '')}`);
  let livemode: boolean;
  try {
    livemode = stripeLivemode(env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const databaseUrl = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  const server = await startServer({
    config,
    databaseUrl,
    ...(env['DATABASE_POOL_SIZE'] ? { poolSize: parseWhole('DATABASE_POOL_SIZE', env['DATABASE_POOL_SIZE'], 10) } : {}),
    adminToken,
    ...(previousAdminToken ? { previousAdminToken } : {}),
    port,
    host,
    staticMounts,
    trustProxyHops: parseHops(env['TRUST_PROXY_HOPS']),
    streamsPerClient: parseWhole('STREAMS_PER_CLIENT', env['STREAMS_PER_CLIENT'], 20),
    connectionsPerClient: parseWhole('CONNECTIONS_PER_CLIENT', env['CONNECTIONS_PER_CLIENT'], 256),
    headersTimeoutMs: parseWhole('HEADERS_TIMEOUT_MS', env['HEADERS_TIMEOUT_MS'], 20_000),
    requestTimeoutMs: parseWhole('REQUEST_TIMEOUT_MS', env['REQUEST_TIMEOUT_MS'], 30_000),
    staleAfterMs: parseWhole('STALE_AFTER_SECONDS', env['STALE_AFTER_SECONDS'], 30) * 1000,
  });
  // The banner goes out in one write, so whoever reads it (a supervisor, a test) never sees half of it.
  const banner: string[] = [];
  const out = { write: (text: string) => void banner.push(text) };
  out.write(`rescuekit listening on ${server.url}\n`);
  out.write(`  store: ${describeStore(databaseUrl)}, ${schemaLine(server.schema)}\n`);
  for (const c of config.campaigns) out.write(`  ${c.id}: ${server.url}/v1/campaigns/${c.id}  (live: /v1/campaigns/${c.id}/events)\n`);
  for (const m of staticMounts) out.write(`  static ${m.prefix} -> ${m.dir}\n`);
  out.write(`  health: ${server.url}/healthz; metrics: ${env['METRICS_TOKEN']?.trim() ? `${server.url}/metrics (Bearer METRICS_TOKEN)` : 'off (set METRICS_TOKEN)'}\n`);
  out.write(`  checkout: ${env['STRIPE_SECRET_KEY'] ? 'on' : 'off (set STRIPE_SECRET_KEY)'}; `);
  out.write(`stripe webhooks: ${env['STRIPE_WEBHOOK_SECRET'] ? `${server.url}/v1/webhooks/stripe` : 'off (set STRIPE_WEBHOOK_SECRET)'}\n`);
  out.write(`  stripe mode: ${livemode ? 'live' : 'test'} (events of the other mode are acknowledged, never counted)\n`);
  out.write(`  stripe API version: ${STRIPE_API_VERSION} (the webhook endpoint at Stripe must use it)\n`);
  out.write(`  people: rescuekit invite <campaign> --role <role> --config <file> (same DATABASE_URL); team keys: rescuekit team-key create <campaign>\n`);
  const secrets = webhookSecrets(env['STRIPE_WEBHOOK_SECRET']).length;
  if (previousAdminToken || secrets > 1) {
    out.write(`  rotating:${previousAdminToken ? ' ADMIN_TOKEN_PREVIOUS is accepted too (each use logged);' : ''}${secrets > 1 ? ` ${secrets} webhook secrets accepted;` : ''} see docs/operators.md#rotating-secrets\n`);
  }
  if (generated) out.write(`\nADMIN_TOKEN was not set. Admin token for THIS RUN ONLY (offline gifts):\n  ${adminToken}\n\n`);
  process.stdout.write(banner.join(''));

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
    // SIGHUP re-reads the config: top-level settings that can change apply from the next request, the rest are
    // named; new campaigns are created, the store wins for existing ones; connections stay.
    process.on('SIGHUP', () => {
      loadConfig(configPath)
        .then((next) => server.app.reload(next))
        .then(
          (r) => {
            const said = [
              r.settings.applied.length ? `applied ${r.settings.applied.join(', ')}` : 'no setting changed',
              r.created.length ? `created ${r.created.join(', ')}` : 'no new campaigns',
              ...(r.settings.needRestart.length ? [`changed but needs a restart: ${r.settings.needRestart.join(', ')} (the running values stay)`] : []),
            ];
            process.stderr.write(`rescuekit: SIGHUP: config re-read; ${said.join('; ')}\n`);
          },
          (e) => process.stderr.write(`rescuekit: SIGHUP: config not applied: ${(e as Error).message}\n`),
        );
    });
  });
  return 0;
}
