import type { OfflineGiftCategory, RecentGift } from '@rescuekit/schema';
import type { Translations } from '../i18n/locale.js';

/** Every word <rescue-recent-gifts> shows or announces. Amounts, teams and times arrive formatted. */
export interface RecentGiftsStrings {
  /** The list's heading (its accessible name). */
  title: string;
  loading: string;
  empty: string;
  error: string;
  retry: string;
  /** Shown instead of the amount with `hide-amounts`. */
  aGift: string;
  /** What a gift was, by kind: online, monthly, offline. */
  kinds: Record<RecentGift['kind'], string>;
  /** What an offline gift was, by its category (never the recorder's note). */
  categories: Record<OfflineGiftCategory, string>;
  /** The line under a gift: its team (if any) and its coarse time ("Seoul chapter · today"). */
  meta(team: string | null, when: string): string;
  /** Announced (politely, at most once in 15 s): "2 new gifts". */
  fresh(n: number, count: string): string;
}

const en: RecentGiftsStrings = {
  title: 'Recent gifts',
  loading: 'Loading recent gifts…',
  empty: 'No gifts yet. Be the first!',
  error: 'Recent gifts could not be loaded.',
  retry: 'Retry',
  aGift: 'A gift',
  kinds: { online: 'online', monthly: 'monthly', offline: 'offline' },
  categories: { bake_sale: 'bake sale', concert: 'concert', cheque: 'cheque', other: 'offline' },
  meta: (team, when) => (team ? `${team} · ${when}` : when),
  fresh: (n, count) => (n == 1 ? 'A new gift' : `${count} new gifts`),
};

const ko: RecentGiftsStrings = {
  title: '최근 기부',
  loading: '최근 기부를 불러오는 중…',
  empty: '아직 기부가 없습니다. 첫 기부자가 되어 주세요!',
  error: '최근 기부를 불러오지 못했습니다.',
  retry: '다시 시도',
  aGift: '기부',
  kinds: { online: '온라인', monthly: '정기 후원', offline: '현장 기부' },
  categories: { bake_sale: '베이크 세일', concert: '콘서트', cheque: '수표', other: '현장 기부' },
  meta: (team, when) => (team ? `${team} · ${when}` : when),
  fresh: (_, count) => `새 기부 ${count}건`,
};

export const strings: Translations<RecentGiftsStrings> = { en, ko };
