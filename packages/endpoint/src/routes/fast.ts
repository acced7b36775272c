/**
 * Routes the Node server answers without the Fetch layer: no Request, Response, body stream or
 * AbortSignal per request (on the hottest routes, building them was most of the server's own work).
 * Each is registered beside its Hono route, which gives the same bytes and headers and answers
 * everything unusual: a fast handler that declines (false) sends the request the full way.
 * Runtimes other than Node never call these.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ifNoneMatchHits } from '../http.js';

/** One request: its path parameter (the `:id` of the pattern, or '') and its raw query (after `?`), if any. True: answered. */
export type FastHandler = (req: IncomingMessage, res: ServerResponse, param: string, query: string | undefined) => boolean | Promise<boolean>;

interface FastRoute {
  method: string;
  /** The path before the parameter (the whole path when there is none) and after it. */
  prefix: string;
  suffix: string | undefined;
  handler: FastHandler;
}

export class FastRoutes {
  readonly #routes: FastRoute[] = [];

  /** Registers `handler` for `method path`; `path` may hold one `:param` segment (`/v1/campaigns/:id/teams`). */
  on(method: 'GET' | 'POST', path: string, handler: FastHandler): void {
    const m = /^(.*\/):[a-z]+(.*)$/i.exec(path);
    this.#routes.push(m ? { method, prefix: m[1]!, suffix: m[2]!, handler } : { method, prefix: path, suffix: undefined, handler });
  }

  /** Answers `req` if a fast route takes it: true (or a promise of true) when answered, false to go the full way. */
  serve(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
    const url = req.url!;
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? undefined : url.slice(q + 1);
    for (const r of this.#routes) {
      if (r.method !== req.method) continue;
      if (r.suffix === undefined) {
        if (path === r.prefix) return r.handler(req, res, '', query);
        continue;
      }
      if (path.length <= r.prefix.length + r.suffix.length || !path.startsWith(r.prefix) || !path.endsWith(r.suffix)) continue;
      const param = path.slice(r.prefix.length, path.length - r.suffix.length);
      if (!param.includes('/')) return r.handler(req, res, param, query);
    }
    return false;
  }
}

/** A document kept ready to send (progress, a feed), with its validators. */
export interface CachedBytes {
  readonly etag: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly notModifiedHeaders: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

/** Writes a cached document (200, or 304 when `If-None-Match` holds its ETag); false when there is none. */
export function sendCached(req: IncomingMessage, res: ServerResponse, entry: CachedBytes | undefined): boolean {
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
