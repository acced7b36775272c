/**
 * POST /v1/checkout contracts. The configuration fields checkout adds to a campaign
 * and to the whole endpoint live in checkout-config.ts and are part of config.ts.
 */
import * as z from 'zod/mini';
import { bounded, HttpUrl } from './primitives.js';
import { CampaignId, Currency } from './config.js';
import { MinorAmount } from './primitives.js';


/** "In honour of" / "in memory of" someone. Kept in Stripe metadata only, never shown publicly. */
export const Tribute = z.strictObject({
  kind: z.enum(['honour', 'memory']),
  name: z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(80)),
});
export type Tribute = z.infer<typeof Tribute>;

/** Where the donor came from, for attribution in Stripe metadata. */
export const CheckoutSource = z.strictObject({
  utm_source: z.optional(bounded(120)),
  utm_medium: z.optional(bounded(120)),
  utm_campaign: z.optional(bounded(120)),
  utm_content: z.optional(bounded(120)),
  utm_term: z.optional(bounded(120)),
  /** The page the widget sat on. */
  page: z.optional(bounded(500)),
});
export type CheckoutSource = z.infer<typeof CheckoutSource>;

export const Frequency = z.enum(['once', 'monthly']);
export type Frequency = z.infer<typeof Frequency>;
export const UpsellAnswer = z.enum(['accepted', 'declined']);
export type UpsellAnswer = z.infer<typeof UpsellAnswer>;
export const UiMode = z.enum(['embedded', 'redirect']);
export type UiMode = z.infer<typeof UiMode>;

/** POST /v1/checkout body. The server re-checks every amount against the campaign. */
export const CheckoutRequest = z.strictObject({
  campaign: CampaignId,
  /** The gift, before any covered fee, in the currency's minor unit. */
  amount: MinorAmount,
  currency: Currency,
  frequency: z._default(Frequency, 'once'),
  coverFees: z._default(z.boolean(), false),
  uiMode: z._default(UiMode, 'embedded'),
  /** Page the donor returns to; its origin must be allowed for the campaign. */
  returnUrl: HttpUrl,
  tribute: z.optional(Tribute),
  source: z.optional(CheckoutSource),
  /**
   * The donor's email, to prefill Stripe Checkout (monthly Allies). Sent to Stripe only;
   * the endpoint never stores or shows it.
   */
  email: z.optional(z.string().check(z.maxLength(254), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address'))),
  /** Token from the human-check widget, when the endpoint has one enabled. */
  humanCheckToken: z.optional(bounded(4096)),
  /** The donor's answer to the monthly upsell, when one was offered: `accepted` gives monthly, `declined` once. */
  upsell: z.optional(UpsellAnswer),
  /**
   * With `upsell: "accepted"` (and only then): the one-time gift, minor units, that the monthly
   * offer replaced. The endpoint checks `amount` is an offer the campaign's rule makes for it.
   */
  upsellFrom: z.optional(MinorAmount),
  /**
   * Monthly gifts only: the SHA-256 (lower-case hex) of a random token the starting browser keeps.
   * Stored on the Checkout Session; `POST /v1/portal` opens the Customer Portal for that session's
   * customer only with the token itself, so the session id alone (which travels in return URLs)
   * never manages a gift.
   */
  manageTokenHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in lower-case hex'))),
}).check(
  z.refine((r) => !r.upsell || (r.upsell === 'accepted') === (r.frequency === 'monthly'), {
    message: 'must be "accepted" with frequency "monthly", "declined" with "once"',
    path: ['upsell'],
  }),
  z.refine((r) => (r.upsell === 'accepted') === (r.upsellFrom !== undefined), {
    message: 'must be the one-time gift the monthly offer replaced, with upsell "accepted" (and only then)',
    path: ['upsellFrom'],
  }),
  z.refine((r) => !r.manageTokenHash || r.frequency === 'monthly', {
    message: 'only a monthly gift can be managed',
    path: ['manageTokenHash'],
  }),
);
/** A parsed request (defaults applied). */
export type CheckoutRequest = z.infer<typeof CheckoutRequest>;
/** What a widget may send (defaults optional). */
export type CheckoutRequestInput = z.input<typeof CheckoutRequest>;

/** Response for `uiMode: "embedded"`: hand to Stripe.js `initEmbeddedCheckout`. */
export const CheckoutEmbeddedResponse = z.strictObject({ clientSecret: z.string().check(z.minLength(1)) });
export type CheckoutEmbeddedResponse = z.infer<typeof CheckoutEmbeddedResponse>;
/** Response for `uiMode: "redirect"`: navigate the top window there. */
export const CheckoutRedirectResponse = z.strictObject({ url: HttpUrl });
export type CheckoutRedirectResponse = z.infer<typeof CheckoutRedirectResponse>;
export const CheckoutResponse = z.union([CheckoutEmbeddedResponse, CheckoutRedirectResponse]);
export type CheckoutResponse = z.infer<typeof CheckoutResponse>;

// Config fragments live in a zod-only module so config.ts can import them without a cycle.
export * from './checkout-config.js';
export * from './upsell.js';
export * from './upsell-rule.js';
// One `export * from './checkout.js'` in index.ts then also publishes the fee helpers.
export * from './fees.js';
