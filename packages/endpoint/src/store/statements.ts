/**
 * The SQL behind each load and write of the ledger core (`ledger/plan.ts`), once for both
 * databases; a statement has a Postgres text of its own only where the dialects differ.
 * Each load or write is one statement, so a batch executor can later group them.
 */
import { currencyLocked, noTotalsRow } from '../ledger/errors.js';
import type { Load, StoredKey, Write } from '../ledger/plan.js';
import { isFinalStatus, type AllyState, type PaymentState } from '../ledger/state.js';
import type { CampaignTotals } from '../ledger/types.js';
import { fromJson, toTotals, type TotalsRow } from './rows.js';
import { changes, notifying, rows, type Program, type Query } from './sql.js';
import { treeLoad, treeWrite } from './tree-statements.js';

const TOTALS = 'SELECT * FROM campaign_totals WHERE campaign = ?';
/** Inside a transaction a totals row is read to decide a change to it: Postgres locks it till the commit. */
const LOCK_TOTALS = { sqlite: TOTALS, postgres: `${TOTALS} FOR UPDATE` };

interface KeyRow {
  fingerprint: string;
  response_status: number;
  response_body: string;
}

export type { Query } from './sql.js';

const first = <R>(result: unknown) => (result as R[])[0];

// How each statement's result becomes its answer (made once, not per statement run).
const ANSWER = {
  none: () => undefined,
  first,
  totals: (r: unknown) => (r as TotalsRow[]).map(toTotals)[0],
  key: (r: unknown) => {
    const row = first<KeyRow>(r);
    return row && ({ fingerprint: row.fingerprint, response: { status: row.response_status, body: row.response_body } } satisfies StoredKey);
  },
  found: (r: unknown) => (r as unknown[]).length > 0,
  changed: (n: unknown) => (n as number) > 0,
  payment: (r: unknown) => {
    const row = first<{ state: unknown }>(r);
    return row && fromJson<PaymentState>(row.state);
  },
  ally: (r: unknown) => {
    const row = first<AllyRow>(r);
    return row && toAlly(row);
  },
};

/** An `allies` row as both stores give it back. */
export interface AllyRow {
  subscription_id: string;
  campaign: string;
  status: AllyState['status'];
  status_at: number | string;
}

export const toAlly = (r: AllyRow): AllyState => ({ subscriptionId: r.subscription_id, campaign: r.campaign, status: r.status, at: Number(r.status_at) });

/** The columns an Ally is read by. */
export const ALLY_COLUMNS = 'subscription_id, campaign, status, status_at';

/** `stage` as the column has always said it: 'ended' once the status is final. */
export const allyStage = (s: AllyState): 'started' | 'ended' => (isFinalStatus(s.status) ? 'ended' : 'started');

/** The statement of one load; its answer is what `Loaded` promises for it. */
export function loadQuery(l: Load): Query {
  switch (l.load) {
    case 'totals':
      return { sql: rows(LOCK_TOTALS, [l.campaign]), answer: ANSWER.totals };
    case 'campaign':
      return { sql: rows(TOTALS, [l.campaign]), answer: ANSWER.totals };
    case 'idempotency':
      return { sql: rows('SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE scope = ? AND key = ?', [l.scope, l.key]), answer: ANSWER.key };
    case 'counted':
      return { sql: rows('SELECT 1 AS found FROM ledger WHERE source_ref = ?', [l.sourceRef]), answer: ANSWER.found };
    case 'offlineGift':
    case 'ancestors':
    case 'tree':
    case 'unassigned':
    case 'unassignedFor':
      return treeLoad(l);
    case 'payment':
      return {
        sql: rows(
          'SELECT p.state FROM payments p WHERE p.ref = ? UNION ALL SELECT p.state FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = ? LIMIT 1',
          [l.id, l.id],
        ),
        answer: ANSWER.payment,
      };
    case 'ally':
      return { sql: rows(`SELECT ${ALLY_COLUMNS} FROM allies WHERE subscription_id = ?`, [l.subscriptionId]), answer: ANSWER.ally };
    case 'pools': {
      const order = l.campaigns;
      return {
        sql: rows(poolsSql(order.length), order),
        answer: (r) => (r as TotalsRow[]).map(toTotals).sort((a, b) => order.indexOf(a.campaign) - order.indexOf(b.campaign)),
      };
    }
    case 'giftMatches':
      return { sql: rows(GIFT_MATCHES_SQL, [l.gift]), answer: (r) => giftMatches(r as GiftMatchRow[]) };
    case 'claimEvent': {
      const e = l.event;
      return {
        sql: changes('INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING', [
          e.id, e.type, e.created, e.effect, e.campaign, e.receivedAt,
        ]),
        answer: ANSWER.changed,
      };
    }
  }
}

