/**
 * The treasurer's export, read in pages by keyset (time, then id): each page is one short
 * read, so 100,000 rows never sit in memory and no read holds a connection (or SQLite's
 * only one) while a slow client downloads.
 */
import type { PaymentState } from '../ledger/state.js';
import { donorOf } from '../ledger/take-back.js';
import { rows, type Program } from './sql.js';

/** Which ledger rows to export. */
export interface LedgerExportQuery {
  campaign: string;
  /** Only the campaign's own rows (default: its descendants' too, whose gift rows sum to its `raised`). */
  direct?: boolean;
  /** ISO 8601 times: rows at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** Rows per read. Default 1000. */
  pageSize?: number;
}

/** One ledger row as exported: no donor fields exist in the ledger, so none can leak. */
export interface LedgerExportRow {
  id: string;
  createdAt: string;
  kind: string;
  /** Signed minor units: refunds, lost disputes and voids are negative. */
  amount: number;
  currency: string;
  /** The processing fee the donor covered (part of `amount`), minor units; null for refunds, cash and older rows. */
  coveredFee: number | null;
  campaign: string;
  sourceRef: string;
  recordedBy: string | null;
  /** `pending`: team cash awaiting approval, not in `raised` (nor is its void). */
  status: 'counted' | 'pending';
  note: string | null;
  /** Who approved team cash held for approval (`admin`, `person:<id>`); who rejected it, for a rejected gift's void. */
  approvedBy: string | null;
  /**
   * On a row counting a Stripe payment: the donor's own currency and amount (minor units of it) when
   * Adaptive Pricing converted the price; null otherwise.
   */
  donorCurrency: string | null;
  donorAmount: number | null;
}

interface Row {
  id: string;
  created_at: string;
  kind: string;
  amount: number;
  currency: string;
  covered_fee: number | null;
  campaign: string;
  source_ref: string;
  recorded_by: string | null;
  status: 'counted' | 'pending';
  note: string | null;
  approved_by: string | null;
  /** The payment's state (JSON text on SQLite, parsed on Postgres), on rows counting a payment. */
  payment_state: string | PaymentState | null;
}

const COLUMNS = 'l.id, l.created_at, l.kind, l.amount, l.currency, l.covered_fee, l.campaign, l.source_ref, l.recorded_by, l.status, l.note, l.approved_by, l.payment_state';
/** A ledger row with its payment's state, read only where the row counts the payment itself. */
const LEDGER_ROWS = `SELECT l.id, l.created_at, l.kind, l.amount, l.currency, l.covered_fee, l.campaign, l.source_ref, l.recorded_by, l.status, l.note, l.approved_by,
  CASE WHEN l.kind IN ('checkout', 'invoice') AND l.amount > 0 THEN p.state END AS payment_state
  FROM ledger l LEFT JOIN payments p ON p.ref = l.payment_ref`;
/**
 * Match rows read as ledger rows: kind `match`, counted, the pool as their campaign, the matched
 * gift's reference; they sum to the pool's `matched`, as the gift rows sum to `raised`.
 */
const MATCH_COLUMNS = `m.id, m.created_at, 'match' AS kind, m.amount, m.currency, NULL AS covered_fee, m.pool AS campaign, m.reference AS source_ref,
  NULL AS recorded_by, 'counted' AS status, 'gift to ' || m.gift_campaign AS note, NULL AS approved_by, NULL AS payment_state`;
const WINDOW = 'l.created_at >= ? AND l.created_at < ? AND (l.created_at > ? OR (l.created_at = ? AND l.id > ?)) ORDER BY l.created_at, l.id LIMIT ?';
const BOTH = (where: (column: string) => string) =>
  `SELECT ${COLUMNS} FROM (${LEDGER_ROWS} WHERE ${where('l.campaign')} UNION ALL SELECT ${MATCH_COLUMNS} FROM match_ledger m WHERE ${where('m.pool')}) l`;
// The tree is at most four levels deep and acyclic (checked on every write).
const SUBTREE_PAGE = `WITH RECURSIVE tree(id) AS (
  SELECT campaign FROM campaign_totals WHERE campaign = ?
  UNION ALL SELECT c.campaign FROM campaign_totals c JOIN tree t ON c.parent = t.id
) ${BOTH((c) => `${c} IN (SELECT id FROM tree)`)} WHERE ${WINDOW}`;
const DIRECT_PAGE = `WITH one(id) AS (SELECT CAST(? AS text)) ${BOTH((c) => `${c} = (SELECT id FROM one)`)} WHERE ${WINDOW}`;

/** Past every ISO 8601 time we write. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

/** Where the previous page stopped. */
export interface ExportCursor {
  at: string;
  id: string;
}

export const EXPORT_PAGE_SIZE = 1000;

/** One page of rows after `after` (the start: `{ at: '', id: '' }`). */
export function* ledgerPage(q: LedgerExportQuery, after: ExportCursor, size: number): Program<LedgerExportRow[]> {
  const params = [q.campaign, q.from ?? '', q.to ?? END_OF_TIME, after.at, after.at, after.id, size];
  const found = (yield rows(q.direct ? DIRECT_PAGE : SUBTREE_PAGE, params)) as Row[];
  return found.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    kind: r.kind,
    amount: r.amount,
    currency: r.currency,
    coveredFee: r.covered_fee,
    campaign: r.campaign,
    sourceRef: r.source_ref,
    recordedBy: r.recorded_by,
    status: r.status,
    note: r.note,
    approvedBy: r.approved_by,
    ...donorColumns(r.payment_state),
  }));
}

/** The donor's currency and amount a payment's state keeps (`ledger/take-back.ts` `donorOf`). */
function donorColumns(state: Row['payment_state']): Pick<LedgerExportRow, 'donorCurrency' | 'donorAmount'> {
  const s = typeof state === 'string' ? (JSON.parse(state) as PaymentState) : state;
  const donor = s ? donorOf(s) : undefined;
  return { donorCurrency: donor?.currency ?? null, donorAmount: donor?.amount ?? null };
}
