import type { Translations } from '../i18n/locale.js';
import { giftEn, giftKo, type GiftStrings } from '../giving/gift.strings.js';

export type { CustomAmountProblem } from '../giving/gift.strings.js';

/**
 * Every word <nine-lives-picker> shows: its own, plus the amount words it shares
 * with <monthly-ally-signup> (GiftStrings, which include the checkout states' CheckoutStrings).
 */
export interface PickerStrings extends GiftStrings {
  title: string;
  /** Above the nine lives. */
  intro: string;
  /** The nine lives, in order; each is replaceable through slot `life-1` … `life-9`. */
  lives: readonly [string, string, string, string, string, string, string, string, string];
  frequency: string;
  once: string;
  monthly: string;
  tribute: string;
  honour: string;
  memory: string;
  tributeName: string;
  tributeNameMissing: string;
}

const en: PickerStrings = {
  ...giftEn,
  title: '9 Lives',
  intro: 'Give one dollar for each of the nine lives a North Korean could be living:',
  lives: ['Trafficked', 'Imprisoned', 'Hiding in China', 'Forcibly returned', 'Separated from family', 'Forced to labour', 'Going hungry', 'On the run', 'Free'],
  frequency: 'How often',
  once: 'Once',
  monthly: 'Monthly',
  tribute: 'Give in honour or memory of someone',
  honour: 'In honour of',
  memory: 'In memory of',
  tributeName: 'Their name',
  tributeNameMissing: 'Enter their name, or untick the tribute.',
};

const ko: PickerStrings = {
  ...giftKo,
  title: '아홉 개의 삶',
  intro: '북한 사람이 살아갈 수 있는 아홉 가지 삶, 각각에 1달러씩:',
  lives: ['인신매매', '수감', '중국에서 숨어 지냄', '강제 북송', '가족과 생이별', '강제 노동', '굶주림', '탈출 중', '자유'],
  frequency: '후원 주기',
  once: '한 번',
  monthly: '매월',
  tribute: '누군가를 기리며 후원하기',
  honour: '존경하는 분을 위해',
  memory: '추모하며',
  tributeName: '그분의 이름',
  tributeNameMissing: '이름을 입력하거나 체크를 해제해 주세요.',
};

export const strings: Translations<PickerStrings> = { en, ko };
