/**
 * The ledger as the treasurer's CSV: one record per ledger row, no donor names or emails
 * (the ledger has none). Rows whose `status` is `counted` sum to the campaign's `raised`;
 * `pending` rows are team cash awaiting approval (and voids of it), outside `raised`.
 */
import type { LedgerExportRow } from '../store/types.js';
import { csvStream, type CsvCell } from './csv.js';

const LEDGER_CSV_HEADER = [
  'time', 'kind', 'amount', 'currency', 'covered_fee', 'reference', 'campaign', 'recorded_by', 'status', 'entry', 'note', 'approved_by', 'fundraiser_page',
  'donor_currency', 'donor_amount',
] as const;

/** The display name of the fundraiser page a row's campaign is, or undefined for a campaign of the old kind. */
export type PageNameOf = (campaign: string) => string | undefined;

/** A void is an `offline` row reversing a gift: named as what it is. */
const kindOf = (r: LedgerExportRow) => (r.sourceRef.startsWith('void:') ? 'void' : r.kind);

/**
 * One row's cells, in {@link LEDGER_CSV_HEADER} order. Amounts and covered fees are integers in minor units; no fee is an empty cell.
 * `donor_currency`/`donor_amount`: what the donor paid in their own currency (Adaptive Pricing), on the row counting the payment.
 */
function ledgerCells(r: LedgerExportRow, pageOf: PageNameOf): CsvCell[] {
  return [r.createdAt, kindOf(r), r.amount, r.currency, r.coveredFee, r.sourceRef, r.campaign, r.recordedBy, r.status, r.id, r.note, r.approvedBy, pageOf(r.campaign), r.donorCurrency, r.donorAmount];
}

/** The CSV as a stream that pulls rows only as its reader asks for more. */
export function ledgerCsv(rows: AsyncIterable<LedgerExportRow>, pageOf: PageNameOf = () => undefined): ReadableStream<Uint8Array> {
  return csvStream(LEDGER_CSV_HEADER, rows, (r) => ledgerCells(r, pageOf));
}

/**
 * A `from`/`to` bound as an ISO time: a date (`2026-11-01`) is that day's start in UTC, or for
 * `to` the next day's start, so the day itself is included; a full time is taken as it is.
 * Undefined when the value is no date.
 */
export function exportBound(value: string, end: boolean): string | undefined {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (!dateOnly && !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const t = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(t)) return undefined;
  const d = new Date(dateOnly && end ? t + 86_400_000 : t);
  // Rejects 2026-02-31 and the like, which Date.parse would roll over.
  if (dateOnly && new Date(t).toISOString().slice(0, 10) !== value) return undefined;
  return d.toISOString();
}

/** The file name offered for a campaign's export. */
export const ledgerFileName = (campaign: string, direct: boolean) => `${campaign}${direct ? '-direct' : ''}-ledger.csv`;
