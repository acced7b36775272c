/**
 * Settling an Ally's same-second tie. Stripe's `created` is whole seconds, so two events of one
 * second may give a subscription two statuses (a signup's `incomplete` and its `active`) and their
 * order says nothing. The ledger stays pure: such an event's decision fails with `AllyTie` and
 * writes nothing (its id stays unclaimed). The caller then asks Stripe for the subscription and
 * applies the same event again carrying Stripe's status, marked `settle: 'fetched'` so it wins the
 * tie. Exact (Stripe's own word, read after both events happened), idempotent (the event id is
 * claimed once, by the settled attempt), and order-free: whichever event arrives second asks, and
 * a newer event or a final status still wins over the answer, as over any status of that second.
 */
import type Stripe from 'stripe';
import type { AllyFact, LedgerEffect } from '../ledger/effects.js';
import { AllyTie } from '../ledger/errors.js';
import { isSubscriptionStatus } from '../ledger/state.js';
import { allyFactOf } from '../ledger/stripe-events.js';
import type { StripeEventResult } from '../ledger/types.js';

/** Webhook-path budget: Stripe waits up to 20 s for our answer; leave room for the commit. */
const SUBSCRIPTION_TIMEOUT_MS = 8_000;

/** `effect` with its Ally fact replaced. */
function withFact(effect: LedgerEffect, fact: AllyFact): LedgerEffect {
  if (effect.kind === 'ally') return { ...effect, ...fact };
  if (effect.kind === 'payment' || effect.kind === 'record') return { ...effect, ally: fact };
  return effect;
}

/** Whether a result is a tie to settle. */
const isTie = (r: StripeEventResult): boolean => r.outcome === 'failed' && r.error instanceof AllyTie;

/** A tie Stripe could not settle (it did not answer): the event stays unprocessed, for its redelivery. */
export class TieUnsettled extends Error {
  readonly subscriptionId: string;

  constructor(subscriptionId: string, cause: unknown) {
    super(`could not fetch subscription ${subscriptionId} to settle two statuses of one second`, { cause });
    this.name = 'TieUnsettled';
    this.subscriptionId = subscriptionId;
  }
}

/**
 * The effect settled: with Stripe's status of its subscription (`fetched`), or, with no Stripe client
 * to ask, marked to settle by Stripe's lifecycle order (`ranked`, the same whatever the arrival order).
 * Throws when Stripe cannot answer: the event is then not processed, and Stripe delivers it again.
 */
export async function settleTie(stripe: Stripe | null | undefined, effect: LedgerEffect): Promise<LedgerEffect> {
  const fact = allyFactOf(effect);
  if (!fact) return effect;
  if (!stripe) return withFact(effect, { ...fact, settle: 'ranked' });
  const sub = await stripe.subscriptions.retrieve(fact.subscriptionId, {}, { timeout: SUBSCRIPTION_TIMEOUT_MS, maxNetworkRetries: 1 });
  if (!isSubscriptionStatus(sub.status)) throw new Error(`subscription ${fact.subscriptionId} has a status this release does not know (${sub.status})`);
  return withFact(effect, { ...fact, status: sub.status, settle: 'fetched' });
}

/**
 * Applies `effects` with `apply` (one commit), then settles each tie by {@link settleTie} and applies
 * those again (a second commit). A tie Stripe could not settle keeps a failed result, with Stripe's error.
 */
export async function applySettlingTies<R extends StripeEventResult>(
  stripe: Stripe | null | undefined,
  effects: readonly LedgerEffect[],
  apply: (effects: readonly LedgerEffect[]) => Promise<R[]>,
): Promise<(R | { outcome: 'failed'; error: unknown })[]> {
  const results: (R | { outcome: 'failed'; error: unknown })[] = await apply(effects);
  const tied = results.flatMap((r, i) => (isTie(r) ? [i] : []));
  if (!tied.length) return results;
  const settled = new Map<number, LedgerEffect>();
  await Promise.all(tied.map(async (i) => {
    try {
      settled.set(i, await settleTie(stripe, effects[i]!));
    } catch (error) {
      results[i] = { outcome: 'failed', error: new TieUnsettled(allyFactOf(effects[i]!)?.subscriptionId ?? '', error) };
    }
  }));
  const again = await apply([...settled.values()]);
  [...settled.keys()].forEach((i, k) => (results[i] = again[k]!));
  return results;
}
