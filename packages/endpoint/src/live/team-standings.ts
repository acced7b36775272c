/**
 * Every parent's direct, non-archived children kept ranked in memory as the progress hub
 * installs their totals, so `GET /v1/campaigns/:id/teams` and the SSE `teams` frames never
 * read the store: one child's change moves one row (a binary search and a splice), and each
 * feed (per parent and limit) is serialised once per change, then served from bytes.
 */
import type { CampaignConfig, Progress, TeamStanding, TeamsFeed } from '@rescuekit/schema';
import { bodyHash } from '../http.js';

/** What the hub holds per campaign (its `RankedEntry`), as far as ranking needs it. */
export interface RankedEntry {
  readonly campaign: string;
  readonly version: number;
  readonly progress: Progress;
}

/** A live stream that takes frames. */
export interface FrameSink {
  send(chunk: Uint8Array): void;
}

/** `?limit=` and `?teams=` are 1..MAX_TEAMS_LIMIT; 10 when absent. */
export const MAX_TEAMS_LIMIT = 100;
export const DEFAULT_TEAMS_LIMIT = 10;

/** One feed document (teams, recent gifts), ready to send. */
export interface FeedEntry<T> {
  readonly feed: T;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  /** Its SSE frame (`event: teams` / `event: recent`, no `id`: `Last-Event-ID` stays the progress version). */
  readonly sseFrame: Uint8Array;
  /** What it shows: a frame goes out only when this changes. */
  readonly signature: string;
}

export type TeamsFeedEntry = FeedEntry<TeamsFeed>;

interface Board {
  /** Children ranked by raised (desc), then title, then id. */
  readonly rows: RankedEntry[];
  readonly feeds: Map<number, TeamsFeedEntry>;
  /** Live streams by the limit they asked for, with what each group was sent last. */
  readonly groups: Map<number, { subs: Set<FrameSink>; signature: string }>;
}

const encoder = new TextEncoder();

/**
 * A feed document made ready to send: its bytes, a strong ETag (`tag`, the feed's version, plus a
 * hash of the body), the headers of a 200 and of a 304 (`headers` plus the ETag), and its SSE frame.
 */
export function feedEntry<T>(feed: T, event: string, tag: string, headers: Readonly<Record<string, string>>, signature: string): FeedEntry<T> {
  const json = JSON.stringify(feed);
  const bytes = encoder.encode(json);
  const etag = `"${tag}-${bodyHash(json)}"`;
  const common = { ...headers, etag };
  return Object.freeze({
    feed,
    bytes,
    etag,
    headers: Object.freeze({ 'content-type': 'application/json', 'content-length': String(bytes.length), ...common }),
    notModifiedHeaders: Object.freeze(common),
    sseFrame: encoder.encode(`event: ${event}\ndata: ${json}\n\n`),
    signature,
  });
}

/** Ranking order: more raised first; ties by title, then id, so every server agrees. */
function before(a: RankedEntry, b: RankedEntry): boolean {
  const x = a.progress;
  const y = b.progress;
  if (x.raised !== y.raised) return x.raised > y.raised;
  if (x.title !== y.title) return x.title < y.title;
  return x.campaign < y.campaign;
}

const standing = ({ progress: p }: RankedEntry): TeamStanding => ({
  campaign: p.campaign, title: p.title, raised: p.raised, goal: p.goal, donors: p.donors, rescuesFunded: p.rescuesFunded,
});

export class TeamStandings {
  readonly #boards = new Map<string, Board>();
  /** The parent each child is ranked under (absent: top level or archived). */
  readonly #filed = new Map<string, string>();
  readonly #entry: (campaign: string) => RankedEntry | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #onError: (e: unknown) => void;
  readonly #toFlush = new Set<string>();
  #flushScheduled = false;
  /** Feeds serialised, for tests and metrics. */
  readonly stats = { builds: 0, frames: 0 };

  /**
   * @param entry the hub's current entry of a campaign
   * @param headers response headers every feed shares (cache-control, CORS), as progress has them
   */
  readonly #rankedUnder: (config: CampaignConfig) => string | undefined;
  readonly #event: string;

