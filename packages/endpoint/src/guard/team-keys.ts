/**
 * Team keys: bearer tokens that let a Rescue Team record its own cash without the
 * admin token. A token is shown once; the store keeps only its SHA-256, so a leaked
 * database does not leak working keys, and lookups by hash need no timing-safe compare.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Every team key starts with this, so a pasted key is recognisable (and secret scanners can find one). */
export const TEAM_KEY_PREFIX = 'rk_team_';

export interface NewTeamKey {
  /** Public id (`key_…`): listed, logged, and used to revoke. */
  id: string;
  /** The bearer token: 256 bits from the CSPRNG. Returned once, never stored or logged. */
  token: string;
  /** What the store keeps: the token's SHA-256, hex. */
  hash: string;
}

export function newTeamKey(): NewTeamKey {
  const token = `${TEAM_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { id: `key_${randomBytes(9).toString('hex')}`, token, hash: hashTeamKey(token) };
}

export function hashTeamKey(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a bearer token has the team-key shape (prefix and 43 base64url characters). */
export function isTeamKeyShape(token: string): boolean {
  return /^rk_team_[A-Za-z0-9_-]{43}$/.test(token);
}
