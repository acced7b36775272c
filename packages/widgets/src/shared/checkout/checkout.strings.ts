import type { Translations } from '../locale.js';

/** Words of the checkout path every giving element shares (states, modal). */
export interface CheckoutStrings {
  /** Loading state, beside the spinner. */
  loading: string;
  /** 429. `seconds` when the endpoint said how long to wait; `count` is it formatted. */
  rateLimited(seconds: number | undefined, count: string): string;
  /** 503 not_configured: no Stripe key on the endpoint. */
  notConfigured: string;
  /** 400 naming a field of the request (`amount`, `tribute.name`, `returnUrl`, …), or none. */
  invalid(field: string | undefined): string;
  /** Network failure, 5xx, Stripe.js failed to load. */
  error: string;
  /** Back from Stripe (`session_id`) or Embedded Checkout completed. */
  thanks: string;
  /** Accessible name of the checkout dialog. */
  dialog: string;
  /** The dialog's close button. */
  close: string;
}

const enFields: Record<string, string> = {
  amount: 'the amount',
  currency: 'the currency',
  campaign: 'the campaign',
  'tribute.name': 'the tribute name',
  returnUrl: 'this page’s address (it is not allowed to take gifts for this campaign)',
  origin: 'this page’s address (it is not allowed to take gifts for this campaign)',
  coverFees: 'covering the fees',
  email: 'your email address',
  humanCheckToken: 'the “I am human” check',
};

const en: CheckoutStrings = {
  loading: 'Opening secure checkout…',
  rateLimited: (s, count) =>
    s ? `Too many attempts from this connection. Please try again in ${count} seconds.` : 'Too many attempts from this connection. Please try again in a minute.',
  notConfigured: 'Online giving is not switched on here yet. Please try again later.',
  invalid: (f) => (f ? `Please check ${enFields[f] ?? f}.` : 'Please check your gift and try again.'),
  error: 'Checkout could not be opened. Please try again.',
  thanks: 'Thank you for your gift! A receipt is on its way from Stripe.',
  dialog: 'Secure checkout',
  close: 'Close checkout',
};

const koFields: Record<string, string> = {
  amount: '금액',
  currency: '통화',
  campaign: '캠페인',
  'tribute.name': '기념할 분의 이름',
  returnUrl: '이 페이지 주소(이 캠페인의 후원을 받을 수 없는 주소입니다)',
  origin: '이 페이지 주소(이 캠페인의 후원을 받을 수 없는 주소입니다)',
  coverFees: '수수료 부담',
  email: '이메일 주소',
  humanCheckToken: '사람 확인',
};

const ko: CheckoutStrings = {
  loading: '안전한 결제창을 여는 중…',
  rateLimited: (s, count) =>
    s ? `이 연결에서 시도가 너무 많습니다. ${count}초 후에 다시 시도해 주세요.` : '이 연결에서 시도가 너무 많습니다. 잠시 후 다시 시도해 주세요.',
  notConfigured: '아직 온라인 후원이 준비되지 않았습니다. 나중에 다시 시도해 주세요.',
  invalid: (f) => (f ? `${koFields[f] ?? f}을(를) 확인해 주세요.` : '후원 내용을 확인하고 다시 시도해 주세요.'),
  error: '결제창을 열지 못했습니다. 다시 시도해 주세요.',
  thanks: '후원해 주셔서 감사합니다! Stripe에서 영수증을 보내 드립니다.',
  dialog: '안전한 결제',
  close: '결제창 닫기',
};

export const checkoutStrings: Translations<CheckoutStrings> = { en, ko };
