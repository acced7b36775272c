// Giving day, phase B: two endpoint servers on one Postgres, live subscribers split across them,
// a burst of distinct signed Stripe webhooks (half to each server, some delivered twice as Stripe
// retries do) while donors create checkouts against a local Stripe-compatible server.
import { spread } from './giving-day-one-server.js';
import { startChild, startGdServer, sleep, type Child } from './giving-day-procs.js';
import { GD_CAMPAIGNS, GD_ORIGIN, GD_STRIPE_KEY, GD_TEAM, GD_WEBHOOK_SECRET, clockMs, quantile, signedGift } from './giving-day-shared.js';

export interface PhaseBOptions {
  databaseUrl: string;
  subscribers: number;
  seconds: number;
  /** Webhook events per second on a normal day, and the giving-day multiple. */
  normalWebhooksPerSecond: number;
  normalCheckoutsPerSecond: number;
  multiple: number;
  /** Every n-th event is delivered a second time, to the other server (0: never). */
  redeliverEvery: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { count: s.length, p50: round(quantile(s, 0.5)), p99: round(quantile(s, 0.99)), max: round(s.at(-1) ?? NaN) };
};

async function raised(url: string, campaign: string): Promise<number> {
  return ((await (await fetch(`${url}/v1/campaigns/${campaign}`)).json()) as { raised: number }).raised;
}

