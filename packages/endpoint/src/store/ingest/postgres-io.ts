/**
 * Ingestion on Postgres, where each statement is a round trip: every read and write of a batch
 * covers the rows of all its events at once, its rows passed as one JSON array. The same tables
 * and the same conflict rules as the one-row statements of `statements.ts`.
 */
import type { CampaignTotals } from '../../ledger/types.js';
import { LOCKS } from '../programs.js';
import { toTotals, type TotalsRow } from '../rows.js';
import { exec, prepared, rows, type Program } from '../sql.js';
import { ALLY_COLUMNS, allyStage, type GiftMatchRow } from '../statements.js';
import type { BatchState, PendingWrites } from './batch-state.js';
import type { BatchReads, IngestIO } from './io.js';
import { aliasTargets, learnAllies, learnMatches, learnPayments, learnTotals, startsOf, type AllyRow, type PaymentRow } from './learn.js';

const json = (v: unknown) => JSON.stringify(v);

// Fragments shared by the one-statement batch read (`CLAIM_AND_READ`) and the reads of a row the batch missed.
const CLAIM_SQL = `INSERT INTO stripe_events (id, type, created, effect, campaign, received_at)
  SELECT id, type, created, effect, campaign, received_at
  FROM jsonb_to_recordset(?::jsonb) AS x(id text, type text, created bigint, effect text, campaign text, received_at text)
  ON CONFLICT (id) DO NOTHING RETURNING id`;
/**
 * A payment by its ref, or by an alias (`alias_of`: the ref the alias names). Each id is looked up
 * by the primary keys on its own (`OFFSET 0` keeps the planner from joining the lists instead): a
 * plan made while the tables were small read a whole table per batch, slower as it grew.
 */
const PAYMENTS_SQL = `SELECT found.* FROM unnest(?::text[]) AS asked(id) CROSS JOIN LATERAL (
    SELECT p.ref AS id, NULL::text AS alias_of, p.state, p.campaign FROM payments p WHERE p.ref = asked.id
    UNION ALL SELECT a.alias, a.ref, p.state, p.campaign FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = asked.id
    OFFSET 0) found`;
const ALLIES_SQL = `SELECT ${ALLY_COLUMNS} FROM allies WHERE subscription_id = ANY(?::text[])`;
/** Campaigns and their ancestors, as `ANCESTORS` walks them (8 levels at most); `start` lists the campaigns. */
const UP_SQL = (start: string) => `up (campaign, parent, depth) AS (
    SELECT campaign, parent, 0 FROM campaign_totals WHERE ${start}
    UNION ALL SELECT c.campaign, c.parent, up.depth + 1 FROM campaign_totals c JOIN up ON c.campaign = up.parent WHERE up.depth < 8)`;
const LOCKED_TOTALS_SQL = `SELECT t.campaign, t.currency, t.raised, t.donors, t.allies, t.allies_at_risk, t.version, t.updated_at, t.pending, t.matched, t.parent, t.config
  FROM campaign_totals t WHERE t.campaign IN (SELECT campaign FROM up) ORDER BY t.campaign FOR UPDATE OF t`;

/**
 * What each payment (by its ref, or an id named) holds from matching pools. One array, so the
 * lookup stays on `match_ledger_by_gift` (an `OR gift IN (…)` scanned the whole table per batch).
 */
const MATCHES_SQL = (more: string) => `SELECT gift, pool, sum(amount) AS amount FROM match_ledger WHERE gift = ANY(?::text[]${more}) GROUP BY gift, pool`;
/**
 * One round trip at the start of a batch: claims every event id, reads the payments and
 * Allies the events name, and locks the totals rows of their campaigns (those the events name
 * and those the stored payments and Allies count in) with every ancestor.
 */
const CLAIM_AND_READ = prepared('rk_batch_claim_read', `WITH RECURSIVE claimed AS (${CLAIM_SQL}),
  pay AS (${PAYMENTS_SQL}),
  ally AS (${ALLIES_SQL}),
  ${UP_SQL('campaign = ANY(?::text[] || ARRAY(SELECT campaign FROM pay UNION ALL SELECT campaign FROM ally))')},
  tot AS (${LOCKED_TOTALS_SQL}),
  mat AS (${MATCHES_SQL(' || ARRAY(SELECT alias_of FROM pay WHERE alias_of IS NOT NULL)')})
  SELECT (SELECT coalesce(json_agg(id), '[]') FROM claimed) AS claimed, (SELECT coalesce(json_agg(pay), '[]') FROM pay) AS payments,
    (SELECT coalesce(json_agg(ally), '[]') FROM ally) AS allies, (SELECT coalesce(json_agg(tot), '[]') FROM tot) AS totals,
    (SELECT coalesce(json_agg(mat), '[]') FROM mat) AS matches`);
