/**
 * The monthly upsell's offer rule, shared by the widgets and the endpoint. No zod here: the widgets
 * bundle this module, and a zod schema at its top level would come along (see upsell.ts for the config).
 */
import type { UpsellConfig } from './upsell.js';

/** The smallest monthly gift an upsell offers, by currency (minor units): $9, the movement's ask. */
export const MONTHLY_FLOOR: Readonly<Record<string, number>> = { usd: 900, cad: 900, aud: 900, eur: 900, gbp: 900, krw: 10_000, jpy: 1_000 };

/**
 * The monthly amount to offer instead of a one-time `amount`, or undefined for no offer:
 * the largest candidate (`rule.amounts`, the element's `presets`, and the floor itself) between the floor
 * (and `min`) and `amount / divisor`. A currency without a known floor needs `rule.floor`.
 */
export function monthlyOffer(amount: number, currency: string, rule: Omit<UpsellConfig, 'monthly'>, presets: readonly number[] = [], min = 1): number | undefined {
  const [floor, top] = offerBounds(amount, currency, rule, min);
  let best: number | undefined;
  for (const a of [...(rule.amounts ?? []), ...presets, floor]) if (a >= floor && a <= top && !(a <= best!)) best = a;
  return best;
}

/**
 * What a monthly offer for a one-time `amount` may be: at least the floor (and `min`), at most
 * `amount / divisor` (`[floor, top]`; none when `floor > top`). The endpoint checks an accepted
 * offer against these bounds: the element's own presets, which may also be offered, are not known to it.
 */
export function offerBounds(amount: number, currency: string, rule: Omit<UpsellConfig, 'monthly'>, min = 1): [floor: number, top: number] {
  return [Math.max(rule.floor ?? MONTHLY_FLOOR[currency] ?? Infinity, min), amount / (rule.divisor ?? 3)];
}