/** The statement of one write; its answer throws when the write did not happen as planned. */
export function writeQuery(w: Write): Query {
  switch (w.op) {
    case 'insertTotals':
      return {
        sql: changes('INSERT INTO campaign_totals (campaign, currency, updated_at, parent, config, version) VALUES (?, ?, ?, ?, ?, ?)', [
          w.campaign, w.currency, w.at, w.parent ?? null, w.config ? JSON.stringify(w.config) : null, w.version ?? 0,
        ]),
        answer: ANSWER.none,
      };
    case 'setCampaign':
    case 'setLedgerStatus':
    case 'markRejected':
    case 'insertUnassigned':
    case 'markAssigned':
    case 'addToAncestors':
      return treeWrite(w);
    case 'setCurrency':
      return {
        sql: changes(
          'UPDATE campaign_totals SET currency = ?, version = version + 1, updated_at = ? WHERE campaign = ? AND currency = ? AND raised = 0 AND donors = 0 AND allies = 0',
          [w.currency, w.at, w.campaign, w.from],
        ),
        // Read unlocked: a gift counted since then keeps the currency it was counted in.
        answer: (n) => {
          if (n !== 1) throw currencyLocked(w.campaign, w.from, w.currency);
        },
      };
    case 'insertLedger': {
      const e = w.entry;
      return {
        sql: changes('INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors, covered_fee, payment_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
          e.id, e.campaign, e.currency, e.amount, e.kind, e.sourceRef, e.note ?? null, e.createdAt, e.recordedBy ?? null, e.status ?? 'counted', e.donors ?? null,
          e.coveredFee ?? null, e.paymentRef ?? null,
        ]),
        answer: ANSWER.none,
      };
    }
    case 'insertMatch': {
      const e = w.entry;
      return {
        sql: changes(INSERT_MATCH_SQL, [e.id, e.pool, e.gift, e.reference, e.giftCampaign, e.currency, e.amount, e.createdAt]),
        answer: ANSWER.none,
      };
    }
    case 'setLedgerCategory':
      return { sql: changes('UPDATE ledger SET category = ? WHERE id = ?', [w.category, w.id]), answer: ANSWER.none };
    case 'addToTotals': {
      const { raised, donors, allies, alliesAtRisk = 0, pending = 0, matched = 0 } = w.delta;
      return {
        sql: matched !== 0 || alliesAtRisk !== 0
          ? changes(notifying(ADD_ALL_SQL), [raised, donors, allies, alliesAtRisk, pending, matched, w.at, w.campaign])
          : pending === 0
          ? changes(notifying(ADD_TO_TOTALS_SQL), [raised, donors, allies, w.at, w.campaign])
          : changes(notifying('UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, pending = pending + ?, version = version + 1, updated_at = ? WHERE campaign = ?'), [
            raised, donors, allies, pending, w.at, w.campaign,
          ]),
        // The decision read this row under lock; a miss here means the plan and the table disagree.
        answer: (n) => {
          if (n !== 1) throw noTotalsRow(w.campaign);
        },
      };
    }
    case 'insertIdempotency':
      return {
        sql: changes('INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_body, ledger_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
          w.ref.scope, w.ref.key, w.ref.fingerprint, w.response.status, w.response.body, w.ledgerId, w.at,
        ]),
        answer: ANSWER.none,
      };
    case 'upsertPayment':
      return {
        sql: changes(
          `INSERT INTO payments (ref, campaign, state, raised, donors, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (ref) DO UPDATE SET campaign = excluded.campaign, state = excluded.state, raised = excluded.raised,
             donors = excluded.donors, updated_at = excluded.updated_at`,
          [w.state.ref, w.state.campaign, JSON.stringify(w.state), w.raised, w.donors, w.at],
        ),
        answer: ANSWER.none,
      };
    case 'addAlias':
      return { sql: changes('INSERT INTO payment_aliases (alias, ref) VALUES (?, ?) ON CONFLICT DO NOTHING', [w.alias, w.ref]), answer: ANSWER.none };
    case 'upsertAlly':
      return {
        sql: changes(
          `INSERT INTO allies (subscription_id, campaign, stage, status, status_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (subscription_id) DO UPDATE SET stage = excluded.stage, status = excluded.status, status_at = excluded.status_at, updated_at = excluded.updated_at`,
          [w.state.subscriptionId, w.state.campaign, allyStage(w.state), w.state.status, w.state.at, w.at],
        ),
        answer: ANSWER.none,
      };
    case 'setEventCampaign':
      return { sql: changes('UPDATE stripe_events SET campaign = ? WHERE id = ?', [w.campaign, w.eventId]), answer: ANSWER.none };
    default: {
      const unknown: never = w;
      throw new Error(`unknown write ${JSON.stringify(unknown)}`);
    }
  }
}

