import type { GiftDetail } from '../../events/rescue-give-start.js';

const KEY = 'rescuekit:gift';

/** A page load coming back from Stripe Checkout. */
export interface CheckoutReturn {
  sessionId: string;
  /** The gift remembered before leaving for checkout, when this tab still has it. */
  gift?: GiftDetail | undefined;
}

/** Remembers what is being given (no donor data) so the return can say thanks and report it. */
export function rememberGift(gift: GiftDetail): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(gift));
  } catch {
    // Storage off (private mode, sandboxed frame): the return still says thanks.
  }
}

function recalled(): GiftDetail | undefined {
  try {
    const g = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as GiftDetail | null;
    return g && typeof g.campaign == 'string' && Number.isSafeInteger(g.amount) && Number.isSafeInteger(g.total) ? g : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The return handler: Stripe sends the donor back to the page with
 * `?session_id=cs_…`. This only reads the URL (and the remembered gift); it
 * makes no request and changes no total — the endpoint counts a gift when
 * Stripe's webhook says it is paid, never because a page was visited.
 */
export function readCheckoutReturn(url: URL = new URL(location.href)): CheckoutReturn | undefined {
  const sessionId = url.searchParams.get('session_id');
  if (!sessionId || !/^cs_\w{1,250}$/.test(sessionId)) return;
  return { sessionId, gift: recalled() };
}

const reported = new Set<string>();

/** True the first time a session id is seen on this page, so two widgets report one completion. */
export function firstReport(sessionId: string): boolean {
  if (reported.has(sessionId)) return false;
  reported.add(sessionId);
  return true;
}
