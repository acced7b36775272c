import type { Translations } from '../shared/locale.js';

/** Words <rescue-donate-button> shows itself (checkout states' words are shared: CheckoutStrings). */
export interface DonateButtonStrings {
  /** Default label: "Give $9"; `amount` arrives formatted, undefined without a valid `amount`. */
  give(amount: string | undefined, monthly: boolean): string;
}

const en: DonateButtonStrings = {
  give: (amount, monthly) => (!amount ? 'Give' : monthly ? `Give ${amount} monthly` : `Give ${amount}`),
};

const ko: DonateButtonStrings = {
  give: (amount, monthly) => (!amount ? '후원하기' : monthly ? `매월 ${amount} 후원하기` : `${amount} 후원하기`),
};

export const strings: Translations<DonateButtonStrings> = { en, ko };