/** `SELECT *` of n campaigns' totals, locked on Postgres (a tree has at most four levels: at most four texts). */
const POOLS = new Map<number, { sqlite: string; postgres: string }>();
function poolsSql(n: number): { sqlite: string; postgres: string } {
  let text = POOLS.get(n);
  if (!text) {
    const sql = `SELECT * FROM campaign_totals WHERE campaign IN (${Array(n).fill('?').join(', ')})`;
    POOLS.set(n, (text = { sqlite: sql, postgres: `${sql} FOR UPDATE` }));
  }
  return text;
}
/** Every running total at once: matched money, and Allies moving in or out of risk, are rarer than gifts. */
const ADD_ALL_SQL =
  'UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, allies_at_risk = allies_at_risk + ?, pending = pending + ?, matched = matched + ?, version = version + 1, updated_at = ? WHERE campaign = ?';
const INSERT_MATCH_SQL = 'INSERT INTO match_ledger (id, pool, gift, reference, gift_campaign, currency, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
/** What a gift holds from each pool: the sum of its match rows (a pool it holds nothing from left out). */
const GIFT_MATCHES_SQL = 'SELECT gift, pool, sum(amount) AS amount FROM match_ledger WHERE gift = ? GROUP BY gift, pool';
export interface GiftMatchRow {
  gift: string;
  pool: string;
  amount: number | string;
}
/** Rows of one gift as the load answers them (Postgres' sum of bigints arrives as a string). */
export function giftMatches(found: readonly GiftMatchRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of found) if (Number(r.amount) !== 0) out[r.pool] = Number(r.amount);
  return out;
}

const ADD_TO_TOTALS_SQL = 'UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, version = version + 1, updated_at = ? WHERE campaign = ?';
/** Totals rows whose `updated_at` is at or after `since` (the Postgres safety poll: changed rows only). */
export function* readTotalsSince(since: string): Program<CampaignTotals[]> {
  const found = yield rows('SELECT * FROM campaign_totals WHERE updated_at >= ?', [since]);
  return (found as TotalsRow[]).map(toTotals);
}

/** What the endpoint reads outside any decision: running totals and counts, never locked. */
export function* readTotals(campaign?: string): Program<CampaignTotals[]> {
  const found = yield campaign === undefined ? rows('SELECT * FROM campaign_totals ORDER BY campaign') : rows(TOTALS, [campaign]);
  return (found as TotalsRow[]).map(toTotals);
}

/** Several campaigns' totals in one read (the ids as one JSON array). */
export function* readTotalsOf(campaigns: readonly string[]): Program<CampaignTotals[]> {
  const found = yield rows(TOTALS_OF, [JSON.stringify(campaigns)]);
  return (found as TotalsRow[]).map(toTotals);
}
const TOTALS_OF = {
  sqlite: 'SELECT * FROM campaign_totals WHERE campaign IN (SELECT value FROM json_each(?))',
  postgres: 'SELECT * FROM campaign_totals WHERE campaign IN (SELECT jsonb_array_elements_text(?::jsonb))',
};

export function* countLedger(campaign?: string): Program<number> {
  const found = yield campaign === undefined ? rows('SELECT count(*) AS n FROM ledger') : rows('SELECT count(*) AS n FROM ledger WHERE campaign = ?', [campaign]);
  return first<{ n: number }>(found)!.n;
}
