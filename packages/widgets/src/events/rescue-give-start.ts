import { RescueEvent } from './rescue-event.js';

/**
 * What analytics hear about a gift: never who gives, only what. Integer minor
 * units of `currency`; `total` includes the covered fee.
 */
export interface GiftDetail {
  campaign: string;
  amount: number;
  currency: string;
  frequency: 'once' | 'monthly';
  coverFees: boolean;
  /** What is charged: `amount` plus the covered fee. */
  total: number;
  /** The donor's answer to the monthly upsell, when it was offered (`accepted`: this is now the monthly gift). */
  upsell?: 'accepted' | 'declined';
}

/** The donor pressed Give; checkout is being prepared (Stripe.js is only now loaded). */
export class RescueGiveStartEvent extends RescueEvent<GiftDetail> {
  constructor(detail: GiftDetail) {
    super('rescue-give-start', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-give-start': RescueGiveStartEvent;
  }
}
