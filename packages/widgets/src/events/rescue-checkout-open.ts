import { RescueEvent } from './rescue-event.js';
import type { GiftDetail } from './rescue-give-start.js';

export interface CheckoutOpenDetail extends GiftDetail {
  /** `embedded`: Stripe's form is in the modal; `redirect`: the page is leaving for Stripe's hosted page. */
  mode: 'embedded' | 'redirect';
}

/** Stripe Checkout is showing (embedded in the modal) or the page is navigating to it (redirect). */
export class RescueCheckoutOpenEvent extends RescueEvent<CheckoutOpenDetail> {
  constructor(detail: CheckoutOpenDetail) {
    super('rescue-checkout-open', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-checkout-open': RescueCheckoutOpenEvent;
  }
}
