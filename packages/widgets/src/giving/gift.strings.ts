import { checkoutEn, checkoutKo, type AmountProblem, type CheckoutStrings } from './checkout/checkout.strings.js';
import type { ManageStrings } from './checkout/manage.js';

/** Why a typed amount cannot be given. */
export type CustomAmountProblem = AmountProblem;

/**
 * Words of the giving form <nine-lives-picker> and <monthly-ally-signup> share (plus the checkout
 * words every giving element has); each element's table spreads these in.
 */
export interface GiftStrings extends CheckoutStrings, ManageStrings {
  amountLabel: string;
  other: string;
  /** Cover-fees checkbox with the exact fee added ("Add $0.87 to cover card fees"). */
  coverFees(fee: string): string;
  /** Under the form: what we do (not) keep. */
  anonymous: string;
  /** The Give button: total charged, formatted (undefined while the typed amount is not valid). */
  give(total: string | undefined, monthly: boolean): string;
}

export const giftEn: GiftStrings = {
  ...checkoutEn,
  amountLabel: 'Choose an amount',
  other: 'Other amount',
  coverFees: (fee) => `Add ${fee} to cover card processing fees`,
  anonymous: 'Your gift is anonymous here: no name is ever shown.',
  give: (total, monthly) => (!total ? 'Give' : monthly ? `Give ${total} monthly` : `Give ${total}`),
  manageLabel: 'Your monthly gift',
  manageGift: 'Manage this gift',
  manageCard: 'Update payment method',
  manageCancel: 'Cancel monthly gift',
  manageGone: 'This gift can no longer be changed from this page.',
  manageFailed: 'Stripe could not be reached. Please try again.',
};

export const giftKo: GiftStrings = {
  ...checkoutKo,
  amountLabel: '금액 선택',
  other: '직접 입력',
  coverFees: (fee) => `카드 수수료 ${fee} 함께 내기`,
  anonymous: '후원은 익명으로 처리되며, 이름은 어디에도 표시되지 않습니다.',
  give: (total, monthly) => (!total ? '후원하기' : monthly ? `매월 ${total} 후원하기` : `${total} 후원하기`),
  manageLabel: '나의 정기 후원',
  manageGift: '이 후원 관리',
  manageCard: '결제 수단 변경',
  manageCancel: '정기 후원 해지',
  manageGone: '이 페이지에서는 더 이상 이 후원을 변경할 수 없습니다.',
  manageFailed: 'Stripe에 연결하지 못했습니다. 다시 시도해 주세요.',
};
