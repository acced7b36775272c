/**
 * Every answer whose language may come from Accept-Language says `Vary: Accept-Language`, so a shared
 * cache never serves the first visitor's language to everyone. The test walks every GET route the
 * reach module registers (a route added later is walked too) and every HTML answer it gets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { reachRoutes } from '../src/reach/routes.js';
import type { AppEnv } from '../src/routes/middleware.js';
import { memoryApp } from './helpers.js';

test('every HTML answer of the pages, posters and embeds varies by Accept-Language (found or not)', async () => {
  const { app, close } = await memoryApp();
  try {
    const reach = new Hono<AppEnv>();
    reachRoutes(reach, { hub: app.hub, publicUrl: 'https://give.example.org', logError: () => {} });
    const paths = reach.routes.filter((r) => r.method === 'GET').map((r) => r.path);
    assert.ok(paths.length >= 4, `routes found: ${paths.join(' ')}`);
    const urls = paths.flatMap((p) => ['team', 'no-such-campaign'].flatMap((id) => {
      const url = p.replace(':campaign', id).replace(':id', id).replace(':element', 'rescue-thermometer');
      const withQuery = p.startsWith('/embed/') ? `${url}?campaign=${id}` : url;
      return [withQuery, `${withQuery}${withQuery.includes('?') ? '&' : '?'}lang=en`];
    }));
    let html = 0;
    for (const url of urls) {
      const res = await reach.request(url, { headers: { 'accept-language': 'ko' } }, {});
      if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) continue;
      html++;
      assert.match(res.headers.get('vary') ?? '', /(^|,)\s*Accept-Language\s*(,|$)/i, `${url} (${res.status})`);
      assert.equal((res.headers.get('vary') ?? '').match(/accept-language/gi)?.length, 1, `${url}: named once`);
    }
    assert.ok(html >= 10, `HTML answers checked: ${html}`);
    // The same through the whole app, for the routes a visitor reaches.
    for (const url of ['/c/team', '/c/team/poster', '/embed/rescue-thermometer?campaign=team', '/c/nope']) {
      const res = await app.fetch(new Request(`http://rk.test${url}`, { headers: { 'accept-language': 'ko' } }));
      assert.match(res.headers.get('vary') ?? '', /Accept-Language/, url);
    }
  } finally {
    await close();
  }
});
