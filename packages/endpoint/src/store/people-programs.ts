/**
 * People and their invites: plain statements (no totals move). An invite is taken in one
 * transaction, so a code used twice at once makes one person and one `used` answer.
 */
import type { InviteInfo, PersonInfo, Role } from '@rescuekit/schema';
import { changes, rows, type Program } from './sql.js';

interface InviteRow {
  id: string;
  campaign: string;
  role: Role;
  label: string | null;
  invited_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}
interface PersonRow {
  id: string;
  campaign: string;
  role: Role;
  label: string | null;
  invited_by: string;
  created_at: string;
  revoked_at: string | null;
}

const INVITE_COLUMNS = 'id, campaign, role, label, invited_by, created_at, expires_at, used_at, revoked_at';
const PERSON_COLUMNS = 'id, campaign, role, label, invited_by, created_at, revoked_at';

const toInvite = (r: InviteRow): InviteInfo => ({
  id: r.id, campaign: r.campaign, role: r.role, label: r.label, invitedBy: r.invited_by, createdAt: r.created_at, expiresAt: r.expires_at, usedAt: r.used_at, revokedAt: r.revoked_at,
});
const toPerson = (r: PersonRow): PersonInfo => ({
  id: r.id, campaign: r.campaign, role: r.role, label: r.label, invitedBy: r.invited_by, createdAt: r.created_at, revokedAt: r.revoked_at,
});

export interface NewInvite {
  id: string;
  campaign: string;
  role: Role;
  label: string | null;
  hash: string;
  invitedBy: string;
  expiresAt: string;
}

/** Stores an invite; undefined when the campaign does not exist. */
export function* createInvite(invite: NewInvite, now: string): Program<InviteInfo | undefined> {
  const found = (yield rows('SELECT 1 AS found FROM campaign_totals WHERE campaign = ?', [invite.campaign])) as unknown[];
  if (!found.length) return undefined;
  yield changes('INSERT INTO invites (id, campaign, role, label, hash, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    invite.id, invite.campaign, invite.role, invite.label, invite.hash, invite.invitedBy, now, invite.expiresAt,
  ]);
  return { id: invite.id, campaign: invite.campaign, role: invite.role, label: invite.label, invitedBy: invite.invitedBy, createdAt: now, expiresAt: invite.expiresAt, usedAt: null, revokedAt: null };
}

/** Invites not yet used, revoked or expired, of these campaigns. */
export function* listInvites(campaigns: readonly string[], now: string): Program<InviteInfo[]> {
  if (!campaigns.length) return [];
  const found = yield rows(
    `SELECT ${INVITE_COLUMNS} FROM invites WHERE campaign IN (${campaigns.map(() => '?').join(', ')}) AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at, id`,
    [...campaigns, now],
  );
  return (found as InviteRow[]).map(toInvite);
}

export function* findInvite(id: string): Program<InviteInfo | undefined> {
  return ((yield rows(`SELECT ${INVITE_COLUMNS} FROM invites WHERE id = ?`, [id])) as InviteRow[]).map(toInvite)[0];
}

/** Revokes an invite not yet used; answers it as it is now. */
export function* revokeInvite(id: string, now: string): Program<InviteInfo | undefined> {
  yield changes('UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL AND used_at IS NULL', [now, id]);
  return yield* findInvite(id);
}

export type AcceptOutcome =
  | { outcome: 'accepted'; person: PersonInfo }
  | { outcome: 'unknown' | 'used' | 'expired' | 'revoked' };

/**
 * Takes an invite once: the person it makes, with the key's hash; or why it cannot be taken. The
 * claim is one guarded UPDATE, so of two takes at once (on any server) one makes the person and
 * the other finds it used.
 */
export function* acceptInvite(hash: string, person: { id: string; hash: string }, now: string): Program<AcceptOutcome> {
  const claimed = yield changes('UPDATE invites SET used_at = ? WHERE hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?', [now, hash, now]);
  const [invite] = (yield rows(`SELECT ${INVITE_COLUMNS} FROM invites WHERE hash = ?`, [hash])) as InviteRow[];
  if (!invite) return { outcome: 'unknown' };
  if (claimed !== 1) return { outcome: invite.revoked_at ? 'revoked' : invite.used_at ? 'used' : 'expired' };
  yield changes('INSERT INTO people (id, campaign, role, label, hash, invited_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    person.id, invite.campaign, invite.role, invite.label, person.hash, invite.invited_by, now,
  ]);
  yield changes('UPDATE invites SET person = ? WHERE id = ?', [person.id, invite.id]);
  return { outcome: 'accepted', person: { id: person.id, campaign: invite.campaign, role: invite.role, label: invite.label, invitedBy: invite.invited_by, createdAt: now, revokedAt: null } };
}

/** The live person with this key's hash: read on every request, so a revocation holds on every server at once. */
export function* findPerson(hash: string): Program<{ id: string; campaign: string; role: Role } | undefined> {
  return ((yield rows('SELECT id, campaign, role FROM people WHERE hash = ? AND revoked_at IS NULL', [hash])) as { id: string; campaign: string; role: Role }[])[0];
}

export function* findPersonById(id: string): Program<PersonInfo | undefined> {
  return ((yield rows(`SELECT ${PERSON_COLUMNS} FROM people WHERE id = ?`, [id])) as PersonRow[]).map(toPerson)[0];
}

/** People of these campaigns, revoked ones included (with when). */
export function* listPeople(campaigns: readonly string[]): Program<PersonInfo[]> {
  if (!campaigns.length) return [];
  const found = yield rows(`SELECT ${PERSON_COLUMNS} FROM people WHERE campaign IN (${campaigns.map(() => '?').join(', ')}) ORDER BY created_at, id`, [...campaigns]);
  return (found as PersonRow[]).map(toPerson);
}

/** Revokes a person once; answers the person as they are now. */
export function* revokePerson(id: string, now: string): Program<PersonInfo | undefined> {
  yield changes('UPDATE people SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
  return yield* findPersonById(id);
}
