/**
 * The last counted gifts of a campaign and its descendants, for the public recent-gifts feed:
 * one read. Only the columns a ticker may show are selected (no note, reference or key), and a
 * voided offline gift (its `void:<id>` row exists) or one still pending approval is left out.
 */
import { rows, type Program } from './sql.js';

/** One ledger row as the recent-gifts feed reads it. */
export interface RecentLedgerRow {
  id: string;
  campaign: string;
  amount: number;
  currency: string;
  kind: 'checkout' | 'invoice' | 'offline';
  /** Offline gifts only: `bake_sale`, `concert`, `cheque`, `other`, or null. */
  category: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  campaign: string;
  amount: number;
  currency: string;
  kind: RecentLedgerRow['kind'];
  category: string | null;
  created_at: string;
}

// The tree is at most four levels deep and acyclic (checked on every write).
const RECENT = `WITH RECURSIVE tree(id) AS (
  SELECT campaign FROM campaign_totals WHERE campaign = ?
  UNION ALL SELECT c.campaign FROM campaign_totals c JOIN tree t ON c.parent = t.id
) SELECT l.id, l.campaign, l.amount, l.currency, l.kind, l.category, l.created_at FROM ledger l
  WHERE l.campaign IN (SELECT id FROM tree) AND l.amount > 0 AND l.status = 'counted' AND l.kind IN ('checkout', 'invoice', 'offline')
    AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.source_ref = 'void:' || l.id)
  ORDER BY l.created_at DESC, l.id DESC LIMIT ?`;

/** Up to `limit` counted gifts of `campaign`'s subtree, newest first. */
export function* recentGifts(campaign: string, limit: number): Program<RecentLedgerRow[]> {
  const found = (yield rows(RECENT, [campaign, limit])) as Row[];
  return found.map((r) => ({
    id: r.id,
    campaign: r.campaign,
    amount: Number(r.amount),
    currency: r.currency,
    kind: r.kind,
    category: r.category,
    createdAt: r.created_at,
  }));
}
