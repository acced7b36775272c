import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { RescueCheckoutCompleteEvent } from '../../events/rescue-checkout-complete.js';
import { RescueCheckoutErrorEvent, type CheckoutErrorDetail } from '../../events/rescue-checkout-error.js';
import { RescueCheckoutOpenEvent } from '../../events/rescue-checkout-open.js';
import { RescueGiveStartEvent, type GiftDetail } from '../../events/rescue-give-start.js';
import { resolveEndpoint } from '../../base/endpoint.js';
import { checkoutBody, humanCheckToken, requestCheckout, type CheckoutResult, type Gift } from './checkout-client.js';
import { CheckoutModal, navigate } from './checkout-modal.js';
import { newManageHash } from './manage.js';
import { firstReport, readCheckoutReturn, rememberGift } from './return.js';
import type { UiMode } from '@rescuekit/schema';
import { loadStripeJs, resolvePublishableKey } from './stripe-loader.js';

/**
 * Where a giving element is in the checkout path. `not-configured`: giving is not set up for this
 * page (the endpoint has no Stripe key, or this page's origin is not on its `allowedOrigins`).
 * `invalid`: the gift broke a rule (`field` says which), found by the element or by the endpoint.
 */
export type CheckoutState = 'idle' | 'loading' | 'open' | 'rate-limited' | 'not-configured' | 'invalid' | 'error' | 'thanks';

/** What the checkout path needs from its element (public properties of every giving element). */
export interface CheckoutHost extends ReactiveControllerHost, HTMLElement {
  endpoint?: string | undefined;
  campaign?: string | undefined;
  /** `redirect` forces Stripe's hosted page; otherwise embedded when a publishable key is known. */
  mode?: UiMode | undefined;
  publishableKey?: string | undefined;
  /** Where the host rendered {@link checkoutDialog} (a LitElement's shadow root). */
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * The checkout path shared by every giving element: Give -> `POST /v1/checkout`
 * (Stripe.js loading in parallel, only now) -> Embedded Checkout in a modal, or
 * Stripe's hosted page in redirect mode or when embedding fails. Owns the
 * state, fires the analytics events on the host, and shows thanks when the
 * page is a return from Stripe. The host renders {@link checkoutDialog} and
 * {@link checkoutStatus}; both read `state`.
 */
export class CheckoutController implements ReactiveController {
  /** Current state; the host re-renders on each change. Set it directly to show a state (stories). */
  state: CheckoutState = 'idle';
  /** Seconds to wait (rate-limited), when known. */
  retryAfter?: number | undefined;
  /** The rejected request field (`invalid`), or `origin` (`not-configured` for a page not on `allowedOrigins`). */
  field?: string | undefined;
  /**
   * With `error`: the endpoint could not take the checkout (a 5xx, a timeout or no answer at all), not the
   * donor's to fix; the element then offers the campaign's Payment Link, when it knows one.
   */
  unreachable = false;
  /** In the thanks state of a monthly gift: its Checkout Session id (see `ManageGift`). */
  session?: string | undefined;
  #abort?: AbortController | undefined;
  #modal: CheckoutModal;

  constructor(private host: CheckoutHost) {
    host.addController(this);
    this.#modal = new CheckoutModal(
      () => host.renderRoot,
      () => this.state == 'open' && this.#set('idle'),
    );
  }

  hostConnected(): void {
    const back = readCheckoutReturn();
    const campaign = this.host.campaign ?? '';
    if (!back || this.state != 'idle' || (back.gift && campaign && back.gift.campaign != campaign)) return;
    if (back.gift?.frequency == 'monthly') this.session = back.sessionId;
    this.#set('thanks');
    if (firstReport(back.sessionId)) this.host.dispatchEvent(new RescueCheckoutCompleteEvent(back.gift ?? { campaign }));
  }

  hostDisconnected(): void {
    this.#abort?.abort();
    this.#modal.close();
  }

  /** True while a Give is being prepared: the Give button is `aria-disabled` and ignores presses. */
  get busy(): boolean {
    return this.state == 'loading';
  }

