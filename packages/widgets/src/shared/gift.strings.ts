/** Why a typed amount cannot be given. */
export type CustomAmountProblem = 'empty' | 'invalid' | 'too-precise' | 'too-small' | 'too-large';

/**
 * Words of the amount part every giving form shares (<nine-lives-picker>,
 * <monthly-ally-signup>); each element's table spreads these in.
 */
export interface GiftStrings {
  amountLabel: string;
  other: string;
  /** Under the custom amount; `min`/`max` arrive formatted. */
  customProblem(problem: CustomAmountProblem, min: string, max: string): string;
  /** Cover-fees checkbox with the exact fee added ("Add $0.87 to cover card fees"). */
  coverFees(fee: string): string;
  /** Under the form: what we do (not) keep. */
  anonymous: string;
  /** The Give button: total charged, formatted (undefined while the typed amount is not valid). */
  give(total: string | undefined, monthly: boolean): string;
}

export const giftEn: GiftStrings = {
  amountLabel: 'Choose an amount',
  other: 'Other amount',
  customProblem: (p, min, max) =>
    p == 'empty' ? 'Enter an amount, or choose one above.'
    : p == 'too-precise' ? 'Use at most two decimal places, like 27.50.'
    : p == 'too-small' ? `The smallest gift is ${min}.`
    : p == 'too-large' ? `The largest gift online is ${max}.`
    : 'Enter an amount in numbers, like 27 or 27.50.',
  coverFees: (fee) => `Add ${fee} to cover card processing fees`,
  anonymous: 'Your gift is anonymous here: no name is ever shown.',
  give: (total, monthly) => (!total ? 'Give' : monthly ? `Give ${total} monthly` : `Give ${total}`),
};

export const giftKo: GiftStrings = {
  amountLabel: '금액 선택',
  other: '직접 입력',
  customProblem: (p, min, max) =>
    p == 'empty' ? '금액을 입력하거나 위에서 선택해 주세요.'
    : p == 'too-precise' ? '소수점 이하는 두 자리까지 입력해 주세요(예: 27.50).'
    : p == 'too-small' ? `최소 후원 금액은 ${min}입니다.`
    : p == 'too-large' ? `온라인 최대 후원 금액은 ${max}입니다.`
    : '금액을 숫자로 입력해 주세요(예: 27 또는 27.50).',
  coverFees: (fee) => `카드 수수료 ${fee} 함께 내기`,
  anonymous: '후원은 익명으로 처리되며, 이름은 어디에도 표시되지 않습니다.',
  give: (total, monthly) => (!total ? '후원하기' : monthly ? `매월 ${total} 후원하기` : `${total} 후원하기`),
};
