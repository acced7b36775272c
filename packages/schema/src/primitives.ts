/**
 * Rules both sides share, written once: bounded strings and http(s) URLs for the zod contracts,
 * the attribution (UTM) keys a checkout carries, canonical JSON for request fingerprints, and the
 * smallest and largest gift a campaign takes.
 */
import * as z from 'zod/mini';
import { STRIPE_MAXIMUM_CHARGE, stripeMinimumCharge } from './fees.js';

export const MAX_MINOR = 100_000_000_000; // 1e11 minor units: far above any gift, far below 2^53.

/** A positive integer amount in the currency's minor unit. */
export const MinorAmount = /* @__PURE__ */ z.int({
  error: (iss) => (iss.input === undefined ? 'is required' : 'must be a whole number of minor units (no decimals)'),
}).check(z.positive('must be a positive whole number of minor units'), z.maximum(MAX_MINOR));

/** A non-empty string of at most `max` characters. */
export const bounded = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/**
 * An absolute http(s) URL of at most 2,000 characters.
 * `@__PURE__`: the widgets import this module for the zod-free rules below; marked so, a schema
 * they never read drops out of their bundles, and zod with it (they are zod-free).
 */
export const HttpUrl = /* @__PURE__ */ z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL'),
);

/** The attribution keys a checkout carries from the page's query to Stripe's metadata. */
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term'] as const;

/**
 * JSON with object keys sorted at every depth, undefined members left out: equal values give equal
 * strings (for JSON-parsed input, exactly `JSON.stringify` with sorted keys).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The smallest and largest single gift a campaign takes online: its `minAmount` and `maxAmount`
 * within what Stripe can charge in its currency. What checkout enforces and the giving elements
 * check before they call.
 */
export function giftLimits(campaign: { currency: string; minAmount?: number | undefined; maxAmount?: number | undefined }): [min: number, max: number] {
  const min = Math.max(campaign.minAmount ?? 1, stripeMinimumCharge(campaign.currency) ?? 1);
  return [min, Math.min(campaign.maxAmount ?? STRIPE_MAXIMUM_CHARGE, STRIPE_MAXIMUM_CHARGE)];
}
