/**
 * Small HTTP helpers shared by the routes and the Node fast path.
 */
import { createHash } from 'node:crypto';
import { HttpProblem } from './problem.js';

/**
 * RFC 9110 If-None-Match: `*`, or a list of entity tags compared weakly
 * (`W/"x"` matches `"x"`). Exact single-tag match is checked first: it is the common case.
 */
export function ifNoneMatchHits(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of header.split(',')) {
    const t = part.trim();
    if (t === '*' || t === opaque || t === `W/${opaque}`) return true;
  }
  return false;
}

/** `application/json`, optionally with `charset=utf-8`; anything else is a 415. */
export function isJsonContentType(header: string | null): boolean {
  if (!header) return false;
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/** The whole request body (its size is already capped by the route's `limitBody`). */
export async function readBody(req: Request): Promise<Uint8Array> {
  return new Uint8Array(await req.arrayBuffer());
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Deepest nesting of objects and arrays a request body may have (ours need 3). */
const MAX_JSON_DEPTH = 16;
/** Most object keys and array items a request body may hold in all. */
const MAX_JSON_MEMBERS = 1000;

/**
 * Parses a UTF-8 JSON body; any failure is a 400 `invalid_json` that names no internals.
 * Bodies nested deeper than {@link MAX_JSON_DEPTH} or holding more than {@link MAX_JSON_MEMBERS}
 * members are a 400 too, so no later walk over the value can be made to recurse without end.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    const text = utf8.decode(bytes);
    if (!text.trim()) throw new Error('empty');
    value = JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'invalid_json', { detail: 'The request body must be a JSON object (UTF-8).' });
  }
  checkJsonShape(value);
  return value;
}

/** Depth and member count, walked with an explicit stack (no recursion a body can blow). */
function checkJsonShape(root: unknown): void {
  const stack: [unknown, number][] = [[root, 1]];
  let members = 0;
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      throw new HttpProblem(400, 'invalid_json', { detail: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.` });
    }
    const children = Array.isArray(value) ? value : Object.values(value);
    members += children.length;
    if (members > MAX_JSON_MEMBERS) {
      throw new HttpProblem(400, 'invalid_json', { detail: `The request body holds more than ${MAX_JSON_MEMBERS} keys and items.` });
    }
    for (const child of children) stack.push([child, depth + 1]);
  }
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Idempotency-Key: 1..255 visible ASCII characters. */
export function parseIdempotencyKey(header: string | null): string | undefined {
  if (header === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new HttpProblem(400, 'invalid_request', {
      field: 'Idempotency-Key',
      detail: 'Idempotency-Key: must be 1 to 255 visible ASCII characters',
    });
  }
  return header;
}

/** 53-bit FNV-1a-style hash, base36: cheap, synchronous, runtime-neutral. */
export function bodyHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h2 >>> 0) * 0x200000 + ((h1 >>> 0) & 0x1fffff)).toString(36);
}
