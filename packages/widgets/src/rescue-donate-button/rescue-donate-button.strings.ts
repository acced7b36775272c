import type { Translations } from '../i18n/locale.js';
import { checkoutEn, checkoutKo, type CheckoutStrings } from '../giving/checkout/checkout.strings.js';

/** Every word <rescue-donate-button> shows: its label plus the checkout words every giving element shares. */
export interface DonateButtonStrings extends CheckoutStrings {
  /** Default label: "Give $9"; `amount` arrives formatted, undefined without a valid `amount`. */
  give(amount: string | undefined, monthly: boolean): string;
}

const en: DonateButtonStrings = {
  ...checkoutEn,
  give: (amount, monthly) => (!amount ? 'Give' : monthly ? `Give ${amount} monthly` : `Give ${amount}`),
};

const ko: DonateButtonStrings = {
  ...checkoutKo,
  give: (amount, monthly) => (!amount ? '후원하기' : monthly ? `매월 ${amount} 후원하기` : `${amount} 후원하기`),
};

export const strings: Translations<DonateButtonStrings> = { en, ko };
