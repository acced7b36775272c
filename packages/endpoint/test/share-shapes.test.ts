/**
 * The share images in three shapes over real HTTP: card.png (1200x630), card-square.png (1080x1080)
 * and card-story.png (1080x1920); the last two carry the short URL and a QR code that scans to the
 * hosted page, in English and Korean; each has its ETag and 304; without publicUrl they draw without
 * either. The bars of a 1% campaign are measured in the decoded pixels.
 */
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { CardCache, renderCardSvg } from '../src/reach/card.js';

const PUBLIC = 'https://give.example.org';
const admin = randomUUID();
const campaign = (id: string, title: string, extra: Record<string, unknown> = {}) => ({ id, title, currency: 'usd', goal: 900_000, rescueCost: 300_000, ...extra });
const CONFIG: RescuekitConfig = {
  publicUrl: PUBLIC,
  campaigns: [campaign('riverside', 'Riverside Rescue Team'), campaign('seoul', '서울 구출 팀', { locale: 'ko' }), campaign('one-percent', 'One Percent Team')],
} as RescuekitConfig;

const decode = (bytes: ArrayBuffer) => PNG.sync.read(Buffer.from(bytes));

/** The bar's thickness (rows of track colour) and its fill's extent along its middle row, in pixels. */
function fillRun(png: PNG): { width: number; height: number } {
  const at = (x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 3)];
  const isFill = (x: number, y: number) => { const [r, g, b] = at(x, y); return r! < 40 && g! > 90 && g! < 130 && b! > 60 && b! < 100; };
  const isTrack = (x: number, y: number) => { const [r, g, b] = at(x, y); return r === 0xdf && g === 0xe7 && b === 0xe3; };
  // The bar's rows: those with many track pixels (its rounded ends aside); its middle row is measured.
  const counts = [...Array(png.height).keys()].map((y) => {
    let n = 0;
    for (let x = 0; x < png.width; x += 2) if (isTrack(x, y)) n++;
    return n;
  });
  const most = Math.max(...counts);
  assert.ok(most > 100, 'a bar is drawn');
  const rows = counts.flatMap((n, y) => (n > most * 0.5 ? [y] : []));
  const row = rows[Math.floor(rows.length / 2)]!;
  const xs = [...Array(png.width).keys()].filter((x) => isFill(x, row));
  const height = rows[rows.length - 1]! - rows[0]! + 1;
  return { width: xs.length ? xs[xs.length - 1]! - xs[0]! + 1 : 0, height };
}

describe('share images in three shapes', () => {
  let server: RunningServer;
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

  before(async () => {
    server = await startServer({ config: CONFIG, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const res = await fetch(`${server.url}/v1/campaigns/one-percent/offline-gifts`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: 9_000, currency: 'usd' }),
    });
    assert.equal(res.status, 201, await res.text());
  });
  after(() => server.close());

  for (const [file, width, height] of [['card.png', 1200, 630], ['card-square.png', 1080, 1080], ['card-story.png', 1080, 1920]] as const) {
    test(`${file} is ${width}x${height}, cached by ETag (304), in English and Korean`, async () => {
      const res = await get(`/v1/campaigns/riverside/${file}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'image/png');
      assert.equal(res.headers.get('cache-control'), 'public, max-age=300');
      const png = decode(await res.arrayBuffer());
      assert.deepEqual([png.width, png.height], [width, height]);
      const etag = res.headers.get('etag')!;
      assert.match(etag, /^"card-/);
      assert.equal((await get(`/v1/campaigns/riverside/${file}`, { 'if-none-match': etag })).status, 304);
      const ko = await get(`/v1/campaigns/riverside/${file}?lang=ko`);
      assert.notEqual(ko.headers.get('etag'), etag, 'each language its own image');
      assert.deepEqual([decode(await ko.arrayBuffer()).width], [width]);
    });
  }

  for (const shape of ['square', 'story'] as const) {
    test(`card-${shape}.png carries a QR code to the hosted page in the image's language, and the short URL in text`, async () => {
      for (const [id, query, lang] of [['riverside', '', 'en'], ['riverside', '?lang=ko', 'ko'], ['seoul', '', 'ko']] as const) {
        const png = decode(await (await get(`/v1/campaigns/${id}/card-${shape}.png${query}`)).arrayBuffer());
        const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
        assert.equal(code?.data, `${PUBLIC}/c/${id}?lang=${lang}`, `${id}${query}`);
      }
      const svg = await (await get(`/v1/campaigns/riverside/card-${shape}.svg`)).text();
      assert.match(svg, /^<svg[^>]+width="1080"/);
      // satori draws text as paths: the short URL is checked in the tree it drew from (card-layout), and seen in the baselines.
      const progress = await (await get('/v1/campaigns/riverside')).json();
      assert.equal(svg, await renderCardSvg(progress, 'en', undefined, { shape, publicUrl: PUBLIC }));
      const { cardTree } = await import('../src/reach/card-layout.js');
      assert.ok(JSON.stringify(cardTree(progress, 'en', undefined, shape, { short: 'give.example.org/c/riverside', qr: 'data:,' })).includes('"give.example.org/c/riverside"'));
    });
  }

  test('without publicUrl the square and story images draw without URL or QR code', async () => {
    const bare = await startServer({ config: { campaigns: CONFIG.campaigns }, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    try {
      for (const shape of ['square', 'story']) {
        const res = await fetch(`${bare.url}/v1/campaigns/riverside/card-${shape}.png`);
        assert.equal(res.status, 200);
        const png = decode(await res.arrayBuffer());
        assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height), null, shape);
      }
      const svg = await (await fetch(`${bare.url}/v1/campaigns/riverside/card-square.svg`)).text();
      assert.ok(!svg.includes('<image'), 'no QR picture');
    } finally {
      await bare.close();
    }
  });

  test('a 1% campaign draws a visible fill on every shape: at least the bar\'s thickness and 8 px, measured in the PNG', async () => {
    for (const file of ['card.png', 'card-square.png', 'card-story.png']) {
      const png = decode(await (await get(`/v1/campaigns/one-percent/${file}`)).arrayBuffer());
      const fill = fillRun(png);
      assert.ok(fill.width >= 8, `${file}: fill ${fill.width} px`);
      assert.ok(fill.width >= fill.height - 2, `${file}: fill ${fill.width} px along a bar ${fill.height} px thick`);
      const empty = decode(await (await get(`/v1/campaigns/riverside/${file}`)).arrayBuffer());
      assert.equal(fillRun(empty).width, 0, `${file}: nothing raised, no fill`);
    }
  });

  test('the square and story images of one campaign are kept apart from card.png in the cache, by shape and publicUrl', async () => {
    const seen: string[] = [];
    const cache = new CardCache({ render: async (_p, _l, _f, _t, look) => (seen.push(`${look?.shape}:${look?.publicUrl}`), new Uint8Array(1)) });
    const p = await (await get('/v1/campaigns/riverside')).json();
    const etags = new Set<string>();
    for (const look of [{}, { shape: 'square' as const }, { shape: 'story' as const }, { shape: 'square' as const, publicUrl: PUBLIC }, { shape: 'wide' as const, publicUrl: PUBLIC }]) {
      etags.add((await cache.get(p, 'en', 'png', undefined, look)).etag);
    }
    assert.equal(etags.size, 4, 'the wide image does not draw the URL, so publicUrl does not make it new');
    assert.equal(seen.length, 4);
  });
});
