/**
 * The public recent-gifts feed (`GET /v1/campaigns/:id/recent`, SSE `recent` frames): the last
 * counted gifts of a campaign and its descendants, anonymous by construction. Each campaign's
 * newest {@link MAX_RECENT_LIMIT} gifts are read from the store once (one query) and kept in
 * memory with the totals version they were read at; every feed is served from those bytes until
 * the hub installs a new version of that campaign (a gift, a void, a refund anywhere in its
 * subtree moves its version), then read again once, so a voided gift leaves the feed.
 */
import type { CampaignConfig, RecentGift, RecentGifts } from '@rescuekit/schema';
import type { RecentLedgerRow, Store } from '../store/types.js';
import { feedEntry, type FeedEntry, type FrameSink } from './team-standings.js';

/** `?limit=` and `?recent=` are 1..MAX_RECENT_LIMIT; 10 when absent. */
export const MAX_RECENT_LIMIT = 50;
export const DEFAULT_RECENT_LIMIT = 10;

export type RecentFeedEntry = FeedEntry<RecentGifts>;

interface Ring {
  readonly version: number;
  readonly gifts: RecentGift[];
  readonly feeds: Map<number, RecentFeedEntry>;
}

const HOUR = 3_600_000;
const KIND = { checkout: 'online', invoice: 'monthly', offline: 'offline' } as const;

/** A gift's time rounded down to the hour, UTC: a ticker never shows minutes. */
export const toHour = (at: string) => new Date(Math.floor(Date.parse(at) / HOUR) * HOUR).toISOString().replace('.000Z', 'Z');

/** A ledger row as the public sees it: amount, team title, hour, kind, category. Nothing else is copied. */
export function publicGift(row: RecentLedgerRow, campaign: string, title: (id: string) => string): RecentGift {
  const gift: RecentGift = { amount: row.amount, currency: row.currency, team: row.campaign === campaign ? null : title(row.campaign), when: toHour(row.createdAt), kind: KIND[row.kind] };
  if (row.kind === 'offline' && row.category) gift.category = row.category as NonNullable<RecentGift['category']>;
  return gift;
}

/** What the feed needs from the progress hub. */
export interface RecentSource {
  /** The campaign's totals version and `updatedAt` now, or undefined when unknown. */
  current(campaign: string): { version: number; updatedAt: string } | undefined;
  config(campaign: string): CampaignConfig | undefined;
}

export class RecentGiftsFeeds {
  readonly #store: Store;
  readonly #source: RecentSource;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #onError: (e: unknown) => void;
  readonly #rings = new Map<string, Ring>();
  readonly #reading = new Map<string, { version: number; promise: Promise<Ring | undefined> }>();
  readonly #groups = new Map<string, Map<number, { subs: Set<FrameSink>; signature: string }>>();
  readonly #toFlush = new Set<string>();
  #flushScheduled = false;
  /** Store reads and frames sent, for tests and metrics. */
  readonly stats = { reads: 0, frames: 0 };

  constructor(store: Store, source: RecentSource, headers: Readonly<Record<string, string>>, onError: (e: unknown) => void = () => {}) {
    this.#store = store;
    this.#source = source;
    this.#headers = headers;
    this.#onError = onError;
  }

  /** The last `limit` gifts of `campaign`'s subtree, or undefined for an unknown campaign. */
  async feed(campaign: string, limit: number): Promise<RecentFeedEntry | undefined> {
    const now = this.#source.current(campaign);
    if (!now) return undefined;
    let ring = this.#rings.get(campaign);
    if (!ring || ring.version !== now.version) ring = await this.#read(campaign);
    if (!ring) return undefined;
    let entry = ring.feeds.get(limit);
    if (!entry) ring.feeds.set(limit, (entry = this.#build(campaign, ring, limit)));
    return entry;
  }

  /**
   * One read per campaign and version: requests that arrive meanwhile share it. A read for an
   * older version still running is waited for, then a new one starts, so a gift committed during
   * a read is never left out of the next frame.
   */
  #read(campaign: string): Promise<Ring | undefined> {
    const version = this.#source.current(campaign)?.version ?? -1;
    const before = this.#reading.get(campaign);
    if (before?.version === version) return before.promise;
    const entry = { version, promise: Promise.resolve<Ring | undefined>(undefined) };
    entry.promise = (async () => {
      try {
        if (before) await before.promise.catch(() => undefined);
        this.stats.reads++;
        const rows = await this.#store.recentGifts(campaign, MAX_RECENT_LIMIT);
        const title = (id: string) => this.#source.config(id)?.title ?? id;
        const ring: Ring = { version, gifts: rows.map((r) => publicGift(r, campaign, title)), feeds: new Map() };
        const held = this.#rings.get(campaign);
        if (!held || held.version <= version) this.#rings.set(campaign, ring);
        return ring;
      } finally {
        if (this.#reading.get(campaign) === entry) this.#reading.delete(campaign);
      }
    })();
    this.#reading.set(campaign, entry);
    return entry.promise;
  }

  #build(campaign: string, ring: Ring, limit: number): RecentFeedEntry {
    const feed: RecentGifts = { campaign, gifts: ring.gifts.slice(0, limit), updatedAt: this.#source.current(campaign)?.updatedAt ?? '' };
    return feedEntry(feed, 'recent', `r${ring.version}`, this.#headers, JSON.stringify(feed.gifts));
  }

  /** The hub installed a new version of `campaign`: its live streams get a frame if the gifts changed. */
  changed(campaign: string): void {
    if (!this.#groups.has(campaign)) return;
    this.#toFlush.add(campaign);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Coalesced: every change of this turn (a batch of webhooks, a roll-up) makes at most one read.
    setTimeout(() => void this.#flush(), 0);
  }

  async #flush(): Promise<void> {
    this.#flushScheduled = false;
    const campaigns = [...this.#toFlush];
    this.#toFlush.clear();
    for (const campaign of campaigns) {
      for (const [limit, group] of this.#groups.get(campaign) ?? []) {
        try {
          const entry = await this.feed(campaign, limit);
          if (!entry || entry.signature === group.signature) continue;
          group.signature = entry.signature;
          this.stats.frames++;
          for (const sub of [...group.subs]) sub.send(entry.sseFrame);
        } catch (e) {
          this.#onError(e);
        }
      }
    }
  }

  /**
   * Adds a live stream that wants `recent` frames (the first `limit` gifts) of `campaign`, after
   * `first` (the frame the caller sent it, if any); returns the function that removes it.
   */
  subscribe(campaign: string, limit: number, sub: FrameSink, first?: RecentFeedEntry): () => void {
    let groups = this.#groups.get(campaign);
    if (!groups) this.#groups.set(campaign, (groups = new Map()));
    let group = groups.get(limit);
    if (!group) groups.set(limit, (group = { subs: new Set(), signature: first?.signature ?? '' }));
    group.subs.add(sub);
    const g = group;
    const all = groups;
    return () => {
      g.subs.delete(sub);
      if (g.subs.size === 0 && all.get(limit) === g) all.delete(limit);
      if (all.size === 0 && this.#groups.get(campaign) === all) this.#groups.delete(campaign);
    };
  }

  /** How many live streams receive `recent` frames. */
  subscriberCount(): number {
    let n = 0;
    for (const groups of this.#groups.values()) for (const g of groups.values()) n += g.subs.size;
    return n;
  }
}
