/**
 * `GET /v1/campaigns/:id/teams?limit=N`: a campaign's direct, non-archived children ranked by
 * raised (ties by title), with its own progress as the caption; from the hub's memory, with
 * the same `Cache-Control`, open CORS and `ETag`/304 as progress.
 */
import type { Hono } from 'hono';
import { ifNoneMatchHits } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { ProgressHub } from '../progress-hub.js';
import { DEFAULT_TEAMS_LIMIT, MAX_TEAMS_LIMIT } from '../team-standings.js';
import { openReads, type AppEnv } from './middleware.js';

/** A `limit`-like query value (`limit`, or the event stream's `teams`): 1..100, 10 when absent; undefined when bad. */
export function parseTeamsLimit(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_TEAMS_LIMIT;
  if (!/^\d{1,3}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= MAX_TEAMS_LIMIT ? n : undefined;
}

export function badTeamsLimit(field: 'limit' | 'teams'): HttpProblem {
  return new HttpProblem(400, 'invalid_request', { field, detail: `${field}: must be a whole number from 1 to ${MAX_TEAMS_LIMIT}` });
}

export function teamsRoutes(app: Hono<AppEnv>, hub: ProgressHub): void {
  const path = '/v1/campaigns/:id/teams';
  // Answered before any middleware when all is well, as progress is (see `campaigns.ts`).
  app.get(path, (c, next) => {
    const limit = parseTeamsLimit(c.req.query('limit'));
    const entry = limit === undefined ? undefined : hub.teams.feed(c.req.param('id'), limit);
    if (!entry) return next();
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes, { status: 200, headers: { ...entry.headers } });
  });
  app.on(['GET', 'OPTIONS'], path, openReads, (c) => {
    if (!hub.get(c.req.param('id'))) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    throw badTeamsLimit('limit');
  });
}
