import type { ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
import type { Progress } from '@rescuekit/schema';
import { resolveEndpoint } from '../base/endpoint.js';
import { parseProgress } from './progress.js';

/** Polling interval once live updates fall back from Server-Sent Events; also the wait before the live part is asked for again when it could not load. */
const POLL_MS = 15_000;

/**
 * What a feed loads from a campaign's URL (`{endpoint}/v1/campaigns/{id}`): the GET and the
 * event stream to read, the event to listen for, and the check every document passes.
 */
export interface FeedKind<T> {
  /** The GET's URL and the event stream's URL for the campaign's URL `base`. */
  urls(base: string): [get: string, events: string];
  /** The Server-Sent Event carrying a new document. */
  event: string;
  /** The document if it matches the contract, else `undefined`. */
  parse(input: unknown): T | undefined;
}

/** The campaign's own progress: `GET …/{id}` and `progress` events on `…/{id}/events`. */
export const PROGRESS: FeedKind<Progress> = { urls: (base) => [base, base + '/events'], event: 'progress', parse: parseProgress };

/** What a {@link ProgressFeed} needs from its element. */
export interface ProgressFeedHost extends ReactiveControllerHost, HTMLElement {
  endpoint?: string | undefined;
  campaign?: string | undefined;
  live?: boolean | undefined;
  readonly hasUpdated: boolean;
}

/**
 * Loads a campaign's progress (or, given another {@link FeedKind}, another document read the
 * same way, e.g. its teams) and, for `live` hosts, keeps it fresh:
 * `GET {endpoint}/v1/campaigns/{id}`, then an EventSource on `…/events`
 * (`progress` events). On an EventSource error it closes it and reconnects
 * itself with exponential backoff and jitter (1 s doubling to a 30 s cap),
 * re-reading the GET first to catch up. Without EventSource, or after eight
 * failures in a row, it polls the GET every 15 s instead. That live part is a module of its own
 * (`progress-live.ts`), loaded beside the first GET of a `live` host only; if it cannot load, the
 * feed reads the GET again 15 s later and asks for it again.
 *
 * Requests use `cache: 'no-cache'`: the browser revalidates with the stored
 * `ETag` (`If-None-Match`) itself, and a 304 costs no body. Sending the header
 * by hand would make every cross-origin poll a CORS preflight.
 *
 * Everything stops while the host is disconnected and restarts on
 * reconnection; call `start()` after the endpoint, campaign or `live` change.
 */
export class ProgressFeed<T = Progress> implements ReactiveController {
  #abort?: AbortController;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private host: ProgressFeedHost,
    /** Called with a validated document, or with `undefined` when a request or message failed. */
    private onResult: (value: T | undefined) => void,
    private kind: FeedKind<T> = PROGRESS as never,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.host.hasUpdated) this.start();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Stops every request, stream and timer (the live part stops its own with the abort). */
  stop(): void {
    this.#abort?.abort();
    clearTimeout(this.#timer);
  }

  /** (Re)starts loading for the host's current endpoint, campaign and `live`. */
  start(): void {
    this.stop();
    const { campaign, endpoint, isConnected } = this.host;
    if (campaign && isConnected)
      void this.#connect(
        `${resolveEndpoint(this.host, endpoint)}/v1/campaigns/${encodeURIComponent(campaign)}`,
        (this.#abort = new AbortController()).signal,
      );
  }

  async #connect(base: string, signal: AbortSignal): Promise<void> {
    const [url, events] = this.kind.urls(base);
    // The live part loads while the GET is in flight; a failed load is caught here, not left unhandled.
    const live = this.host.live ? import('./progress-live.js').catch(() => undefined) : undefined;
    await this.#get(url, signal);
    if (!live) return;
    const m = await live;
    if (signal.aborted) return;
    if (m) m.follow({ events, event: this.kind.event, signal, get: () => this.#get(url, signal), take: (json) => this.#take(json) });
    else this.#timer = setTimeout(() => this.#connect(base, signal), POLL_MS);
  }

  async #get(url: string, signal: AbortSignal): Promise<void> {
    try {
      const res = await fetch(url, { signal, cache: 'no-cache' });
      if (!res.ok) throw 0;
      this.#take(await res.text());
    } catch {
      if (!signal.aborted) this.onResult(undefined);
    }
  }

  #take(json: string): void {
    let data;
    try {
      data = JSON.parse(json);
    } catch {}
    this.onResult(this.kind.parse(data));
  }
}
