/**
 * The monthly upsell and impact lines on the server side: config and request contracts, the
 * offer rule, progress carrying the settings, and the donor's answer in the session's metadata
 * (real Stripe SDK over HTTP to the local Stripe-compatible server).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckoutRequest, MONTHLY_FLOOR, Progress, RescuekitConfig, describeIssue, monthlyOffer } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createStripeClient } from '../src/stripe/client.js';
import { startStripeServer, type StripeServer } from './support/stripe-server.js';
import { ADMIN } from './helpers.js';

const ORIGIN = 'https://chapter.example.org';
const impact = { '900': { en: '$9 is a day of safe shelter', ko: '9달러는 안전한 쉼터에서의 하루입니다' }, '2700': { en: '$27 feeds a family in hiding for a week', ko: '27달러는 숨어 지내는 가족의 일주일 식량입니다' } };
const CONFIG = {
  allowedOrigins: ['http://localhost:8787'],
  campaigns: [
    { id: 'upsell', title: 'Upsell on', currency: 'usd', goal: 900_000, rescueCost: 300_000, presets: [900, 2700, 4500, 9000], upsell: { monthly: true }, impact, allowedOrigins: [ORIGIN] },
    { id: 'plain', title: 'Upsell off', currency: 'usd', goal: 900_000, rescueCost: 300_000, presets: [900, 2700], allowedOrigins: [ORIGIN] },
    { id: 'own-rule', title: 'Own rule', currency: 'usd', goal: 900_000, rescueCost: 300_000, maxAmount: 1_000_000, upsell: { monthly: true, divisor: 4, floor: 1500, amounts: [1500, 2500] }, allowedOrigins: [ORIGIN] },
  ],
};

describe('contracts', () => {
  test('configs with upsell and impact validate; old configs with plain number presets still do', () => {
    assert.ok(RescuekitConfig.safeParse(CONFIG).success);
    const old = { campaigns: [{ id: 'old', title: 'Old', currency: 'usd', goal: 100, rescueCost: 100, presets: [900, 2700] }] };
    assert.ok(RescuekitConfig.safeParse(old).success);
  });

  test('malformed upsell and impact settings are refused, naming the field', () => {
    const field = (c: Record<string, unknown>) => {
      const r = RescuekitConfig.safeParse({ campaigns: [{ id: 'x', title: 'X', currency: 'usd', goal: 100, rescueCost: 100, ...c }] });
      assert.equal(r.success, false, JSON.stringify(c));
      return describeIssue(r.error!).field;
    };
    assert.equal(field({ upsell: { monthly: 'yes' } }), 'campaigns.0.upsell.monthly');
    assert.equal(field({ upsell: { monthly: true, divisor: 1 } }), 'campaigns.0.upsell.divisor');
    assert.equal(field({ upsell: { monthly: true, floor: 9.5 } }), 'campaigns.0.upsell.floor');
    assert.equal(field({ upsell: { monthly: true, every: 2 } }), 'campaigns.0.upsell.every');
    assert.match(field({ impact: { '27.00': { en: 'x' } } }), /^campaigns\.0\.impact/);
    assert.match(field({ impact: { '2700': { en: '' } } }), /^campaigns\.0\.impact/);
    assert.match(field({ impact: { '2700': { en: 'x'.repeat(121) } } }), /^campaigns\.0\.impact/);
    assert.match(field({ impact: { '2700': { 'not a tag': 'x' } } }), /^campaigns\.0\.impact/);
  });

  test('the checkout body takes the upsell answer, consistent with the frequency', () => {
    const base = { campaign: 'upsell', amount: 900, currency: 'usd', returnUrl: `${ORIGIN}/` };
    assert.deepEqual(CheckoutRequest.parse({ ...base, frequency: 'monthly', upsell: 'accepted', upsellFrom: 2700 }), { ...CheckoutRequest.parse(base), frequency: 'monthly', upsell: 'accepted', upsellFrom: 2700 });
    assert.equal(CheckoutRequest.parse({ ...base, frequency: 'once', upsell: 'declined' }).upsell, 'declined');
    assert.equal(CheckoutRequest.parse(base).upsell, undefined);
    for (const bad of [{ frequency: 'once', upsell: 'accepted', upsellFrom: 2700 }, { frequency: 'monthly', upsell: 'declined' }, { upsell: 'maybe' }]) {
      const r = CheckoutRequest.safeParse({ ...base, ...bad });
      assert.equal(r.success, false, JSON.stringify(bad));
      assert.equal(describeIssue(r.error!).field, 'upsell');
    }
  });

  test('the one-time gift an accepted offer replaced comes with it, and only with it', () => {
    const base = { campaign: 'upsell', amount: 900, currency: 'usd', returnUrl: `${ORIGIN}/` };
    for (const bad of [
      { frequency: 'monthly', upsell: 'accepted' },
      { frequency: 'once', upsell: 'declined', upsellFrom: 2700 },
      { frequency: 'once', upsellFrom: 2700 },
      { frequency: 'monthly', upsell: 'accepted', upsellFrom: 27.5 },
      { frequency: 'monthly', upsell: 'accepted', upsellFrom: 0 },
    ]) {
      const r = CheckoutRequest.safeParse({ ...base, ...bad });
      assert.equal(r.success, false, JSON.stringify(bad));
      assert.equal(describeIssue(r.error!).field, 'upsellFrom', JSON.stringify(bad));
    }
  });
});

describe('monthlyOffer', () => {
  const presets = [900, 2700, 4500, 9000];
  test('default: the largest preset at most a third of the one-time gift, never below $9', () => {
    assert.equal(monthlyOffer(2700, 'usd', {}, presets), 900);
    assert.equal(monthlyOffer(9000, 'usd', {}, presets), 2700);
    assert.equal(monthlyOffer(13_500, 'usd', {}, presets), 4500);
    assert.equal(monthlyOffer(100_000, 'usd', {}, presets), 9000);
    assert.equal(monthlyOffer(8099, 'usd', {}, presets), 900, 'a third of $80.99 is below $27');
  });
  test('no offer when a third of the gift is below the floor (or the gift itself is)', () => {
    assert.equal(monthlyOffer(2699, 'usd', {}, presets), undefined);
    assert.equal(monthlyOffer(2000, 'usd', {}, presets), undefined);
    assert.equal(monthlyOffer(500, 'usd', {}, presets), undefined);
  });
  test('without presets the floor itself is offered; a campaign minimum raises the floor', () => {
    assert.equal(monthlyOffer(5000, 'usd', {}), MONTHLY_FLOOR.usd);
    assert.equal(monthlyOffer(5000, 'usd', {}, presets, 1200), 1200);
    assert.equal(monthlyOffer(3000, 'usd', {}, presets, 1200), undefined);
  });
  test('currency-aware floors; an unknown currency needs the campaign to set one', () => {
    assert.equal(monthlyOffer(30_000, 'krw', {}, [10_000, 30_000]), 10_000);
    assert.equal(monthlyOffer(29_999, 'krw', {}, [10_000, 30_000]), undefined);
    assert.equal(monthlyOffer(100_000, 'sek', {}, [900, 2700]), undefined);
    assert.equal(monthlyOffer(100_000, 'sek', { floor: 5000 }, [9000]), 9000);
  });
  test("the campaign's own rule: divisor, floor and amounts", () => {
    const rule = { divisor: 4, floor: 1500, amounts: [1500, 2500] };
    assert.equal(monthlyOffer(10_000, 'usd', rule), 2500);
    assert.equal(monthlyOffer(9999, 'usd', rule), 1500);
    assert.equal(monthlyOffer(5999, 'usd', rule), undefined);
    assert.equal(monthlyOffer(40_000, 'usd', rule, [9000]), 9000, "the element's presets count too");
  });
});

describe('endpoint', () => {
  let stripeServer: StripeServer;
  let app: App;
  before(async () => {
    stripeServer = await startStripeServer();
    const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_upsell', STRIPE_API_URL: stripeServer.url }, { maxNetworkRetries: 0 });
    app = createApp({ config: RescuekitConfig.parse(CONFIG), store: openSqliteStore(':memory:'), adminToken: ADMIN, logger: () => {}, stripe });
    await app.ready;
  });
  after(() => stripeServer.close());
  const progress = async (id: string) => Progress.parse(await (await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}`), { ip: '203.0.113.7' })).json());

  test('progress carries the upsell rule (amounts default to the presets) and the impact lines, only when configured', async () => {
    const p = await progress('upsell');
    assert.deepEqual(p.upsell, { monthly: true, amounts: [900, 2700, 4500, 9000] });
    assert.deepEqual(p.impact, impact);
    assert.deepEqual((await progress('own-rule')).upsell, { monthly: true, divisor: 4, floor: 1500, amounts: [1500, 2500] });
    const plain = await progress('plain');
    assert.equal('upsell' in plain, false);
    assert.equal('impact' in plain, false);
  });

  const give = async (body: Record<string, unknown>) => {
    const before = stripeServer.sessions.size;
    const res = await app.fetch(
      new Request('http://rk.test/v1/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ campaign: 'upsell', currency: 'usd', uiMode: 'embedded', returnUrl: `${ORIGIN}/give`, ...body }),
      }),
      { ip: '203.0.113.8' },
    );
    const session = stripeServer.sessions.size > before ? ([...stripeServer.sessions.values()].at(-1) as { metadata: Record<string, string> }) : undefined;
    return { res, session };
  };

  test('accepted: a monthly session whose metadata (session and subscription) says so', async () => {
    const { res, session } = await give({ amount: 900, frequency: 'monthly', upsell: 'accepted', upsellFrom: 2700 });
    assert.equal(res.status, 200);
    assert.equal(session!.metadata.rescuekit_upsell, 'accepted');
    assert.equal(session!.metadata.rescuekit_frequency, 'monthly');
    const sent = stripeServer.requests.at(-1)!.body as any;
    assert.equal(sent.mode, 'subscription');
    assert.equal(sent.subscription_data.metadata.rescuekit_upsell, 'accepted');
  });

  test('declined: a one-time session whose metadata (session and payment) says so', async () => {
    const { res, session } = await give({ amount: 2700, frequency: 'once', upsell: 'declined' });
    assert.equal(res.status, 200);
    assert.equal(session!.metadata.rescuekit_upsell, 'declined');
    assert.equal((stripeServer.requests.at(-1)!.body as any).payment_intent_data.metadata.rescuekit_upsell, 'declined');
  });

  test('no answer, no key; a contradictory answer is a 400 naming upsell, before Stripe', async () => {
    const { session } = await give({ amount: 2700, frequency: 'once' });
    assert.equal('rescuekit_upsell' in session!.metadata, false);
    const { res, session: none } = await give({ amount: 2700, frequency: 'once', upsell: 'accepted' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { field: string }).field, 'upsell');
    assert.equal(none, undefined);
  });

  test('accepted: the endpoint checks the offer against the campaign\'s rule (floor .. one-time / divisor), before Stripe', async () => {
    const refused = async (body: Record<string, unknown>, field: string) => {
      const { res, session } = await give({ frequency: 'monthly', upsell: 'accepted', ...body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      const problem = (await res.json()) as { code: string; field: string; detail: string };
      assert.deepEqual([problem.code, problem.field], ['invalid_request', field], JSON.stringify(body));
      assert.equal(session, undefined, 'no session for an offer the campaign does not make');
      return problem.detail;
    };
    const made = async (body: Record<string, unknown>) => {
      const { res, session } = await give({ frequency: 'monthly', upsell: 'accepted', returnUrl: `${ORIGIN}/give-day`, ...body });
      assert.equal(res.status, 200, `${JSON.stringify(body)}: ${await res.clone().text()}`);
      assert.equal(session!.metadata.rescuekit_upsell, 'accepted');
      assert.equal((stripeServer.requests.at(-1)!.body as any).line_items[0].price_data.unit_amount, String(body.amount));
    };
    // Default rule, usd: at least $9, at most a third of the one-time gift.
    await made({ amount: 900, upsellFrom: 2700 });
    await made({ amount: 3000, upsellFrom: 9000 });
    await made({ amount: 1200, upsellFrom: 9000 }); // not a campaign preset: the element may have offered its own
    assert.equal(await refused({ amount: 900, upsellFrom: 2699 }, 'amount'), 'amount: a one-time gift of $26.99 has no monthly offer');
    assert.equal(await refused({ amount: 2700, upsellFrom: 2700 }, 'amount'), 'amount: the monthly offer for a one-time gift of $27 is $9');
    assert.equal(await refused({ amount: 3001, upsellFrom: 9000 }, 'amount'), 'amount: the monthly offer for a one-time gift of $90 is $9 to $30');
    await refused({ amount: 500, upsellFrom: 9000 }, 'amount');
    // The campaign's own rule: divisor 4, floor $15; a one-time gift it takes (max $10,000).
    await made({ campaign: 'own-rule', amount: 1500, upsellFrom: 6000 });
    await made({ campaign: 'own-rule', amount: 2500, upsellFrom: 10_000 });
    await refused({ campaign: 'own-rule', amount: 1500, upsellFrom: 5999 }, 'amount');
    await refused({ campaign: 'own-rule', amount: 1000, upsellFrom: 40_000 }, 'amount');
    await refused({ campaign: 'own-rule', amount: 2500, upsellFrom: 1_000_001 }, 'upsellFrom');
    // A campaign without the upsell makes no offer at all.
    assert.equal(await refused({ campaign: 'plain', amount: 900, upsellFrom: 2700 }, 'upsell'), 'upsell: this campaign makes no monthly offer');
    // The schema's part: the one-time gift is required with "accepted".
    await refused({ amount: 900 }, 'upsellFrom');
  });
});
