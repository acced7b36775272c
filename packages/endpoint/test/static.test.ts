/**
 * Static mounts over real HTTP: bundles any site can load (CORS), sent brotli or gzip by
 * Accept-Encoding from variants made once per file, with ETags per representation and
 * long caching only for versioned or hashed URLs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer } from '../src/node.js';
import { cacheControlFor, negotiate, type Representation, type Variants } from '../src/static/variants.js';
import { createStaticHandler } from '../src/static/serve.js';
import { ADMIN, CONFIG, tempDir } from './helpers.js';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A raw request: the bytes as sent, nothing decompressed. */
function rawGet(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise<Raw>((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** About 40 KB of module source, compressible like a real bundle. */
const BUNDLE = Array.from({ length: 600 }, (_, i) => `export const rescue${i} = { id: ${i}, label: "life ${i % 9}" };`).join('\n');

async function serve(t: { after(fn: () => Promise<void>): void }) {
  const { dir, cleanup } = await tempDir();
  const cdn = join(dir, 'cdn');
  await mkdir(cdn);
  await writeFile(join(cdn, 'rescuekit.js'), BUNDLE);
  await writeFile(join(cdn, 'chunk-3f9a1c2b.js'), BUNDLE);
  await writeFile(join(cdn, 'logo.png'), Buffer.alloc(300, 7));
  const staticMounts = [
    { prefix: '/cdn/', dir: cdn },
    { prefix: '/cdn/0.1.0/', dir: cdn },
  ];
  const server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: ADMIN, port: 0, log: () => {}, staticMounts });
  t.after(async () => (await server.close(), await cleanup()));
  return { server, cdn };
}

test('bundles go out brotli or gzip by Accept-Encoding, with Vary, a length and an ETag per representation', async (t) => {
  const { server } = await serve(t);
  const raw = Buffer.byteLength(BUNDLE);
  const br = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['vary'], 'Accept-Encoding');
  assert.equal(br.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(Number(br.headers['content-length']), br.body.length);
  assert.ok(br.body.length < raw / 4, `${br.body.length} of ${raw} bytes`);
  assert.equal(brotliDecompressSync(br.body).toString(), BUNDLE);

  const gz = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'br;q=0, gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.body).toString(), BUNDLE);
  const plain = await rawGet(server.url, '/cdn/rescuekit.js');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['vary'], 'Accept-Encoding');
  assert.equal(plain.body.toString(), BUNDLE);
  const etags = new Set([br, gz, plain].map((r) => r.headers['etag']));
  assert.equal(etags.size, 3, 'each representation has its own ETag');
  for (const r of [br, gz, plain]) assert.match(String(r.headers['etag']), /^"[\w-]{22}(-br|-gz)?"$/);

  const head = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'br' }, 'HEAD');
  assert.equal(head.headers['content-length'], br.headers['content-length']);
  assert.equal(head.body.length, 0);
});

test('If-None-Match: 304 for the representation the client holds, 200 when it asks for another encoding', async (t) => {
  const { server } = await serve(t);
  const first = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'br' });
  const etag = String(first.headers['etag']);
  const again = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'br', 'if-none-match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.equal(again.headers['etag'], etag);
  assert.equal(again.headers['access-control-allow-origin'], '*');
  assert.equal(again.headers['vary'], 'Accept-Encoding');
  assert.equal(again.headers['content-encoding'], undefined);
  const other = await rawGet(server.url, '/cdn/rescuekit.js', { 'accept-encoding': 'gzip', 'if-none-match': etag });
  assert.equal(other.status, 200);
  assert.equal(other.headers['content-encoding'], 'gzip');
});

test('any site may load the files (Access-Control-Allow-Origin: *), compressed or not', async (t) => {
  const { server } = await serve(t);
  for (const [path, headers] of [['/cdn/rescuekit.js', { origin: 'https://partner.example', 'accept-encoding': 'br' }], ['/cdn/logo.png', { 'accept-encoding': 'br' }]] as const) {
    const res = await rawGet(server.url, path, headers);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['access-control-allow-origin'], '*', path);
  }
  const png = await rawGet(server.url, '/cdn/logo.png', { 'accept-encoding': 'br, gzip' });
  assert.equal(png.headers['content-encoding'], undefined, 'images are sent as they are');
  assert.equal(png.body.length, 300);
});

