/**
 * `GET /v1/campaigns/:id/recent?limit=N`: the last N (1..50, default 10) counted gifts of a
 * campaign and its descendants, anonymous (amount, team title, hour, kind, category); served
 * from the hub's memory, with the same `Cache-Control`, open CORS and `ETag`/304 as progress.
 */
import type { Hono } from 'hono';
import { ifNoneMatchHits } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { ProgressHub } from '../progress-hub.js';
import { DEFAULT_RECENT_LIMIT, MAX_RECENT_LIMIT } from '../recent-gifts.js';
import { openReads, type AppEnv } from './middleware.js';

/** A `limit`-like query value (`limit`, or the event stream's `recent`): 1..50, 10 when absent; undefined when bad. */
export function parseRecentLimit(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_RECENT_LIMIT;
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_RECENT_LIMIT ? n : undefined;
}

export function badRecentLimit(field: 'limit' | 'recent'): HttpProblem {
  return new HttpProblem(400, 'invalid_request', { field, detail: `${field}: must be a whole number from 1 to ${MAX_RECENT_LIMIT}` });
}

export function recentRoutes(app: Hono<AppEnv>, hub: ProgressHub): void {
  const path = '/v1/campaigns/:id/recent';
  app.get(path, async (c, next) => {
    const limit = parseRecentLimit(c.req.query('limit'));
    const entry = limit === undefined ? undefined : await hub.recent.feed(c.req.param('id'), limit);
    if (!entry) return next();
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes, { status: 200, headers: { ...entry.headers } });
  });
  app.on(['GET', 'OPTIONS'], path, openReads, (c) => {
    if (!hub.get(c.req.param('id'))) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    throw badRecentLimit('limit');
  });
}
