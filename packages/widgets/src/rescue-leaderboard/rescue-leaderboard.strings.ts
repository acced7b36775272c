import type { Translations } from '../i18n/locale.js';

/** Every word <rescue-leaderboard> shows or announces. Amounts and counts arrive formatted. */
export interface LeaderboardStrings {
  /** Visible line and accessible name while loading. */
  loading: string;
  /** The campaign has no teams (or none that are not archived). */
  empty: string;
  error: string;
  retry: string;
  /** The endpoint serves the last totals it knew (its database is unreachable). */
  stale: string;
  /** Column headers. */
  rank: string;
  team: string;
  raised: string;
  rescues: string;
  /** A team's "raised of goal" cell, and the caption's total: "$4,200 of $9,000". */
  raisedOf(raised: string, goal: string): string;
  /** The caption's second line: "$4,200 of $9,000 raised". */
  total(raised: string, goal: string): string;
  /** Below the table when only the first teams are shown: "Top 10 of 165 teams" (`n`, the count in all, picks the plural). */
  shown(n: number, shown: string, count: string): string;
  /** Announced (politely) when a team moves up: "Riverside Rescue Team moved up to number 1". */
  movedUp(team: string, rank: string): string;
  /**
   * The words that differ on a board of fundraisers (`kind="fundraisers"`), under the same keys:
   * "Loading fundraisers…", "No fundraisers yet.", the row headers' column "Fundraiser", "Top 3 of
   * 12 fundraisers". A table without them (written before fundraisers existed) gets the English ones.
   */
  fundraisers: Pick<LeaderboardStrings, 'loading' | 'empty' | 'error' | 'team' | 'shown'>;
}

const en: LeaderboardStrings = {
  loading: 'Loading teams…',
  empty: 'No teams yet.',
  error: 'Teams could not be loaded.',
  retry: 'Retry',
  stale: 'These totals may be a few minutes old.',
  rank: 'Rank',
  team: 'Team',
  raised: 'Raised of goal',
  rescues: 'Rescues funded',
  raisedOf: (raised, goal) => `${raised} of ${goal}`,
  total: (raised, goal) => `${raised} of ${goal} raised`,
  shown: (n, shown, count) => `Top ${shown} of ${count} ${n == 1 ? 'team' : 'teams'}`,
  movedUp: (team, rank) => `${team} moved up to number ${rank}`,
  fundraisers: {
    loading: 'Loading fundraisers…',
    empty: 'No fundraisers yet.',
    error: 'Fundraisers could not be loaded.',
    team: 'Fundraiser',
    shown: (n, shown, count) => `Top ${shown} of ${count} ${n == 1 ? 'fundraiser' : 'fundraisers'}`,
  },
};

// Korean has no plural inflection, so its terms ignore `n`.
const ko: LeaderboardStrings = {
  loading: '팀 순위를 불러오는 중…',
  empty: '아직 팀이 없습니다.',
  error: '팀 순위를 불러오지 못했습니다.',
  retry: '다시 시도',
  stale: '최신 합계가 아닐 수 있습니다.',
  rank: '순위',
  team: '팀',
  raised: '모금액 / 목표',
  rescues: '구출 비용 마련',
  raisedOf: (raised, goal) => `${goal} 중 ${raised}`,
  total: (raised, goal) => `${goal} 중 ${raised} 모금`,
  shown: (_, shown, count) => `전체 ${count}개 팀 중 상위 ${shown}개`,
  movedUp: (team, rank) => `${team}, ${rank}위로 올라섰습니다`,
  fundraisers: {
    loading: '모금 페이지를 불러오는 중…',
    empty: '아직 모금 페이지가 없습니다.',
    error: '모금 페이지를 불러오지 못했습니다.',
    team: '모금 페이지',
    shown: (_, shown, count) => `전체 ${count}개 모금 페이지 중 상위 ${shown}개`,
  },
};

export const strings: Translations<LeaderboardStrings> = { en, ko };
