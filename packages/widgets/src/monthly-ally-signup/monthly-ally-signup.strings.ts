import type { Translations } from '../i18n/locale.js';
import { giftEn, giftKo, type GiftStrings } from '../giving/gift.strings.js';

/** Why the email cannot be used. */
export type EmailProblem = 'empty' | 'invalid';

/**
 * Every word <monthly-ally-signup> shows: its own, plus the amount words it
 * shares with <nine-lives-picker> (GiftStrings, which include the checkout
 * states' CheckoutStrings; `thanks` here is the Ally's welcome).
 */
export interface SignupStrings extends GiftStrings {
  title: string;
  intro: string;
  /**
   * The ally counter. `n` is the count (for plural forms), `count` it formatted,
   * `goal` the movement's aim (25 million) formatted in words for the locale.
   */
  allies(n: number, count: string, goal: string): string;
  /**
   * The ally counter toward the campaign's own Allies goal: "1,204 of 25 million Allies".
   * `goal` arrives in the locale's compact words; also the bar's value text.
   */
  alliesOf(n: number, count: string, goal: string): string;
  /** The Allies goal bar's accessible name. */
  alliesBar: string;
  email: string;
  /** Under the email field. */
  emailProblem(problem: EmailProblem): string;
  /** Beside the email: what it is for. */
  emailNote: string;
  /** The link to the Stripe customer portal login. */
  manage: string;
  /** After a monthly signup completes (or the page is a return from Stripe). */
  thanks: string;
}

const en: SignupStrings = {
  ...giftEn,
  title: 'Become an Ally',
  intro: 'Allies give every month, so rescues can be planned, not just hoped for.',
  allies: (n, count, goal) => `${count} ${n == 1 ? 'Ally' : 'Allies'} — one for every North Korean is ${goal}`,
  alliesOf: (_n, count, goal) => `${count} of ${goal} Allies`,
  alliesBar: 'Allies toward the goal',
  amountLabel: 'Choose a monthly amount',
  email: 'Email for your receipts',
  emailProblem: (p) => (p == 'empty' ? 'Enter your email address for your receipts.' : 'Enter an email address like name@example.org.'),
  emailNote: 'Only Stripe uses it, for receipts; it is never shown.',
  manage: 'Manage my giving',
  thanks: 'Welcome, Ally! Thank you for giving every month. A receipt is on its way from Stripe.',
};

const ko: SignupStrings = {
  ...giftKo,
  title: '정기 후원자(Ally)가 되어 주세요',
  intro: '매월 후원해 주시면 구출을 바라기만 하는 것이 아니라 계획할 수 있습니다.',
  allies: (_n, count, goal) => `정기 후원자 ${count}명 — 목표는 북한 주민 한 사람당 한 명, ${goal}명입니다`,
  alliesOf: (_n, count, goal) => `정기 후원자 ${goal}명 중 ${count}명`,
  alliesBar: '정기 후원자 목표 달성도',
  amountLabel: '매월 후원 금액 선택',
  email: '영수증 받을 이메일',
  emailProblem: (p) => (p == 'empty' ? '영수증을 받을 이메일 주소를 입력해 주세요.' : '이메일 주소를 name@example.org 형식으로 입력해 주세요.'),
  emailNote: '영수증 발송을 위해 Stripe만 사용하며, 어디에도 표시되지 않습니다.',
  manage: '내 정기 후원 관리',
  thanks: '정기 후원자가 되어 주셔서 감사합니다! Stripe에서 영수증을 보내 드립니다.',
};

export const strings: Translations<SignupStrings> = { en, ko };
