/**
 * Per-process cache of every campaign's progress, ready to send: JSON bytes,
 * ETag, response headers and the SSE frame are built once per change, and
 * pushed to all live subscribers from that single build.
 */
import { rescuesFunded, type CampaignConfig, type Progress } from '@rescuekit/schema';
import { bodyHash as hash } from './http.js';
import type { CampaignTotals, Store } from './store/types.js';
import { TeamStandings } from './team-standings.js';
import { RecentGiftsFeeds } from './recent-gifts.js';

/** Everything a read of one campaign's progress needs, precomputed. */
export interface ProgressEntry {
  readonly campaign: string;
  readonly version: number;
  readonly progress: Progress;
  readonly json: string;
  /** UTF-8 bytes of `json`, shared by every response. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Strong validator: version plus a hash of the body, so a config edit (same version) still changes it. */
  readonly etag: string;
  /** Headers of a 200 (a 304 sends the same minus content-type/length). */
  readonly headers: Readonly<Record<string, string>>;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  /** `event: progress` frame, encoded. */
  readonly sseFrame: Uint8Array;
}

/** A live SSE stream (or anything else that wants each change). */
export interface Subscriber {
  send(chunk: Uint8Array): void;
  close(): void;
}

export interface ProgressHubOptions {
  /** How often to look for commits by other processes; 0 disables. Default 1000 ms. */
  pollMs?: number;
  /** SSE heartbeat period. Default 15000 ms. */
  heartbeatMs?: number;
  onError?: (error: unknown) => void;
  /** The endpoint-wide "manage my giving" link (a campaign's own wins). */
  manageGivingUrl?: string | undefined;
  /**
   * After this long without a successful read of the store, progress carries `"stale": true`
   * (JSON, ETag and SSE alike) until the store answers again. Default 30000 ms; 0 disables.
   */
  staleAfterMs?: number;
  /** Clock in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * Browsers may reuse a response for 5 s; shared caches too, then serve stale for 30 s while
 * revalidating (cheap: 304) and for 10 min if we are down, so a thermometer never breaks.
 */
export const PROGRESS_CACHE_CONTROL = 'public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=600';

/** What every cached read (progress, teams) is sent with besides its ETag. */
const FEED_HEADERS = Object.freeze({
  'cache-control': PROGRESS_CACHE_CONTROL,
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag',
  'x-content-type-options': 'nosniff',
});

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': keep-alive\n\n');

const sameTotals = (a: CampaignTotals, b: CampaignTotals) =>
  a.version === b.version && a.raised === b.raised && a.donors === b.donors && a.allies === b.allies && (a.matched ?? 0) === (b.matched ?? 0) && a.updatedAt === b.updatedAt;

export class ProgressHub {
  readonly #store: Store;
  readonly #campaigns: Map<string, CampaignConfig>;
  readonly #entries = new Map<string, ProgressEntry>();
  /** Built by `preview` inside a transaction, installed by `publish` after the commit. */
  readonly #pending = new Map<string, { totals: CampaignTotals; entry: ProgressEntry }>();
  readonly #subscribers = new Map<string, Set<Subscriber>>();
  readonly #opts: Required<Omit<ProgressHubOptions, 'manageGivingUrl'>> & ProgressHubOptions;
  /** The totals each entry was built from, to rebuild it when staleness changes. */
  readonly #totals = new Map<string, CampaignTotals>();
  /** When the store last answered a poll (or start). */
  #freshAt = 0;
  #stale = false;
  #failing = false;
  #timers: ReturnType<typeof setInterval>[] = [];
  #changeToken: number | string | undefined;
  readonly #manageGivingUrl: string | undefined;
  #polling = false;
  #closed = false;
  /** Ancestors whose totals a roll-up changed, re-read once per turn. */
  readonly #chainToRefresh = new Set<string>();
  #chainScheduled = false;
  #justRead: Set<string> | undefined;
  /** Stops the store's push of changes (Postgres LISTEN); set while pushing is on. */
  #unwatch: (() => Promise<void>) | undefined;
  /** The newest `updatedAt` seen: a pushing store's safety poll reads only rows changed since. */
  #latest = '';
  /** Counters for tests and metrics. */
  readonly stats = { builds: 0, polls: 0, externalRefreshes: 0, pushes: 0 };
  /** Each parent's children ranked, kept current from every install (the teams feed). */
  readonly teams: TeamStandings;
  /** Each campaign's last counted gifts, read once per totals version (the recent-gifts feed). */
  readonly recent: RecentGiftsFeeds;

