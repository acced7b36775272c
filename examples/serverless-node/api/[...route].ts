/**
 * rescuekit on a serverless platform's Node runtime, with Postgres: one catch-all function that
 * answers every endpoint route. Web-standard: a `Request` in, a `Response` out.
 *
 * - Vercel (and platforms that route `api/[...route].ts` the same way): the method exports below;
 *   the endpoint's routes then live under `/api` (`/api/v1/campaigns/:id`, `/api/healthz`).
 * - Netlify Functions: re-export `default` and add `export const config = { path: ['/v1/*', '/healthz'] }`
 *   (see README.md beside this folder).
 *
 * The app is built once per instance (a cold start) from the environment and reused by every
 * request that instance serves; a failed start is retried by the next request.
 */
import { createApp, createHumanCheck, createStripeClient, openStore, parseConfig, problem, stripeLivemode, type App, type Store } from '@rescuekit/endpoint';
import bundledConfig from '../rescuekit.config.json' with { type: 'json' };

const env = process.env;

interface Instance {
  app: App;
  store: Store;
}

let instance: Promise<Instance> | undefined;

async function build(): Promise<Instance> {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl?.startsWith('postgres')) throw new Error('DATABASE_URL must be a postgres:// URL (an instance has no disk to keep SQLite on)');
  const adminToken = env['ADMIN_TOKEN'];
  if (!adminToken) throw new Error('ADMIN_TOKEN must be set');
  // The config file bundled with the function, or RESCUEKIT_CONFIG (JSON) when the platform's settings hold it.
  const config = parseConfig(env['RESCUEKIT_CONFIG'] ? JSON.parse(env['RESCUEKIT_CONFIG']) : bundledConfig, 'rescuekit config');
  // Many instances share the database: each holds only a couple of connections (plus one for LISTEN).
  const store = await openStore(databaseUrl, { poolSize: Number(env['DATABASE_POOL_SIZE'] ?? 2) });
  try {
    const app = createApp({
      config,
      store,
      adminToken,
      stripe: createStripeClient(env),
      webhookSecret: env['STRIPE_WEBHOOK_SECRET']?.trim(),
      livemode: stripeLivemode(env),
      humanCheck: createHumanCheck(config.humanCheck, env),
      logger: (line) => console.log(line),
    });
    await app.ready;
    return { app, store };
  } catch (e) {
    await store.close().catch(() => {});
    throw e;
  }
}

/** This instance's app, built on first use. */
export async function getApp(): Promise<App> {
  instance ??= build().catch((e: unknown) => {
    instance = undefined; // the next request tries again (the database may have been waking up)
    throw e;
  });
  return (await instance).app;
}

/**
 * The client address the checkout rate limit keys on: the header the platform sets itself
 * (Netlify: `x-nf-client-connection-ip`; Vercel: `x-real-ip`), never one a client could add.
 */
export function clientIp(req: Request): string {
  return req.headers.get('x-nf-client-connection-ip') ?? req.headers.get('x-real-ip') ?? 'unknown';
}

/**
 * The request as the endpoint's routes expect it: a platform that mounts this file at `/api/…`
 * (Vercel) passes `/api/v1/…`, so widgets can use `endpoint="https://your.site/api"`.
 */
function withoutApiPrefix(req: Request): Request {
  const url = new URL(req.url);
  if (!url.pathname.startsWith('/api/')) return req;
  url.pathname = url.pathname.slice('/api'.length);
  return new Request(url, req);
}

/** Every route of the endpoint. */
export default async function handler(req: Request): Promise<Response> {
  let app: App;
  try {
    app = await getApp();
  } catch (e) {
    console.error(JSON.stringify({ level: 'error', msg: 'rescuekit failed to start', error: (e as Error).message }));
    return problem(503, 'unavailable', { detail: 'The endpoint is starting or failed to start.', headers: { 'retry-after': '5' } });
  }
  return app.fetch(withoutApiPrefix(req), { ip: clientIp(req) });
}

export const GET = handler;
export const HEAD = handler;
export const POST = handler;
export const PATCH = handler;
export const DELETE = handler;
export const OPTIONS = handler;

/** Ends this instance's streams and closes its pool (tests; platforms just freeze or drop instances). */
export async function closeInstance(): Promise<void> {
  const current = instance;
  instance = undefined;
  if (!current) return;
  const { app, store } = await current.catch(() => ({ app: undefined, store: undefined }));
  await app?.close();
  await store?.close();
}
