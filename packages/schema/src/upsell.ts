/**
 * The monthly upsell and impact lines: what a campaign may configure and the one pure rule
 * both the widgets and the endpoint apply. Depends on zod only (imported by checkout-config.ts).
 */
import * as z from 'zod/mini';
import { bounded } from './primitives.js';

const Minor = z.int().check(z.positive(), z.maximum(100_000_000_000));

/**
 * `upsell` on a campaign: after a donor chooses a one-time gift, offer a monthly gift instead.
 * The offer is the largest of `amounts` (default: the campaign's `presets`) and the element's own
 * presets that is at most the one-time gift divided by `divisor` (default 3), never below
 * `floor` (default `MONTHLY_FLOOR` for the currency, upsell-rule.ts); no offer when none fits.
 */
export const UpsellConfig = z.strictObject({
  monthly: z.boolean(),
  divisor: z.optional(z.int().check(z.minimum(2), z.maximum(12))),
  floor: z.optional(Minor),
  amounts: z.optional(z.array(Minor).check(z.maxLength(8))),
});
export type UpsellConfig = z.infer<typeof UpsellConfig>;

/** One impact line per language (`en`, `ko`, …): "$27 feeds a family in hiding for a week". */
const LinesByLang = z.record(
  z.string().check(z.regex(/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i, 'must be a language tag such as "en" or "ko"')),
  bounded(120),
);

/** `impact` on a campaign: preset amount (minor units, as a string key) -> line per language. */
export const ImpactLines = z.record(z.string().check(z.regex(/^[1-9]\d{0,10}$/, 'must be an amount in minor units such as "2700"')), LinesByLang);
export type ImpactLines = z.infer<typeof ImpactLines>;
