import type { PropertyValues, ReactiveController, ReactiveControllerHost } from '@lit/reactive-element';
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

/** The properties every element with a feed has (spread into its `static properties`): where to load from, and whether to stay live. */
export const FEED_PROPERTIES = { endpoint: {}, campaign: {}, live: { type: Boolean } } as const;

/** Changing one of these loads afresh (see {@link ProgressFeed.watch}; `limit`: the rows of a leaderboard or a recent-gifts list). */
const RELOAD = ['endpoint', 'campaign', 'live', 'limit'];

/** What a {@link ProgressFeed} needs from its element: where to load from, and the property `K` showing the document. */
export type ProgressFeedHost<T = unknown, K extends string = string> = ReactiveControllerHost &
  HTMLElement & {
    endpoint?: string | undefined;
    campaign?: string | undefined;
    live?: boolean | undefined;
    readonly hasUpdated: boolean;
  } & { [P in K]?: T | null | undefined };

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
 * Everything stops while the host is disconnected and restarts on reconnection.
 *
 * What the display elements (thermometer, leaderboard, recent gifts) share is here too: each document
 * goes into the host's property `key` ({@link show}); a failed refresh keeps what is shown, and with
 * nothing shown the host reads {@link failed} to show the error and Retry ({@link load}). From
 * `willUpdate`, {@link watch} loads afresh when the endpoint, campaign, `live` or `limit` change, and
 * puts away a document of another campaign at once, so old figures never stand under a new name.
 */
export class ProgressFeed<T = Progress, K extends string = string> implements ReactiveController {
  /** Loading failed and there is nothing to show (not initialised: undefined is as false, and bytes count). */
  failed?: boolean;
  #abort?: AbortController;
  #timer?: ReturnType<typeof setTimeout>;

  constructor(
    private host: ProgressFeedHost<T, K>,
    /** The host's property showing the document. */
    private key: K,
    private kind: FeedKind<T>,
    /** Called with a validated document, or with `undefined` when a request or message failed; {@link show} by default. */
    private onResult: (value: T | undefined) => void = (v) => this.show(v),
  ) {
    host.addController(this);
  }

  /** Shows a document; given `undefined` (a failed request) with nothing shown, the error. */
  show(value: T | undefined): void {
    const host = this.host;
    if (value) (host[this.key] = value as never), (this.failed = false);
    else if (!host[this.key]) (this.failed = true), host.requestUpdate();
  }

  /**
   * Loads afresh when the endpoint, campaign, `live` or `limit` changed (call it from `willUpdate`).
   * A switch from one campaign to another puts the document shown away at once (unless it was set in
   * the same update); the first campaign keeps a document set before it, as a page may render one itself.
   * (A leaderboard does the same when its `kind` changes; that stays in its own bundle.)
   */
  watch(changed: PropertyValues): void {
    if (changed.get('campaign') != null && !changed.has(this.key)) this.host[this.key] = undefined as never;
    if (RELOAD.some((k) => changed.has(k))) this.load();
  }

  /** Loads afresh (Retry). */
  load(): void {
    this.failed = false;
    this.host.requestUpdate();
    this.start();
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
    if (m) m.follow({ events, event: this.kind.event, signal, every: POLL_MS, get: () => this.#get(url, signal), take: (json) => this.#take(json) });
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