  /**
   * @param rankedUnder the parent a campaign is ranked under on these boards, or undefined (not on any)
   * @param event the SSE event name of these boards' frames
   */
  constructor(
    entry: (campaign: string) => RankedEntry | undefined,
    headers: Readonly<Record<string, string>>,
    onError: (e: unknown) => void = () => {},
    rankedUnder: (config: CampaignConfig) => string | undefined = (c) => (c.parent && !c.archived ? c.parent : undefined),
    event = 'teams',
  ) {
    this.#entry = entry;
    this.#headers = headers;
    this.#onError = onError;
    this.#rankedUnder = rankedUnder;
    this.#event = event;
  }

  #board(parent: string): Board {
    let board = this.#boards.get(parent);
    if (!board) this.#boards.set(parent, (board = { rows: [], feeds: new Map(), groups: new Map() }));
    return board;
  }

  /** The hub installed `entry` for `config`: re-rank it under its parent, and refresh its own caption. */
  installed(config: CampaignConfig, entry: RankedEntry): void {
    const id = config.id;
    const was = this.#filed.get(id);
    const now = this.#rankedUnder(config);
    if (was !== undefined) {
      const rows = this.#board(was).rows;
      const i = rows.findIndex((r) => r.campaign === id);
      if (i >= 0) rows.splice(i, 1);
      if (was !== now) this.#changed(was);
    }
    if (now !== undefined) {
      const rows = this.#board(now).rows;
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(rows[mid]!, entry)) lo = mid + 1;
        else hi = mid;
      }
      rows.splice(lo, 0, entry);
      this.#filed.set(id, now);
      this.#changed(now);
    } else this.#filed.delete(id);
    if (this.#boards.has(id)) this.#changed(id); // its own progress is the caption
  }

  #changed(parent: string): void {
    const board = this.#boards.get(parent);
    if (!board) return;
    board.feeds.clear();
    if (board.groups.size === 0) return;
    this.#toFlush.add(parent);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // Coalesced: every change of this turn (a batch of webhooks, a roll-up) makes at most one frame.
    setTimeout(() => this.#flush(), 0);
  }

  #flush(): void {
    this.#flushScheduled = false;
    const parents = [...this.#toFlush];
    this.#toFlush.clear();
    for (const parent of parents) {
      const board = this.#boards.get(parent);
      for (const [limit, group] of board?.groups ?? []) {
        const feed = this.feed(parent, limit);
        if (!feed || feed.signature === group.signature) continue;
        group.signature = feed.signature;
        this.stats.frames++;
        for (const sub of [...group.subs]) {
          try {
            sub.send(feed.sseFrame);
          } catch (e) {
            this.#onError(e);
          }
        }
      }
    }
  }

  /** The first `limit` teams of `parent` with its caption, or undefined for an unknown campaign. */
  feed(parent: string, limit: number): TeamsFeedEntry | undefined {
    const own = this.#entry(parent);
    if (!own) return undefined;
    const board = this.#board(parent);
    const cached = board.feeds.get(limit);
    if (cached && cached.feed.campaign === own.progress) return cached;
    const shown = board.rows.slice(0, limit);
    let updatedAt = own.progress.updatedAt;
    for (const r of shown) if (r.progress.updatedAt > updatedAt) updatedAt = r.progress.updatedAt;
    const feed: TeamsFeed = { campaign: own.progress, teams: shown.map(standing), count: board.rows.length, updatedAt };
    this.stats.builds++;
    const entry: TeamsFeedEntry = feedEntry(feed, this.#event, `${this.#event[0]}${own.version}`, this.#headers, JSON.stringify(feed.teams));
    board.feeds.set(limit, entry);
    return entry;
  }

  /**
   * Adds a live stream that wants `teams` frames for the first `limit` children of `parent`
   * (the caller sends the current frame first); returns the function that removes it.
   */
  subscribe(parent: string, limit: number, sub: FrameSink): () => void {
    const board = this.#board(parent);
    let group = board.groups.get(limit);
    if (!group) board.groups.set(limit, (group = { subs: new Set(), signature: this.feed(parent, limit)?.signature ?? '' }));
    group.subs.add(sub);
    const g = group;
    return () => {
      g.subs.delete(sub);
      if (g.subs.size === 0 && board.groups.get(limit) === g) board.groups.delete(limit);
    };
  }

  /** How many live streams receive `teams` frames. */
  subscriberCount(): number {
    let n = 0;
    for (const b of this.#boards.values()) for (const g of b.groups.values()) n += g.subs.size;
    return n;
  }
}
