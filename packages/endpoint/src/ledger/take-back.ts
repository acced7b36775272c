/**
 * What a payment's refunds and disputes take back, in the currency it was counted in.
 *
 * A refund or dispute in the counted currency takes back its own amount. One in another
 * currency (the donor's, when Stripe's Adaptive Pricing converted the price) takes back its
 * share of the counted amount: `counted × part / whole`, rounded half away from zero, where
 * `whole` is the same charge's amount in that currency; a part of at least the whole takes back
 * exactly all of it. Shares are taken of cumulative amounts (Stripe's `amount_refunded`), never
 * summed from rounded deltas, so partial refunds that add up to the whole take back exactly the whole.
 */
import type { DonorAmount, DisputeStage } from './effects.js';

/** A charge of a payment as its refunds describe it: its own currency and amount, and the donor's. */
export interface ChargeFacts {
  currency: string;
  amount: number;
  donor?: DonorAmount;
}

/** The parts of a payment's state this module reads. */
export interface TakeBackFacts {
  currency: string | null;
  amount: number;
  donor?: DonorAmount | undefined;
  refunded: Record<string, number>;
  charges?: Record<string, ChargeFacts> | undefined;
  disputes: Record<string, { stage: DisputeStage; held: number; currency?: string }>;
}

/** `counted × part / whole` in integers, rounded half away from zero; all of `counted` from `part >= whole`. */
export function share(counted: number, part: number, whole: number): number {
  if (part <= 0 || counted <= 0) return 0;
  if (part >= whole) return counted;
  const c = BigInt(counted);
  const p = BigInt(part);
  const w = BigInt(whole);
  return Number((2n * c * p + w) / (2n * w));
}

/** The donor's currency and amount: the paying event's, else the first charge (by id) that names them. */
export function donorOf(s: Pick<TakeBackFacts, 'donor' | 'charges'>): DonorAmount | undefined {
  if (s.donor) return s.donor;
  const charges = s.charges ?? {};
  for (const id of Object.keys(charges).sort()) {
    const d = charges[id]!.donor;
    if (d) return d;
  }
  return undefined;
}

/** The whole a dispute in `currency` is a part of: the donor's amount, or a charge's in that currency. */
function wholeIn(s: TakeBackFacts, currency: string): number | undefined {
  const donor = donorOf(s);
  if (donor?.currency === currency) return donor.amount;
  const charges = s.charges ?? {};
  for (const id of Object.keys(charges).sort()) if (charges[id]!.currency === currency) return charges[id]!.amount;
  return undefined;
}

/** Everything a payment's refunds and disputes take back, minor units of its counted currency (may exceed `amount`). */
export function takenBack(s: TakeBackFacts): number {
  let total = 0;
  for (const [charge, refunded] of Object.entries(s.refunded)) {
    const c = s.charges?.[charge];
    total += !c || c.currency === s.currency ? refunded : share(s.amount, refunded, c.amount);
  }
  for (const d of Object.values(s.disputes)) {
    if (d.held === 0 || !d.currency || d.currency === s.currency) {
      total += d.held;
      continue;
    }
    const whole = wholeIn(s, d.currency);
    // A dispute in a currency nothing relates to the counted one holds back the whole gift.
    total += whole === undefined ? s.amount : share(s.amount, d.held, whole);
  }
  return total;
}
