// The thermometer's giving-day module, loaded (`import()`) only for a campaign whose progress has a
// giving-day field: matched money, the match left, the countdown, their styles and their checks.
import { inMatchWindow, type Progress } from '@rescuekit/schema';
import { instant, int, matchConfig, progressCheck } from '@rescuekit/schema/progress-check';
import { countdown } from './countdown.js';
import type { ThermometerStrings } from './rescue-thermometer.strings.js';

export { givingDayStyles } from './giving-day.styles.js';
export { en } from './giving-day.strings.js';

/** The thermometer's progress check once this module is here: the required fields and the giving day's. */
export const parseGivingDay = progressCheck({ match: matchConfig, matched: int, matchLeft: int, endsAt: instant });

/** The giving-day part of a thermometer at one instant: matched money, the match left, the deadline. */
export interface GivingDay {
  /** Matched money (never below 0): the second fill, and part of what counts toward the goal. */
  matched: number;
  /** "$1,200 matched by …", "$3,800 of match left", the countdown; '' for a line not shown. */
  lines: [matched: string, matchLeft: string, countdown: string];
  /** The countdown's milestone stage (see {@link countdown}); 0 without a deadline. */
  stage: number;
  /** ms until any of it changes (the countdown's next minute, the match window's next edge, at most a day); 0 when nothing will. */
  wait: number;
}

/**
 * What `p` shows of a giving day at `now` (ms since the epoch) in `locale` (amounts through `money`): the matched line when
 * money was matched, the match left while the window is open and some is left, the countdown
 * when the campaign has a deadline.
 */
export function givingDay(p: Progress, now: number, locale: string, t: ThermometerStrings, money: (amount: number) => string): GivingDay {
  const { match, matchLeft = 0 } = p;
  const matched = Math.max(0, p.matched ?? 0);
  const [ends, stage, wait] = p.endsAt ? countdown(Date.parse(p.endsAt), now, locale, t) : ['', 0, 0];
  // setTimeout takes at most ~24.8 days: a window edge further away is looked at again in a day.
  const edges = match ? [match.startsAt, match.endsAt].map((e) => Math.min(Date.parse(e) - now, 864e5)) : [];
  const next = [wait, ...edges].filter((w) => w > 0);
  return {
    matched,
    lines: [
      matched ? t.matched(money(matched), match?.label) : '',
      match && matchLeft > 0 && inMatchWindow(now, match) ? t.matchLeft(money(matchLeft)) : '',
      ends,
    ],
    stage,
    wait: next.length ? Math.min(...next) : 0,
  };
}
