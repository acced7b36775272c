import type { ImpactLines, Progress, UpsellConfig } from '@rescuekit/schema';
import type { FeedKind } from '../feed/progress-feed.js';
import { amount, extendProgress, parseProgress } from '../feed/progress.js';

const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v == 'object' && !Array.isArray(v);
const pos = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

// The campaign's amount rules (checked before checkout) and its Allies goal (the Allies counter): from now on
// `parseProgress` keeps and checks them, a malformed one rejecting the document as the zod `Progress` does.
// Registered here, not in the shared check, so a page with only a thermometer does not carry them.
extendProgress({ minAmount: amount, maxAmount: amount, alliesGoal: amount });

/**
 * The giving elements' progress: the shared check ({@link parseProgress}, which the thermometer
 * uses alone) with the amount rules and the Allies goal, plus the fields only giving needs, `upsell`,
 * `impact` and the Allies' "manage my giving" link (`manageGivingUrl`, only ever an https URL); a
 * malformed one of these three is dropped, the rest of the progress kept.
 */
export function parseGivingProgress(input: unknown): Progress | undefined {
  const p = parseProgress(input);
  if (!p) return;
  const { upsell: u, impact, manageGivingUrl: manage } = input as Record<string, unknown>;
  if (typeof manage == 'string' && /^https:\/\/[^\s]+$/.test(manage)) p.manageGivingUrl = manage;
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
