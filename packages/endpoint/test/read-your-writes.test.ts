/**
 * Read-your-writes at every level of the tree: a gift acknowledged by a server (a Stripe webhook's
 * 200 or an offline gift's 201) is in the very next read of the team, its region and the movement
 * from that server, with no retry. Commits hand back every totals row they changed, ancestors
 * included, and the server installs them before it answers. On SQLite (one server) and on
 * Postgres with two servers on one database, gifts alternating between them, 200 in a row each.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { ADMIN, tempDir } from './helpers.js';
import { startTestPostgres, type TestPostgres } from './support/postgres.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';

const SECRET = 'whsec_read_your_writes';
const camp = (id: string, parent?: string) => ({ id, title: id, currency: 'usd', goal: 9_000_000, rescueCost: 300_000, ...(parent ? { parent } : {}) });
const CONFIG: RescuekitConfig = { campaigns: [camp('movement'), camp('region', 'movement'), camp('team', 'region')] } as RescuekitConfig;
const LEVELS = ['team', 'region', 'movement'] as const;
const GIFTS = 200;

const options = (databaseUrl: string) => ({
  config: CONFIG, databaseUrl, adminToken: ADMIN, port: 0, log: () => {}, env: { STRIPE_WEBHOOK_SECRET: SECRET },
});

async function webhookGift(server: RunningServer, n: number, amount: number): Promise<void> {
  const { body, headers } = signedWebhook(stripeEvent('checkout.session.completed', {
    id: `cs_ryw_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd',
    payment_intent: `pi_ryw_${n}`, metadata: { rescuekit_campaign: 'team' },
  }, { id: `evt_ryw_${n}` }), SECRET);
  const res = await fetch(`${server.url}/v1/webhooks/stripe`, { method: 'POST', headers, body });
  assert.equal(res.status, 200, await res.text());
}

async function offlineGift(server: RunningServer, amount: number): Promise<void> {
  const res = await fetch(`${server.url}/v1/campaigns/team/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd' }),
  });
  assert.equal(res.status, 201, await res.text());
}

async function raisedAt(server: RunningServer, id: string): Promise<number> {
  const res = await fetch(`${server.url}/v1/campaigns/${id}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { raised: number }).raised;
}

/** 200 gifts, alternating webhook and offline, each checked at every level right after its answer. */
async function giveAndRead(servers: readonly RunningServer[]): Promise<void> {
  let expected = 0;
  for (let n = 1; n <= GIFTS; n++) {
    const server = servers[n % servers.length]!;
    const amount = 100 + n;
    if (n % 2) await webhookGift(server, n, amount);
    else await offlineGift(server, amount);
    expected += amount;
    for (const id of LEVELS) assert.equal(await raisedAt(server, id), expected, `gift ${n}: ${id} read right after the acknowledgement`);
  }
}

describe('SQLite', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let server: RunningServer;
  before(async () => {
    dir = await tempDir();
    server = await startServer(options(`sqlite:${join(dir.dir, 'rk.db')}`));
  });
  after(async () => {
    await server?.close();
    await dir?.cleanup();
  });

  test(`${GIFTS} gifts in a row: each is in the next read of team, region and movement`, () => giveAndRead([server]));
});

describe('Postgres, two servers', () => {
  let pg: TestPostgres;
  let a: RunningServer;
  let b: RunningServer;
  before(async () => {
    pg = await startTestPostgres();
    const url = await pg.freshDatabase();
    a = await startServer(options(url));
    b = await startServer(options(url));
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await pg?.stop();
  });

  test(`${GIFTS} gifts in a row, alternating servers: each is in the next read of team, region and movement on the server that acknowledged it`, () => giveAndRead([a, b]));
});
