/**
 * Static files for the Node server (example pages, CDN bundles). Never serves
 * outside its directory, never dotfiles, and never answers for API paths. Any site
 * may load them (`Access-Control-Allow-Origin: *`: a module script from another
 * origin needs it); text goes out compressed (see `variants.ts`).
 *
 * Not `@hono/node-server`'s `serveStatic`: tried against the same tests, it serves
 * dotfiles (`/.env`, `/%2eenv`) and follows a symlink out of the mount (`/link.txt`),
 * and answers a directory without its trailing slash (breaking relative links).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { ifNoneMatchHits } from '../http.js';
import { CompressedFiles, MAX_COMPRESSED_FILE, cacheControlFor, isCompressible, negotiate } from './variants.js';

export interface StaticMount {
  /** URL prefix, e.g. `/` or `/cdn/`. */
  prefix: string;
  /** Directory served under it. */
  dir: string;
  /** Extra response headers for its files (e.g. a Content-Security-Policy for a page of ours). */
  headers?: Readonly<Record<string, string>>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.php': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
  '.webmanifest': 'application/manifest+json',
};

/** Paths the API owns; static mounts never shadow them. */
function isApiPath(path: string): boolean {
  return path === '/healthz' || path === '/v1' || path.startsWith('/v1/');
}

/** Serves a GET/HEAD from the mounts, or resolves false to let the API answer. */
export interface StaticHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The compressed variants it keeps (and how many files it compressed). */
  readonly files: CompressedFiles;
}

/** A handler for `mounts`; the longest matching prefix is tried first. */
export function createStaticHandler(mounts: readonly StaticMount[]): StaticHandler {
  const files = new CompressedFiles();
  const table = mounts
    .map((m) => ({ prefix: m.prefix.endsWith('/') ? m.prefix : `${m.prefix}/`, root: resolve(m.dir), extra: m.headers }))
    .map((m) => ({ ...m, prefix: m.prefix.startsWith('/') ? m.prefix : `/${m.prefix}` }))
    .sort((a, b) => b.prefix.length - a.prefix.length);

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path: string;
    try {
      path = decodeURIComponent(q === -1 ? url : url.slice(0, q));
    } catch {
      return false;
    }
    if (isApiPath(path) || path.includes('\0') || path.includes('\\')) return false;
    for (const { prefix, root, extra } of table) {
      if (!path.startsWith(prefix) && path !== prefix.slice(0, -1)) continue;
      const rel = path.slice(prefix.length);
      if (rel.split('/').some((seg) => seg.startsWith('.'))) continue; // dotfiles and ".." segments
      const target = resolve(root, rel);
      if (target !== root && !target.startsWith(root + sep)) continue;
      if (await serveFile(req, res, { root, target, path, url, files, extra })) return true;
    }
    return false;
  };
  return Object.assign(handler, { files });
}

interface Lookup {
  root: string;
  /** The file or directory the URL names, inside `root`. */
  target: string;
  /** The decoded URL path, and the URL as sent. */
  path: string;
  url: string;
  files: CompressedFiles;
  extra: Readonly<Record<string, string>> | undefined;
}

async function serveFile(req: IncomingMessage, res: ServerResponse, { root, target, path, url, files, extra }: Lookup): Promise<boolean> {
  let file = target;
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    if (!path.endsWith('/')) {
      // Relative links in index.html need the trailing slash.
      const q = url.indexOf('?');
      res.writeHead(301, { location: `${url.slice(0, q === -1 ? url.length : q)}/${q === -1 ? '' : url.slice(q)}` }).end();
      return true;
    }
    file = resolve(target, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) return false;
  // Symlinks must not lead outside the mount.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]).catch(() => ['', '']);
  if (!realRoot || !realFile || (realFile !== realRoot && !realFile.startsWith(realRoot + sep))) return false;

  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const headers: Record<string, string> = {
    'content-type': type,
    'cache-control': cacheControlFor(path),
    'last-modified': info.mtime.toUTCString(),
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
    ...extra,
  };
  if (isCompressible(type) && info.size <= MAX_COMPRESSED_FILE) {
    const variants = await files.get(realFile, info.size, info.mtimeMs).catch(() => undefined);
    if (!variants) return false; // gone between stat and read
    const rep = negotiate(variants, req.headers['accept-encoding']);
    headers['vary'] = 'Accept-Encoding';
    headers['etag'] = rep.etag;
    if (notModified(req, res, headers)) return true;
    if (rep.encoding) headers['content-encoding'] = rep.encoding;
    headers['content-length'] = String(rep.body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : rep.body);
    return true;
  }
  headers['etag'] = `W/"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
  if (notModified(req, res, headers)) return true;
  headers['content-length'] = String(info.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
  return true;
}

/** Answers 304 when If-None-Match names this representation. */
function notModified(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
  if (!ifNoneMatchHits(req.headers['if-none-match'], headers['etag']!)) return false;
  res.writeHead(304, headers).end();
  return true;
}
