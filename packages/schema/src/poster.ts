/**
 * The poster's lower third (`GET /c/:campaign/poster`): why to give, when and where the sale is, and
 * what it sells for how much. Set by the campaign's lead (PATCH /v1/campaigns/:id) or the config file,
 * never taken from a query string, so nobody can print a branded poster with their own words. Plain
 * one-line text with the checks of every public text; unknown fields are refused.
 */
import * as z from 'zod/mini';
import { publicText } from './fundraiser.js';
import { MinorAmount } from './primitives.js';

export const POSTER_WHY_MAX = 140;
export const POSTER_DATE_MAX = 60;
export const POSTER_PLACE_MAX = 80;
export const POSTER_ITEM_MAX = 40;
export const POSTER_PRICES_MAX = 6;

/** One line of the sale's price list: what, and its price in the campaign's currency (minor units). */
export const PosterPrice = z.strictObject({
  item: publicText(POSTER_ITEM_MAX),
  amount: MinorAmount,
});
export type PosterPrice = z.infer<typeof PosterPrice>;

export const PosterFields = z.strictObject({
  /** One line on why to give ("Every $3,000 brings one refugee to freedom"). */
  why: z.optional(publicText(POSTER_WHY_MAX)),
  /** When, as the team writes it ("Saturday 14 March, 10am-2pm"). */
  date: z.optional(publicText(POSTER_DATE_MAX)),
  /** Where ("Riverside High School, main hall"). */
  place: z.optional(publicText(POSTER_PLACE_MAX)),
  /** The sale's prices, at most six lines. */
  prices: z.optional(z.array(PosterPrice).check(z.maxLength(POSTER_PRICES_MAX, `must have at most ${POSTER_PRICES_MAX} items`))),
});
export type PosterFields = z.infer<typeof PosterFields>;
