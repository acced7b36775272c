import type { DonateButtonStrings } from './rescue-donate-button/rescue-donate-button.strings.js';
import type { PickerStrings } from './nine-lives-picker/nine-lives-picker.strings.js';
import type { SignupStrings } from './monthly-ally-signup/monthly-ally-signup.strings.js';
import type { LeaderboardStrings } from './rescue-leaderboard/rescue-leaderboard.strings.js';
import type { RecentGiftsStrings } from './rescue-recent-gifts/rescue-recent-gifts.strings.js';
import type { ThermometerStrings } from './rescue-thermometer/rescue-thermometer.strings.js';
import { addStrings } from './i18n/locale.js';

/**
 * Every word of every element, per element. A table given to {@link registerStrings} must
 * have every key of that element's English table (the checkout and amount words included),
 * so a missing string is a type error, not an English word in the middle of another language
 * (at run time, a table written before a key existed gets the English word for that key).
 */
export interface RescuekitStrings {
  'rescue-thermometer': ThermometerStrings;
  'nine-lives-picker': PickerStrings;
  'monthly-ally-signup': SignupStrings;
  'rescue-donate-button': DonateButtonStrings;
  'rescue-leaderboard': LeaderboardStrings;
  'rescue-recent-gifts': RecentGiftsStrings;
}

/**
 * Adds a language (or replaces one, `en` and `ko` included) for the elements whose tables are
 * given: `registerStrings('ja', { 'rescue-thermometer': { … } })`. `lang` is a language (`ja`)
 * or a full tag (`zh-TW`, which wins over `zh`). Elements on the page re-render at once;
 * an element without a table in the page's language keeps speaking English (words and money).
 * Works across bundles: a table added through one CDN file reaches elements from another.
 * A table from an older release, without the keys added since (the monthly upsell's
 * `upsellAsk`, `upsellYes`, `upsellNo`, …), still works: each missing key is the English one.
 */
export const registerStrings: (lang: string, tables: Partial<RescuekitStrings>) => void = addStrings;
