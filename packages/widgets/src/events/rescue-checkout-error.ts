import { RescueEvent } from './rescue-event.js';
import type { GiftDetail } from './rescue-give-start.js';

export interface CheckoutErrorDetail extends GiftDetail {
  /**
   * `rate-limited` (429), `not-configured` (503: no Stripe key), `invalid` (400: see `field`),
   * `stripe` (Stripe.js or Embedded Checkout failed and redirect was not possible), `error` (network, 5xx).
   */
  reason: 'rate-limited' | 'not-configured' | 'invalid' | 'stripe' | 'error';
  /** The request field the endpoint rejected (`amount`, `tribute.name`, …). */
  field?: string | undefined;
}

/** Checkout could not start. The element shows why; this is for analytics. */
export class RescueCheckoutErrorEvent extends RescueEvent<CheckoutErrorDetail> {
  constructor(detail: CheckoutErrorDetail) {
    super('rescue-checkout-error', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-checkout-error': RescueCheckoutErrorEvent;
  }
}
