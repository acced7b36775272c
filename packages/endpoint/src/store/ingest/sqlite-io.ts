/**
 * Ingestion on SQLite, where a statement is a call in process, not a round trip: the batch's
 * prefetch and flush run one prepared statement per row, inside the IMMEDIATE transaction
 * that already holds the whole file. The same tables and conflict rules as `postgres-io.ts`.
 */
import type { CampaignTotals } from '../../ledger/types.js';
import { toTotals, type TotalsRow } from '../rows.js';
import { changes, exec, rows, type Program } from '../sql.js';
import { ALLY_COLUMNS, writeQuery, type GiftMatchRow } from '../statements.js';
import type { BatchState } from './batch-state.js';
import type { BatchReads, IngestIO } from './io.js';
import { aliasTargets, learnAllies, learnMatches, learnPayments, learnTotals, startsOf, type AllyRow, type PaymentRow } from './learn.js';

const CLAIM = 'INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING';
const PAYMENT = `SELECT p.ref AS id, NULL AS alias_of, p.state, p.campaign FROM payments p WHERE p.ref = ?
  UNION ALL SELECT a.alias, a.ref, p.state, p.campaign FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = ?`;
const ALLY = `SELECT ${ALLY_COLUMNS} FROM allies WHERE subscription_id = ?`;
/** Campaigns (a JSON array) with every ancestor, 8 levels at most, as `ANCESTORS` walks them. */
const TOTALS = `WITH RECURSIVE up (campaign, parent, depth) AS (
    SELECT campaign, parent, 0 FROM campaign_totals WHERE campaign IN (SELECT value FROM json_each(?))
    UNION ALL SELECT c.campaign, c.parent, up.depth + 1 FROM campaign_totals c JOIN up ON c.campaign = up.parent WHERE up.depth < 8)
  SELECT * FROM campaign_totals WHERE campaign IN (SELECT campaign FROM up)`;
const MATCHES = 'SELECT gift, pool, sum(amount) AS amount FROM match_ledger WHERE gift = ? GROUP BY gift, pool';
const UNCLAIM = 'DELETE FROM stripe_events WHERE id = ?';
const MOVE = `UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, allies_at_risk = allies_at_risk + ?, pending = pending + ?,
  matched = matched + ?, version = version + ?, updated_at = ? WHERE campaign = ? RETURNING *`;

function* claimAndRead(s: BatchState, r: BatchReads): Program<void> {
  for (const e of r.records) {
    if ((yield changes(CLAIM, [e.id, e.type, e.created, e.effect, e.campaign, e.receivedAt])) === 1) s.fresh.add(e.id);
  }
  const payments = yield* readPaymentRows(s, r.payments);
  yield* readGiftMatches(s, [...r.payments, ...aliasTargets(payments)]);
  const allies = yield* readAllyRows(s, r.allies);
  yield* readTotals(s, startsOf(r.campaigns, payments, allies));
}

function* readPaymentRows(s: BatchState, ids: readonly string[]): Program<PaymentRow[]> {
  const found: PaymentRow[] = [];
  for (const id of ids) found.push(...((yield rows(PAYMENT, [id, id])) as PaymentRow[]));
  learnPayments(s, ids, found);
  return found;
}

function* readAllyRows(s: BatchState, ids: readonly string[]): Program<AllyRow[]> {
  const found: AllyRow[] = [];
  for (const id of ids) found.push(...((yield rows(ALLY, [id])) as AllyRow[]));
  learnAllies(s, ids, found);
  return found;
}

function* readTotals(s: BatchState, campaigns: readonly string[]): Program<void> {
  learnTotals(s, campaigns, (yield rows(TOTALS, [JSON.stringify(campaigns)])) as TotalsRow[]);
}

function* readGiftMatches(s: BatchState, gifts: readonly string[]): Program<void> {
  const found: GiftMatchRow[] = [];
  for (const g of gifts) found.push(...((yield rows(MATCHES, [g])) as GiftMatchRow[]));
  learnMatches(s, gifts, found);
}

/** The queued writes in the order the one-statement flush of `postgres-io.ts` runs them; answers the totals rows changed. */
function* flush(s: BatchState, now: string, failed: readonly string[] = []): Program<CampaignTotals[]> {
  const w = s.take();
  const run = function* (q: ReturnType<typeof writeQuery>): Program<void> {
    q.answer(yield q.sql);
  };
  for (const p of w.payments.values()) yield* run(writeQuery({ op: 'upsertPayment', state: p.state, raised: p.raised, donors: p.donors, at: p.at }));
  for (const [alias, ref] of w.aliases) yield* run(writeQuery({ op: 'addAlias', alias, ref }));
  for (const a of w.allies.values()) yield* run(writeQuery({ op: 'upsertAlly', state: a.state, at: a.at }));
  for (const entry of w.ledger) yield* run(writeQuery({ op: 'insertLedger', entry }));
  for (const entry of w.matches) yield* run(writeQuery({ op: 'insertMatch', entry }));
  for (const payment of w.unassigned.values()) yield* run(writeQuery({ op: 'insertUnassigned', payment }));
  for (const [eventId, campaign] of w.eventCampaigns) yield* run(writeQuery({ op: 'setEventCampaign', eventId, campaign }));
  for (const id of failed) yield changes(UNCLAIM, [id]);
  const changed: CampaignTotals[] = [];
  for (const [c, t] of w.totals) {
    const [row] = (yield rows(MOVE, [t.raised, t.donors, t.allies, t.alliesAtRisk, t.pending, t.matched, t.n, now, c])) as TotalsRow[];
    // Every row was read under the write lock: a miss means the batch and the table disagree.
    if (!row) throw new Error(`totals update missed campaign ${c}`);
    changed.push(toTotals(row));
  }
  return changed;
}

export const sqliteIngest: IngestIO = {
  // The IMMEDIATE transaction already holds the write lock.
  begin: exec({ sqlite: 'SAVEPOINT rk_batch', postgres: null }),
  claimAndRead,
  readPayments: function* (s, ids) {
    yield* readPaymentRows(s, ids);
  },
  readAllies: function* (s, ids) {
    yield* readAllyRows(s, ids);
  },
  readTotals,
  readGiftMatches,
  flush,
};