  constructor(store: Store, campaigns: readonly CampaignConfig[], options: ProgressHubOptions = {}) {
    this.#store = store;
    this.#manageGivingUrl = options.manageGivingUrl;
    this.#campaigns = new Map(campaigns.map((c) => [c.id, c]));
    this.#opts = { pollMs: 1000, heartbeatMs: 15_000, onError: () => {}, manageGivingUrl: undefined, staleAfterMs: 30_000, now: Date.now, ...options };
    this.teams = new TeamStandings((id) => this.#entries.get(id), FEED_HEADERS, (e) => this.#opts.onError(e));
    const current = (id: string) => {
      const e = this.#entries.get(id);
      return e && { version: e.version, updatedAt: e.progress.updatedAt };
    };
    this.recent = new RecentGiftsFeeds(store, { current, config: (id) => this.#campaigns.get(id) }, FEED_HEADERS, (e) => this.#opts.onError(e));
  }

  /** Loads every campaign's totals (one read) and starts polling and heartbeats. */
  async start(): Promise<void> {
    this.#changeToken = await this.#store.changeToken();
    for (const t of await this.#store.getAllTotals()) this.#seen(this.publish(t) && t);
    this.#freshAt = this.#opts.now();
    if (!this.#closed) this.#unwatch = this.#store.watchTotals?.((ids) => void this.#refresh(ids), (e) => this.#opts.onError(e));
    const unref = (t: ReturnType<typeof setInterval>) => ((t as { unref?: () => void }).unref?.(), t);
    if (this.#opts.pollMs > 0) this.#timers.push(unref(setInterval(() => (this.#checkStale(), void this.poll()), this.#opts.pollMs)));
    if (this.#opts.heartbeatMs > 0) this.#timers.push(unref(setInterval(() => this.#heartbeat(), this.#opts.heartbeatMs)));
  }

  /** The cached entry, or undefined for an unknown campaign (or before `start`). */
  get(campaign: string): ProgressEntry | undefined {
    return this.#entries.get(campaign);
  }

  /** True while progress is served from the cache because the store has not answered for `staleAfterMs`. */
  get stale(): boolean {
    return this.#stale;
  }

  /**
   * Installs totals read from (or returned by a commit to) the store, if newer than
   * what is cached, and pushes the new frame to every subscriber of that campaign.
   */
  publish(totals: CampaignTotals): ProgressEntry | undefined {
    // A campaign stored as data brings its own config; it replaces what this process had.
    if (totals.config) this.#campaigns.set(totals.campaign, totals.config);
    const config = this.#campaigns.get(totals.campaign);
    if (!config) return undefined;
    const cached = this.#entries.get(totals.campaign);
    if (cached && cached.version >= totals.version) return cached;
    if (config.parent) this.refreshChain(config.parent);
    const pending = this.#pending.get(config.id);
    this.#pending.delete(config.id);
    const entry = pending && sameTotals(pending.totals, totals) && !this.#stale ? pending.entry : this.#build(config, totals);
    this.#install(config.id, totals, entry);
    return entry;
  }

  #install(campaign: string, totals: CampaignTotals, entry: ProgressEntry): void {
    this.#totals.set(campaign, totals);
    this.#entries.set(campaign, entry);
    const config = this.#campaigns.get(campaign);
    if (config) this.teams.installed(config, entry);
    this.recent.changed(campaign);
    for (const sub of [...(this.#subscribers.get(campaign) ?? [])]) {
      try {
        sub.send(entry.sseFrame);
      } catch (e) {
        this.#opts.onError(e);
      }
    }
  }

  /** Rebuilds every entry (same totals) when staleness flips, and pushes the new frames. */
  #setStale(stale: boolean): void {
    if (this.#stale === stale) return;
    this.#stale = stale;
    for (const [campaign, totals] of this.#totals) {
      const config = this.#campaigns.get(campaign);
      if (config) this.#install(campaign, totals, this.#build(config, totals));
    }
  }

  /** Marks progress stale once the store has been silent for `staleAfterMs`. */
  #checkStale(): void {
    const after = this.#opts.staleAfterMs;
    if (after > 0 && this.#freshAt > 0 && this.#opts.now() - this.#freshAt >= after) this.#setStale(true);
  }

  /**
   * The progress JSON for totals not yet committed (a gift's response is built inside its
   * transaction). The build is kept and reused by `publish` when the same totals commit.
   */
  preview(totals: CampaignTotals): string {
    const config = this.#campaigns.get(totals.campaign);
    if (!config) throw new Error(`unknown campaign ${totals.campaign}`);
    const entry = this.#build(config, totals);
    this.#pending.set(config.id, { totals, entry });
    return entry.json;
  }

  /** Checks whether another connection committed (one cheap query) and, if so, re-reads all totals once. */
  async poll(): Promise<void> {
    if (this.#polling || this.#closed) return;
    this.#polling = true;
    try {
      this.stats.polls++;
      if (this.#unwatch && this.#store.totalsSince) return await this.#pollChanged(this.#store.totalsSince.bind(this.#store));
      const token = await this.#store.changeToken();
      this.#freshAt = this.#opts.now();
      this.#failing = false;
      this.#setStale(false);
      if (token === this.#changeToken) return;
      this.#changeToken = token;
      this.stats.externalRefreshes++;
      for (const t of await this.#store.getAllTotals()) this.publish(t);
    } catch (e) {
      if (!this.#failing) this.#opts.onError(e); // once per outage, not once a second
      this.#failing = true;
      this.#checkStale();
    } finally {
      this.#polling = false;
    }
  }

  /** A campaign's config as this process knows it (from the store once seeded). */
  campaign(id: string): CampaignConfig | undefined {
    return this.#campaigns.get(id);
  }

  /**
   * A change below `parent` changed it and its ancestors too (rolled up in the same commit):
   * re-read each once per turn and push it to its own subscribers.
   */
  refreshChain(parent: string): void {
    for (let p: string | null | undefined = parent, n = 0; p != null && n < 8; p = this.#campaigns.get(p)?.parent, n++) {
      // An ancestor read in the round being installed right now is already as new as that round's cause.
      if (!this.#justRead?.has(p)) this.#chainToRefresh.add(p);
    }
    if (!this.#chainToRefresh.size) return;
    if (this.#chainScheduled || this.#closed) return;
    this.#chainScheduled = true;
    setTimeout(() => void this.#refreshChain(), 0);
  }

  async #refreshChain(): Promise<void> {
    const ids = [...this.#chainToRefresh];
    this.#chainToRefresh.clear();
    this.#chainScheduled = false;
    try {
      // Asked in one turn: on Postgres these reads share one query.
      const read = await Promise.all(ids.map((id) => this.#store.getTotals(id)));
      this.#justRead = new Set(ids);
      try {
        for (const t of read) if (t) this.publish(t);
      } finally {
        this.#justRead = undefined;
      }
    } catch (e) {
      this.#opts.onError(e);
    }
  }

  /** The safety poll beside pushes: one query for rows changed lately (5 s back, for clock skew between servers). */
  async #pollChanged(totalsSince: (since: string) => Promise<CampaignTotals[]>): Promise<void> {
    const since = this.#latest ? new Date(Date.parse(this.#latest) - 5000).toISOString() : '';
    const changed = await totalsSince(since);
    this.#freshAt = this.#opts.now();
    this.#failing = false;
    this.#setStale(false);
    for (const t of changed) this.#seen(this.publish(t) && t);
  }

  /** A push named campaigns (null: any) whose totals another commit changed. */
  async #refresh(ids: readonly string[] | null): Promise<void> {
    if (this.#closed) return;
    this.stats.pushes++;
    try {
      const fresh = ids === null ? await this.#store.getAllTotals() : await Promise.all(ids.filter((id) => this.#campaigns.has(id)).map((id) => this.#store.getTotals(id)));
      for (const t of fresh) if (t) this.#seen(this.publish(t) && t);
    } catch {
      // The safety poll reads it again and reports the outage.
    }
  }

  #seen(t: CampaignTotals | false | undefined): void {
    if (t && t.updatedAt > this.#latest) this.#latest = t.updatedAt;
  }

  /** Adds a subscriber; returns the function that removes it. */
  subscribe(campaign: string, sub: Subscriber): () => void {
    let set = this.#subscribers.get(campaign);
    if (!set) this.#subscribers.set(campaign, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && this.#subscribers.get(campaign) === set) this.#subscribers.delete(campaign);
    };
  }

  /** Number of live subscribers, for one campaign or all. */
  subscriberCount(campaign?: string): number {
    if (campaign !== undefined) return this.#subscribers.get(campaign)?.size ?? 0;
    let n = 0;
    for (const s of this.#subscribers.values()) n += s.size;
    return n;
  }

  /** Stops timers and ends every subscriber's stream. */
  close(): void {
    this.#closed = true;
    void this.#unwatch?.();
    this.#unwatch = undefined;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    for (const set of this.#subscribers.values()) for (const sub of [...set]) sub.close();
    this.#subscribers.clear();
  }

  #heartbeat(): void {
    for (const set of this.#subscribers.values()) for (const sub of [...set]) sub.send(HEARTBEAT);
  }

  #build(c: CampaignConfig, t: CampaignTotals): ProgressEntry {
    this.stats.builds++;
    const progress: Progress = {
      campaign: c.id,
      title: c.title,
      currency: c.currency,
      goal: c.goal,
      raised: t.raised,
      donors: t.donors,
      rescueCost: c.rescueCost,
      rescuesFunded: rescuesFunded(t.raised, c.rescueCost),
      allies: t.allies,
      updatedAt: t.updatedAt,
      parent: c.parent ?? null,
    };
    if (t.pending) progress.pending = t.pending;
    const manage = c.manageGivingUrl ?? this.#manageGivingUrl;
    if (manage) progress.manageGivingUrl = manage;
    // The amount rules checkout enforces, so a widget can refuse before it calls.
    if (c.minAmount !== undefined) progress.minAmount = c.minAmount;
    if (c.maxAmount !== undefined) progress.maxAmount = c.maxAmount;
    if (c.alliesGoal !== undefined) progress.alliesGoal = c.alliesGoal;
    // Giving settings the picker and the donate button read: the monthly upsell (offers default to the presets) and impact lines.
    if (c.upsell?.monthly) progress.upsell = { ...c.upsell, ...(!c.upsell.amounts && c.presets ? { amounts: c.presets } : {}) };
    if (c.impact) progress.impact = c.impact;
    // Giving-day settings: the matching challenge (matched/matchLeft come from the totals) and the deadline.
    if (c.match) progress.match = c.match;
    // The pool's own matched money (kept after a challenge is removed), and what its cap still allows.
    const matched = t.matched ?? 0;
    if (c.match || matched > 0) progress.matched = matched;
    if (c.match) progress.matchLeft = Math.max(0, c.match.cap - matched);
    if (c.endsAt) progress.endsAt = c.endsAt;
    if (this.#stale) progress.stale = true;
    const json = JSON.stringify(progress);
    const bytes = encoder.encode(json);
    const etag = `"${t.version}-${hash(json)}"`;
    const common = { ...FEED_HEADERS, etag };
    return Object.freeze({
      campaign: c.id,
      version: t.version,
      progress,
      json,
      bytes,
      etag,
      headers: Object.freeze({ 'content-type': 'application/json', 'content-length': String(bytes.length), ...common }),
      notModifiedHeaders: Object.freeze(common),
      sseFrame: encoder.encode(`event: progress\nid: ${t.version}\ndata: ${json}\n\n`),
    });
  }
}