const PAYMENTS = prepared('rk_batch_payments', PAYMENTS_SQL);
const MATCHES = prepared('rk_batch_matches', MATCHES_SQL(''));
const ALLIES = prepared('rk_batch_allies', ALLIES_SQL);
const TOTALS = prepared('rk_batch_totals', `WITH RECURSIVE ${UP_SQL('campaign = ANY(?::text[])')} ${LOCKED_TOTALS_SQL}`);

function* claimAndRead(s: BatchState, r: BatchReads): Program<void> {
  const events = r.records.map((e) => ({ id: e.id, type: e.type, created: e.created, effect: e.effect, campaign: e.campaign, received_at: e.receivedAt }));
  const [row] = (yield rows(CLAIM_AND_READ, [json(events), r.payments, r.allies, r.campaigns, r.payments])) as {
    claimed: string[]; payments: PaymentRow[]; allies: AllyRow[]; totals: TotalsRow[]; matches: GiftMatchRow[];
  }[];
  for (const id of row!.claimed) s.fresh.add(id);
  learnPayments(s, r.payments, row!.payments);
  learnMatches(s, [...r.payments, ...aliasTargets(row!.payments)], row!.matches);
  learnAllies(s, r.allies, row!.allies);
  learnTotals(s, startsOf(r.campaigns, row!.payments, row!.allies), row!.totals);
}

/** Reads the payments any of `ids` names (by ref or alias) into `s`. */
function* readPayments(s: BatchState, ids: readonly string[]): Program<void> {
  learnPayments(s, ids, (yield rows(PAYMENTS, [ids])) as PaymentRow[]);
}

function* readAllies(s: BatchState, ids: readonly string[]): Program<void> {
  learnAllies(s, ids, (yield rows(ALLIES, [ids])) as AllyRow[]);
}

/** Locks and reads `campaigns` and their ancestors into `s`. */
function* readTotals(s: BatchState, campaigns: readonly string[]): Program<void> {
  learnTotals(s, campaigns, (yield rows(TOTALS, [campaigns])) as TotalsRow[]);
}

/** What gifts hold from matching pools: every key asked for becomes known (none: holds nothing). */
function* readGiftMatches(s: BatchState, gifts: readonly string[]): Program<void> {
  learnMatches(s, gifts, (yield rows(MATCHES, [gifts])) as GiftMatchRow[]);
}

/**
 * Every queued write in one statement (one round trip): each table written once, each campaign's
 * totals once with its NOTIFY; the ids of events that failed unclaimed. Foreign keys are checked
 * at the end of the statement, so aliases may name payments inserted beside them.
 */
const WRITE_ALL = prepared('rk_batch_write', `WITH
  pay AS (INSERT INTO payments (ref, campaign, state, raised, donors, updated_at)
    SELECT ref, campaign, state, raised, donors, updated_at
    FROM jsonb_to_recordset(?::jsonb) AS x(ref text, campaign text, state jsonb, raised bigint, donors integer, updated_at text)
    ON CONFLICT (ref) DO UPDATE SET campaign = excluded.campaign, state = excluded.state, raised = excluded.raised,
      donors = excluded.donors, updated_at = excluded.updated_at),
  alias AS (INSERT INTO payment_aliases (alias, ref) SELECT alias, ref FROM jsonb_to_recordset(?::jsonb) AS x(alias text, ref text)
    ON CONFLICT DO NOTHING),
  ally AS (INSERT INTO allies (subscription_id, campaign, stage, status, status_at, updated_at)
    SELECT subscription_id, campaign, stage, status, status_at, updated_at
    FROM jsonb_to_recordset(?::jsonb) AS x(subscription_id text, campaign text, stage text, status text, status_at bigint, updated_at text)
    ON CONFLICT (subscription_id) DO UPDATE SET stage = excluded.stage, status = excluded.status, status_at = excluded.status_at, updated_at = excluded.updated_at),
  led AS (INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors, covered_fee, payment_ref)
    SELECT id, campaign, currency, amount, kind, source_ref, note, created_at, recorded_by, status, donors, covered_fee, payment_ref
    FROM jsonb_to_recordset(?::jsonb) AS x(id text, campaign text, currency text, amount bigint, kind text, source_ref text, note text,
      created_at text, recorded_by text, status text, donors integer, covered_fee bigint, payment_ref text)),
  mat AS (INSERT INTO match_ledger (id, pool, gift, reference, gift_campaign, currency, amount, created_at)
    SELECT id, pool, gift, reference, gift_campaign, currency, amount, created_at
    FROM jsonb_to_recordset(?::jsonb) AS x(id text, pool text, gift text, reference text, gift_campaign text, currency text, amount bigint, created_at text)),
  kept AS (INSERT INTO unassigned_payments (ref, event_id, campaign, currency, amount, received_at)
    SELECT ref, event_id, campaign, currency, amount, received_at
    FROM jsonb_to_recordset(?::jsonb) AS x(ref text, event_id text, campaign text, currency text, amount bigint, received_at text)
    ON CONFLICT (ref) DO NOTHING),
  filed AS (UPDATE stripe_events e SET campaign = x.campaign FROM jsonb_to_recordset(?::jsonb) AS x(id text, campaign text) WHERE e.id = x.id),
  unclaimed AS (DELETE FROM stripe_events WHERE id = ANY(?::text[])),
  moved AS (UPDATE campaign_totals t SET raised = t.raised + x.raised, donors = t.donors + x.donors,
      allies = t.allies + x.allies, allies_at_risk = t.allies_at_risk + x.allies_at_risk, pending = t.pending + x.pending, matched = t.matched + x.matched,
      version = t.version + x.n, updated_at = ?
    FROM jsonb_to_recordset(?::jsonb) AS x(c text, raised bigint, donors integer, allies integer, allies_at_risk integer, pending bigint, matched bigint, n integer)
    WHERE t.campaign = x.c RETURNING t.*)
  SELECT moved.*, pg_notify('rescuekit_totals', moved.campaign) AS notified FROM moved`);

