import { html } from 'lit';
import type { Stripe, StripeEmbeddedCheckout, StripeEmbeddedCheckoutOptions } from '@stripe/stripe-js';
import type { CheckoutStrings } from './checkout.strings.js';

/** How the page leaves for Stripe's hosted page. Replaceable so tests (and SPA hosts) can observe it. */
export type Navigate = (url: string) => void;
const assign: Navigate = (url) => location.assign(url);
let navigateFn: Navigate = assign;

/** Sends the page to `url` (redirect mode) through the current {@link setNavigate} function. */
export function navigate(url: string): void {
  navigateFn(url);
}

/** Replaces how redirect mode navigates; `undefined` restores `location.assign`. */
export function setNavigate(fn: Navigate | undefined): void {
  navigateFn = fn ?? assign;
}

type EmbeddedInit = (options: StripeEmbeddedCheckoutOptions) => Promise<StripeEmbeddedCheckout>;

/**
 * The checkout dialog's markup: a native modal `<dialog>` labelled by its
 * title, a close button (first focus), the Embedded Checkout mount point and
 * a wait line shown until Stripe fills it. Render it once in the element's
 * shadow root; {@link CheckoutModal} drives it.
 */
export const checkoutDialog = (t: CheckoutStrings) =>
  html`<dialog part="dialog" aria-labelledby="ck-t"><div class="bar"><span id="ck-t">${t.dialog}</span><button part="close" type="button" aria-label=${t.close} data-close>✕</button></div><div part="checkout"></div><p class="wait"><span class="spin"></span>${t.loading}</p></dialog>`;

/**
 * Stripe Embedded Checkout in an accessible modal. `showModal()` makes the
 * rest of the page inert (focus stays inside), Escape closes it, and focus
 * goes back to the element that opened it. Closing destroys the embedded
 * instance: a new Give creates a new session.
 */
export class CheckoutModal {
  #embedded?: StripeEmbeddedCheckout | undefined;
  #opener?: HTMLElement | undefined;
  #dialog?: HTMLDialogElement | undefined;

  constructor(
    private root: () => ParentNode,
    /** Called once each time the dialog closes (Escape, close button, `close()`). */
    private onClosed: () => void,
  ) {}

  get isOpen(): boolean {
    return !!this.#dialog?.open;
  }

  /**
   * Opens the dialog and mounts Embedded Checkout for `clientSecret`.
   * Resolves false (dialog closed again) if Stripe.js cannot create it, so
   * the caller can fall back to redirect mode.
   */
  async open(stripe: Stripe, clientSecret: string, opener: HTMLElement | undefined, onComplete: () => void): Promise<boolean> {
    const dialog = this.#wire();
    if (!dialog) return false;
    this.#opener = opener;
    dialog.showModal();
    const s = stripe as Stripe & { initEmbeddedCheckout?: EmbeddedInit };
    // Stripe.js renamed initEmbeddedCheckout to createEmbeddedCheckoutPage; accept either.
    const init: EmbeddedInit | undefined = s.createEmbeddedCheckoutPage?.bind(s) ?? s.initEmbeddedCheckout?.bind(s);
    try {
      if (!init) throw new Error('no Embedded Checkout in this Stripe.js');
      const embedded = await init({ fetchClientSecret: () => Promise.resolve(clientSecret), onComplete });
      if (!dialog.open) return embedded.destroy(), true; // closed while Stripe was starting
      embedded.mount(dialog.querySelector<HTMLElement>('[part=checkout]')!);
      this.#embedded = embedded;
      return true;
    } catch {
      this.close();
      return false;
    }
  }

  /** Closes the dialog (if open) and destroys Embedded Checkout. */
  close(): void {
    if (this.#dialog?.open) this.#dialog.close();
    else this.#teardown();
  }

  #wire(): HTMLDialogElement | undefined {
    const dialog = this.root().querySelector<HTMLDialogElement>('dialog[part=dialog]') ?? undefined;
    if (dialog && dialog != this.#dialog) {
      this.#dialog = dialog;
      dialog.addEventListener('close', () => this.#teardown());
      dialog.addEventListener('click', (e) => {
        if ((e.target as Element).closest('[data-close]')) dialog.close();
      });
    }
    return dialog;
  }

  #teardown(): void {
    this.#embedded?.destroy();
    this.#embedded = undefined;
    const opener = this.#opener;
    this.#opener = undefined;
    this.onClosed();
    opener?.focus();
  }
}
