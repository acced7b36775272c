// The console names the team's monthly Allies and those past due (their card failed and Stripe is
// retrying it), from the team's progress, in Chromium against a real endpoint fed signed webhooks.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { signedWebhook, stripeEvent } from '../../packages/endpoint/test/support/stripe-server.js';
import { personKey, signedIn, startConsoleHost, TEAM, text, type ConsoleHost } from './console-harness.js';

const SECRET = 'whsec_console_allies';

describe('the console and Allies at risk', () => {
  let host: ConsoleHost;
  before(async () => {
    host = await startConsoleHost({ env: { STRIPE_WEBHOOK_SECRET: SECRET } });
  });
  after(async () => host?.close());

  async function deliver(event: unknown): Promise<void> {
    const signed = signedWebhook(event, SECRET);
    const res = await fetch(`${host.server.url}/v1/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body });
    assert.equal(res.status, 200, await res.text());
  }
  const subscription = (id: string, status: string, created: number) =>
    stripeEvent(status === 'active' ? 'customer.subscription.created' : 'customer.subscription.updated', {
      id, object: 'subscription', status, metadata: { rescuekit_campaign: TEAM, rescuekit_frequency: 'monthly' },
    }, { id: `evt_${id}_${status}`, created });

  test('a lead sees how many Allies the team has and how many are past due, in English and Korean', async () => {
    const key = await personKey(host, TEAM, 'lead', 'River lead');
    const none = await signedIn(host, key, { width: 320 });
    assert.equal(await none.page.$('main p.allies'), null, 'no Allies yet: no line');
    const now = Math.floor(Date.now() / 1000);
    await deliver(subscription('sub_a', 'active', now - 100));
    await deliver(subscription('sub_b', 'active', now - 100));
    await deliver(subscription('sub_b', 'past_due', now - 10));
    const en = await signedIn(host, key, { width: 320 });
    assert.equal(await text(en.page, 'main p.allies'), '2 monthly Allies · 1 past due: their card failed and Stripe is retrying it');
    const ko = await signedIn(host, key, { width: 320, lang: 'ko-KR,ko' });
    assert.equal(await text(ko.page, 'main p.allies'), '월간 후원자 2명 · 그중 1명 결제 실패: Stripe가 카드 결제를 다시 시도하는 중');
    assert.deepEqual([...none.errors, ...en.errors, ...ko.errors], []);
  });
});
