/**
 * The Postgres pool size a deployment sets: `openStore(url, { poolSize })` and `DATABASE_POOL_SIZE`
 * for `rescuekit serve`, checked against the connections the database really sees.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { DatabaseUrlError, openStore } from '../src/index.js';
import { ADMIN, exitOf, spawnCli, tempDir, writeConfig } from './helpers.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';

let server: TestPostgres;
let dir: Awaited<ReturnType<typeof tempDir>>;
let configPath: string;

before(async () => {
  [server, dir] = await Promise.all([startTestPostgres(), tempDir()]);
  configPath = await writeConfig(dir.dir);
});
after(async () => {
  await server?.stop();
  await dir?.cleanup();
});

async function connectionsNamed(url: string, name: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name])).rows[0]!.n;
  } finally {
    await c.end();
  }
}

test('openStore refuses a pool size that is not a whole number 1..1000, before connecting', async () => {
  const url = await server.freshDatabase();
  for (const poolSize of [0, -1, 1.5, 1001, Number.NaN]) {
    await assert.rejects(openStore(url, { poolSize }), (e: unknown) => e instanceof DatabaseUrlError && /pool size/.test((e as Error).message), String(poolSize));
  }
});

test('rescuekit serve holds at most DATABASE_POOL_SIZE connections plus its LISTEN one', async () => {
  const url = await server.freshDatabase();
  const cli = spawnCli(['serve', '--config', configPath, '--port', '0'], { DATABASE_URL: `${url}?application_name=rk-pool-3`, DATABASE_POOL_SIZE: '3', ADMIN_TOKEN: ADMIN });
  const { child, url: base } = await cli;
  try {
    const gifts = await Promise.all(
      Array.from({ length: 24 }, () =>
        fetch(`${base}/v1/campaigns/team/offline-gifts`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          body: JSON.stringify({ amount: 100, currency: 'usd' }),
        }),
      ),
    );
    assert.deepEqual(new Set(gifts.map((r) => r.status)), new Set([201]));
    const n = await connectionsNamed(url, 'rk-pool-3');
    assert.ok(n >= 2 && n <= 4, `connections: ${n}`);
  } finally {
    child.kill('SIGTERM');
    await exitOf(child);
  }
});

test('rescuekit serve refuses a DATABASE_POOL_SIZE that is not a whole number', async () => {
  const cli = spawnCli(['serve', '--config', configPath, '--port', '0'], { DATABASE_URL: await server.freshDatabase(), DATABASE_POOL_SIZE: 'many', ADMIN_TOKEN: ADMIN });
  cli.catch(() => {});
  let stderr = '';
  cli.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const { code } = await exitOf(cli.child);
  assert.equal(code, 2);
  assert.match(stderr, /DATABASE_POOL_SIZE must be a whole number/);
});