export async function phaseB(o: PhaseBOptions) {
  const stripe = startChild('bench/giving-day-stripe.ts');
  const stripeUrl = String((await stripe.next())['url']);
  const env = { GD_DATABASE_URL: o.databaseUrl, STRIPE_SECRET_KEY: GD_STRIPE_KEY, STRIPE_API_URL: stripeUrl, STRIPE_WEBHOOK_SECRET: GD_WEBHOOK_SECRET };
  const servers = [await startGdServer(env), await startGdServer(env)];
  // One client process per server: its worst latency per event is that server's.
  const clients: Child[] = servers.map(() => startChild('bench/giving-day-client.ts'));
  try {
    await Promise.all(clients.map((c) => c.next()));
    const half = Math.floor(o.subscribers / 2);
    const opened = await Promise.all(clients.map((c, i) => c.ask({ cmd: 'open', targets: spread(i === 0 ? half : o.subscribers - half, servers[i]!.port) })));
    const before = await Promise.all(servers.map(async (s) => Object.fromEntries(await Promise.all(GD_CAMPAIGNS.map(async (c) => [c, await raised(s.url, c)])))));

    const webhookRate = o.normalWebhooksPerSecond * o.multiple;
    const checkoutRate = o.normalCheckoutsPerSecond * o.multiple;
    const acks: { at: number; amount: number }[] = [];
    const webhookMs: number[] = [];
    const checkoutMs: number[] = [];
    const errors = { webhook: {} as Record<string, number>, redelivery: {} as Record<string, number>, checkout: {} as Record<string, number> };
    const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
    let sentSum = 0;
    let redelivered = 0;
    const inFlight = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => (inFlight.add(p), void p.finally(() => inFlight.delete(p)));

    const postWebhook = async (server: number, body: { payload: string; signature: string }) => {
      const res = await fetch(`${servers[server]!.url}/v1/webhooks/stripe`, { method: 'POST', body: body.payload, headers: { 'content-type': 'application/json', 'stripe-signature': body.signature } });
      return { status: res.status, text: await res.text() };
    };
    const webhook = async (k: number) => {
      const amount = 500 + ((k * 7919) % 9_500);
      const body = signedGift(`burst_${k}_${Date.now().toString(36)}`, amount);
      const t0 = clockMs();
      try {
        const r = await postWebhook(k % 2, body);
        if (r.status !== 200) return void bump(errors.webhook, `HTTP ${r.status}`);
        const at = clockMs();
        sentSum += amount; // acknowledged: Stripe would not send it again, so it must count once
        acks.push({ at, amount });
        webhookMs.push(at - t0);
        if (o.redeliverEvery && k % o.redeliverEvery === 0) {
          redelivered++;
          const again = await postWebhook((k + 1) % 2, body); // Stripe retrying to the other server
          if (again.status !== 200 || !again.text.includes('"duplicate":true')) bump(errors.redelivery, `HTTP ${again.status} ${again.text.slice(0, 40)}`);
        }
      } catch (e) {
        bump(errors.webhook, (e as Error).message);
      }
    };
    const checkout = async (k: number) => {
      const t0 = clockMs();
      try {
        const res = await fetch(`${servers[k % 2]!.url}/v1/checkout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: GD_ORIGIN, 'x-forwarded-for': `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}` },
          body: JSON.stringify({ campaign: GD_TEAM, amount: 2_700, currency: 'usd', frequency: 'once', coverFees: false, uiMode: 'embedded', returnUrl: `${GD_ORIGIN}/thanks` }),
        });
        await res.arrayBuffer();
        if (res.status === 200) checkoutMs.push(clockMs() - t0);
        else bump(errors.checkout, `HTTP ${res.status}`);
      } catch (e) {
        bump(errors.checkout, (e as Error).message);
      }
    };

    // Open loop: each request leaves on its schedule whether or not earlier ones have answered.
    const start = clockMs();
    const end = start + o.seconds * 1000;
    let sentWebhooks = 0;
    let sentCheckouts = 0;
    while (clockMs() < end) {
      const elapsed = (clockMs() - start) / 1000;
      while (sentWebhooks < Math.floor(elapsed * webhookRate)) track(webhook(sentWebhooks++));
      while (sentCheckouts < Math.floor(elapsed * checkoutRate)) track(checkout(++sentCheckouts));
      await sleep(5);
    }
    while (inFlight.size) await Promise.race(inFlight);
    const ingestSeconds = (Math.max(...acks.map((a) => a.at)) - start) / 1000;

    // Exact totals on both servers: every distinct event once, redeliveries never.
    let after: Record<string, number>[] = [];
    for (let waited = 0; waited <= 10_000; waited += 200) {
      after = await Promise.all(servers.map(async (s) => Object.fromEntries(await Promise.all(GD_CAMPAIGNS.map(async (c) => [c, await raised(s.url, c)])))));
      if (after.every((a, i) => GD_CAMPAIGNS.every((c) => a[c]! - before[i]![c]! === sentSum))) break;
      await sleep(200);
    }
    const counted = after.map((a, i) => Object.fromEntries(GD_CAMPAIGNS.map((c) => [c, a[c]! - before[i]![c]!])));
    const exact = counted.every((byCampaign) => Object.values(byCampaign).every((v) => v === sentSum));

    // Caught-up latency: after each acknowledgement, until every subscriber shows at least the
    // sum of everything acknowledged so far (totals only grow here, and each ack means committed).
    acks.sort((a, b) => a.at - b.at);
    let need = 0;
    const marks = acks.map((a) => ({ at: a.at, need: (need += a.amount) }));
    const answers = await Promise.all(clients.map((c) => c.ask({ cmd: 'latency', marks })));
    const worst = answers.map((a) => a['worst'] as number[]);
    const both = marks.map((_, k) => Math.max(worst[0]![k]!, worst[1]![k]!));
    const serverStats = await Promise.all(servers.map((s) => s.ask({ cmd: 'stats' })));
    const stripeStats = await stripe.ask({ cmd: 'stats' });

    return {
      normal: { webhooksPerSecond: o.normalWebhooksPerSecond, checkoutsPerSecond: o.normalCheckoutsPerSecond, multiple: o.multiple },
      seconds: o.seconds,
      subscribers: { asked: o.subscribers, opened: opened.reduce((n, r) => n + Number(r['opened']), 0), failed: opened.map((r) => r['failed']) },
      webhooks: {
        targetPerSecond: webhookRate, sent: sentWebhooks, acknowledged: acks.length, redelivered, ingestPerSecond: Math.round(acks.length / ingestSeconds),
        ackMs: stats(webhookMs), errors: errors.webhook, redeliveryErrors: errors.redelivery,
      },
      live: { serverA: stats(worst[0]!), serverB: stats(worst[1]!), both: stats(both), missing: answers.reduce((n, a) => n + Number(a['missing']), 0), dropped: answers.reduce((n, a) => n + Number(a['dropped']), 0),
        firstDropSeconds: answers.map((a) => (a['firstDropAt'] ? round((Number(a['firstDropAt']) - start) / 1000) : null)),
        closed: answers.map((a) => a['closeReasons'] as Record<string, number>), framesPerSecondPerClient: answers.map((a) => Math.round(Number(a['frames']) / o.seconds)) },
      checkout: { targetPerSecond: checkoutRate, sent: sentCheckouts, ok: checkoutMs.length, ms: stats(checkoutMs), errors: errors.checkout, stripeSessions: Number(stripeStats['sessions']) },
      totals: { sentCents: sentSum, counted, exact },
      serverErrorsLogged: serverStats.map((s) => (s['stats'] as { errors: number }).errors),
      webhookCommits: serverStats.map((s) => (s['stats'] as { commits: { commits: number; events: number } }).commits),
    };
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    await Promise.all(servers.map((s) => s.stop()));
    await stripe.stop();
  }
}
