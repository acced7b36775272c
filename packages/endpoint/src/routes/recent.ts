/**
 * `GET /v1/campaigns/:id/recent?limit=N`: the last N (1..50, default 10) counted gifts of a
 * campaign and its descendants, anonymous (amount, team title, hour, kind, category); served
 * from the hub's memory, with the same `Cache-Control`, open CORS and `ETag`/304 as progress. A
 * fundraiser page has none: on a page shared among friends, an amount and an hour can name a donor.
 */
import type { Hono } from 'hono';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import { DEFAULT_RECENT_LIMIT, MAX_RECENT_LIMIT } from '../live/recent-gifts.js';
import { badLimit, feedRoute, parseLimit } from './feed.js';
import type { AppEnv } from './middleware.js';

/** A `limit`-like query value (`limit`, or the event stream's `recent`): 1..50, 10 when absent; undefined when bad. */
export const parseRecentLimit = (value: string | undefined): number | undefined => parseLimit(value, DEFAULT_RECENT_LIMIT, MAX_RECENT_LIMIT);

export const badRecentLimit = (field: 'limit' | 'recent'): HttpProblem => badLimit(field, MAX_RECENT_LIMIT);

export function recentRoutes(app: Hono<AppEnv>, hub: LiveProgress): void {
  app.get('/v1/campaigns/:id/recent', (c, next) => {
    if (hub.directory.get(c.req.param('id'))?.fundraiser) throw new HttpProblem(404, 'not_found', { detail: 'A fundraiser page has no recent-gifts list.' });
    return next();
  });
  feedRoute(app, hub, '/v1/campaigns/:id/recent', { fallback: DEFAULT_RECENT_LIMIT, max: MAX_RECENT_LIMIT }, (id, limit) => (hub.get(id) && !hub.directory.get(id)?.fundraiser ? hub.recent.feed(id, limit) : undefined));
}
