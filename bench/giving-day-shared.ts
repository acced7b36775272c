// What the giving-day bench's processes agree on: the campaign tree, tokens, signed events.
import type { RescuekitConfig } from '@rescuekit/schema';
import Stripe from 'stripe';

export const GD_ADMIN = 'giving-day-admin-token-0123456789abcdefghijklmn';
export const GD_WEBHOOK_SECRET = 'whsec_giving_day_0123456789abcdef';
export const GD_STRIPE_KEY = 'sk_test_givingday0123456789';
export const GD_ORIGIN = 'https://giving.example';
/** The movement, one region below it and a team below that: every gift rolls up twice. */
export const GD_CAMPAIGNS = ['gd-movement', 'gd-region', 'gd-team'] as const;
export const GD_TEAM = 'gd-team';

export function gdConfig(): RescuekitConfig {
  const base = { currency: 'usd', rescueCost: 300_000, minAmount: 100 } as const;
  return {
    allowedOrigins: [GD_ORIGIN],
    campaigns: [
      { ...base, id: 'gd-movement', title: 'Giving day: the movement', goal: 3_000_000_000, maxAmount: 10_000_000 },
      { ...base, id: 'gd-region', title: 'Giving day: a region', goal: 300_000_000, maxAmount: 10_000_000, parent: 'gd-movement' },
      { ...base, id: 'gd-team', title: 'Giving day: a team', goal: 30_000_000, maxAmount: 10_000_000, offlineMaxAmount: 10_000_000, parent: 'gd-region' },
    ],
  };
}

/** A distinct paid one-time Checkout Session event for the team, signed as Stripe signs it. */
export function signedGift(n: string, amount: number): { payload: string; signature: string } {
  const created = Math.floor(Date.now() / 1000);
  const payload = JSON.stringify({
    id: `evt_gd_${n}`, object: 'event', api_version: Stripe.API_VERSION, created, livemode: false, pending_webhooks: 1,
    request: { id: null, idempotency_key: null }, type: 'checkout.session.completed',
    data: { object: { id: `cs_gd_${n}`, object: 'checkout.session', mode: 'payment', payment_status: 'paid', amount_total: amount,
      currency: 'usd', payment_intent: `pi_gd_${n}`, metadata: { rescuekit_campaign: GD_TEAM, rescuekit_frequency: 'once' } } },
  });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: GD_WEBHOOK_SECRET, timestamp: created }) };
}

/** Milliseconds on a clock every process on this machine shares (epoch-based, sub-millisecond). */
export const clockMs = () => performance.timeOrigin + performance.now();

/** The q-quantile (nearest rank) of an ascending list. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))]!;
}
