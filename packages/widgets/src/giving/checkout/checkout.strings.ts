/** Why an amount cannot be given: not typed, not a number, too many decimals, outside the campaign's limits. */
export type AmountProblem = 'empty' | 'invalid' | 'too-precise' | 'too-small' | 'too-large';

/**
 * Words of the checkout path every giving element shares (amount rules, states, modal). Each
 * giving element's table includes these, so a language added with `registerStrings` is complete.
 */
export interface CheckoutStrings {
  /** Why an amount cannot be given; `min`/`max` (the campaign's limits) arrive formatted. */
  amountProblem(problem: AmountProblem, min: string, max: string): string;
  /** Loading state, beside the spinner. */
  loading: string;
  /** 429. `seconds` when the endpoint said how long to wait; `count` is it formatted. */
  rateLimited(seconds: number | undefined, count: string): string;
  /** Giving is not set up for this page: no Stripe key on the endpoint, or this site is not on its allowed origins. */
  notConfigured: string;
  /** 400 naming a field of the request (`amount`, `tribute.name`, `returnUrl`, …), or none. */
  invalid(field: string | undefined): string;
  /** Network failure, 5xx, Stripe.js failed to load. */
  error: string;
  /** The endpoint could not take the checkout (5xx, timeout, unreachable) and a Payment Link is known: said before {@link fallbackLink}. */
  fallback: string;
  /** The link to the campaign's Stripe Payment Link (opens in a new tab). */
  fallbackLink: string;
  /** Back from Stripe (`session_id`) or Embedded Checkout completed. */
  thanks: string;
  /** Accessible name of the checkout dialog. */
  dialog: string;
  /** The dialog's close button. */
  close: string;
  /** The monthly upsell step's question; `monthly` (the offer) arrives formatted. */
  upsellAsk(monthly: string): string;
  /** Accept: give `monthly` every month instead. */
  upsellYes(monthly: string): string;
  /** Decline: give the one-time `once` as chosen. */
  upsellNo(once: string): string;
}

const enFields: Record<string, string> = {
  amount: 'the amount',
  currency: 'the currency',
  campaign: 'the campaign',
  'tribute.name': 'the tribute name',
  coverFees: 'covering the fees',
  email: 'your email address',
  humanCheckToken: 'the “I am human” check',
};

export const checkoutEn: CheckoutStrings = {
  amountProblem: (p, min, max) =>
    p == 'empty' ? 'Enter an amount, or choose one above.'
    : p == 'too-precise' ? 'Use at most two decimal places, like 27.50.'
    : p == 'too-small' ? `The smallest gift is ${min}.`
    : p == 'too-large' ? `The largest gift online is ${max}.`
    : 'Enter an amount in numbers, like 27 or 27.50.',
  loading: 'Opening secure checkout…',
  rateLimited: (s, count) =>
    s ? `Too many attempts from this connection. Please try again in ${count} seconds.` : 'Too many attempts from this connection. Please try again in a minute.',
  notConfigured: 'Online giving is not set up on this site.',
  invalid: (f) => (f ? `Please check ${enFields[f] ?? f}.` : 'Please check your gift and try again.'),
  error: 'Checkout could not be opened. Please try again.',
  fallback: 'We can’t start the payment right now. You can still give through Stripe directly:',
  fallbackLink: 'Give through Stripe',
  thanks: 'Thank you for your gift! A receipt is on its way from Stripe.',
  dialog: 'Secure checkout',
  close: 'Close checkout',
  upsellAsk: (m) => `Could you give ${m} a month instead? Monthly gifts let teams plan rescues ahead.`,
  upsellYes: (m) => `Yes, give ${m} monthly`,
  upsellNo: (o) => `No, give ${o} once`,
};

const koFields: Record<string, string> = {
  amount: '금액',
  currency: '통화',
  campaign: '캠페인',
  'tribute.name': '기념할 분의 이름',
  coverFees: '수수료 부담',
  email: '이메일 주소',
  humanCheckToken: '사람 확인',
};

export const checkoutKo: CheckoutStrings = {
  amountProblem: (p, min, max) =>
    p == 'empty' ? '금액을 입력하거나 위에서 선택해 주세요.'
    : p == 'too-precise' ? '소수점 이하는 두 자리까지 입력해 주세요(예: 27.50).'
    : p == 'too-small' ? `최소 후원 금액은 ${min}입니다.`
    : p == 'too-large' ? `온라인 최대 후원 금액은 ${max}입니다.`
    : '금액을 숫자로 입력해 주세요(예: 27 또는 27.50).',
  loading: '안전한 결제창을 여는 중…',
  rateLimited: (s, count) =>
    s ? `이 연결에서 시도가 너무 많습니다. ${count}초 후에 다시 시도해 주세요.` : '이 연결에서 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.',
  notConfigured: '이 사이트에는 온라인 후원이 설정되어 있지 않습니다.',
  invalid: (f) => (f ? `${koFields[f] ?? f}을(를) 확인해 주세요.` : '후원 내용을 확인하고 다시 시도해 주세요.'),
  error: '결제창을 열지 못했습니다. 다시 시도해 주세요.',
  fallback: '지금은 결제를 시작할 수 없습니다. Stripe에서 바로 후원하실 수 있습니다:',
  fallbackLink: 'Stripe에서 후원하기',
  thanks: '후원해 주셔서 감사합니다! Stripe에서 영수증을 보내 드립니다.',
  dialog: '안전한 결제',
  close: '결제창 닫기',
  upsellAsk: (m) => `대신 매월 ${m}씩 후원해 주시겠어요? 정기 후원은 구출을 미리 계획할 수 있게 해 줍니다.`,
  upsellYes: (m) => `네, 매월 ${m} 후원할게요`,
  upsellNo: (o) => `아니요, ${o} 한 번만 후원할게요`,
};
