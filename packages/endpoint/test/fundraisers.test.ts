/**
 * Supporters' fundraiser pages on both stores: a page starts pending and, until approved, does not
 * exist for the public (progress on every path, feeds and their counts, images, pages, checkout);
 * approved, a Stripe gift through it counts once at the page, its team, region and movement; taken
 * down, it takes no gifts and its money stays counted and exported; closed and reopened, its history
 * stays; a lead reviews only its own team's pages; creation is limited per address and per team; text
 * that hides or reorders characters is refused; the owner's link edits, hides the name, and is replaced.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { createStripeClient } from '../src/stripe/client.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';
import { signedWebhook, startStripeServer, stripeEvent, type StripeServer } from './support/stripe-server.js';

const SECRET = 'whsec_fundraisers_test';
const METRICS = 'metrics-token-fundraisers-0123456789';
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
  allowedOrigins: ['https://give.example'],
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'north', title: 'North', parent: 'movement', ...base },
    { id: 'team-a', title: 'Team A', parent: 'north', presets: [900, 4500], maxAmount: 500_000, ...base },
    { id: 'team-b', title: 'Team B', parent: 'north', ...base },
    { id: 'squad', title: 'Squad', parent: 'team-a', ...base },
    { id: 'team-c', title: 'Team C', parent: 'north', ...base },
  ],
};

const page = (over: Record<string, unknown> = {}) => ({ displayName: 'Mina Park', goal: 30_000, story: 'I turn 20 and ask for nine lives.\nJoin me.', occasion: 'my birthday', date: '2027-03-14', ...over });

for (const backend of BACKENDS) {
  describe(`${backend.name}: fundraiser pages`, () => {
    let app: App;
    let store: Store;
    let ip = 0;
    let lead = '';
    let leadB = '';
    before(async () => {
      store = await openStore(await backend.fresh());
      const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_rescuekit', STRIPE_API_URL: stripeServer.url }, { version: '0.1.0', maxNetworkRetries: 0 });
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {}, stripe, webhookSecret: SECRET, metricsToken: METRICS });
      await app.ready;
      lead = await person('team-a', 'lead');
      leadB = await person('team-b', 'lead');
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const call = async (method: string, path: string, token?: string, body?: unknown, from?: string) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (path === '/v1/checkout') headers['origin'] = 'https://give.example';
      const res = await app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: from ?? `203.0.113.${(ip++ % 250) + 1}` });
      const text = await res.text();
      return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Record<string, any> };
    };
    async function person(campaign: string, role: string): Promise<string> {
      const invite = await call('POST', `/v1/campaigns/${campaign}/invites`, ADMIN, { role });
      assert.equal(invite.status, 201, JSON.stringify(invite.body));
      const code = String(invite.body['url']).split('#')[1];
      const taken = await call('POST', '/v1/invites/accept', undefined, { code });
      assert.equal(taken.status, 201, JSON.stringify(taken.body));
      return taken.body['key'];
    }
    const start = async (team = 'team-a', over: Record<string, unknown> = {}) => {
      const r = await call('POST', `/v1/campaigns/${team}/fundraisers`, undefined, page(over));
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body['id'] as string, secret: String(r.body['manageUrl']).split('#')[1]!, body: r.body };
    };
    const raised = async (id: string) => (await call('GET', `/v1/campaigns/${id}`)).body['raised'];
    const give = (id: string) => call('POST', '/v1/checkout', undefined, { campaign: id, amount: 4500, currency: 'usd', frequency: 'once', returnUrl: 'https://give.example/thanks' });
    let n = 0;
    const paid = async (id: string, amount: number) => {
      n++;
      const event = stripeEvent('checkout.session.completed', {
        id: `cs_page_${backend.name}_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount, currency: 'usd',
        payment_intent: `pi_page_${backend.name}_${n}`, metadata: { rescuekit_campaign: id, rescuekit_gift: String(amount) },
      }, { id: `evt_page_${backend.name}_${n}` });
      const signed = signedWebhook(event, SECRET);
      // Delivered twice: Stripe retries, and a retry counts nothing.
      for (let i = 0; i < 2; i++) {
        const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }));
        assert.equal(res.status, 200, await res.text());
      }
    };

    test('a new page is pending and does not exist for the public: progress, feeds, images, pages, checkout', async () => {
      const before = (await call('GET', '/v1/campaigns/team-a/teams')).body;
      const { id, body } = await start();
      assert.equal(body['state'], 'pending');
      assert.match(id, /^p-[a-z2-7]{20}$/);
      assert.match(String(body['manageUrl']), new RegExp(`^https://give\\.example/c/${id}/manage#rk_page_[A-Za-z0-9_-]{43}$`));
      for (const path of [`/v1/campaigns/${id}`, `/v1/campaigns/${id}/events`, `/v1/campaigns/${id}/card.svg`, `/v1/campaigns/${id}/teams`, `/c/${id}`, `/c/${id}/poster`, `/embed/rescue-thermometer?campaign=${id}`]) {
        assert.equal((await call('GET', path)).status, 404, path);
      }
      const feed = (await call('GET', '/v1/campaigns/team-a/fundraisers')).body;
      assert.equal(feed['count'], 0);
      assert.deepEqual((await call('GET', '/v1/campaigns/team-a/teams')).body['count'], before['count'], 'the teams feed never counts pages');
      const refused = await give(id);
      assert.equal(refused.status, 404, JSON.stringify(refused.body));
      assert.equal(refused.body['field'], 'campaign');
    });

    test('approved, a Stripe gift through it counts once at page, team, region and movement', async () => {
      const { id } = await start();
      assert.equal((await call('POST', `/v1/campaigns/${id}/approve`, leadB)).status, 403, 'a lead of team B cannot approve a page of team A');
      const approved = await call('POST', `/v1/campaigns/${id}/approve`, lead);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body['fundraiser']['state'], 'approved');
      const progress = (await call('GET', `/v1/campaigns/${id}`)).body;
      assert.equal(progress['title'], 'Mina Park');
      assert.equal(progress['maxAmount'], 500_000, "the team's largest gift, not the page's goal");
      const checkout = await give(id);
      assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
      const at = { team: await raised('team-a'), north: await raised('north'), movement: await raised('movement') };
      await paid(id, 4500);
      assert.equal(await raised(id), 4500);
      assert.equal(await raised('team-a'), at.team + 4500);
      assert.equal(await raised('north'), at.north + 4500);
      assert.equal(await raised('movement'), at.movement + 4500);
      const board = (await call('GET', '/v1/campaigns/team-a/fundraisers?limit=5')).body;
      assert.ok(board['teams'].some((t: { campaign: string; raised: number }) => t.campaign === id && t.raised === 4500));
      assert.equal((await call('GET', `/v1/campaigns/${id}/recent`)).status, 404, 'a page has no recent-gifts list');
      // The team's gift rules hold on its pages as soon as they change.
      assert.equal((await call('PATCH', '/v1/campaigns/team-a', ADMIN, { maxAmount: 600_000, impact: { 900: { en: 'Nine lives' } } })).status, 200);
      const after = (await call('GET', `/v1/campaigns/${id}`)).body;
      assert.equal(after['maxAmount'], 600_000);
      assert.deepEqual(after['impact'], { 900: { en: 'Nine lives' } });
    });

    test('taken down: no checkout, not public, its money still counted and in the export', async () => {
      const { id } = await start();
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      await paid(id, 9000);
      const team = await raised('team-a');
      const down = await call('POST', `/v1/campaigns/${id}/take-down`, lead, { reason: 'not about the movement' });
      assert.equal(down.status, 200, JSON.stringify(down.body));
      assert.equal(down.body['fundraiser']['reason'], 'not about the movement');
      assert.equal((await give(id)).status, 404);
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).status, 404);
      assert.equal(await raised('team-a'), team, 'the money stays counted');
      const csv = (await call('GET', '/v1/campaigns/team-a/ledger.csv', ADMIN)).body as unknown as string;
      const row = csv.split('\n').find((l) => l.includes(id));
      assert.ok(row, 'the export has the row');
      assert.match(row!, /Mina Park/, 'and names the page');
    });

    test('closed takes no gifts; reopened next year keeps its money and history', async () => {
      const { id, secret } = await start();
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      await paid(id, 2000);
      const closed = await call('POST', '/v1/fundraisers/me/close', secret);
      assert.equal(closed.body['fundraiser']['state'], 'closed');
      const refused = await give(id);
      assert.equal(refused.status, 409);
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).status, 200, 'a closed page stays public');
      const reopened = await call('POST', '/v1/fundraisers/me/reopen', secret, { goal: 60_000, date: '2028-03-14' });
      assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
      const f = reopened.body['fundraiser'];
      assert.equal(f['state'], 'approved');
      assert.equal(f['goal'], 60_000);
      assert.equal(f['raised'], 2000);
      assert.equal(f['rounds'].length, 2);
      assert.equal(f['rounds'][0]['raisedAtClose'], 2000);
      assert.equal((await give(id)).status, 200);
    });

    test('a monthly gift started on a page keeps counting to it after the page closes', async () => {
      const { id, secret } = await start();
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      const meta = { rescuekit_campaign: id, rescuekit_frequency: 'monthly', gift_amount: '2500', fee_amount: '0' };
      const deliver = async (event: unknown) => {
        const signed = signedWebhook(event, SECRET);
        const res = await app.fetch(new Request('http://rk.test/v1/webhooks/stripe', { method: 'POST', headers: signed.headers, body: signed.body }));
        assert.equal(res.status, 200, await res.text());
      };
      const sub = `sub_${backend.name}_page`;
      const invoice = (k: number) => stripeEvent('invoice.paid', {
        id: `in_${backend.name}_${k}`, object: 'invoice', amount_paid: 2500, currency: 'usd', billing_reason: k === 1 ? 'subscription_create' : 'subscription_cycle', metadata: {},
        parent: { type: 'subscription_details', subscription_details: { subscription: sub, metadata: meta } },
        payments: { object: 'list', data: [{ status: 'paid', payment: { type: 'payment_intent', payment_intent: `pi_in_${backend.name}_${k}` } }] },
      }, { id: `evt_in_${backend.name}_${k}` });
      await deliver(stripeEvent('customer.subscription.created', { id: sub, object: 'subscription', status: 'active', metadata: meta }, { id: `evt_sub_${backend.name}` }));
      await deliver(invoice(1));
      assert.equal((await call('POST', '/v1/fundraisers/me/close', secret)).status, 200);
      await deliver(invoice(2));
      const progress = (await call('GET', `/v1/campaigns/${id}`)).body;
      assert.equal(progress['raised'], 5000, 'the renewal after closing counts to the page');
      assert.equal(progress['allies'], 1);
    });

    test('creation is limited per team (30 an hour), whatever the address', async () => {
      let made = 0;
      let last = 0;
      for (let i = 0; i < 31; i++) {
        const r = await call('POST', '/v1/campaigns/team-c/fundraisers', undefined, page(), `192.0.2.${i + 10}`);
        last = r.status;
        if (r.status === 201) made++;
      }
      assert.equal(made, 30);
      assert.equal(last, 429);
    });

    test('edits after approval wait for approval while the approved text stays public; name removal; new link', async () => {
      const { id, secret } = await start();
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      const edited = await call('PATCH', '/v1/fundraisers/me', secret, { story: 'A new story', goal: 45_000 });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body['fundraiser']['story'], page().story, 'approved text stays');
      assert.equal(edited.body['fundraiser']['proposed']['story'], 'A new story');
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).body['goal'], 45_000, 'the goal changes at once');
      const queue = (await call('GET', '/v1/fundraisers?under=team-a&review=true', lead)).body['fundraisers'];
      assert.ok(queue.some((p: { id: string }) => p.id === id));
      assert.equal((await call('GET', '/v1/fundraisers?under=team-a', leadB)).status, 403);
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      assert.equal((await call('GET', '/v1/fundraisers/me', secret)).body['fundraiser']['story'], 'A new story');
      await call('PATCH', '/v1/fundraisers/me', secret, { nameHidden: true });
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).body['title'], 'A supporter of Team A');
      const row = (await call('GET', '/v1/campaigns/team-a/fundraisers?limit=50')).body['teams'].find((t: { campaign: string }) => t.campaign === id);
      assert.equal(row.title, 'A supporter of Team A', 'the leaderboard hides the name too');
      const link = await call('POST', `/v1/campaigns/${id}/manage-link`, lead);
      assert.equal(link.status, 200);
      assert.equal((await call('GET', '/v1/fundraisers/me', secret)).status, 401, 'the old link stops working');
      assert.equal((await call('GET', '/v1/fundraisers/me', String(link.body['manageUrl']).split('#')[1])).status, 200);
    });

    test('rejected with a reason, the owner sees why, edits, and the page waits for approval again', async () => {
      const { id, secret } = await start();
      const rejected = await call('POST', `/v1/campaigns/${id}/reject`, lead, { reason: 'Please say what the money is for' });
      assert.equal(rejected.body['fundraiser']['state'], 'rejected');
      const mine = (await call('GET', '/v1/fundraisers/me', secret)).body['fundraiser'];
      assert.deepEqual([mine['state'], mine['reason']], ['rejected', 'Please say what the money is for']);
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).status, 404, 'a rejected page is not public');
      const edited = (await call('PATCH', '/v1/fundraisers/me', secret, { story: 'Every $9 buys a day of safe shelter.' })).body['fundraiser'];
      assert.deepEqual([edited['state'], edited['reason'], edited['story'], edited['proposed']], ['pending', null, 'Every $9 buys a day of safe shelter.', null]);
      assert.ok((await call('GET', '/v1/fundraisers?under=team-a&review=true', lead)).body['fundraisers'].some((p: { id: string }) => p.id === id), 'back in the queue');
      assert.equal((await call('POST', `/v1/campaigns/${id}/approve`, lead)).body['fundraiser']['state'], 'approved');
    });

    test('a hidden name is said in the page\'s own language wherever one title travels (progress, feeds)', async () => {
      const { id, secret } = await start('team-a', { locale: 'ko' });
      await call('POST', `/v1/campaigns/${id}/approve`, lead);
      await call('PATCH', '/v1/fundraisers/me', secret, { nameHidden: true });
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).body['title'], 'Team A의 후원자');
      await call('PATCH', '/v1/fundraisers/me', secret, { nameHidden: false });
      assert.equal((await call('GET', `/v1/campaigns/${id}`)).body['title'], 'Mina Park', 'and shown again when the owner wants');
    });

    test('text that hides or reorders characters is refused and nothing is made', async () => {
      const count = (await call('GET', '/v1/fundraisers', ADMIN)).body['fundraisers'].length;
      for (const [field, value] of [['displayName', 'Mina\u202eraP'], ['displayName', 'Mi\u200b\u200bna'], ['story', 'hi\u0007'], ['occasion', 'a\u2066b'], ['displayName', '  '], ['displayName', 'a\nb'], ['date', '2027-02-30']] as const) {
        const r = await call('POST', '/v1/campaigns/team-a/fundraisers', undefined, page({ [field]: value }));
        assert.equal(r.status, 400, `${field}=${JSON.stringify(value)}`);
        assert.equal(r.body['field'], field);
      }
      assert.equal((await call('GET', '/v1/fundraisers', ADMIN)).body['fundraisers'].length, count);
    });

    test('a team at the deepest level takes pages; nothing goes below a page', async () => {
      const { id } = await start('squad');
      const moved = await call('PATCH', '/v1/campaigns/team-b', ADMIN, { parent: id });
      assert.equal(moved.status, 400, JSON.stringify(moved.body));
      assert.match(moved.body['detail'], /fundraiser page/);
    });

    test('creation is limited per address (5 an hour)', async () => {
      const from = '198.51.100.77';
      for (let i = 0; i < 5; i++) assert.equal((await call('POST', '/v1/campaigns/team-b/fundraisers', undefined, page(), from)).status, 201);
      const r = await call('POST', '/v1/campaigns/team-b/fundraisers', undefined, page(), from);
      assert.equal(r.status, 429);
      assert.ok(Number((r as any).body['status'] ?? 429));
    });

    test('/metrics counts pages by state, as the review list has them', async () => {
      const pages = (await call('GET', '/v1/fundraisers', ADMIN)).body['fundraisers'] as { state: string }[];
      const text = (await call('GET', '/metrics', METRICS)).body as unknown as string;
      for (const state of ['pending', 'approved', 'taken_down', 'closed', 'rejected']) {
        const m = new RegExp(`^rescuekit_fundraiser_pages\\{state="${state}"\\} (\\d+)$`, 'm').exec(text);
        assert.ok(m, `${state} in ${text.slice(0, 200)}`);
        assert.equal(Number(m[1]), pages.filter((p) => p.state === state).length, state);
      }
      assert.ok(pages.some((p) => p.state === 'pending') && pages.some((p) => p.state === 'taken_down'));
    });

    test('a team with fundraisers "off" takes none; "auto" makes pages public at once', async () => {
      assert.equal((await call('PATCH', '/v1/campaigns/team-b', leadB, { fundraisers: 'off' })).status, 200);
      assert.equal((await call('POST', '/v1/campaigns/team-b/fundraisers', undefined, page())).status, 409);
      await call('PATCH', '/v1/campaigns/team-b', leadB, { fundraisers: 'auto' });
      const r = await call('POST', '/v1/campaigns/team-b/fundraisers', undefined, page());
      assert.equal(r.body['state'], 'approved');
      assert.equal((await call('GET', `/v1/campaigns/${r.body['id']}`)).status, 200);
    });
  });
}
