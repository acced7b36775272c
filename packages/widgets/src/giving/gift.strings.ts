import { checkoutEn, checkoutKo, type AmountProblem, type CheckoutStrings } from './checkout/checkout.strings.js';

/** Why a typed amount cannot be given. */
export type CustomAmountProblem = AmountProblem;

/**
 * Words of the giving form <nine-lives-picker> and <monthly-ally-signup> share (plus the checkout
 * words every giving element has); each element's table spreads these in.
 */
export interface GiftStrings extends CheckoutStrings {
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
};

export const giftKo: GiftStrings = {
  ...checkoutKo,
  amountLabel: '금액 선택',
  other: '직접 입력',
  coverFees: (fee) => `카드 수수료 ${fee} 함께 내기`,
  anonymous: '후원은 익명으로 처리되며, 이름은 어디에도 표시되지 않습니다.',
  give: (total, monthly) => (!total ? '후원하기' : monthly ? `매월 ${total} 후원하기` : `${total} 후원하기`),
};
