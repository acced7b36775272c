/**
 * `GET /v1/campaigns/:id/teams?limit=N`: a campaign's direct, non-archived children ranked by
 * raised (ties by title), with its own progress as the caption; from the hub's memory, with
 * the same `Cache-Control`, open CORS and `ETag`/304 as progress.
 */
import type { Hono } from 'hono';
import type { HttpProblem } from '../problem.js';
import type { ProgressHub } from '../progress-hub.js';
import { DEFAULT_TEAMS_LIMIT, MAX_TEAMS_LIMIT } from '../team-standings.js';
import { badLimit, feedRoute, parseLimit } from './feed.js';
import type { AppEnv } from './middleware.js';

/** A `limit`-like query value (`limit`, or the event stream's `teams`): 1..100, 10 when absent; undefined when bad. */
export const parseTeamsLimit = (value: string | undefined): number | undefined => parseLimit(value, DEFAULT_TEAMS_LIMIT, MAX_TEAMS_LIMIT);

export const badTeamsLimit = (field: 'limit' | 'teams'): HttpProblem => badLimit(field, MAX_TEAMS_LIMIT);

export function teamsRoutes(app: Hono<AppEnv>, hub: ProgressHub): void {
  feedRoute(app, hub, '/v1/campaigns/:id/teams', { fallback: DEFAULT_TEAMS_LIMIT, max: MAX_TEAMS_LIMIT }, (id, limit) => hub.teams.feed(id, limit));
}
