/** Rows as both stores return them (same tables, same column names), mapped to the ledger's values. */
import type { CampaignConfig } from '@rescuekit/schema';
import type { CampaignTotals } from '../ledger/types.js';

export type TotalsRow = Omit<CampaignTotals, 'updatedAt' | 'config' | 'alliesAtRisk'> & { updated_at: string; config?: unknown; allies_at_risk?: number };

export const toTotals = (r: TotalsRow): CampaignTotals => ({
  campaign: r.campaign,
  currency: r.currency,
  raised: r.raised,
  donors: r.donors,
  allies: r.allies,
  alliesAtRisk: r.allies_at_risk ?? 0,
  version: r.version,
  updatedAt: r.updated_at,
  pending: r.pending ?? 0,
  matched: r.matched ?? 0,
  parent: r.parent ?? null,
  config: r.config == null ? null : fromJson<CampaignConfig>(r.config),
});

/** A JSON column: SQLite keeps it as text, Postgres' jsonb arrives parsed. */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
