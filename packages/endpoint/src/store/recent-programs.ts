/**
 * The last counted gifts of a campaign and its descendants, for the public recent-gifts feed:
 * one read. Only the columns a ticker may show are selected (no note, reference or key), and a
 * voided offline gift (its `void:<id>` row exists) or one still pending approval is left out, and
 * a refunded or disputed Stripe gift shows what its payment still counts (see `recentGifts`).
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

// The tree is at most four levels deep and acyclic (checked on every write). A Stripe gift's row
// (an assigned one's too) names its payment in payment_ref; offline rows, and Stripe rows written
// before anything linked a row to its payment, name none and show as counted.
const RECENT = `WITH RECURSIVE tree(id) AS (
  SELECT campaign FROM campaign_totals WHERE campaign = ?
  UNION ALL SELECT c.campaign FROM campaign_totals c JOIN tree t ON c.parent = t.id
) SELECT l.id, l.campaign, CASE WHEN p.raised < l.amount THEN p.raised ELSE l.amount END AS amount, l.currency, l.kind, l.category, l.created_at
  FROM ledger l
  LEFT JOIN payments p ON p.ref = l.payment_ref
  WHERE l.campaign IN (SELECT id FROM tree) AND l.amount > 0 AND l.status = 'counted' AND l.kind IN ('checkout', 'invoice', 'offline')
    AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.source_ref = 'void:' || l.id)
    AND (p.raised IS NULL OR p.raised > 0)
  ORDER BY l.created_at DESC, l.id DESC LIMIT ?`;

/**
 * Up to `limit` counted gifts of `campaign`'s subtree, newest first. A Stripe gift shows what its
 * payment still counts: a refund or a held dispute (withdrawn, lost) lowers it, and one that
 * counts nothing (fully refunded, funds withdrawn) is left out until a dispute won brings it back.
 */
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
