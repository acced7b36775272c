import { RescueEvent } from './rescue-event.js';
import type { GiftDetail } from './rescue-give-start.js';

/**
 * The donor finished Checkout: Embedded Checkout's `onComplete`, or a page load
 * returning from Stripe with `session_id`. The gift from before the trip to
 * Stripe is remembered in `sessionStorage`; when it is not there only
 * `campaign` is known. Totals never move here: only the endpoint's webhooks count gifts.
 */
export class RescueCheckoutCompleteEvent extends RescueEvent<Partial<GiftDetail> & { campaign: string }> {
  constructor(detail: Partial<GiftDetail> & { campaign: string }) {
    super('rescue-checkout-complete', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-checkout-complete': RescueCheckoutCompleteEvent;
  }
}
