import type { Translations } from '../shared/locale.js';
import type { CountdownWords } from './countdown.js';

/**
 * Every word <rescue-thermometer> shows or announces. Amounts arrive formatted. (The giving-day
 * words' built-in tables live in the giving-day module, giving-day.strings.ts; a table added with
 * `registerStrings` holds all of them, as ever.)
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
  /** "41 donors" */
  donors(n: number, count: string): string;
  /** aria-valuetext: "$4,200 of $9,000 raised, 1 rescue funded" */
  valueText(raised: string, goal: string, n: number, count: string): string;
}

const en: BaseThermometerStrings = {
  loading: 'Loading progress…',
  error: 'Progress could not be loaded.',
  retry: 'Retry',
  first: 'Be the first to give!',
  goal: 'Goal reached. Thank you!',
  goalMark: (goal) => `Goal ${goal}`,
  raised: (raised, goal) => `${raised} of ${goal} raised`,
  rescues: (n, count) => (n == 1 ? `${count} rescue funded` : `${count} rescues funded`),
  donors: (n, count) => (n == 1 ? `${count} donor` : `${count} donors`),
  valueText: (raised, goal, n, count) => `${en.raised(raised, goal)}, ${en.rescues(n, count)}`,
};

// Korean has no plural inflection, so its terms ignore `n`.
const ko: BaseThermometerStrings = {
  loading: '불러오는 중…',
  error: '모금 현황을 불러오지 못했습니다.',
  retry: '다시 시도',
  first: '첫 후원자가 되어 주세요!',
  goal: '목표 달성! 감사합니다.',
  goalMark: (goal) => `목표 ${goal}`,
  raised: (raised, goal) => `${goal} 중 ${raised} 모금`,
  rescues: (_, count) => `${count}명 구출 비용 마련`,
  donors: (_, count) => `후원자 ${count}명`,
  valueText: (raised, goal, n, count) => `${ko.raised(raised, goal)}, ${ko.rescues(n, count)}`,
};

export const strings: Translations<BaseThermometerStrings> = { en, ko };

/** The thermometer's giving-day words (part of `ThermometerStrings`; their built-in tables are in giving-day.strings.ts). Amounts arrive formatted. */
export interface GivingDayStrings extends CountdownWords {
  /** aria-valuetext with matched money: "$4,500 raised and $1,200 matched of $9,000 goal, 1 rescue funded" */
  valueMatched(raised: string, matched: string, goal: string, n: number, count: string): string;
  /** "$1,200 matched by the Kim Family Foundation"; `label` is the challenge's, when it has one. */
  matched(matched: string, label?: string): string;
  /** "$3,800 of match left" (while the match window is open). */
  matchLeft(left: string): string;
}
