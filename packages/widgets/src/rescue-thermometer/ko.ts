// The thermometer's Korean words, giving-day ones included: a module of their own (a file under the CDN
// bundle's chunks/), loaded (`import()`) only by a thermometer whose language resolves to Korean.
import type { ThermometerStrings } from './rescue-thermometer.strings.js';

/** Every word of <rescue-thermometer> in Korean. Korean has no plural inflection, so its terms ignore `n`. */
export const ko: ThermometerStrings = {
  loading: '불러오는 중…',
  error: '모금 현황을 불러오지 못했습니다.',
  retry: '다시 시도',
  first: '첫 후원자가 되어 주세요!',
  goal: '목표 달성! 감사합니다.',
  goalMark: (goal) => `목표 ${goal}`,
  raised: (raised, goal) => `${goal} 중 ${raised} 모금`,
  rescues: (_, count) => `${count}명 구출 비용 마련`,
  firstRescue: (raised, cost) => `첫 구출까지 ${cost} 중 ${raised}`,
  donors: (_, count) => `후원자 ${count}명`,
  valueText: (raised, goal, n, count) => `${ko.raised(raised, goal)}, ${ko.rescues(n, count)}`,
  valueMatched: (raised, matched, goal, n, count) => `목표 ${goal} 중 ${raised} 모금, ${matched} 매칭, ${ko.rescues(n, count)}`,
  matched: (matched, label) => (label ? `${label} 매칭 ${matched}` : `매칭 ${matched}`),
  matchLeft: (left) => `남은 매칭 ${left}`,
  left: (time) => `${time} 남음`,
  ended: '마감',
};
