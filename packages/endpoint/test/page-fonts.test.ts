/**
 * The pages' fonts come from the endpoint itself: the stylesheets match the installed Fontsource
 * packages, every page links them and preloads the Latin files, the CSP allows fonts from our own
 * origin only, and the files are served with a year's immutable cache under a versioned URL.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { RescuekitConfig } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { PRELOADED_FONTS } from '../src/reach/layout.js';
import { FONT_STYLESHEETS, fontFaceCss, preloadedFonts } from '../src/static/fonts.js';

const asset = (name: string) => readFileSync(new URL(`../assets/${name}`, import.meta.url), 'utf8');
const urlsIn = (css: string) => [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!);

describe('the pages\' fonts', () => {
  let server: RunningServer;
  const config = { campaigns: [{ id: 'team', title: 'Riverside', currency: 'usd', goal: 900_000, rescueCost: 300_000 }, { id: 'seoul', title: '서울 구출 팀', currency: 'usd', goal: 900_000, rescueCost: 300_000 }] } as RescuekitConfig;
  before(async () => (server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: 'a'.repeat(40), port: 0, host: '127.0.0.1', log: () => {}, env: {} })));
  after(() => server.close());

  test('fonts.css and fonts-ko.css are what the installed packages give (regenerate with writeFontsCss), 400 and 700, WOFF2', () => {
    for (const which of ['latin', 'ko'] as const) assert.equal(asset(FONT_STYLESHEETS[which]), fontFaceCss(which), FONT_STYLESHEETS[which]);
    const latin = asset('fonts.css');
    assert.deepEqual([...new Set([...latin.matchAll(/font-weight:(\d+)/g)].map((m) => m[1]))], ['400', '700']);
    assert.ok(urlsIn(latin).every((u) => u.endsWith('.woff2')));
    assert.ok(!/font-display:(?!optional)/.test(latin + asset('fonts-ko.css')), 'optional everywhere: no swap after first paint');
    assert.ok(asset('fonts-ko.css').split('@font-face').length > 200, 'the Hangul subsets in both weights');
    assert.deepEqual(PRELOADED_FONTS, preloadedFonts(), "layout.ts's preloads name the installed version");
  });

  test('every page links the fonts and preloads the Latin files; a Korean page (or a Korean title) adds the Hangul rules first', async () => {
    const en = await (await fetch(`${server.url}/c/team`)).text();
    for (const f of PRELOADED_FONTS) assert.ok(en.includes(`<link rel="preload" href="${f}" as="font" type="font/woff2" crossorigin>`), f);
    assert.match(en, /<link rel="stylesheet" href="\/rescuekit-assets\/fonts.css">/);
    assert.doesNotMatch(en, /fonts-ko\.css/);
    for (const path of ['/c/team?lang=ko', '/c/seoul', '/c/team/poster?lang=ko', '/c/team/join?lang=ko']) {
      const ko = await (await fetch(`${server.url}${path}`)).text();
      assert.ok(ko.indexOf('fonts-ko.css') > 0 && ko.indexOf('fonts-ko.css') < ko.indexOf('fonts.css"'), path);
    }
    for (const path of ['/c/team/poster', '/c/team/join', '/c/nope']) assert.match(await (await fetch(`${server.url}${path}`)).text(), /href="\/rescuekit-assets\/fonts.css"/, path);
    const csp = (await fetch(`${server.url}/c/team`)).headers.get('content-security-policy')!;
    assert.match(csp, /font-src 'self';/);
    assert.match(csp, /default-src 'none'/);
  });

  test('the font files are served from the packages under a versioned URL, cached for a year as immutable', async () => {
    const all = [...urlsIn(asset('fonts.css')), ...urlsIn(asset('fonts-ko.css'))];
    const sample = [...PRELOADED_FONTS, all[0]!, all.at(-1)!, ...all.filter((u) => u.includes('noto-sans-kr-119-700'))];
    assert.equal(sample.length, 5);
    for (const url of sample) {
      const res = await fetch(`${server.url}${url}`);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers.get('content-type'), 'font/woff2', url);
      assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
      assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString('latin1'), 'wOF2', url);
    }
    for (const css of ['fonts.css', 'fonts-ko.css']) assert.equal((await fetch(`${server.url}/rescuekit-assets/${css}`)).status, 200, css);
    assert.equal((await fetch(`${server.url}/rescuekit-assets/fonts/noto-sans@5.3.0/../package.json`)).status, 404);
    assert.equal((await fetch(`${server.url}/rescuekit-assets/fonts/noto-sans@5.3.0/nope.woff2`)).status, 404);
  });
});
