/**
 * Live progress for one process, put together: the campaign directory, the cache of progress
 * documents (`progress-cache.ts`), the live streams (`fanout.ts`), the watch on other servers'
 * commits (`change-watch.ts`) and the teams and recent-gifts feeds kept current from each install.
 * The routes read from it; commits install into it what they changed.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import { CampaignDirectory } from '../campaigns/directory.js';
import type { CampaignTotals, Store } from '../store/types.js';
import { ChangeWatch } from './change-watch.js';
import { Fanout, type Subscriber } from './fanout.js';
import { ProgressCache } from './progress-cache.js';
import { FEED_HEADERS, type ProgressEntry } from './progress-document.js';
import { RecentGiftsFeeds } from './recent-gifts.js';
import { TeamStandings } from './team-standings.js';

export interface LiveProgressOptions {
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

export class LiveProgress {
  /** The campaigns this process knows (from the config, then the store). */
  readonly directory: CampaignDirectory;
  readonly #cache: ProgressCache;
  readonly #fanout: Fanout;
  readonly #watch: ChangeWatch;
  readonly #heartbeatMs: number;
  /** Each parent's children ranked, kept current from every install (the teams feed). */
  readonly teams: TeamStandings;
  /** Each team's public fundraiser pages ranked (the fundraisers feed). */
  readonly fundraisers: TeamStandings;
  /** Each campaign's last counted gifts, read once per totals version (the recent-gifts feed). */
  readonly recent: RecentGiftsFeeds;

  constructor(store: Store, campaigns: readonly CampaignConfig[] | CampaignDirectory, options: LiveProgressOptions = {}) {
    const onError = options.onError ?? (() => {});
    this.directory = campaigns instanceof CampaignDirectory ? campaigns : new CampaignDirectory(campaigns);
    this.#heartbeatMs = options.heartbeatMs ?? 15_000;
    this.#fanout = new Fanout(onError);
    this.#cache = new ProgressCache(this.directory, options.manageGivingUrl, (config, entry) => {
      this.teams.installed(config, entry);
      this.fundraisers.installed(config, entry);
      this.recent.changed(config.id);
      // A page nobody may see yet (or any more) sends nothing to anyone still listening.
      if (this.directory.isPublic(config.id)) this.#fanout.send(config.id, entry.sseFrame);
    });
    const caption = (id: string) => this.get(id);
    // Teams: a campaign's direct children of the old kind. Fundraisers: its public supporters' pages.
    this.teams = new TeamStandings(caption, FEED_HEADERS, onError, (c) => (c.parent && !c.archived && !c.fundraiser ? c.parent : undefined), 'teams');
    this.fundraisers = new TeamStandings(caption, FEED_HEADERS, onError, (c) => (c.parent && c.fundraiser && this.directory.isPublic(c.id) ? c.parent : undefined), 'fundraisers');
    this.recent = new RecentGiftsFeeds(store, { current: (id) => this.#cache.current(id), config: (id) => this.directory.get(id) }, FEED_HEADERS, onError);
    const sink = { install: (t: CampaignTotals) => this.#cache.install(t), setStale: (s: boolean) => this.#cache.setStale(s), has: (id: string) => this.directory.has(id) };
    this.#watch = new ChangeWatch(store, sink, {
      onError,
      ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
      ...(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** Loads every campaign's totals (one read) and starts watching and heartbeats. */
  async start(): Promise<void> {
    await this.#watch.start();
    this.#fanout.start(this.#heartbeatMs);
  }

  /**
   * The cached entry the public may read, or undefined for an unknown campaign (or before `start`),
   * and for a fundraiser page not (or no longer) public: every public read goes through here.
   */
  get(campaign: string): ProgressEntry | undefined {
    return this.directory.isPublic(campaign) ? this.#cache.get(campaign) : undefined;
  }

  /** The cached entry whether or not the public may see it: for its owner, its reviewers and the admin. */
  entry(campaign: string): ProgressEntry | undefined {
    return this.#cache.get(campaign);
  }

  /** Monthly Allies of every top-level campaign (a movement), and of them those past due now: what `/metrics` shows. */
  rootAllies(): { counted: number; atRisk: number } {
    let counted = 0;
    let atRisk = 0;
    for (const id of this.directory.roots()) {
      const p = this.#cache.get(id)?.progress;
      counted += p?.allies ?? 0;
      atRisk += p?.alliesAtRisk ?? 0;
    }
    return { counted, atRisk };
  }

  /** True while progress is served from the cache because the store has not answered for `staleAfterMs`. */
  get stale(): boolean {
    return this.#cache.stale;
  }

  /** Installs a totals row read from the store, if newer than what is held; answers the entry held. */
  publish(totals: CampaignTotals): ProgressEntry | undefined {
    return this.#cache.install(totals);
  }

  /** Installs every totals row a commit changed, ancestors included: the next read sees the commit at every level. */
  install(changed: readonly CampaignTotals[] | undefined): void {
    if (changed) this.#cache.installAll(changed);
  }

  /** The progress JSON for totals not yet committed (built once, reused when the same totals commit). */
  preview(totals: CampaignTotals): string {
    return this.#cache.preview(totals);
  }

  /** Looks for other servers' commits now (also done every `pollMs`). */
  poll(): Promise<void> {
    return this.#watch.poll();
  }

  subscribe(campaign: string, sub: Subscriber): () => void {
    return this.#fanout.subscribe(campaign, sub);
  }

  /** Number of live subscribers, for one campaign or all. */
  subscriberCount(campaign?: string): number {
    return this.#fanout.count(campaign);
  }

  /** Counters for tests and metrics. */
  get stats(): { builds: number; polls: number; externalRefreshes: number; pushes: number } {
    return { builds: this.#cache.stats.builds, ...this.#watch.stats };
  }

  /** Stops timers and ends every subscriber's stream. */
  close(): void {
    this.#watch.close();
    this.#fanout.close();
  }
}
