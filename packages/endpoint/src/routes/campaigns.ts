/**
 * `GET /v1/campaigns/:id`: a campaign's progress, straight from the hub's cached bytes and
 * headers (open CORS and `ETag` included), with 304s. Node serves cached hits without the
 * Fetch layer at all (the fast route below).
 */
import type { Hono } from 'hono';
import { ifNoneMatchHits } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import { sendCached, type FastRoutes } from './fast.js';
import { openReads, type AppEnv } from './middleware.js';

export function campaignRoutes(app: Hono<AppEnv>, fast: FastRoutes, hub: LiveProgress): void {
  // The same bytes and headers from Node without the Fetch layer; a query, HEAD or unknown id goes the full way.
  fast.on('GET', '/v1/campaigns/:id', (req, res, id, query) => query === undefined && sendCached(req, res, hub.get(id)));
  // A known campaign is answered before any middleware: a response a middleware has touched is
  // copied into a stream by Hono, which costs @hono/node-server its fast write (about 3x fewer req/s).
  app.get('/v1/campaigns/:id', (c, next) => {
    const entry = hub.get(c.req.param('id'));
    if (!entry) return next();
    // Headers are spread into each Response: @hono/node-server may write into the object it is given.
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes, { status: 200, headers: { ...entry.headers } });
  });
  // Preflights, and the 404 for an unknown campaign, readable from any page.
  app.on(['GET', 'OPTIONS'], '/v1/campaigns/:id', openReads, () => {
    throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
  });
}
