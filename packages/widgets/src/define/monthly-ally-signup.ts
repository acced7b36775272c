// Side effect: registers <monthly-ally-signup> (skipped if the name is taken).
import { defineMonthlyAllySignup, MonthlyAllySignup } from '../monthly-ally-signup/monthly-ally-signup.js';

defineMonthlyAllySignup();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { MonthlyAllySignup };

declare global {
  interface HTMLElementTagNameMap {
    'monthly-ally-signup': MonthlyAllySignup;
  }
}
