const MINUTE = 60_000;
/** Minutes left at which a countdown is announced: 24 hours, 1 hour, 10 minutes, the end. */
const MILESTONES = [1440, 60, 10, 0];

/** The words a countdown needs; the numbers and units come from `Intl.NumberFormat`. */
export interface CountdownWords {
  /** "3 days 4 hours left"; `time` arrives formatted ("3 days 4 hours"). */
  left(time: string): string;
  /** The deadline has passed. */
  ended: string;
}

/**
 * The time left until `endsAt` at `now` (both ms since the epoch), in `locale`'s words:
 * days and hours ("3 days 4 hours left"), under a day hours and minutes ("5 hours 12 minutes
 * left"), under an hour minutes ("12 minutes left"), then `ended`. Minutes are whole and rounded
 * up, so an open deadline never reads "0 minutes" (59 s left is "1 minute left"); a zero second
 * unit is left out ("1 day left" at exactly 24 hours). Elapsed time only: the same words in every
 * time zone, across daylight-saving changes too (a day is 24 hours).
 *
 * Returns the text; the milestone stage (0 more than a day left, then 1, 2, 3 from 24 hours,
 * 1 hour and 10 minutes left, 4 ended), so a change of stage can be announced once; and how many
 * ms until the text changes (at most a minute; 0 once ended).
 */
export function countdown(endsAt: number, now: number, locale: string, t: CountdownWords): [text: string, stage: number, wait: number] {
  const left = endsAt - now;
  const minutes = Math.ceil(left / MINUTE);
  const stage = MILESTONES.filter((m) => minutes <= m).length;
  if (minutes <= 0) return [t.ended, stage, 0];
  const unit = (n: number, unit: string) => (n ? new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n) : '');
  const [big, small, a, b] = minutes >= 1440 ? [1440, 60, 'day', 'hour'] : [60, 1, 'hour', 'minute'];
  const time = [unit(Math.floor(minutes / big), a), unit(Math.floor((minutes % big) / small), b)].filter(Boolean).join(' ');
  return [t.left(time), stage, left - (minutes - 1) * MINUTE];
}
