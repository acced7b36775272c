/**
 * What a static file is sent as: brotli and gzip variants of text files made once per
 * file (at its first request, then kept while the file is unchanged), content-hash ETags,
 * and how long caches may keep it.
 *
 * Compressing lazily rather than at build time: it covers every mount (example pages,
 * a site's own directory, not only our bundles), puts no `.br`/`.gz` files into the
 * published package, and a variant can never be older than the file it came from.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** One way of sending a file: its bytes, their ETag and the `Content-Encoding` (none for identity). */
export interface Representation {
  body: Buffer;
  etag: string;
  encoding: Encoding | undefined;
}

/** A file's representations: always identity, brotli and gzip when they are smaller. */
export interface Variants {
  identity: Representation;
  br: Representation | undefined;
  gzip: Representation | undefined;
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text worth compressing (images, fonts and wasm are already compressed or nearly so). */
export function isCompressible(contentType: string): boolean {
  return /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/.test(contentType);
}

/** Larger files are streamed as they are, never held in memory. */
export const MAX_COMPRESSED_FILE = 4 * 1024 * 1024;

/**
 * Compressed variants per file, kept while the file's size and mtime stay the same,
 * within `budgetBytes` in all (the oldest files go first).
 */
export class CompressedFiles {
  readonly #entries = new Map<string, { stamp: string; variants: Promise<Variants>; bytes: number }>();
  #bytes = 0;
  /** Files compressed so far (each once per version of the file), for tests and the bench. */
  readonly stats = { compressed: 0 };

  constructor(readonly budgetBytes = 64 * 1024 * 1024) {}

  /** The variants of `path` (whose stat gave `size` and `mtimeMs`), compressing it now if needed. */
  get(path: string, size: number, mtimeMs: number): Promise<Variants> {
    const stamp = `${size}:${mtimeMs}`;
    const hit = this.#entries.get(path);
    if (hit?.stamp === stamp) return hit.variants;
    if (hit) this.#drop(path);
    const entry = { stamp, bytes: 0, variants: this.#compress(path) };
    this.#entries.set(path, entry);
    entry.variants.then(
      (v) => {
        if (this.#entries.get(path) !== entry) return;
        entry.bytes = v.identity.body.length + (v.br?.body.length ?? 0) + (v.gzip?.body.length ?? 0);
        this.#bytes += entry.bytes;
        for (const key of this.#entries.keys()) if (this.#bytes > this.budgetBytes && key !== path) this.#drop(key);
      },
      () => this.#entries.get(path) === entry && this.#drop(path), // try again at the next request
    );
    return entry.variants;
  }

  #drop(path: string): void {
    this.#bytes -= this.#entries.get(path)?.bytes ?? 0;
    this.#entries.delete(path);
  }

  async #compress(path: string): Promise<Variants> {
    const body = await readFile(path);
    this.stats.compressed++;
    const hash = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}`;
    const [b, g] = await Promise.all([
      brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
      gz(body, { level: 9 }),
    ]);
    // A variant is offered only when it is smaller; each has its own strong ETag.
    return {
      identity: { body, etag: `${hash}"`, encoding: undefined },
      br: b.length < body.length ? { body: b, etag: `${hash}-br"`, encoding: 'br' } : undefined,
      gzip: g.length < body.length ? { body: g, etag: `${hash}-gz"`, encoding: 'gzip' } : undefined,
    };
  }
}

/** The representation to send for an `Accept-Encoding` header: brotli, then gzip, by q-value. */
export function negotiate(variants: Variants, acceptEncoding: string | undefined): Representation {
  const q = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (name) q.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(value) ? value : 0);
  }
  const weight = (name: Encoding) => q.get(name) ?? q.get('*') ?? 0;
  const candidates = [variants.br, variants.gzip].filter((r): r is Representation => !!r && weight(r.encoding!) > 0);
  candidates.sort((a, b) => weight(b.encoding!) - weight(a.encoding!)); // stable: brotli wins a tie
  return candidates[0] ?? variants.identity;
}

/** A URL that names one build forever: a version segment (`/cdn/0.1.0/…`, `/widgets@0.1.0/…`). */
const VERSION_SEGMENT = /\/(?:[^/]*@)?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\//;
/** …or a content hash in the file name (`chunk-3f9a1c2b.js`, `index.B1x9kQz2.css`): 8+ letters and digits, both present. */
const HASHED_NAME = /[.-](?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{8,64}\.[A-Za-z0-9]+(?:\.map)?$/;

/** Long and immutable for versioned or hashed URLs; otherwise short, then revalidated (ETag -> 304). */
export function cacheControlFor(urlPath: string): string {
  return VERSION_SEGMENT.test(urlPath) || HASHED_NAME.test(urlPath) ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate';
}
