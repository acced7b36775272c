/**
 * What the campaign feeds served from the hub's memory (`/teams`, `/recent`) share: a bounded
 * `limit` (also the event stream's opt-in `?teams=N` / `?recent=N`), and a GET answered before
 * any middleware when all is well, as progress is, with `ETag`/304; otherwise 404 or 400.
 */
import type { Hono } from 'hono';
import { ifNoneMatchHits } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import { openReads, type AppEnv } from './middleware.js';

/** A serialised feed and its validators, as the hub keeps it. */
export interface FeedEntry {
  readonly bytes: Uint8Array;
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
}

/** A `limit`-like query value: 1..`max`, `fallback` when absent; undefined when bad. */
export function parseLimit(value: string | undefined, fallback: number, max: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** The 400 for a bad limit, naming the query field. */
export function badLimit(field: string, max: number): HttpProblem {
  return new HttpProblem(400, 'invalid_request', { field, detail: `${field}: must be a whole number from 1 to ${max}` });
}

/** Registers `GET path?limit=N` for a feed the hub keeps per campaign. */
export function feedRoute(
  app: Hono<AppEnv>,
  hub: LiveProgress,
  path: string,
  limits: { fallback: number; max: number },
  feed: (campaign: string, limit: number) => FeedEntry | undefined | Promise<FeedEntry | undefined>,
): void {
  app.get(path, async (c, next) => {
    const limit = parseLimit(c.req.query('limit'), limits.fallback, limits.max);
    const entry = limit === undefined ? undefined : await feed(c.req.param('id') ?? '', limit);
    if (!entry) return next();
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { ...entry.headers } });
  });
  app.on(['GET', 'OPTIONS'], path, openReads, (c) => {
    if (!hub.get(c.req.param('id') ?? '')) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    throw badLimit('limit', limits.max);
  });
}
