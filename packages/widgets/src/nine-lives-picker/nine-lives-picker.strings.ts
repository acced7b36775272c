import type { Translations } from '../shared/locale.js';

/** Why a typed amount cannot be given. */
export type CustomAmountProblem = 'empty' | 'invalid' | 'too-precise' | 'too-small' | 'too-large';

/** Every word <nine-lives-picker> shows (the checkout states' words are shared: CheckoutStrings). */
export interface PickerStrings {
  title: string;
  /** Above the nine lives. */
  intro: string;
  /** The nine lives, in order; each is replaceable through slot `life-1` … `life-9`. */
  lives: readonly [string, string, string, string, string, string, string, string, string];
  amountLabel: string;
  other: string;
  /** Under the custom amount; `min`/`max` arrive formatted. */
  customProblem(problem: CustomAmountProblem, min: string, max: string): string;
  frequency: string;
  once: string;
  monthly: string;
  /** Cover-fees checkbox with the exact fee added ("Add $0.87 to cover card fees"). */
  coverFees(fee: string): string;
  tribute: string;
  honour: string;
  memory: string;
  tributeName: string;
  tributeNameMissing: string;
  /** Under the form: what we do (not) keep. */
  anonymous: string;
  /** The Give button: total charged, formatted (undefined while the typed amount is not valid). */
  give(total: string | undefined, monthly: boolean): string;
}

const en: PickerStrings = {
  title: '9 Lives',
  intro: 'Give one dollar for each of the nine lives a North Korean could be living:',
  lives: ['Trafficked', 'Imprisoned', 'Hiding in China', 'Forcibly returned', 'Separated from family', 'Forced to labour', 'Going hungry', 'On the run', 'Free'],
  amountLabel: 'Choose an amount',
  other: 'Other amount',
  customProblem: (p, min, max) =>
    p == 'empty' ? 'Enter an amount, or choose one above.'
    : p == 'too-precise' ? 'Use at most two decimal places, like 27.50.'
    : p == 'too-small' ? `The smallest gift is ${min}.`
    : p == 'too-large' ? `The largest gift online is ${max}.`
    : 'Enter an amount in numbers, like 27 or 27.50.',
  frequency: 'How often',
  once: 'Once',
  monthly: 'Monthly',
  coverFees: (fee) => `Add ${fee} to cover card processing fees`,
  tribute: 'Give in honour or memory of someone',
  honour: 'In honour of',
  memory: 'In memory of',
  tributeName: 'Their name',
  tributeNameMissing: 'Enter their name, or untick the tribute.',
  anonymous: 'Your gift is anonymous here: no name is ever shown.',
  give: (total, monthly) => (!total ? 'Give' : monthly ? `Give ${total} monthly` : `Give ${total}`),
};

const ko: PickerStrings = {
  title: '아홉 개의 삶',
  intro: '북한 사람이 살아갈 수 있는 아홉 가지 삶, 각각에 1달러씩:',
  lives: ['인신매매', '수감', '중국에서 숨어 지냄', '강제 북송', '가족과 생이별', '강제 노동', '굶주림', '탈출 중', '자유'],
  amountLabel: '금액 선택',
  other: '직접 입력',
  customProblem: (p, min, max) =>
    p == 'empty' ? '금액을 입력하거나 위에서 선택해 주세요.'
    : p == 'too-precise' ? '소수점 이하는 두 자리까지 입력해 주세요(예: 27.50).'
    : p == 'too-small' ? `최소 후원 금액은 ${min}입니다.`
    : p == 'too-large' ? `온라인 최대 후원 금액은 ${max}입니다.`
    : '금액을 숫자로 입력해 주세요(예: 27 또는 27.50).',
  frequency: '후원 주기',
  once: '한 번',
  monthly: '매월',
  coverFees: (fee) => `카드 수수료 ${fee} 함께 내기`,
  tribute: '누군가를 기리며 후원하기',
  honour: '존경하는 분을 위해',
  memory: '추모하며',
  tributeName: '그분의 이름',
  tributeNameMissing: '이름을 입력하거나 체크를 해제해 주세요.',
  anonymous: '후원은 익명으로 처리되며, 이름은 어디에도 표시되지 않습니다.',
  give: (total, monthly) => (!total ? '후원하기' : monthly ? `매월 ${total} 후원하기` : `${total} 후원하기`),
};

export const strings: Translations<PickerStrings> = { en, ko };
