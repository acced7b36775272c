/**
 * People instead of shared keys: an invite code (128 bits, single use, in a link's fragment) becomes
 * a person's own key (256 bits), each shown once and kept only as its SHA-256. What a role may do,
 * and where, is decided here and nowhere else.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '@rescuekit/schema';
import { hashTeamKey } from './team-keys.js';

export const PERSON_KEY_PREFIX = 'rk_person_';
export const INVITE_CODE_PREFIX = 'rk_invite_';
/** How long an invite link works unless the server says otherwise (`INVITE_TTL_HOURS`). */
export const INVITE_TTL_HOURS = 72;

/** `INVITE_TTL_HOURS` as the server and the CLI read it: whole hours, 1 to 720 (30 days); unset or blank, undefined (the default). */
export function parseInviteTtlHours(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d{1,3}$/.test(value.trim()) || Number(value) < 1 || Number(value) > 720) throw new Error(`INVITE_TTL_HOURS must be a whole number of hours from 1 to 720, got "${value}"`);
  return Number(value);
}

export interface NewSecret {
  id: string;
  /** Shown once, never stored or logged. */
  token: string;
  hash: string;
}

/** A person's key: 256 bits. */
export function newPersonKey(): NewSecret {
  const token = `${PERSON_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { id: `person_${randomBytes(9).toString('hex')}`, token, hash: hashTeamKey(token) };
}

/** An invite's code: 128 bits. */
export function newInviteCode(): NewSecret {
  const token = `${INVITE_CODE_PREFIX}${randomBytes(16).toString('base64url')}`;
  return { id: `invite_${randomBytes(9).toString('hex')}`, token, hash: hashTeamKey(token) };
}

export const hashSecret = hashTeamKey;

/** Whether a bearer token has the person-key shape (prefix and 43 base64url characters). */
export function isPersonKeyShape(token: string): boolean {
  return /^rk_person_[A-Za-z0-9_-]{43}$/.test(token);
}

const RANK: Record<Role, number> = { recorder: 0, treasurer: 1, lead: 2, organiser: 3 };

/** Whether `role` may do what `needed` may. */
export const atLeast = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

/** A campaign's parent, as the directory knows it. */
export type ParentOf = (campaign: string) => string | undefined;

/** Whether `campaign` is `root` or below it (the tree has at most four levels; a cycle cannot hold it). */
export function within(root: string, campaign: string, parentOf: ParentOf): boolean {
  let at: string | undefined = campaign;
  for (let depth = 0; at !== undefined && depth < 16; depth++) {
    if (at === root) return true;
    at = parentOf(at);
  }
  return false;
}

/** Whether `campaign` is strictly below `root`. */
export const below = (root: string, campaign: string, parentOf: ParentOf): boolean => campaign !== root && within(root, campaign, parentOf);

/** The `recorded_by` / `approved_by` of a person's rows. */
export const personRef = (id: string): string => `person:${id}`;
