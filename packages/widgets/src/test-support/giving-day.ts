import type { Progress } from '@rescuekit/schema';
import { demo } from './fixtures.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** A giving day's clock for stories and screenshots: 12:48 in New York on 2026-12-03. */
export const GIVING_NOW = Date.parse('2026-12-03T12:48:00-05:00');

/** The Kim Family Foundation doubles every gift made on 2026-12-03 (New York), up to $5,000. */
export const match = {
  ratio: 1,
  cap: 500_000,
  startsAt: '2026-12-03T00:00:00-05:00',
  endsAt: '2026-12-04T00:00:00-05:00',
  label: 'the Kim Family Foundation',
};

/** $4,500 raised and $1,200 matched of $9,000 (63 %), $3,800 of the match left. */
export const matchedProgress: Progress = { ...demo, raised: 450_000, donors: 19, match, matched: 120_000, matchLeft: 380_000 };
/** The match used up: $3,000 raised, $5,000 matched, none left (88 %). */
export const matchExhausted: Progress = { ...demo, raised: 300_000, donors: 31, match, matched: 500_000, matchLeft: 0 };
/** Raised and matched together pass the goal: $4,600 + $4,600 of $9,000. */
export const matchedReached: Progress = { ...demo, raised: 460_000, donors: 44, rescuesFunded: 1, match, matched: 460_000, matchLeft: 40_000 };

/** An ISO instant `ms` after `now`. */
export const inFromNow = (ms: number, now = GIVING_NOW): string => new Date(now + ms).toISOString();

/** The matched campaign with a deadline that far from `now`: days, hours, minutes, ended. */
export const countdowns = (now = GIVING_NOW): Record<'days' | 'hours' | 'minutes' | 'ended', Progress> => ({
  days: { ...matchedProgress, endsAt: inFromNow(3 * DAY + 4 * HOUR, now) },
  hours: { ...matchedProgress, endsAt: inFromNow(5 * HOUR + 12 * MIN, now) },
  minutes: { ...matchedProgress, endsAt: inFromNow(12 * MIN, now) },
  ended: { ...matchedProgress, endsAt: inFromNow(-HOUR, now) },
});
