/**
 * `GET /v1/campaigns/:id`: a campaign's progress, straight from the hub's cached bytes,
 * with `ETag`/304 and open CORS. (Node serves cached hits without this layer: see `node.ts`.)
 */
import type { Hono } from 'hono';
import { ifNoneMatchHits } from '../http.js';
import { HttpProblem } from '../problem.js';
import type { ProgressHub } from '../progress-hub.js';
import { openReads, type AppEnv } from './middleware.js';

export function campaignRoutes(app: Hono<AppEnv>, hub: ProgressHub): void {
  app.on(['GET', 'OPTIONS'], '/v1/campaigns/:id', openReads, (c) => {
    const entry = hub.get(c.req.param('id'));
    if (!entry) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    // Headers are spread into each Response: @hono/node-server may write into the object it is given.
    if (ifNoneMatchHits(c.req.header('if-none-match'), entry.etag)) {
      return new Response(null, { status: 304, headers: { ...entry.notModifiedHeaders } });
    }
    return new Response(entry.bytes, { status: 200, headers: { ...entry.headers } });
  });
}
