/**
 * Cover-the-fees arithmetic and Stripe's per-currency charge limits.
 * Integers only: rates are basis points, amounts are minor units. The widget
 * shows the donor exactly what the endpoint will charge because both call
 * these same functions.
 */

/** A processing fee of `percentBps / 100` percent plus `fixed` minor units per charge. */
export interface FeeRate {
  /** Percentage part in basis points: 290 = 2.9 %. 0 <= percentBps < 10000. */
  percentBps: number;
  /** Fixed part in the currency's minor unit: 30 = $0.30. */
  fixed: number;
}

/** Stripe's standard US card pricing, the default for USD campaigns that configure none. */
export const DEFAULT_FEE_RATES: Readonly<Record<string, FeeRate>> = Object.freeze({
  usd: Object.freeze({ percentBps: 290, fixed: 30 }),
});

const BPS = 10_000n;

function assertRate(rate: FeeRate): void {
  if (!Number.isSafeInteger(rate.percentBps) || rate.percentBps < 0 || rate.percentBps >= 10_000) {
    throw new RangeError(`percentBps must be an integer in [0, 10000), got ${rate.percentBps}`);
  }
  if (!Number.isSafeInteger(rate.fixed) || rate.fixed < 0) {
    throw new RangeError(`fixed must be a non-negative integer, got ${rate.fixed}`);
  }
}

function assertAmount(name: string, amount: number): void {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${amount}`);
}

/**
 * The most the processor keeps from a charge of `gross`: the percentage part
 * rounded up to a whole minor unit, plus the fixed part. Rounding up makes this
 * a bound whatever rounding the processor applies, so a covered gift never nets short.
 */
export function processingFee(gross: number, rate: FeeRate): number {
  assertAmount('gross', gross);
  assertRate(rate);
  const pct = (BigInt(gross) * BigInt(rate.percentBps) + BPS - 1n) / BPS;
  return Number(pct) + rate.fixed;
}

/** What the organisation receives from a charge of `gross` (may be negative for tiny charges). */
export function netAfterFee(gross: number, rate: FeeRate): number {
  return gross - processingFee(gross, rate);
}

/**
 * The smallest charge whose net, after `processingFee`, is at least `net`:
 * gross = ceil((net + fixed) * 10000 / (10000 - percentBps)), in integers.
 * (gross - ceil(gross * p) - fixed >= net  <=>  gross * (1 - p) >= net + fixed.)
 */
export function grossUpForFees(net: number, rate: FeeRate): number {
  assertAmount('net', net);
  assertRate(rate);
  if (net === 0) return 0;
  const numerator = (BigInt(net) + BigInt(rate.fixed)) * BPS;
  const denominator = BPS - BigInt(rate.percentBps);
  return Number((numerator + denominator - 1n) / denominator);
}

/** Everything a donor is shown when ticking "cover the fees", all in minor units of one currency. */
export interface FeeQuote {
  /** The gift the donor chose. */
  gift: number;
  /** What cover-fees adds on top of the gift ("adds $1.14"); 0 when not covered. */
  fee: number;
  /** What is charged: gift + fee. */
  total: number;
  /** The processor's expected fee on `total`. */
  processorFee: number;
  /** What the organisation expects to receive: total - processorFee (>= gift when covered). */
  net: number;
}

/** The exact amounts for a gift, with or without the fee covered. */
export function quoteGift(gift: number, rate: FeeRate, coverFees: boolean): FeeQuote {
  assertAmount('gift', gift);
  const total = coverFees ? grossUpForFees(gift, rate) : gift;
  const processorFee = processingFee(total, rate);
  return { gift, fee: total - gift, total, processorFee, net: total - processorFee };
}

/**
 * Stripe's minimum charge per presentment currency, in minor units
 * (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
 * Stripe also requires the equivalent of at least $0.50 in the settlement currency,
 * which depends on exchange rates: campaigns in other currencies must set `minAmount`.
 */
const STRIPE_MINIMUM_CHARGE: Readonly<Record<string, number>> = Object.freeze({
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50,
  gbp: 30, hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200,
  ron: 200, sek: 300, sgd: 50, thb: 1000,
});

/** Stripe's minimum charge for `currency` in minor units, or undefined when Stripe lists none. */
export function stripeMinimumCharge(currency: string): number | undefined {
  return STRIPE_MINIMUM_CHARGE[currency.toLowerCase()];
}

/** Stripe's largest amount for a charge: eight digits of minor units ($999,999.99). */
export const STRIPE_MAXIMUM_CHARGE = 99_999_999;