test('long immutable caching only for versioned or hashed URLs; a short revalidating one otherwise', async (t) => {
  const { server } = await serve(t);
  const cc = async (path: string) => (await rawGet(server.url, path)).headers['cache-control'];
  assert.equal(await cc('/cdn/rescuekit.js'), 'public, max-age=300, must-revalidate');
  assert.equal(await cc('/cdn/logo.png'), 'public, max-age=300, must-revalidate');
  assert.equal(await cc('/cdn/0.1.0/rescuekit.js'), 'public, max-age=31536000, immutable');
  assert.equal(await cc('/cdn/chunk-3f9a1c2b.js'), 'public, max-age=31536000, immutable');
  for (const path of ['/cdn/rescue-thermometer.js', '/cdn/nine-lives-picker.js', '/cdn/monthly-ally-signup.js', '/examples/1.2/page.html', '/cdn/rescuekit.js.map']) {
    assert.equal(cacheControlFor(path), 'public, max-age=300, must-revalidate', path);
  }
  for (const path of ['/widgets@0.1.0/rescuekit.js', '/cdn/v2.0.0-beta.1/x.js', '/assets/index-BxCn1y8H.js', '/assets/index-BxCn1y8H.js.map']) {
    assert.equal(cacheControlFor(path), 'public, max-age=31536000, immutable', path);
  }
});

test('variants are made once per file and remade when the file changes', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.after(cleanup);
  await writeFile(join(dir, 'app.js'), BUNDLE);
  const handler = createStaticHandler([{ prefix: '/', dir }]);
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => void handler(req, res).then((served) => served || res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const first = await Promise.all(Array.from({ length: 5 }, () => rawGet(base, '/app.js', { 'accept-encoding': 'br' })));
  await rawGet(base, '/app.js', { 'accept-encoding': 'gzip' });
  await rawGet(base, '/app.js');
  assert.equal(handler.files.stats.compressed, 1, 'seven requests, five of them at once: compressed once');

  const changed = `${BUNDLE}\nexport const added = true;`;
  await writeFile(join(dir, 'app.js'), changed);
  await utimes(join(dir, 'app.js'), new Date(), new Date(Date.now() + 5000));
  const after = await rawGet(base, '/app.js', { 'accept-encoding': 'br', 'if-none-match': String(first[0]!.headers['etag']) });
  assert.equal(after.status, 200, 'the old ETag no longer matches');
  assert.equal(brotliDecompressSync(after.body).toString(), changed);
  assert.equal(handler.files.stats.compressed, 2);
});

test('Accept-Encoding negotiation: q-values, wildcards, x-gzip, and only variants that exist', () => {
  const rep = (encoding: Representation['encoding']): Representation => ({ body: Buffer.alloc(0), etag: String(encoding), encoding });
  const all: Variants = { identity: rep(undefined), br: rep('br'), gzip: rep('gzip') };
  const pick = (header: string | undefined, variants = all) => negotiate(variants, header).encoding;
  assert.equal(pick(undefined), undefined);
  assert.equal(pick(''), undefined);
  assert.equal(pick('gzip, br'), 'br');
  assert.equal(pick('br;q=0.5, gzip'), 'gzip');
  assert.equal(pick('br;q=0, gzip;q=0'), undefined);
  assert.equal(pick('*'), 'br');
  assert.equal(pick('*;q=0.1, gzip;q=0.2'), 'gzip');
  assert.equal(pick('x-gzip'), 'gzip');
  assert.equal(pick('identity'), undefined);
  assert.equal(pick('BR'), 'br');
  assert.equal(pick('br, gzip', { ...all, br: undefined }), 'gzip', 'a variant that did not shrink is not offered');
});
