/**
 * `GET /v1/campaigns/:id/events`: a Server-Sent Events stream fed by the hub.
 */
import type { Hono } from 'hono';
import { clientKeyForIp } from '../guard/rate-limit.js';
import type { StreamLimits } from '../guard/stream-limits.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import { openReads, type AppEnv } from './middleware.js';
import { badTeamsLimit, parseTeamsLimit } from './teams.js';
import { badRecentLimit, parseRecentLimit } from './recent.js';

const encoder = new TextEncoder();
const RETRY = encoder.encode('retry: 2000\n\n');
/** A client this far behind is not reading; drop it (EventSource reconnects and gets the current state). */
const MAX_QUEUED_CHUNKS = 64;

const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no', // nginx: do not buffer the stream
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
});

/** Registers the event stream (open to every origin, like progress), within the stream caps. */
export function eventRoutes(app: Hono<AppEnv>, hub: LiveProgress, limits?: StreamLimits): void {
  app.on(['GET', 'OPTIONS'], '/v1/campaigns/:id/events', openReads, (c) => {
    const id = c.req.param('id');
    if (!hub.get(id)) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    // `?teams=N`: this stream also carries `teams` frames (the first N children ranked); opt-in only.
    const asked = c.req.query('teams');
    const teams = asked === undefined ? undefined : parseTeamsLimit(asked);
    if (asked !== undefined && teams === undefined) throw badTeamsLimit('teams');
    // `?fundraisers=N`: `fundraisers` frames (the first N public fundraiser pages ranked); opt-in only.
    const askedPages = c.req.query('fundraisers');
    const pages = askedPages === undefined ? undefined : parseTeamsLimit(askedPages);
    if (askedPages !== undefined && pages === undefined) throw badTeamsLimit('fundraisers');
    // `?recent=N`: `recent` frames too (the last N gifts, anonymous); opt-in only. Never on a fundraiser page.
    const askedRecent = c.req.query('recent');
    const recent = askedRecent === undefined ? undefined : parseRecentLimit(askedRecent);
    if (askedRecent !== undefined && recent === undefined) throw badRecentLimit('recent');
    if (recent !== undefined && hub.directory.get(id)?.fundraiser) throw new HttpProblem(404, 'not_found', { field: 'recent', detail: 'recent: a fundraiser page has no recent-gifts list.' });
    const boards = { teams, pages };
    if (!limits || c.req.method === 'HEAD') return sseResponse(c.req.raw, id, hub, undefined, boards, recent);
    const admission = limits.admit(clientKeyForIp(c.env?.ip ?? 'unknown'));
    if (!admission.ok) {
      const detail = admission.status === 429 ? 'Too many live streams from this network; read the progress instead.' : 'The server holds all the live streams it can; read the progress instead.';
      throw new HttpProblem(admission.status, admission.status === 429 ? 'rate_limited' : 'unavailable', { detail, headers: { 'retry-after': String(admission.retryAfterSeconds) } });
    }
    return sseResponse(c.req.raw, id, hub, admission.release, boards, recent);
  });
}

/**
 * Opens a stream for a known campaign: `retry`, then the current progress (unless
 * `Last-Event-ID` says the client already has this version), then one frame per change.
 * The subscriber is removed when the client goes away or the hub closes. With `teams`, the
 * current `teams` frame follows, then one whenever a rank or total among the first `teams` changes.
 * With `recent`, the current `recent` frame follows (once read), then one whenever those gifts change.
 */
function sseResponse(req: Request, campaign: string, hub: LiveProgress, onEnd: () => void = () => {}, boards: { teams?: number | undefined; pages?: number | undefined } = {}, recent?: number): Response {
  const { teams, pages } = boards;
  if (req.method === 'HEAD') return (onEnd(), new Response(null, { status: 200, headers: { ...SSE_HEADERS } }));
  const lastEventId = req.headers.get('last-event-id');
  let closed = false;
  let unsubscribe = () => {};
  let unsubscribeTeams = () => {};
  let unsubscribePages = () => {};
  let unsubscribeRecent = () => {};
  const stop = () => {
    closed = true;
    unsubscribe();
    unsubscribeTeams();
    unsubscribePages();
    unsubscribeRecent();
    onEnd();
  };
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(RETRY);
        // Read the entry and subscribe in one synchronous step: no change can slip between them.
        const entry = hub.get(campaign);
        if (entry && lastEventId !== String(entry.version)) controller.enqueue(entry.sseFrame);
        const sub = {
          send(chunk: Uint8Array) {
            if (closed) return;
            if ((controller.desiredSize ?? 0) < -MAX_QUEUED_CHUNKS) return this.close();
            controller.enqueue(chunk);
          },
          close() {
            if (closed) return;
            stop();
            try {
              controller.close();
            } catch {
              /* already errored or cancelled */
            }
          },
        };
        unsubscribe = hub.subscribe(campaign, sub);
        if (teams !== undefined) {
          const feed = hub.teams.feed(campaign, teams);
          if (feed) controller.enqueue(feed.sseFrame);
          unsubscribeTeams = hub.teams.subscribe(campaign, teams, sub);
        }
        if (pages !== undefined) {
          const feed = hub.fundraisers.feed(campaign, pages);
          if (feed) controller.enqueue(feed.sseFrame);
          unsubscribePages = hub.fundraisers.subscribe(campaign, pages, sub);
        }
        if (recent !== undefined) {
          unsubscribeRecent = hub.recent.subscribe(campaign, recent, sub);
          // Read (or taken from memory) after subscribing: a change meanwhile sends a newer frame after it.
          hub.recent.feed(campaign, recent).then((feed) => feed && sub.send(feed.sseFrame), () => {});
        }
        req.signal?.addEventListener('abort', stop, { once: true });
      },
      cancel: stop,
    },
    { highWaterMark: 1 },
  );
  return new Response(body, { status: 200, headers: { ...SSE_HEADERS } });
}
