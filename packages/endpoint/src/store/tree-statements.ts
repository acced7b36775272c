/**
 * The SQL of the campaign tree's loads and writes (`ledger/tree.ts`, `ledger/unassigned.ts`,
 * approvals), once for both databases; `statements.ts` hands these cases here.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import { LedgerError } from '../ledger/errors.js';
import type { Load, Write } from '../ledger/plan.js';
import type { CampaignNode, OfflineGiftRow, UnassignedPayment } from '../ledger/types.js';
import { fromJson } from './rows.js';
import { changes, notifying, rows, type Query } from './sql.js';

type TreeLoad = Extract<Load, { load: 'ancestors' | 'tree' | 'unassigned' | 'unassignedFor' | 'offlineGift' }>;
type TreeWrite = Extract<Write, { op: 'setCampaign' | 'setLedgerStatus' | 'markRejected' | 'insertUnassigned' | 'markAssigned' | 'addToAncestors' }>;

// Depth is bounded twice: the tree allows 4 levels, the walk stops at 8 even on a damaged table.
const ANCESTORS = `WITH RECURSIVE up (campaign, parent, depth) AS (
    SELECT campaign, parent, 0 FROM campaign_totals WHERE campaign = ?
    UNION ALL SELECT c.campaign, c.parent, up.depth + 1 FROM campaign_totals c JOIN up ON c.campaign = up.parent WHERE up.depth < 8
  ) SELECT campaign FROM up WHERE depth > 0 ORDER BY depth`;

export const OFFLINE_GIFT_COLUMNS = `l.id, l.campaign, l.amount, l.currency, l.note, l.donors, l.status, l.recorded_by, l.created_at, l.approved_at, l.approved_by, l.rejected_at, l.rejected_by, l.category,
  (SELECT count(*) FROM ledger v WHERE v.source_ref = 'void:' || l.id) AS voided`;

interface GiftRow {
  id: string;
  campaign: string;
  amount: number;
  currency: string;
  note: string | null;
  donors: number | null;
  status: 'counted' | 'pending';
  recorded_by: string | null;
  created_at: string;
  approved_at: string | null;
  approved_by: string | null;
  rejected_at?: string | null;
  rejected_by?: string | null;
  category?: string | null;
  voided: number;
  source_ref?: string;
}

export const toOfflineGift = (r: GiftRow): OfflineGiftRow => ({
  id: r.id,
  campaign: r.campaign,
  amount: r.amount,
  currency: r.currency,
  note: r.note,
  donors: r.donors,
  status: r.status,
  recordedBy: r.recorded_by,
  createdAt: r.created_at,
  approvedAt: r.approved_at,
  approvedBy: r.approved_by,
  rejectedAt: r.rejected_at ?? null,
  rejectedBy: r.rejected_by ?? null,
  category: r.category ?? null,
  voided: Number(r.voided) > 0,
  ...(r.source_ref !== undefined ? { sourceRef: r.source_ref } : {}),
});

export interface UnassignedRow {
  ref: string;
  event_id: string;
  campaign: string;
  currency: string;
  amount: number;
  received_at: string;
  assigned_to: string | null;
  assigned_at: string | null;
}

export const toUnassigned = (r: UnassignedRow): UnassignedPayment => ({
  ref: r.ref,
  eventId: r.event_id,
  campaign: r.campaign,
  currency: r.currency,
  amount: r.amount,
  receivedAt: r.received_at,
  assignedTo: r.assigned_to,
  assignedAt: r.assigned_at,
});

const must = (what: string) => (n: unknown) => {
  if (n !== 1) throw new LedgerError(`${what}: the row changed under the decision`);
};

export function treeLoad(l: TreeLoad): Query {
  switch (l.load) {
    case 'ancestors':
      return { sql: rows(ANCESTORS, [l.campaign]), answer: (r) => (r as { campaign: string }[]).map((x) => x.campaign) };
    case 'tree':
      return {
        sql: rows('SELECT campaign, currency, parent, config FROM campaign_totals ORDER BY campaign'),
        answer: (r) =>
          (r as { campaign: string; currency: string; parent: string | null; config: unknown }[]).map(
            (x): CampaignNode => ({ id: x.campaign, currency: x.currency, parent: x.parent, config: x.config == null ? null : fromJson<CampaignConfig>(x.config) }),
          ),
      };
    case 'unassigned':
      return { sql: rows('SELECT * FROM unassigned_payments WHERE ref = ? OR event_id = ? LIMIT 1', [l.ref, l.ref]), answer: (r) => (r as UnassignedRow[]).map(toUnassigned)[0] };
    case 'unassignedFor':
      return {
        sql: rows('SELECT * FROM unassigned_payments WHERE campaign = ? AND assigned_to IS NULL ORDER BY received_at, ref', [l.campaign]),
        answer: (r) => (r as UnassignedRow[]).map(toUnassigned),
      };
    case 'offlineGift':
      return {
        sql: rows(`SELECT ${OFFLINE_GIFT_COLUMNS}, l.source_ref FROM ledger l WHERE l.id = ? AND l.campaign = ? AND l.kind = 'offline' AND l.amount > 0`, [l.giftId, l.campaign]),
        answer: (r) => (r as GiftRow[]).map(toOfflineGift)[0],
      };
  }
}

export function treeWrite(w: TreeWrite): Query {
  switch (w.op) {
    case 'addToAncestors': {
      const { raised, donors, allies, alliesAtRisk = 0, pending = 0 } = w.delta;
      const n = w.campaigns.length;
      return {
        // Every server hears each ancestor's change (NOTIFY on Postgres), not only the leaf's.
        sql: changes(
          notifying(`UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, allies_at_risk = allies_at_risk + ?, pending = pending + ?, version = version + 1, updated_at = ? WHERE campaign IN (${Array(n).fill('?').join(', ')})`),
          [raised, donors, allies, alliesAtRisk, pending, w.at, ...w.campaigns],
        ),
        answer: (changed) => {
          if (changed !== n) throw new LedgerError(`ancestors of a campaign changed under the decision (${w.campaigns.join(', ')})`);
        },
      };
    }
    case 'setCampaign':
      return {
        sql: w.bump
          ? changes('UPDATE campaign_totals SET parent = ?, config = ?, version = version + 1, updated_at = ? WHERE campaign = ?', [w.parent, JSON.stringify(w.config), w.at, w.campaign])
          : changes('UPDATE campaign_totals SET parent = ?, config = ? WHERE campaign = ?', [w.parent, JSON.stringify(w.config), w.campaign]),
        answer: must(`campaign "${w.campaign}"`),
      };
    case 'setLedgerStatus':
      return {
        sql: changes("UPDATE ledger SET status = ?, approved_at = ?, approved_by = ? WHERE id = ? AND status = 'pending'", [w.status, w.approvedAt, w.approvedBy, w.id]),
        answer: must(`gift "${w.id}"`),
      };
    case 'markRejected':
      return {
        sql: changes("UPDATE ledger SET rejected_at = ?, rejected_by = ? WHERE id = ? AND status = 'pending' AND rejected_at IS NULL", [w.at, w.by, w.id]),
        answer: must(`gift "${w.id}"`),
      };
    case 'insertUnassigned': {
      const p = w.payment;
      return {
        sql: changes('INSERT INTO unassigned_payments (ref, event_id, campaign, currency, amount, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO NOTHING', [
          p.ref, p.eventId, p.campaign, p.currency, p.amount, p.receivedAt,
        ]),
        answer: () => undefined,
      };
    }
    case 'markAssigned':
      return {
        sql: changes('UPDATE unassigned_payments SET assigned_to = ?, assigned_at = ? WHERE ref = ? AND assigned_to IS NULL', [w.campaign, w.at, w.ref]),
        answer: must(`unassigned payment "${w.ref}"`),
      };
  }
}
