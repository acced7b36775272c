/**
 * A campaign's `fallbackPaymentLink` on both stores: progress carries it (a fundraiser page its team's), only
 * the admin sets it, and gifts made through such a Stripe Payment Link count once. A Payment Link does not copy
 * its own metadata to its Checkout Sessions: a one-time gift names its campaign on its PaymentIntent (the link's
 * `payment_intent_data.metadata`), which the webhook reads from Stripe before the commit; a monthly one on its
 * subscription (`subscription_data.metadata`), which its invoices carry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { CampaignDirectory } from '../src/campaigns/directory.js';
import { createStripeClient } from '../src/stripe/client.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';

const SECRET = 'whsec_payment_link_test';
const LINK = 'https://buy.stripe.com/test_fallback';
let stop: (() => Promise<void>) | undefined;
let stripeServer: StripeServer;
before(async () => {
  stop = await startBackends();
  stripeServer = await startStripeServer();
});
after(async () => {
  await stripeServer.close();
  await stop?.();
});

const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  publicUrl: 'https://give.example',
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'team', title: 'Team', parent: 'movement', fallbackPaymentLink: LINK, ...base },
  ],
};

test('a fundraiser page offers its team\'s Payment Link, as the team has it now', () => {
  const team = { id: 'team', title: 'Team', fallbackPaymentLink: LINK, ...base };
  const page = { id: 'p-page', title: 'Mina', parent: 'team', ...base, fallbackPaymentLink: 'https://buy.stripe.com/test_own', fundraiser: { state: 'approved', story: 's', displayName: 'Mina' } } as never;
  const dir = new CampaignDirectory([team, page]);
  assert.equal(dir.get('p-page')!.fallbackPaymentLink, LINK);
  dir.learn({ ...team, fallbackPaymentLink: undefined } as never);
  assert.equal(dir.get('p-page')!.fallbackPaymentLink, undefined, 'a team without one: its pages have none');
});

for (const backend of BACKENDS) {
  describe(`${backend.name}: a fallback Payment Link`, () => {
    let app: App;
    let store: Store;
    let n = 0;
    before(async () => {
      store = await openStore(await backend.fresh());
      const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_rescuekit', STRIPE_API_URL: stripeServer.url }, { version: '0.1.0', maxNetworkRetries: 0 });
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, stripe, webhookSecret: SECRET });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const call = async (method: string, path: string, token?: string, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: `203.0.113.${(n++ % 250) + 1}` });
      const text = await res.text();
      return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Record<string, any> };
    };
    const deliver = async (event: unknown) => {
      const signed = signedWebhook(event, SECRET);
      const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }));
      return { status: res.status, text: await res.text() };
    };
    const progress = async (id = 'team') => (await call('GET', `/v1/campaigns/${id}`)).body;
    /** A paid session made by a Payment Link: its own metadata empty, as Stripe makes it. */
    const linkSession = (type: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded', key: string, amount: number) =>
      stripeEvent(type, {
        id: `cs_link_${backend.name}_${key}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd',
        payment_link: 'plink_test_fallback', payment_intent: `pi_link_${backend.name}_${key}`, metadata: {},
      }, { id: `evt_${type}_${backend.name}_${key}` });

    test('progress carries the link; only the admin changes it', async () => {
      assert.equal((await progress()).fallbackPaymentLink, LINK);
      assert.equal((await progress('movement')).fallbackPaymentLink, undefined);
      const invite = await call('POST', '/v1/campaigns/team/invites', ADMIN, { role: 'lead' });
      const code = String(invite.body['url']).split('#')[1];
      const lead = (await call('POST', '/v1/invites/accept', undefined, { code })).body['key'];
      const refused = await call('PATCH', '/v1/campaigns/team', lead, { fallbackPaymentLink: 'https://buy.stripe.com/test_elsewhere' });
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body['field'], 'fallbackPaymentLink');
      const bad = await call('PATCH', '/v1/campaigns/team', ADMIN, { fallbackPaymentLink: 'https://checkout.stripe.com/c/pay/cs_test_1' });
      assert.equal(bad.status, 400);
      assert.equal(bad.body['field'], 'fallbackPaymentLink');
      assert.equal((await call('PATCH', '/v1/campaigns/movement', ADMIN, { fallbackPaymentLink: LINK })).status, 200);
      assert.equal((await progress('movement')).fallbackPaymentLink, LINK);
    });

    test('a one-time gift counts once, from its PaymentIntent\'s campaign, after redeliveries and its async event', async () => {
      const at = { team: (await progress()).raised, movement: (await progress('movement')).raised, donors: (await progress()).donors };
      stripeServer.paymentIntents.set(`pi_link_${backend.name}_1`, { id: `pi_link_${backend.name}_1`, amount: 2700, currency: 'usd', metadata: { rescuekit_campaign: 'team' } });
      const completed = linkSession('checkout.session.completed', '1', 2700);
      for (let i = 0; i < 3; i++) assert.equal((await deliver(completed)).status, 200);
      // The same payment through its other session event (a delayed method settling) merges into it.
      assert.equal((await deliver(linkSession('checkout.session.async_payment_succeeded', '1', 2700))).status, 200);
      const now = await progress();
      assert.equal(now.raised, at.team + 2700);
      assert.equal(now.donors, at.donors + 1);
      assert.equal((await progress('movement')).raised, at.movement + 2700, 'and toward the team\'s ancestors');
      assert.ok(stripeServer.requests.some((r) => r.method === 'GET' && r.path === `/v1/payment_intents/pi_link_${backend.name}_1`));
    });

    test('Stripe cannot be asked: 503, and the redelivery counts once', async () => {
      const at = (await progress()).raised;
      stripeServer.paymentIntents.set(`pi_link_${backend.name}_2`, { id: `pi_link_${backend.name}_2`, amount: 900, currency: 'usd', metadata: { rescuekit_campaign: 'team' } });
      const completed = linkSession('checkout.session.completed', '2', 900);
      stripeServer.failNext({ status: 500 }, 2);
      assert.equal((await deliver(completed)).status, 503, 'Stripe keeps the event and retries');
      assert.equal((await progress()).raised, at);
      assert.equal((await deliver(completed)).status, 200);
      assert.equal((await deliver(completed)).status, 200);
      assert.equal((await progress()).raised, at + 900);
    });

    test('a Payment Link without our metadata (another use of the account) counts nowhere', async () => {
      const at = (await progress()).raised;
      stripeServer.paymentIntents.set(`pi_link_${backend.name}_3`, { id: `pi_link_${backend.name}_3`, amount: 5000, currency: 'usd', metadata: {} });
      const res = await deliver(linkSession('checkout.session.completed', '3', 5000));
      assert.equal(res.status, 200, res.text);
      assert.equal((await progress()).raised, at);
    });

    test('a monthly gift counts its invoice once; the subscription makes an Ally', async () => {
      const at = await progress();
      const meta = { rescuekit_campaign: 'team' }; // the link's subscription_data.metadata
      const sub = `sub_link_${backend.name}`;
      // The subscription session itself counts nothing (its invoices do), and asks Stripe nothing.
      const asked = stripeServer.requests.length;
      const session = stripeEvent('checkout.session.completed', {
        id: `cs_link_sub_${backend.name}`, object: 'checkout.session', mode: 'subscription', payment_status: 'paid', amount_total: 2500, currency: 'usd',
        payment_link: 'plink_test_monthly', subscription: sub, payment_intent: null, metadata: {},
      }, { id: `evt_link_sub_cs_${backend.name}` });
      assert.equal((await deliver(session)).status, 200);
      assert.equal(stripeServer.requests.length, asked);
      assert.equal((await deliver(stripeEvent('customer.subscription.created', { id: sub, object: 'subscription', status: 'active', metadata: meta }, { id: `evt_link_sub_${backend.name}` }))).status, 200);
      const invoice = stripeEvent('invoice.paid', {
        id: `in_link_${backend.name}`, object: 'invoice', amount_paid: 2500, currency: 'usd', billing_reason: 'subscription_create', metadata: {},
        parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: meta } },
        payments: { object: 'list', data: [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_in_link_${backend.name}` } }] },
      }, { id: `evt_link_in_${backend.name}` });
      for (let i = 0; i < 3; i++) assert.equal((await deliver(invoice)).status, 200);
      const now = await progress();
      assert.equal(now.raised, at.raised + 2500);
      assert.equal(now.allies, at.allies + 1);
    });
  });
}
