/**
 * Every way `POST /v1/checkout` can be refused or fail, named once. The campaign rules,
 * the guards and the Stripe boundary all throw a {@link CheckoutFailure}; only the
 * route's edge (`route.ts`) turns one into a public problem (status and `code`).
 */

/** Why a checkout did not produce a session. */
export type CheckoutFailureCode =
  // The request breaks a rule of the campaign; `field` names the body field (or `origin`).
  | 'unknown_campaign'
  | 'campaign_mismatch'
  | 'currency_mismatch'
  | 'amount_too_small'
  | 'amount_too_large'
  | 'fees_not_configured'
  /** `upsell: "accepted"` for an offer the campaign's upsell rule does not make (field `upsell`, `upsellFrom` or `amount`). */
  | 'upsell_not_offered'
  /** `returnUrl` (field `returnUrl`) or the browser's `Origin` header (field `origin`) is not on `allowedOrigins`. */
  | 'origin_not_allowed'
  // The endpoint's guards, before Stripe.
  | 'stripe_not_configured'
  | 'human_check_failed'
  | 'human_check_unavailable'
  | 'rate_limited'
  // Stripe's answer.
  | 'idempotency_conflict'
  | 'stripe_busy'
  | 'stripe_failed';

export interface CheckoutFailureInit {
  /** Donor-safe sentence for the problem's `detail`; never built from an exception's message. */
  detail: string;
  /** Dotted path of the offending body field, or `origin` for the Origin header. */
  field?: string | undefined;
  /** Seconds until a retry can succeed (`rate_limited`). */
  retryAfterSeconds?: number | undefined;
}

/** A checkout that cannot go ahead, and why. Stripe is never called after one is thrown. */
export class CheckoutFailure extends Error {
  override readonly name = 'CheckoutFailure';
  readonly code: CheckoutFailureCode;
  readonly detail: string;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: CheckoutFailureCode, init: CheckoutFailureInit) {
    super(init.detail);
    this.code = code;
    this.detail = init.detail;
    this.field = init.field;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/** What an error thrown while opening a session means for the donor. Never carries Stripe's message. */
export function stripeFailure(err: unknown): CheckoutFailure {
  const type = typeof err === 'object' && err !== null && 'type' in err ? (err as { type: unknown }).type : undefined;
  if (type === 'StripeIdempotencyError') return new CheckoutFailure('idempotency_conflict', { detail: 'This Idempotency-Key was used for a different gift.' });
  const detail = 'The payment provider did not answer. Please try again.';
  return new CheckoutFailure(type === 'StripeRateLimitError' ? 'stripe_busy' : 'stripe_failed', { detail });
}
