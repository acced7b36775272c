/**
 * Configuration fields checkout adds to a campaign and to the whole endpoint.
 * Depends on zod only, so config.ts can import it without an import cycle.
 */
import * as z from 'zod/mini';
import { bounded, HttpUrl } from './primitives.js';
import { ImpactLines, UpsellConfig } from './upsell.js';


/** Processing fee rate used for "cover the fees": percent in basis points plus a fixed part. */
export const FeeRateConfig = z.strictObject({
  /** 290 = 2.9 %. At most 20 %. */
  percentBps: z.int().check(z.minimum(0), z.maximum(2000)),
  /** Minor units of the campaign's currency: 30 = $0.30. */
  fixed: z.int().check(z.minimum(0), z.maximum(100_000)),
});
export type FeeRateConfig = z.infer<typeof FeeRateConfig>;

/**
 * Optional human check before a Checkout Session is created (card-testing defence).
 * The secret is never in the file: it comes from the env var named by `secretEnv`.
 */
export const HumanCheckConfig = z.strictObject({
  provider: z.enum(['turnstile', 'hcaptcha']),
  /** Public site key the widgets render with. */
  siteKey: bounded(200),
  /** Override of the provider's siteverify URL (tests, proxies). */
  verifyUrl: z.optional(HttpUrl),
  /** Name of the env var holding the secret; default HUMAN_CHECK_SECRET. */
  secretEnv: z.optional(z.string().check(z.regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an env var name such as "HUMAN_CHECK_SECRET"'))),
});
export type HumanCheckConfig = z.infer<typeof HumanCheckConfig>;

/** Per-IP limit on Checkout Session creation. */
export const CheckoutRateLimitConfig = z.strictObject({
  max: z.int().check(z.minimum(1), z.maximum(10_000)),
  windowSeconds: z.int().check(z.minimum(1), z.maximum(86_400)),
});
export type CheckoutRateLimitConfig = z.infer<typeof CheckoutRateLimitConfig>;

/** Fields checkout adds to each campaign: spread into `CampaignConfig`'s strictObject shape. */
export const campaignCheckoutShape = {
  /** Fee rate for this campaign's currency; falls back to the endpoint's, then to the USD default. */
  feeRate: z.optional(FeeRateConfig),
  /** Offer a monthly gift after a one-time choice (see `monthlyOffer`). */
  upsell: z.optional(UpsellConfig),
  /** A short line per preset and language, shown with the amount: `{ "2700": { "en": "…", "ko": "…" } }`. */
  impact: z.optional(ImpactLines),
} as const;

/** Fields checkout adds to the top-level config: spread into `RescuekitConfig`'s strictObject shape. */
export const configCheckoutShape = {
  feeRate: z.optional(FeeRateConfig),
  humanCheck: z.optional(HumanCheckConfig),
  checkoutRateLimit: z.optional(CheckoutRateLimitConfig),
} as const;

/** Stand-alone schemas of the same fragments, for tests and tooling before the merge. */
export const CampaignCheckoutFields = z.strictObject(campaignCheckoutShape);
export const ConfigCheckoutFields = z.strictObject(configCheckoutShape);