  /**
   * Starts checkout for `gift` (`total` = gift plus any covered fee, for
   * analytics). `opener` gets focus back when the modal closes.
   */
  async give(gift: Gift, total: number, opener?: HTMLElement): Promise<void> {
    if (this.busy || this.#modal.isOpen) return;
    const host = this.host;
    const detail = detailOf(gift, total);
    this.#abort?.abort();
    const { signal } = (this.#abort = new AbortController());
    host.dispatchEvent(new RescueGiveStartEvent(detail));
    this.#set('loading');
    const endpoint = resolveEndpoint(host, host.endpoint);
    const key = resolvePublishableKey(host, host.publishableKey);
    const page = new URL(location.href);
    let token: string | undefined;
    let manageTokenHash: string | undefined;
    const post = (mode: UiMode) =>
      requestCheckout(endpoint, { ...checkoutBody(gift, mode, page), ...(token ? { humanCheckToken: token } : {}), ...(manageTokenHash ? { manageTokenHash } : {}) }, { signal, idempotencyKey: crypto.randomUUID() });
    try {
      token = await humanCheckToken(gift.campaign);
      if (gift.frequency == 'monthly') manageTokenHash = await newManageHash();
      let result: CheckoutResult;
      if (host.mode != 'redirect' && key) {
        // Stripe.js starts loading now, beside the request: never before a Give.
        const stripe = loadStripeJs(key).catch(() => null);
        result = await post('embedded');
        if (result.kind == 'embedded') {
          const s = await stripe;
          if (signal.aborted) return;
          rememberGift(detail);
          const session = result.clientSecret.split('_secret_')[0];
          if (s && (await this.#modal.open(s, result.clientSecret, opener, () => this.#completed(detail, session)))) {
            if (this.#modal.isOpen) {
              this.#set('open');
              host.dispatchEvent(new RescueCheckoutOpenEvent({ ...detail, mode: 'embedded' }));
            }
            return;
          }
          result = await post('redirect'); // Embedded Checkout could not start: Stripe's hosted page instead
          if (result.kind != 'redirect') return this.#fail(detail, 'stripe', undefined, down(result));
        }
      } else {
        result = await post('redirect');
      }
      if (result.kind == 'redirect') {
        rememberGift(detail);
        host.dispatchEvent(new RescueCheckoutOpenEvent({ ...detail, mode: 'redirect' }));
        navigate(result.url); // the page unloads; it stays "loading" until then
        return;
      }
      if (result.kind == 'rate-limited') this.retryAfter = result.retryAfter;
      if (result.kind == 'origin-not-allowed') {
        // The donor reads that giving is not set up here; the developer reads what to change.
        const origin = location.origin;
        console.warn(
          `rescuekit: ${endpoint || origin} refused checkout from this page's origin. Add "${origin}" to "allowedOrigins" in the endpoint's config (top level, or campaign "${gift.campaign}").`,
        );
        return this.#fail(detail, 'not-configured', 'origin');
      }
      this.#fail(detail, result.kind == 'embedded' ? 'error' : result.kind, result.kind == 'invalid' ? result.field : undefined, down(result));
    } catch {
      if (!signal.aborted) this.#fail(detail, 'error');
      else if (this.state == 'loading') this.#set('idle');
    }
  }

  /** Closes the checkout modal, if open. */
  close(): void {
    this.#modal.close();
  }

  /** The element refused `gift` itself (a rule broken before calling): `invalid` at `field`, with the error event. */
  refuse(gift: Gift, total: number, field: string): void {
    this.#fail(detailOf(gift, total), 'invalid', field);
  }

  /** Clears a problem message (the donor changed the gift or pressed Give again). */
  clear(): void {
    if (isProblem(this.state)) this.#set('idle');
  }

  /** Embedded Checkout finished; `session` is the id its client secret begins with. */
  #completed(detail: GiftDetail, session: string | undefined): void {
    if (detail.frequency == 'monthly') this.session = session;
    this.#modal.close();
    this.#set('thanks');
    this.host.dispatchEvent(new RescueCheckoutCompleteEvent(detail));
  }

  #fail(detail: GiftDetail, reason: CheckoutErrorDetail['reason'], field?: string, unreachable = false): void {
    this.#set(reason == 'stripe' ? 'error' : reason);
    this.field = field;
    this.unreachable = unreachable;
    this.host.dispatchEvent(new RescueCheckoutErrorEvent({ ...detail, reason, field }));
  }

  #set(state: CheckoutState): void {
    if (state != 'rate-limited') this.retryAfter = undefined;
    this.field = undefined;
    this.unreachable = false;
    this.state = state;
    this.host.requestUpdate();
  }
}

/** What analytics hear of a gift: never the donor's email or tribute. */
const detailOf = (g: Gift, total: number): GiftDetail => ({
  campaign: g.campaign, amount: g.amount, currency: g.currency, frequency: g.frequency, coverFees: g.coverFees, total, ...(g.upsell && { upsell: g.upsell }),
});

/** The endpoint's failure rather than the gift's: no answer (network, timeout) or a 5xx. A 4xx keeps its own message. */
const down = (r: CheckoutResult) => r.kind == 'error' && !(r.status! < 500);

/** True for states that show a message in the status line with error styling. */
export const isProblem = (s: CheckoutState) => s == 'rate-limited' || s == 'not-configured' || s == 'invalid' || s == 'error';

