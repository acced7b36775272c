/**
 * Integer money helpers. Every amount is an integer count of the currency's
 * minor unit (cents for USD, won for KRW) and travels with its currency code.
 * Nothing here ever converts an amount to a floating-point number.
 */

/** ISO 4217 currencies Stripe charges with no minor unit. */
const ZERO_DECIMAL = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);
/** ISO 4217 currencies with three decimal places. */
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** Number of decimal digits in the currency's minor unit (0, 2 or 3). */
export function minorDigits(currency: string): 0 | 2 | 3 {
  const c = currency.toLowerCase();
  return ZERO_DECIMAL.has(c) ? 0 : THREE_DECIMAL.has(c) ? 3 : 2;
}

/** Exact decimal string of a minor-unit amount: (123456, 'usd') -> "1234.56". */
export function toDecimalString(amount: number, currency: string): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`);
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount));
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

export interface FormatOptions {
  /** Show the minor unit even when it is zero ("$9.00" instead of "$9"). */
  alwaysShowMinor?: boolean;
  /** Intl compact notation ("$30K"), for small spaces. */
  compact?: boolean;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat for `locale`, `currency` and its options. */
function formatter(locale: string, currency: string, key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  key = locale + '|' + currency + '|' + key;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase(), ...options })));
  return f;
}

/**
 * Locale-aware currency formatting built on Intl.NumberFormat, fed an exact decimal string so no
 * amount is ever rounded through a float. Whole amounts drop the minor unit: 900000 usd -> "$9,000",
 * 950 usd -> "$9.50". The widgets' formatter: {@link formatMoney} with no options, without the
 * options' code (the thermometer's 7 KB budget counts every byte).
 */
export function formatAmount(amount: number, currency: string, locale = 'en'): string {
  const digits = minorDigits(currency);
  const fraction = amount % 10 ** digits ? digits : 0;
  // Intl.NumberFormat accepts exact decimal strings (ES2023); the type lags behind.
  return formatter(locale, currency, fraction + '', { minimumFractionDigits: fraction, maximumFractionDigits: fraction }).format(
    toDecimalString(amount, currency) as unknown as number,
  );
}

/**
 * {@link formatAmount} with options: the minor unit always shown ("$9.00"), or compact notation ("$30K").
 */
export function formatMoney(amount: number, currency: string, locale = 'en', opts: FormatOptions = {}): string {
  if (!opts.compact && !opts.alwaysShowMinor) return formatAmount(amount, currency, locale);
  const digits = minorDigits(currency);
  const f = opts.compact
    ? formatter(locale, currency, 'c', { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 })
    : formatter(locale, currency, digits + '', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return f.format(toDecimalString(amount, currency) as unknown as number);
}

export type ParseResult = { ok: true; amount: number } | { ok: false; reason: 'empty' | 'invalid' | 'too-precise' | 'too-large' };

/**
 * Parses what a donor typed ("27", "27.50", "1,000", "₩9,000", "$ 45") into
 * integer minor units of `currency`. Grouping separators are accepted; more
 * decimals than the currency has is an error, never silently rounded.
 */
export function parseMoney(input: string, currency: string, locale = 'en'): ParseResult {
  const decimal = decimalSeparator(locale);
  let s = input.trim();
  if (!s) return { ok: false, reason: 'empty' };
  // A gift is never negative: any minus sign (ASCII or Unicode) is an error, not a symbol to strip.
  if (/[-\u2212\u2012-\u2015]/.test(s)) return { ok: false, reason: 'invalid' };
  // Strip currency symbols, letters, spaces and grouping; keep digits and the decimal separator.
  s = s.replace(/[\s\u00a0\u202f]/g, '').replace(/^[^\d.,]+|[^\d.,]+$/g, '');
  const group = decimal === ',' ? '.' : ',';
  if (!/^\d{1,3}([.,\u066c']\d{3})*([.,]\d+)?$|^\d+([.,]\d+)?$/.test(s)) return { ok: false, reason: 'invalid' };
  const parts = s.split(decimal);
  if (parts.length > 2) return { ok: false, reason: 'invalid' };
  const intPart = parts[0]!.split(group).join('');
  const frac = parts[1] ?? '';
  if (!/^\d+$/.test(intPart) || (frac && !/^\d+$/.test(frac))) return { ok: false, reason: 'invalid' };
  const digits = minorDigits(currency);
  if (frac.length > digits) return { ok: false, reason: 'too-precise' };
  const amount = Number(intPart + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(amount)) return { ok: false, reason: 'too-large' };
  return { ok: true, amount };
}

function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** Whole rescues funded: floor(raised / rescueCost), integers only. */
export function rescuesFunded(raised: number, rescueCost: number): number {
  return rescueCost > 0 && raised > 0 ? Math.floor(raised / rescueCost) : 0;
}

/** Integer percent of goal, 0..100 (clamped), rounded down so 99.9% never shows as 100%. */
export function percentOf(raised: number, goal: number): number {
  if (goal <= 0 || raised <= 0) return 0;
  return Math.min(100, Math.floor((raised * 100) / goal));
}
