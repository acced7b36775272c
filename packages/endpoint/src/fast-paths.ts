/**
 * The Node server's fast paths: the hottest routes answered without building a Fetch Request and
 * Response (same bytes and headers as their Hono routes, which answer everything unusual).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from './app.js';
import { ifNoneMatchHits } from './http.js';
import { parseTeamsLimit } from './routes/teams.js';
import { WEBHOOK_BODY_LIMIT, WEBHOOK_PATH } from './routes/webhooks.js';

const PROGRESS_PREFIX = '/v1/campaigns/';

/**
 * The hot route without the Fetch layer: a cached campaign's bytes and headers
 * straight from the hub. Anything unusual (unknown id, query, HEAD) goes the full way.
 */
export function serveProgressFast(app: App, req: IncomingMessage, res: ServerResponse): boolean {
  const url = req.url!;
  if (req.method !== 'GET' || !url.startsWith(PROGRESS_PREFIX)) return false;
  const id = url.slice(PROGRESS_PREFIX.length);
  // The teams feed too (`<id>/teams`, `?limit=N`): anything else about it goes the full way.
  const teams = /^([a-z0-9-]+)\/teams(?:\?limit=(\d{1,3}))?$/.exec(id);
  if (teams) {
    const limit = parseTeamsLimit(teams[2]);
    return limit !== undefined && sendCached(req, res, app.hub.teams.feed(teams[1]!, limit));
  }
  if (id.includes('/') || id.includes('?')) return false;
  return sendCached(req, res, app.hub.get(id));
}

/**
 * Stripe's webhook without the Fetch layer: no Request, body stream or AbortSignal per delivery (at
 * giving-day rates building them was most of the server's own work per event). The same answer as the
 * route (`app.stripeWebhook`), errors included. Only a body whose Content-Length is within the limit:
 * anything else (chunked, too large) goes the full way and is answered there.
 */
export async function serveWebhookFast(app: App, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'POST' || req.url !== WEBHOOK_PATH) return false;
  const length = req.headers['content-length'];
  if (!length || !/^\d{1,8}$/.test(length) || Number(length) > WEBHOOK_BODY_LIMIT) return false;
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const signature = req.headers['stripe-signature'];
  const answer = await app.stripeWebhook(Buffer.concat(chunks), typeof signature == 'string' ? signature : null);
  const body = Buffer.from(answer.body);
  res.writeHead(answer.status, { ...answer.headers, 'content-length': body.length });
  res.end(body);
  return true;
}

/** Writes a cached entry (200 or 304); false when there is none. */
function sendCached(req: IncomingMessage, res: ServerResponse, entry: { etag: string; headers: Readonly<Record<string, string>>; notModifiedHeaders: Readonly<Record<string, string>>; bytes: Uint8Array } | undefined): boolean {
  if (!entry) return false;
  if (ifNoneMatchHits(req.headers['if-none-match'], entry.etag)) {
    res.writeHead(304, entry.notModifiedHeaders);
    res.end();
  } else {
    res.writeHead(200, entry.headers);
    res.end(entry.bytes);
  }
  return true;
}

