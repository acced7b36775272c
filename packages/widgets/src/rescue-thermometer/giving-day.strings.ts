import type { Translations } from '../shared/locale.js';
import { strings as base, type ThermometerStrings } from './rescue-thermometer.strings.js';

const { en, ko } = base;

/** The thermometer's built-in tables with the giving-day words, used once the giving-day module is loaded. */
export const strings: Translations<ThermometerStrings> = {
  en: {
    ...en,
    valueMatched: (raised, matched, goal, n, count) => `${raised} raised and ${matched} matched of ${goal} goal, ${en.rescues(n, count)}`,
    matched: (matched, label) => (label ? `${matched} matched by ${label}` : `${matched} matched`),
    matchLeft: (left) => `${left} of match left`,
    left: (time) => `${time} left`,
    ended: 'Ended',
  },
  // Korean has no plural inflection, so its terms ignore `n`.
  ko: {
    ...ko!,
    valueMatched: (raised, matched, goal, n, count) => `목표 ${goal} 중 ${raised} 모금, ${matched} 매칭, ${ko!.rescues(n, count)}`,
    matched: (matched, label) => (label ? `${label} 매칭 ${matched}` : `매칭 ${matched}`),
    matchLeft: (left) => `남은 매칭 ${left}`,
    left: (time) => `${time} 남음`,
    ended: '마감',
  },
};
