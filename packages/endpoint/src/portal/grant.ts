/**
 * Whether a completed Checkout Session may open the Customer Portal for the browser asking: pure,
 * on the session Stripe returned (with its subscription expanded) and the clock.
 */
import type Stripe from 'stripe';
import { METADATA } from '../checkout/session.js';

/** How long after completion the starting browser may manage the gift from the thank-you state. */
export const MANAGE_WINDOW_MS = 60 * 60_000;

/** What the portal may be opened for: always the session's own customer and subscription. */
export interface PortalGrant {
  customer: string;
  subscription: string;
  /** The campaign the gift went to (`rescuekit_campaign`), for its allowed origins. */
  campaign: string | undefined;
  /** The page the donor came back to after checkout, to come back to after the portal. */
  returnUrl: string | undefined;
}

/**
 * `forbidden`: no manage hash on the session, the token does not match it, or the window has
 * passed (one answer for all three). `not_completed`: the right token, but the session is not a
 * completed monthly gift (yet).
 */
export type PortalRefusal = 'forbidden' | 'not_completed';

/** SHA-256 of `text` (UTF-8), lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Equal strings, compared in time that depends on their length only (the length is no secret: always 64). */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * The decision, in this order: the token first (so without it nothing about the session is
 * told), then that it is a completed monthly gift with a customer, then the window.
 * "Completed" is when Stripe created the session's subscription: Checkout creates it as the
 * session completes, and a Checkout Session has no completion time of its own.
 */
export function decideGrant(session: Stripe.Checkout.Session, tokenHash: string, now: number): PortalGrant | PortalRefusal {
  const stored = session.metadata?.[METADATA.manage];
  if (!stored || !sameDigest(stored, tokenHash)) return 'forbidden';
  const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  const sub = session.subscription;
  if (session.status !== 'complete' || session.mode !== 'subscription' || !customer || !sub) return 'not_completed';
  // Retrieved with `expand: ['subscription']`; without its creation time there is no window to check.
  if (typeof sub === 'string' || !Number.isFinite(sub.created)) return 'forbidden';
  if (now - sub.created * 1000 > MANAGE_WINDOW_MS) return 'forbidden';
  const back = session.return_url ?? session.success_url ?? undefined;
  return {
    customer,
    subscription: sub.id,
    campaign: session.metadata?.[METADATA.campaign],
    returnUrl: back ? back.replace('{CHECKOUT_SESSION_ID}', session.id) : undefined,
  };
}
