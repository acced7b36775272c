/** The `campaign_totals` row as both stores read it, and its mapping to {@link CampaignTotals}. */
import type { CampaignTotals } from './types.js';

export interface TotalsRow {
  campaign: string;
  currency: string;
  raised: number;
  donors: number;
  allies: number;
  version: number;
  updated_at: string;
}

export const toTotals = (r: TotalsRow): CampaignTotals => ({
  campaign: r.campaign,
  currency: r.currency,
  raised: r.raised,
  donors: r.donors,
  allies: r.allies,
  version: r.version,
  updatedAt: r.updated_at,
});
