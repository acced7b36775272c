import type { RecentGift } from '@rescuekit/schema';

/** At most one announcement in this many milliseconds. */
const ANNOUNCE_MS = 15_000;

/**
 * Decides when the ticker's live region speaks: it counts the gifts that are new since the list
 * it last heard (those in front of the first it already heard, and no older than its newest; a voided gift
 * leaving, or an older one sliding back in, is not news) and says how many, at most once in
 * 15 seconds; new gifts inside the window are added up and said when it ends. The first list,
 * or another campaign's, is not news.
 */
export class GiftAnnouncer {
  #campaign?: string;
  #heard: string[] = [];
  #waiting = 0;
  #saidAt = -Infinity;
  #timer?: ReturnType<typeof setTimeout> | undefined;

  constructor(private say: (count: number) => void) {}

  /** Takes a new list (newest first). */
  hear(campaign: string, gifts: readonly RecentGift[]): void {
    const now = gifts.map((g) => JSON.stringify(g));
    const heard = this.#heard;
    this.#heard = now;
    if (this.#campaign != campaign) return void (this.#campaign = campaign);
    // Gifts carry no id. New ones come first (newest first), no older than the newest heard;
    // an older gift sliding back in at the end (a gift above it voided) is not news.
    const newest = heard.length ? (JSON.parse(heard[0]!) as RecentGift).when : '';
    for (const [i, g] of now.entries()) {
      if (heard.includes(g) || gifts[i]!.when < newest) break;
      this.#waiting++;
    }
    this.#tell();
  }

  #tell(): void {
    if (!this.#waiting) return;
    const wait = this.#saidAt + ANNOUNCE_MS - Date.now();
    if (wait > 0) return void (this.#timer ??= setTimeout(() => ((this.#timer = undefined), this.#tell()), wait));
    this.#saidAt = Date.now();
    this.say(this.#waiting);
    this.#waiting = 0;
  }

  /** Drops a waiting announcement (the element left the page). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
