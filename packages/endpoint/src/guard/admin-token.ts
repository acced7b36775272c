/**
 * The admin token: the root credential, so it must be long enough that guessing is hopeless even
 * before the failed-credential limit. `rescuekit token` makes one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The shortest admin token a server accepts. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

/** RFC 6750 `b64token`: the characters a bearer token may have. */
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/** A new admin token: 256 bits from the CSPRNG, base64url, recognisable by its prefix. */
export function newAdminToken(): string {
  return `rk_admin_${randomBytes(32).toString('base64url')}`;
}

/** Whether a sent bearer token is `expected`, in constant time (both hashed first, so lengths do not show). */
export function sameToken(sent: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/** Why `token` cannot be the admin token, or undefined when it can. */
export function adminTokenProblem(token: string): string | undefined {
  if (!token) return 'admin token must not be empty; make one with: rescuekit token';
  if (!BEARER_TOKEN.test(token)) return 'admin token must use only A-Z a-z 0-9 - . _ ~ + / (then = padding), as a bearer token does; make one with: rescuekit token';
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    return `admin token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (this one has ${token.length}); make one with: rescuekit token`;
  }
  return undefined;
}
