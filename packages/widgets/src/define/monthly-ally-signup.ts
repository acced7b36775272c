// Side effect: registers <monthly-ally-signup> (skipped if the name is taken).
import { defineMonthlyAllySignup, MonthlyAllySignup } from '../monthly-ally-signup/monthly-ally-signup.js';

defineMonthlyAllySignup();

export { MonthlyAllySignup };

declare global {
  interface HTMLElementTagNameMap {
    'monthly-ally-signup': MonthlyAllySignup;
  }
}
