/**
 * `GET /v1/campaigns/:id/teams?limit=N`: a campaign's direct, non-archived children ranked by
 * raised (ties by title), with its own progress as the caption; from the hub's memory, with
 * the same `Cache-Control`, open CORS and `ETag`/304 as progress. `GET /v1/campaigns/:id/fundraisers`:
 * the same for its public fundraiser pages.
 */
import type { Hono } from 'hono';
import type { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import { DEFAULT_TEAMS_LIMIT, MAX_TEAMS_LIMIT } from '../live/team-standings.js';
import { sendCached, type FastRoutes } from './fast.js';
import { badLimit, feedRoute, parseLimit } from './feed.js';
import type { AppEnv } from './middleware.js';

/** A `limit`-like query value (`limit`, or the event stream's `teams`): 1..100, 10 when absent; undefined when bad. */
export const parseTeamsLimit = (value: string | undefined): number | undefined => parseLimit(value, DEFAULT_TEAMS_LIMIT, MAX_TEAMS_LIMIT);

export const badTeamsLimit = (field: 'limit' | 'teams' | 'fundraisers'): HttpProblem => badLimit(field, MAX_TEAMS_LIMIT);

const PATH = '/v1/campaigns/:id/teams';

export function teamsRoutes(app: Hono<AppEnv>, fast: FastRoutes, hub: LiveProgress): void {
  // Node without the Fetch layer: no query or `limit=N` only; anything else about it goes the full way.
  fast.on('GET', PATH, (req, res, id, query) => {
    const limit = query === undefined ? DEFAULT_TEAMS_LIMIT : query.startsWith('limit=') ? parseTeamsLimit(query.slice(6)) : undefined;
    return limit !== undefined && sendCached(req, res, hub.teams.feed(id, limit));
  });
  feedRoute(app, hub, PATH, { fallback: DEFAULT_TEAMS_LIMIT, max: MAX_TEAMS_LIMIT }, (id, limit) => hub.teams.feed(id, limit));
  // A team's public fundraiser pages, ranked the same way (`<rescue-leaderboard kind="fundraisers">`).
  fast.on('GET', FUNDRAISERS_PATH, (req, res, id, query) => {
    const limit = query === undefined ? DEFAULT_TEAMS_LIMIT : query.startsWith('limit=') ? parseTeamsLimit(query.slice(6)) : undefined;
    return limit !== undefined && sendCached(req, res, hub.fundraisers.feed(id, limit));
  });
  feedRoute(app, hub, FUNDRAISERS_PATH, { fallback: DEFAULT_TEAMS_LIMIT, max: MAX_TEAMS_LIMIT }, (id, limit) => hub.fundraisers.feed(id, limit));
}

const FUNDRAISERS_PATH = '/v1/campaigns/:id/fundraisers';
