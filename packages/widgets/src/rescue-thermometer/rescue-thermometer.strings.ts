import type { Translations } from '../shared/locale.js';

/** Every word <rescue-thermometer> shows or announces. Amounts arrive formatted. */
export interface ThermometerStrings {
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

const en: ThermometerStrings = {
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
const ko: ThermometerStrings = {
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

export const strings: Translations<ThermometerStrings> = { en, ko };
