/**
 * The donor's currency (Stripe Adaptive Pricing) on the objects the webhook counts, as the pinned
 * API version (`STRIPE_API_VERSION`, 2026-10-28.endive, SDK 23.1 types) sends them. Confirmed in the
 * SDK's types (`node_modules/stripe/esm/resources/*.d.ts`) and Stripe's changelog
 * (basil/2025-03-31 "Adds presentment details for Adaptive Pricing"; clover/2025-09-30 "Removes
 * currency conversion field from Checkout Sessions"; dahlia/2026-03-25 "Adds presentment details for
 * Adaptive Pricing Subscriptions"):
 *
 * - Checkout Session: `currency`, `amount_total` stay in the integration's (the campaign's) currency;
 *   `presentment_details { presentment_amount, presentment_currency }` is what the donor saw and paid.
 *   Sessions created before 2025-03-31 instead had `currency`/`amount_total` in the donor's currency and
 *   the campaign's under `currency_conversion { source_currency, amount_total, amount_subtotal, fx_rate }`
 *   (still typed by the SDK, no longer sent from clover on; read when present).
 * - PaymentIntent, Charge, Refund: `amount`/`currency` (a Charge's `amount_refunded` too) in the
 *   integration's currency; `presentment_details { presentment_amount, presentment_currency }` beside them.
 *   A charge whose `currency` is itself the donor's (an older payment) refunds in those units.
 * - Dispute: `amount`, `currency` only (no presentment details); the amount "can differ (usually because
 *   of currency fluctuation…)", so a dispute in the donor's currency holds back its share.
 * - Invoice: `currency`, `amount_paid` in the subscription's (the campaign's) currency, no presentment
 *   details; the Subscription has `presentment_details { presentment_currency }` only, and the paying
 *   charge has the donor's amount.
 */
import type Stripe from 'stripe';
import type { DonorAmount } from '../ledger/effects.js';

type Presentment = { presentment_amount: number; presentment_currency: string } | null | undefined;

/** The donor's currency and amount from `presentment_details`, when they differ from `currency`. */
export function donorAmount(details: Presentment, currency: string): DonorAmount | undefined {
  if (!details || !Number.isSafeInteger(details.presentment_amount) || details.presentment_amount < 0) return undefined;
  const donorCurrency = details.presentment_currency.toLowerCase();
  return donorCurrency === currency.toLowerCase() ? undefined : { currency: donorCurrency, amount: details.presentment_amount };
}

/** What a paid Checkout Session counts (the campaign's currency and amount) and what the donor paid. */
export function sessionMoney(s: Stripe.Checkout.Session): { amount: number; currency: string; donor?: DonorAmount } | undefined {
  if (!s.amount_total || !s.currency) return undefined;
  const legacy = s.currency_conversion;
  if (legacy && legacy.amount_total > 0) {
    const currency = legacy.source_currency.toLowerCase();
    const donor = donorAmount({ presentment_amount: s.amount_total, presentment_currency: s.currency }, currency);
    return { amount: legacy.amount_total, currency, ...(donor ? { donor } : {}) };
  }
  const currency = s.currency.toLowerCase();
  const donor = donorAmount(s.presentment_details, currency);
  return { amount: s.amount_total, currency, ...(donor ? { donor } : {}) };
}
