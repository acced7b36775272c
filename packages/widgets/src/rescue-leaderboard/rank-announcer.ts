import type { TeamsFeed } from '@rescuekit/schema';

/** At most one announcement in this many milliseconds. */
const ANNOUNCE_MS = 10_000;

/** A team that moved up, and its new rank (1 = first). */
export type MovedUp = [title: string, rank: number];

/**
 * Decides when a leaderboard's live region speaks: it compares each ranking with the one it last
 * announced and reports the teams that moved up, at most once in 10 seconds. A change inside the
 * window waits for its end and is compared then, so moves in between are gathered into one
 * announcement. The first ranking, another parent's, or the first after nothing was shown (the
 * board switched from teams to fundraisers) is not news.
 */
export class RankAnnouncer {
  /** The parent and the ranking (campaign ids, best first) last announced. */
  #parent?: string;
  #heard: string[] = [];
  #saidAt = -Infinity;
  #latest?: TeamsFeed;
  #timer?: ReturnType<typeof setTimeout> | undefined;

  constructor(private say: (moved: MovedUp[]) => void) {}

  /** Takes a new ranking, or `undefined` when nothing is shown any more. */
  hear(feed: TeamsFeed | undefined): void {
    if (!feed) return void (this.stop(), (this.#parent = undefined));
    this.#latest = feed;
    const order = feed.teams.map((t) => t.campaign);
    if (this.#parent != feed.campaign.campaign) return void ((this.#parent = feed.campaign.campaign), (this.#heard = order));
    const heard = this.#heard;
    const up = feed.teams.flatMap((team, i): MovedUp[] => {
      const was = heard.indexOf(team.campaign);
      return was > i || (was < 0 && i < heard.length) ? [[team.title, i + 1]] : [];
    });
    if (!up.length) return void (this.#heard = order);
    const wait = this.#saidAt + ANNOUNCE_MS - Date.now();
    if (wait > 0) return void (this.#timer ??= setTimeout(() => ((this.#timer = undefined), this.hear(this.#latest!)), wait));
    this.#saidAt = Date.now();
    this.#heard = order;
    this.say(up);
  }

  /** Drops a waiting announcement (the element left the page). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
