import type { CountdownWords } from './countdown.js';

/**
 * Every word <rescue-thermometer> shows or announces. Amounts arrive formatted. (The giving-day
 * words' English table lives in the giving-day module, giving-day.strings.ts, and the Korean table
 * in ko.ts, each loaded only when needed; a table added with `registerStrings` holds all of them, as ever.)
 */
export interface ThermometerStrings extends BaseThermometerStrings, GivingDayStrings {}

/** The words of a thermometer without a giving day. */
export interface BaseThermometerStrings {
  /** Accessible name and visible line while loading. */
  loading: string;
  error: string;
  retry: string;
  /** Raised is zero: an encouraging line. */
  first: string;
  /** Raised has reached the goal. */
  goal: string;
  /** Beside the top of the tube: "Goal $9,000". */
  goalMark(goal: string): string;
  /** "$4,200 of $9,000 raised" */
  raised(raised: string, goal: string): string;
  /** "1 rescue funded"; `count` is `n` formatted for the locale. */
  rescues(n: number, count: string): string;
  /** Instead of "0 rescues funded", how far to the first: "$45 of $3,000 toward the first rescue" (raised, cost of a rescue). */
  firstRescue(raised: string, cost: string): string;
  /** "41 donors" */
  donors(n: number, count: string): string;
  /** aria-valuetext: "$4,200 of $9,000 raised, 1 rescue funded" */
  valueText(raised: string, goal: string, n: number, count: string): string;
}

/** The built-in English words (the giving-day ones are in giving-day.strings.ts, the Korean ones in ko.ts). */
export const en: BaseThermometerStrings = {
  loading: 'Loading progress…',
  error: 'Progress could not be loaded.',
  retry: 'Retry',
  first: 'Be the first to give!',
  goal: 'Goal reached. Thank you!',
  goalMark: (goal) => `Goal ${goal}`,
  raised: (raised, goal) => `${raised} of ${goal} raised`,
  rescues: (n, count) => (n == 1 ? `${count} rescue funded` : `${count} rescues funded`),
  firstRescue: (raised, cost) => `${raised} of ${cost} toward the first rescue`,
  donors: (n, count) => (n == 1 ? `${count} donor` : `${count} donors`),
  valueText: (raised, goal, n, count) => `${en.raised(raised, goal)}, ${en.rescues(n, count)}`,
};

/** The thermometer's giving-day words (part of `ThermometerStrings`; their English table is in giving-day.strings.ts, their Korean one in ko.ts). Amounts arrive formatted. */
export interface GivingDayStrings extends CountdownWords {
  /** aria-valuetext with matched money: "$4,500 raised and $1,200 matched of $9,000 goal, 1 rescue funded" */
  valueMatched(raised: string, matched: string, goal: string, n: number, count: string): string;
  /** "$1,200 matched by the Kim Family Foundation"; `label` is the challenge's, when it has one. */
  matched(matched: string, label?: string): string;
  /** "$3,800 of match left" (while the match window is open). */
  matchLeft(left: string): string;
}
