/**
 * POST /v1/portal contracts: a Stripe Customer Portal session for the customer of one completed
 * monthly Checkout Session, shortly after it, for the browser that started it.
 */
import * as z from 'zod/mini';
import { HttpUrl } from './primitives.js';

/** A Checkout Session id as Stripe returns it to the page (`?session_id=cs_…`). */
export const CheckoutSessionId = /* @__PURE__ */ z.string().check(z.regex(/^cs_(test|live)_\w{1,250}$/, 'must be a Checkout Session id (cs_…)'));

/** The browser's manage token: 128 random bits, lower-case hex. Its SHA-256 went with the checkout as `manageTokenHash`. */
export const ManageToken = /* @__PURE__ */ z.string().check(z.regex(/^[0-9a-f]{32}$/, 'must be 32 lower-case hex characters'));

/** Where the portal opens: the whole portal, the payment-method form, or cancelling the monthly gift. */
export const PortalFlow = /* @__PURE__ */ z.enum(['portal', 'payment_method_update', 'subscription_cancel']);
export type PortalFlow = z.infer<typeof PortalFlow>;

/**
 * POST /v1/portal body. Strict: there is no field naming a customer or an email; the customer is
 * always the completed session's own.
 */
export const PortalRequest = /* @__PURE__ */ z.strictObject({
  session: CheckoutSessionId,
  token: ManageToken,
  flow: z._default(PortalFlow, 'portal'),
});
export type PortalRequest = z.infer<typeof PortalRequest>;
export type PortalRequestInput = z.input<typeof PortalRequest>;

/** POST /v1/portal answer: navigate the top window there (Stripe's portal URLs are short-lived). */
export const PortalResponse = /* @__PURE__ */ z.strictObject({ url: HttpUrl });
export type PortalResponse = z.infer<typeof PortalResponse>;
