/**
 * Team keys and the admin's lists (offline gifts, unassigned payments): plain statements,
 * no totals move, so no ledger decision is involved.
 */
import type { TeamKeyInfo } from '@rescuekit/schema';
import type { OfflineGiftRow, UnassignedPayment } from '../ledger/types.js';
import { changes, rows, type Program } from './sql.js';
import { OFFLINE_GIFT_COLUMNS, toOfflineGift, toUnassigned, type UnassignedRow } from './tree-statements.js';

interface KeyRow {
  id: string;
  campaign: string;
  label: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toKeyInfo = (r: KeyRow): TeamKeyInfo => ({
  id: r.id,
  campaign: r.campaign,
  label: r.label,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

/** Stores a new key's hash; undefined when the campaign does not exist. */
export function* createTeamKey(key: { id: string; campaign: string; label: string | null; hash: string }, now: string): Program<TeamKeyInfo | undefined> {
  const found = (yield rows('SELECT 1 AS found FROM campaign_totals WHERE campaign = ?', [key.campaign])) as unknown[];
  if (!found.length) return undefined;
  yield changes('INSERT INTO team_keys (id, campaign, label, hash, created_at) VALUES (?, ?, ?, ?, ?)', [key.id, key.campaign, key.label, key.hash, now]);
  return { id: key.id, campaign: key.campaign, label: key.label, createdAt: now, lastUsedAt: null, revokedAt: null };
}

export function* listTeamKeys(campaign: string): Program<TeamKeyInfo[]> {
  return ((yield rows('SELECT id, campaign, label, created_at, last_used_at, revoked_at FROM team_keys WHERE campaign = ? ORDER BY created_at, id', [campaign])) as KeyRow[]).map(toKeyInfo);
}

/** Revokes a key once; answers the key as it is now, or undefined when there is no such key. */
export function* revokeTeamKey(id: string, now: string): Program<TeamKeyInfo | undefined> {
  yield changes('UPDATE team_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
  const found = (yield rows('SELECT id, campaign, label, created_at, last_used_at, revoked_at FROM team_keys WHERE id = ?', [id])) as KeyRow[];
  return found.map(toKeyInfo)[0];
}

/**
 * Replaces a live key by a new one in one transaction (a holder rotating their own): the old is revoked,
 * the new takes its campaign and label. Undefined when the old key is no longer live (revoked, or
 * rotated by a call that came first): then nothing is written.
 */
export function* rotateTeamKey(oldId: string, key: { id: string; hash: string }, now: string): Program<TeamKeyInfo | undefined> {
  if ((yield changes('UPDATE team_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, oldId])) !== 1) return undefined;
  const [old] = (yield rows('SELECT campaign, label FROM team_keys WHERE id = ?', [oldId])) as Pick<KeyRow, 'campaign' | 'label'>[];
  yield changes('INSERT INTO team_keys (id, campaign, label, hash, created_at) VALUES (?, ?, ?, ?, ?)', [key.id, old!.campaign, old!.label, key.hash, now]);
  return { id: key.id, campaign: old!.campaign, label: old!.label, createdAt: now, lastUsedAt: null, revokedAt: null };
}

/**
 * The live key with this hash, or undefined: read on every request, so a revocation holds everywhere
 * at once. A read only: no write lock, so a team's reads answer while another process writes.
 */
export function* findTeamKey(hash: string): Program<{ id: string; campaign: string } | undefined> {
  const found = (yield rows('SELECT id, campaign FROM team_keys WHERE hash = ? AND revoked_at IS NULL', [hash])) as { id: string; campaign: string }[];
  return found[0];
}

/** Notes when keys were last used (batched by the caller); a time never moves back. */
export function* noteTeamKeysUsed(uses: readonly { id: string; at: string }[]): Program<void> {
  for (const { id, at } of uses) {
    yield changes('UPDATE team_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)', [at, id, at]);
  }
}

export function* listOfflineGifts(campaign: string): Program<OfflineGiftRow[]> {
  const found = yield rows(`SELECT ${OFFLINE_GIFT_COLUMNS} FROM ledger l WHERE l.campaign = ? AND l.kind = 'offline' AND l.amount > 0 ORDER BY l.created_at, l.id`, [campaign]);
  return (found as Parameters<typeof toOfflineGift>[0][]).map(toOfflineGift);
}

/** Team cash still waiting for approval in these campaigns (not voided or rejected), oldest first. */
export function* listPendingGifts(campaigns: readonly string[]): Program<OfflineGiftRow[]> {
  if (!campaigns.length) return [];
  const found = yield rows(
    `SELECT ${OFFLINE_GIFT_COLUMNS} FROM ledger l WHERE l.campaign IN (${campaigns.map(() => '?').join(', ')}) AND l.kind = 'offline' AND l.amount > 0
      AND l.status = 'pending' AND l.rejected_at IS NULL AND NOT EXISTS (SELECT 1 FROM ledger v WHERE v.source_ref = 'void:' || l.id) ORDER BY l.created_at, l.id`,
    [...campaigns],
  );
  return (found as Parameters<typeof toOfflineGift>[0][]).map(toOfflineGift);
}

/** The campaign of the offline gift with this id, or undefined. */
export function* offlineGiftCampaign(id: string): Program<string | undefined> {
  return ((yield rows("SELECT campaign FROM ledger WHERE id = ? AND kind = 'offline' AND amount > 0", [id])) as { campaign: string }[])[0]?.campaign;
}

export function* listUnassigned(all: boolean): Program<UnassignedPayment[]> {
  const found = yield rows(`SELECT * FROM unassigned_payments${all ? '' : ' WHERE assigned_to IS NULL'} ORDER BY received_at, ref`);
  return (found as UnassignedRow[]).map(toUnassigned);
}
