import type { ImpactLines, Progress, UpsellConfig } from '@rescuekit/schema';
import type { FeedKind } from './progress-feed.js';
import { parseProgress } from './progress.js';

const obj = (v: unknown): v is Record<string, unknown> => !!v && typeof v == 'object' && !Array.isArray(v);
const pos = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;

/**
 * The giving elements' progress: the shared check ({@link parseProgress}, which the thermometer
 * uses alone) plus the two fields only giving needs, `upsell` and `impact`, checked the way the
 * zod `Progress` does (a malformed one is dropped, the rest of the progress kept).
 */
export function parseGivingProgress(input: unknown): Progress | undefined {
  const p = parseProgress(input);
  if (!p) return;
  const { upsell: u, impact } = input as Record<string, unknown>;
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
