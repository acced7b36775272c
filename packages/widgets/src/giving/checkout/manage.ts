import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { PortalFlow, PortalRequestInput } from '@rescuekit/schema';
import { resolveEndpoint } from '../../base/endpoint.js';
import { navigate } from './checkout-modal.js';

const KEY = 'rescuekit:manage';

/**
 * A new manage token for a monthly Give, kept in this tab's sessionStorage: resolves to its SHA-256
 * (hex) for the checkout request, or undefined where it cannot be kept (storage off, no Web Crypto),
 * and then no earlier token is left behind either. The token never leaves this tab until the donor
 * asks to manage the gift; the session id alone (in the return URL) opens nothing.
 */
export async function newManageHash(): Promise<string | undefined> {
  try {
    sessionStorage.removeItem(KEY);
    const token = hex(crypto.getRandomValues(new Uint8Array(16)));
    const hash = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))));
    sessionStorage.setItem(KEY, token);
    return hash;
  } catch {
    return undefined;
  }
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function heldToken(): string | undefined {
  try {
    const t = sessionStorage.getItem(KEY);
    return t && /^[0-9a-f]{32}$/.test(t) ? t : undefined;
  } catch {
    return undefined;
  }
}

type ManageState = 'idle' | 'busy' | 'gone' | 'failed';

/** Words of the "manage this gift" actions. */
export interface ManageStrings {
  /** The group's name. */
  manageLabel: string;
  /** The whole Customer Portal. */
  manageGift: string;
  /** Straight to the payment-method form. */
  manageCard: string;
  /** Straight to cancelling the monthly gift. */
  manageCancel: string;
  /** The endpoint refused (another browser, or past the hour after giving). */
  manageGone: string;
  /** Stripe or the endpoint could not be reached. */
  manageFailed: string;
}

/**
 * "Manage this gift" after a monthly gift, for the tab that gave it: the token from
 * {@link newManageHash} and the completed session's id go to `POST /v1/portal`, which answers
 * Stripe's Customer Portal for that session's own customer within an hour of giving.
 */
export class ManageGift {
  #for?: string | undefined;
  #session?: string | undefined;
  #token?: string | undefined;
  #state: ManageState = 'idle';

  constructor(private host: ReactiveControllerHost & HTMLElement & { endpoint?: string | undefined }) {}

  /** Offers the actions for the completed monthly `session` when this tab holds a manage token. */
  #hold(session: string | undefined): void {
    this.#for = session;
    this.#token = session && /^cs_(test|live)_\w{1,250}$/.test(session) ? heldToken() : undefined;
    this.#session = this.#token && session;
    this.#state = 'idle';
  }

  async #open(flow: PortalFlow): Promise<void> {
    if (this.#state == 'busy' || !this.#token) return;
    this.#set('busy');
    const body: PortalRequestInput = { session: this.#session!, token: this.#token, flow };
    try {
      const res = await fetch(`${resolveEndpoint(this.host, this.host.endpoint)}/v1/portal`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, application/problem+json' },
        body: JSON.stringify(body),
        credentials: 'omit',
      });
      const url = ((await res.json().catch(() => undefined)) as { url?: unknown } | undefined)?.url;
      if (res.ok && typeof url == 'string' && /^https:\/\//.test(url)) return this.#set('idle'), navigate(url);
      if (res.status == 403 || res.status == 404 || res.status == 409) return this.#set('gone');
    } catch {
      // network: the donor may try again
    }
    this.#set('failed');
  }

  #set(state: ManageState): void {
    this.#state = state;
    if (state == 'gone') this.#token = undefined;
    this.host.requestUpdate();
  }

  /**
   * For the completed monthly gift `session` (the checkout's thanks state): the three actions while
   * offered, and a polite line when the portal could not be opened.
   */
  render(t: ManageStrings, session: string | undefined) {
    if (session != this.#for) this.#hold(session);
    if (!this.#session) return nothing;
    const busy = this.#state == 'busy' ? 'true' : 'false';
    const button = (part: string, flow: PortalFlow, label: string) =>
      html`<button part=${part} type="button" aria-disabled=${busy} @click=${() => this.#open(flow)}>${label}</button>`;
    const note = this.#state == 'gone' ? t.manageGone : this.#state == 'failed' ? t.manageFailed : '';
    // prettier-ignore
    return html`${this.#token ? html`<div part="manage-gift" role="group" aria-label=${t.manageLabel}>${button('manage-portal', 'portal', t.manageGift)}${button('manage-card', 'payment_method_update', t.manageCard)}${button('manage-cancel', 'subscription_cancel', t.manageCancel)}</div>` : nothing}<p part="manage-note" class="msg" role="status">${note}</p>`;
  }
}
