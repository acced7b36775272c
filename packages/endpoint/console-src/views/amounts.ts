/** Amounts in the console's forms: as typed back into a field, and parsed exactly (minor units) with the console's words for a bad one. */
import { formatAmount, minorDigits, parseMoney } from '@rescuekit/schema';
import type { Lang, Strings } from '../strings.js';

/** An amount as typed back into a field: digits and separators, no symbol ("9,000", "27.50"). */
export const typed = (amount: number, currency: string, lang: Lang): string => formatAmount(amount, currency, lang).replace(/[^\d.,]/g, '');

/** Why an amount does not parse, in the console's words; undefined when it does. */
export function moneyProblem(t: Strings, text: string, currency: string, lang: Lang): { amount: number } | { text: string } {
  const parsed = parseMoney(text, currency, lang);
  if (parsed.ok && parsed.amount > 0) return { amount: parsed.amount };
  const reason = parsed.ok ? 'invalid' : parsed.reason;
  return { text: reason === 'empty' ? t.amountEmpty : reason === 'too-precise' ? t.amountTooPrecise(minorDigits(currency)) : t.amountInvalid };
}
