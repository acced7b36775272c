import type { ImpactLines, Progress, UpsellConfig } from '@rescuekit/schema';
import { amount, progressCheck } from '@rescuekit/schema/progress-check';
import type { FeedKind } from '../feed/progress-feed.js';

const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v == 'object' && !Array.isArray(v);
const pos = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
/** Only ever an https link is followed (`manageGivingUrl`, `fallbackPaymentLink`, the `fallback-link` attribute). */
export const httpsLink = (v: unknown): v is string => typeof v == 'string' && /^https:\/\/[^\s]+$/.test(v);

/**
 * The fields the giving elements read and check as the zod `Progress` does (a malformed one rejects the
 * document): the campaign's amount rules (checked before checkout) and its Allies goal (the Allies counter).
 */
const parseGivingFields = progressCheck({ minAmount: amount, maxAmount: amount, alliesGoal: amount });

/**
 * The giving elements' progress: the required fields, the amount rules and the Allies goal, plus `upsell`,
 * `impact`, the Allies' "manage my giving" link (`manageGivingUrl`) and the campaign's Payment Link for
 * when checkout fails (`fallbackPaymentLink`), both only ever https URLs; a malformed one of these four is
 * dropped, the rest of the progress kept.
 */
export function parseGivingProgress(input: unknown): Progress | undefined {
  const p = parseGivingFields(input);
  if (!p) return;
  const { upsell: u, impact, manageGivingUrl: manage, fallbackPaymentLink: link } = input as Record<string, unknown>;
  if (httpsLink(manage)) p.manageGivingUrl = manage;
  if (httpsLink(link)) p.fallbackPaymentLink = link;
  if (obj(u) && u.monthly === true && Array.isArray(u.amounts ?? []) && [u.divisor, u.floor, ...((u.amounts as unknown[]) ?? [])].every((v) => v === undefined || pos(v)))
    p.upsell = u as UpsellConfig;
  if (obj(impact) && Object.values(impact).every((l) => obj(l) && Object.values(l).every((s) => typeof s == 'string'))) p.impact = impact as ImpactLines;
  return p;
}

/** `GET …/{id}` and `progress` events, read with {@link parseGivingProgress}. */
export const GIVING_PROGRESS: FeedKind<Progress> = { urls: (base) => [base, base + '/events'], event: 'progress', parse: parseGivingProgress };

/** The impact line of `amount` in `locale` (its exact tag, else its language), if the campaign wrote one. */
export const impactLine = (p: Progress | null | undefined, amount: number, locale: string): string | undefined => {
  const lines = p?.impact?.[amount];
  return lines?.[locale] ?? lines?.[locale.split('-')[0]!];
};
