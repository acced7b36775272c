/**
 * Rotating secrets without downtime, on both stores: a webhook signed by any secret in a
 * comma-separated STRIPE_WEBHOOK_SECRET is counted (once), the old one's use is logged, and one not
 * in the list is refused with nothing written; ADMIN_TOKEN_PREVIOUS is accepted beside ADMIN_TOKEN
 * (each use logged) and refused once it is unset.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openStore } from '../src/store/open.js';
import { signedWebhook, stripeEvent } from './support/stripe-server.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(() => stop?.());

const NEW_SECRET = 'whsec_rotation_new_0123456789abcdef';
const OLD_SECRET = 'whsec_rotation_old_0123456789abcdef';
const NEW_ADMIN = 'rotation-admin-token-new-0123456789abcdefghij';
const OLD_ADMIN = 'rotation-admin-token-old-0123456789abcdefghij';
const CONFIG: RescuekitConfig = { campaigns: [{ id: 'the-hundred', title: 'The Hundred', currency: 'usd', goal: 30_000_000, rescueCost: 300_000 }] };

const paid = (n: number) =>
  stripeEvent('checkout.session.completed', {
    id: `cs_rot_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: 2700, currency: 'usd', payment_intent: `pi_rot_${n}`,
    metadata: { rescuekit_campaign: 'the-hundred', rescuekit_frequency: 'once', gift_amount: '2700', fee_amount: '0' },
  }, { id: `evt_rot_${n}` });

for (const backend of BACKENDS) {
  describe(`${backend.name}: rotation`, () => {
    async function withApp(options: { webhookSecret?: string; previousAdminToken?: string }, fn: (app: App, logs: string[]) => Promise<void>) {
      const store = await openStore(await backend.fresh());
      const logs: string[] = [];
      const app = createApp({ config: CONFIG, store, adminToken: NEW_ADMIN, logger: (l) => logs.push(l), ...options });
      try {
        await app.ready;
        await fn(app, logs);
      } finally {
        await app.close();
        await store.close();
      }
    }
    const deliver = (app: App, n: number, secret: string) => {
      const { body, headers } = signedWebhook(paid(n), secret);
      return app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers, body }));
    };
    const raised = async (app: App) => ((await (await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred'))).json()) as { raised: number }).raised;

    test('two webhook secrets: either signs, each gift counts once, the old one is logged; a third is refused', () =>
      withApp({ webhookSecret: ` ${NEW_SECRET} , ${OLD_SECRET} ` }, async (app, logs) => {
        assert.equal((await deliver(app, 1, NEW_SECRET)).status, 200);
        assert.equal(logs.filter((l) => l.includes('rotation in progress')).length, 0, 'the first secret is the usual one');
        assert.equal((await deliver(app, 2, OLD_SECRET)).status, 200);
        assert.equal((await deliver(app, 2, OLD_SECRET)).status, 200, 'a retry of the same event');
        assert.equal(logs.filter((l) => l.includes('rotation in progress')).length, 2, 'each use of the old secret is logged');
        const refused = await deliver(app, 3, 'whsec_someone_else_0123456789abcdef');
        assert.equal(refused.status, 400);
        assert.equal(((await refused.json()) as { code: string }).code, 'invalid_signature');
        assert.equal(await raised(app), 5400, 'two gifts, each once; the refused one wrote nothing');
      }));

    test('one secret again after the rotation: the old one is refused', () =>
      withApp({ webhookSecret: NEW_SECRET }, async (app) => {
        assert.equal((await deliver(app, 1, OLD_SECRET)).status, 400);
        assert.equal((await deliver(app, 1, NEW_SECRET)).status, 200);
        assert.equal(await raised(app), 2700);
      }));

    test('ADMIN_TOKEN_PREVIOUS is accepted beside ADMIN_TOKEN and logged at each use; without it the old token is refused', async () => {
      const ask = (app: App, token: string) => app.fetch(new Request('http://rk.test/v1/campaigns', { headers: { authorization: `Bearer ${token}` } }), { ip: '198.51.100.7' });
      await withApp({ previousAdminToken: OLD_ADMIN }, async (app, logs) => {
        assert.equal((await ask(app, NEW_ADMIN)).status, 200);
        assert.equal(logs.filter((l) => l.includes('ADMIN_TOKEN_PREVIOUS')).length, 0);
        assert.equal((await ask(app, OLD_ADMIN)).status, 200);
        assert.equal((await ask(app, OLD_ADMIN)).status, 200);
        assert.equal(logs.filter((l) => l.includes('ADMIN_TOKEN_PREVIOUS')).length, 2, 'each use of the old token is logged');
        assert.equal((await ask(app, 'rotation-admin-token-xxx-0123456789abcdefghij')).status, 401);
      });
      await withApp({}, async (app) => {
        assert.equal((await ask(app, OLD_ADMIN)).status, 401, 'the rotation is over: the old token is refused');
        assert.equal((await ask(app, NEW_ADMIN)).status, 200);
      });
    });

    test('a team key holder rotates their own key: the new one works at once, the old one never again', () =>
      withApp({}, async (app, logs) => {
        const ip = { ip: '198.51.100.8' };
        const make = await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred/keys', { method: 'POST', headers: { authorization: `Bearer ${NEW_ADMIN}`, 'content-type': 'application/json' }, body: '{"label":"treasurer"}' }), ip);
        const old = (await make.json()) as { id: string; token: string };
        const list = (token: string) => app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred/offline-gifts', { headers: { authorization: `Bearer ${token}` } }), ip);
        const rotate = (token: string) => app.fetch(new Request('http://rk.test/v1/keys/rotate', { method: 'POST', headers: { authorization: `Bearer ${token}` } }), ip);
        assert.equal((await list(old.token)).status, 200);
        // Two rotations at once with the same key: one new key, the other told to use it.
        const [a, b] = await Promise.all([rotate(old.token), rotate(old.token)]);
        assert.deepEqual([a.status, b.status].sort(), [201, 409]);
        const made = (await (a.status === 201 ? a : b).json()) as { id: string; token: string; label: string; campaign: string; replaces: string };
        assert.deepEqual([made.label, made.campaign, made.replaces], ['treasurer', 'the-hundred', old.id], 'same campaign and label');
        assert.equal((await list(made.token)).status, 200, 'the new key works at once');
        assert.equal((await list(old.token)).status, 401, 'the old one is refused');
        assert.equal((await rotate(NEW_ADMIN)).status, 403, 'an admin makes keys, it does not rotate one');
        const keys = ((await (await app.fetch(new Request('http://rk.test/v1/campaigns/the-hundred/keys', { headers: { authorization: `Bearer ${NEW_ADMIN}` } }), ip)).json()) as { keys: { id: string; revokedAt: string | null }[] }).keys;
        assert.deepEqual(keys.map((k) => [k.id, k.revokedAt === null]).sort(), [[old.id, false], [made.id, true]].sort(), 'two keys: the old revoked, the new live');
        assert.ok(logs.some((l) => l.includes('team key rotated by its holder') && !l.includes(made.token)), 'logged by id, never the token');
      }));
  });
}

test('an ADMIN_TOKEN_PREVIOUS that could never match is refused at start', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    assert.throws(() => createApp({ config: CONFIG, store, adminToken: NEW_ADMIN, previousAdminToken: 'short', logger: () => {} }), /at least 32 characters/);
  } finally {
    await store.close();
  }
});
