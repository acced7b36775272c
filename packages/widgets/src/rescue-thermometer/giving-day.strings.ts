import { en as base, type ThermometerStrings } from './rescue-thermometer.strings.js';

/** The thermometer's English words with the giving-day ones, used once the giving-day module is loaded (Korean: ko.ts). */
export const en: ThermometerStrings = {
  ...base,
  valueMatched: (raised, matched, goal, n, count) => `${raised} raised and ${matched} matched of ${goal} goal, ${base.rescues(n, count)}`,
  matched: (matched, label) => (label ? `${matched} matched by ${label}` : `${matched} matched`),
  matchLeft: (left) => `${left} of match left`,
  left: (time) => `${time} left`,
  ended: 'Ended',
};
