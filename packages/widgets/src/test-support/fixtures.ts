import type { Progress, RecentGifts, TeamsFeed } from '@rescuekit/schema';

/** $4,200 of $9,000, 1 rescue, 12 donors: the design's example. */
export const demo: Progress = {
  campaign: 'rescue-team-demo',
  title: 'Rescue Team demo: three rescues',
  currency: 'usd',
  goal: 900_000,
  raised: 420_000,
  donors: 12,
  rescueCost: 300_000,
  rescuesFunded: 1,
  allies: 3,
  updatedAt: '2026-11-22T10:00:00Z',
};

export const empty: Progress = { ...demo, raised: 0, donors: 0, rescuesFunded: 0 };
export const reached: Progress = { ...demo, raised: 912_500, donors: 87, rescuesFunded: 3 };
/** A Korean campaign in won (no minor unit): ₩4,200,000 of ₩9,000,000. */
export const krw: Progress = {
  ...demo,
  campaign: 'seoul-team',
  title: '서울 구출팀: 세 명의 구출',
  currency: 'krw',
  goal: 9_000_000,
  raised: 4_200_000,
  rescueCost: 3_000_000,
};

/** Whitespace-normalised text of an element's shadow root. */
export const shadowText = (el: Element): string => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** Text of one part. */
export const partText = (el: Element, part: string): string =>
  (el.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The movement: the parent whose teams a leaderboard ranks. */
export const movement: Progress = {
  ...demo,
  campaign: 'the-hundred',
  title: 'The Hundred: 100 rescues to freedom',
  goal: 30_000_000,
  raised: 1_020_000,
  donors: 40,
  rescuesFunded: 3,
  allies: 1204,
};

/** The movement's three teams, ranked by raised: demo $4,200, Riverside $3,600, Harbor $2,400. */
export const teams: TeamsFeed = {
  campaign: movement,
  teams: [
    { campaign: 'rescue-team-demo', title: 'Rescue Team demo: three rescues', raised: 420_000, goal: 900_000, donors: 12, rescuesFunded: 1 },
    { campaign: 'rescue-team-riverside', title: 'Riverside Rescue Team', raised: 360_000, goal: 900_000, donors: 9, rescuesFunded: 1 },
    { campaign: 'rescue-team-harbor', title: 'Harbor Rescue Team', raised: 240_000, goal: 600_000, donors: 5, rescuesFunded: 0 },
  ],
  count: 3,
  updatedAt: '2026-11-22T10:00:00Z',
};

/**
 * The movement's fundraisers (`kind="fundraisers"`): supporters' own pages, ranked by raised, the same
 * shape as its teams. Mina $3,200, Jae-won $1,200, the Parks $640; 12 pages in all.
 */
export const fundraisers: TeamsFeed = {
  campaign: movement,
  teams: [
    { campaign: 'mina-runs-10k', title: 'Mina runs 10 km for Riverside', raised: 320_000, goal: 500_000, donors: 31, rescuesFunded: 1 },
    { campaign: 'jaewon-birthday', title: 'Jae-won’s birthday for the dogs', raised: 120_000, goal: 150_000, donors: 18, rescuesFunded: 0 },
    { campaign: 'the-parks-bake-sale', title: 'The Parks’ bake sale', raised: 64_000, goal: 100_000, donors: 22, rescuesFunded: 0 },
  ],
  count: 12,
  updatedAt: '2026-11-22T10:00:00Z',
};

/** An hour `n` hours before now, as the endpoint sends gift times (rounded down to the hour, UTC). */
export const hoursAgo = (n: number, now = Date.now()): string =>
  new Date(Math.floor(now / 3_600_000) * 3_600_000 - n * 3_600_000).toISOString().replace('.000Z', 'Z');

/** The movement's last gifts, newest first: online this hour, a team's bake sale, monthly, a concert days ago. */
export const recentGifts = (now = Date.now()): RecentGifts => ({
  campaign: 'the-hundred',
  gifts: [
    { amount: 2700, currency: 'usd', team: null, when: hoursAgo(0, now), kind: 'online' },
    { amount: 4500, currency: 'usd', team: 'Riverside Rescue Team', when: hoursAgo(2, now), kind: 'offline', category: 'bake_sale' },
    { amount: 900, currency: 'usd', team: 'Harbor Rescue Team', when: hoursAgo(26, now), kind: 'monthly' },
    { amount: 30_000, currency: 'usd', team: 'Rescue Team demo: three rescues', when: hoursAgo(80, now), kind: 'offline', category: 'concert' },
  ],
  updatedAt: '2026-11-22T10:00:00Z',
});
