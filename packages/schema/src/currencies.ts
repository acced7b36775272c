/**
 * Currencies Stripe can charge in (its "presentment currencies"), lower-case as Stripe
 * writes them. A campaign in any other code could never take an online gift, so the
 * config refuses it at start. Kept as one string so it costs nothing where unused.
 */
const STRIPE_CURRENCIES =
  ' usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf' +
  ' clp cny cop crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils' +
  ' inr isk jmd jod jpy kes kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk' +
  ' mxn myr mzn nad ngn nio nok npr nzd omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp' +
  ' sle sll sos srd std szl thb tjs tnd top try ttd twd tzs uah ugx uyu uzs vnd vuv wst xaf xcd xcg xof xpf yer zar zmw ';

/** Whether Stripe accepts `code` (lower-case ISO 4217) as a charge currency. */
export function isStripeCurrency(code: string): boolean {
  return /^[a-z]{3}$/.test(code) && STRIPE_CURRENCIES.includes(` ${code} `);
}