/** Runs the queued writes, and unclaims `failed` events, in one statement; answers the totals rows it changed. */
function* flush(s: BatchState, now: string, failed: readonly string[] = []): Program<CampaignTotals[]> {
  const w: PendingWrites = s.take();
  const empty = !w.payments.size && !w.aliases.size && !w.allies.size && !w.ledger.length && !w.matches.length && !w.unassigned.size && !w.eventCampaigns.size && !w.totals.size;
  if (empty && !failed.length) return [];
  const payments = [...w.payments.values()].map((p) => ({ ref: p.state.ref, campaign: p.state.campaign, state: p.state, raised: p.raised, donors: p.donors, updated_at: p.at }));
  const aliases = [...w.aliases].map(([alias, ref]) => ({ alias, ref }));
  const allies = [...w.allies.values()].map(({ state, at }) => ({
    subscription_id: state.subscriptionId, campaign: state.campaign, stage: allyStage(state), status: state.status, status_at: state.at, updated_at: at,
  }));
  const ledger = w.ledger.map((e) => ({
    id: e.id, campaign: e.campaign, currency: e.currency, amount: e.amount, kind: e.kind, source_ref: e.sourceRef, note: e.note ?? null,
    created_at: e.createdAt, recorded_by: e.recordedBy ?? null, status: e.status ?? 'counted', donors: e.donors ?? null,
    covered_fee: e.coveredFee ?? null, payment_ref: e.paymentRef ?? null,
  }));
  const matches = w.matches.map((m) => ({
    id: m.id, pool: m.pool, gift: m.gift, reference: m.reference, gift_campaign: m.giftCampaign, currency: m.currency, amount: m.amount, created_at: m.createdAt,
  }));
  const kept = [...w.unassigned.values()].map((p) => ({ ref: p.ref, event_id: p.eventId, campaign: p.campaign, currency: p.currency, amount: p.amount, received_at: p.receivedAt }));
  const filed = [...w.eventCampaigns].map(([id, campaign]) => ({ id, campaign }));
  const totals = [...w.totals].map(([c, { alliesAtRisk, ...t }]) => ({ c, ...t, allies_at_risk: alliesAtRisk }));
  const params = [json(payments), json(aliases), json(allies), json(ledger), json(matches), json(kept), json(filed), failed, now, json(totals)];
  const changed = (yield rows(WRITE_ALL, params)) as TotalsRow[];
  // Every row was read under lock: a miss means the batch and the table disagree.
  if (changed.length !== totals.length) throw new Error(`totals update changed ${changed.length} of ${totals.length} campaigns`);
  return changed.map(toTotals);
}

export const postgresIngest: IngestIO = {
  // The writers' lock and the savepoint to fall back to, in one round trip (the driver sends BEGIN with it).
  begin: exec({ sqlite: null, postgres: `SELECT pg_advisory_xact_lock(${LOCKS.stripe}); SAVEPOINT rk_batch` }),
  claimAndRead,
  readPayments,
  readAllies,
  readTotals,
  readGiftMatches,
  flush,
};
