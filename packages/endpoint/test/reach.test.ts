// Where scripts can't run: the hosted campaign page, its poster, the embeds and the share image,
// over real HTTP from a real endpoint (in-memory SQLite, the demo campaigns plus a hostile title
// and an archived team).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { RescuekitConfig, describeIssue } from '@rescuekit/schema';
import { startServer, type RunningServer } from '../src/node.js';
import { deadline, fromAcceptLanguage, pickLang } from '../src/reach/strings.js';

const EVIL = 'Team <script>alert(1)</script> & "friends"';

/** A free port, so `publicUrl` can name the server before it starts. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Width and height from a PNG's IHDR chunk (after checking the signature). */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  assert.equal(b.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'PNG signature');
  assert.equal(b.toString('latin1', 12, 16), 'IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('hosted pages, embeds, share images and posters', () => {
  let server: RunningServer;
  let publicUrl = '';
  const admin = randomUUID();

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const gift = async (campaign: string, amount: number) => {
    const res = await fetch(`${server.url}/v1/campaigns/${campaign}/offline-gifts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount, currency: 'usd', note: 'bake sale' }),
    });
    assert.equal(res.status, 201, await res.text());
  };

  before(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = publicUrl;
    config.campaigns.push(
      { id: 'evil-title', title: EVIL, description: '<img src=x onerror=alert(2)>', currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred' },
      { id: 'old-team', title: 'Old Team', currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred', archived: true },
      { id: 'korean-team', title: '서울 구출 팀', currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred', locale: 'ko' },
      { id: 'no-pages-team', title: 'No Pages Team', currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred', fundraisers: 'off' },
      {
        id: 'giving-day-team', title: 'Giving Day Team', currency: 'usd', goal: 900000, rescueCost: 300000, parent: 'the-hundred',
        endsAt: '2026-12-03T18:00:00-05:00',
        match: { ratio: 1, cap: 100000, startsAt: '2020-01-01T00:00:00Z', endsAt: '2099-01-01T00:00:00Z', label: 'the <b>Kim</b> Family Foundation' },
      },
    );
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port, host: '127.0.0.1', log: () => {}, env: {} });
    await gift('rescue-team-demo', 420000);
  });
  after(() => server?.close());

  test('the hosted page carries the numbers in its HTML, the picker, the parent and Open Graph tags', async () => {
    const res = await get('/c/rescue-team-demo');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const body = await res.text();
    assert.match(body, /\$4,200 raised of \$9,000/);
    assert.match(body, /1 rescue funded · 1 donor/);
    assert.match(body, /<nine-lives-picker campaign="rescue-team-demo" mode="redirect">/);
    assert.match(body, /The whole movement: The Hundred: 100 rescues to freedom/);
    assert.match(body, /<script type="module" src="\/rescuekit-assets\/rescuekit.js">/);
    assert.ok(body.includes(`<meta property="og:image" content="${publicUrl}/v1/campaigns/rescue-team-demo/card.png?lang=en">`));
    assert.ok(body.includes(`<meta property="og:url" content="${publicUrl}/c/rescue-team-demo">`));
    assert.match(body, /<meta name="twitter:card" content="summary_large_image">/);
    assert.doesNotMatch(body, /rescue-leaderboard/, 'a team without teams under it shows no leaderboard');
  });

  test('a team offers its join link on its page and poster (a second QR code), unless it takes no pages or is archived', async () => {
    const page = await (await get('/c/rescue-team-demo')).text();
    assert.match(page, /<a class="button" href="\/c\/rescue-team-demo\/join\?lang=en">Start your own fundraising page<\/a>/);
    assert.doesNotMatch(page, /kind="fundraisers"/, 'no public pages yet: no leaderboard of them');
    assert.match(await (await get('/c/korean-team')).text(), /나만의 모금 페이지 만들기/);
    const poster = await (await get('/c/rescue-team-demo/poster')).text();
    const join = poster.slice(poster.indexOf('class="qr join"'));
    assert.ok(join.length > 20, 'the join code is there');
    const svg = /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*?<\/svg>/.exec(join)![0];
    const image = new Resvg(svg, { fitTo: { mode: 'width', value: 400 } }).render();
    assert.equal(jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height)?.data, `${publicUrl}/c/rescue-team-demo/join?lang=en`);
    assert.ok(join.includes(`Raise money for Rescue Team demo: three rescues: start your page<br><span class="url">${publicUrl}/c/rescue-team-demo/join?lang=en</span>`));
    assert.match(await (await get('/c/korean-team/poster')).text(), /나만의 모금 페이지를 만들어 서울 구출 팀에 힘을 보태세요/);
    for (const id of ['no-pages-team', 'old-team']) {
      assert.doesNotMatch(await (await get(`/c/${id}`)).text(), /\/join|Start your own/, id);
      assert.doesNotMatch(await (await get(`/c/${id}/poster`)).text(), /\/join|qr join|Raise money/, id);
    }
  });

  test('absolute links come from publicUrl, never from the Host header', async () => {
    const body = await (await get('/c/rescue-team-demo', { host: 'evil.example' })).text();
    assert.doesNotMatch(body, /evil\.example/);
    assert.ok(body.includes(publicUrl));
  });

  test('a parent shows its leaderboard; Korean by Accept-Language and by ?lang=', async () => {
    const body = await (await get('/c/the-hundred', { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.5' })).text();
    assert.match(body, /<html lang="ko">/);
    assert.match(body, /<rescue-leaderboard campaign="the-hundred"/);
    assert.match(body, /구출 팀/);
    assert.match(await (await get('/c/the-hundred?lang=en', { 'accept-language': 'ko' })).text(), /<html lang="en">/);
    assert.equal(fromAcceptLanguage('fr, en;q=0.3, ko;q=0.8'), 'ko');
    assert.equal(pickLang(undefined, undefined, 'ko'), 'ko');
    assert.equal(pickLang('xx', undefined, undefined), 'en');
  });

  test('operator strings are escaped everywhere they appear', async () => {
    for (const path of ['/c/evil-title', '/c/evil-title/poster', '/embed/rescue-thermometer?campaign=evil-title']) {
      const body = await (await get(path)).text();
      assert.doesNotMatch(body, /<script>alert|<img src=x/, path);
      assert.ok(body.includes('Team &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;'), path);
    }
    const svg = await (await get('/v1/campaigns/evil-title/card.svg')).text();
    assert.doesNotMatch(svg, /<script/);
  });

  test('an archived campaign says so, links to its parent and offers no checkout', async () => {
    const body = await (await get('/c/old-team')).text();
    assert.match(body, /This campaign has ended/);
    assert.match(body, /<a href="\/c\/the-hundred\?lang=en">Give to The Hundred: 100 rescues to freedom instead<\/a>/);
    assert.doesNotMatch(body, /<nine-lives-picker/);
  });

  test('unknown campaigns and elements get a 404 page, not a stack', async () => {
    for (const path of ['/c/no-such-team', '/c/no-such-team/poster', '/c/%3Cscript%3E', '/embed/rescue-thermometer?campaign=nope', '/embed/not-an-element?campaign=the-hundred']) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type')!, /^text\/html/, path);
      const body = await res.text();
      assert.match(body, /No campaign here/, path);
      assert.doesNotMatch(body, /Error|at .*\.ts/, path);
    }
    const card = await get('/v1/campaigns/no-such-team/card.png');
    assert.equal(card.status, 404);
    assert.equal(card.headers.get('content-type'), 'application/problem+json');
  });

  test('embeds may be framed by any site and send their height', async () => {
    for (const el of ['rescue-thermometer', 'nine-lives-picker', 'monthly-ally-signup', 'rescue-donate-button', 'rescue-leaderboard']) {
      const res = await get(`/embed/${el}?campaign=the-hundred&lang=ko&variant=bar`);
      assert.equal(res.status, 200, el);
      assert.equal(res.headers.get('x-frame-options'), null, el);
      assert.match(res.headers.get('content-security-policy')!, /frame-ancestors \*/, el);
      const body = await res.text();
      assert.ok(body.includes(`<${el} campaign="the-hundred"`), el);
      assert.match(body, /<script type="module" src="\/rescuekit-assets\/embed.js">/);
    }
    const page = await get('/c/the-hundred');
    assert.match(page.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
  });

  test('the donate button embed takes its amount and frequency from the URL, $9 once by default', async () => {
    const plain = await (await get('/embed/rescue-donate-button?campaign=the-hundred')).text();
    assert.match(plain, /<rescue-donate-button campaign="the-hundred" amount="900" mode="redirect">/);
    const monthly = await (await get('/embed/rescue-donate-button?campaign=the-hundred&amount=2700&frequency=monthly')).text();
    assert.match(monthly, /<rescue-donate-button campaign="the-hundred" amount="2700" frequency="monthly" mode="redirect">/);
    for (const [query, field] of [['amount=27.00', 'amount'], ['amount=50', 'amount'], ['amount=99999999', 'amount'], ['amount=', 'amount'], ['frequency=weekly', 'frequency']] as const) {
      const res = await get(`/embed/rescue-donate-button?campaign=the-hundred&${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal((await res.json()).field, field, query);
    }
  });

  test('the donate button embed keeps to the campaign\'s gift limits, Stripe\'s per-currency minimum included', async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.campaigns.push(
      // Stripe's smallest SEK charge is 3 kr (300), its smallest CZK charge 15 Kč (1500); neither campaign sets minAmount.
      { id: 'krona-team', title: 'Krona Team', currency: 'sek', goal: 900000, rescueCost: 300000 },
      { id: 'koruna-team', title: 'Koruna Team', currency: 'czk', goal: 900000, rescueCost: 300000 },
      { id: 'high-floor-team', title: 'High Floor Team', currency: 'usd', goal: 900000, rescueCost: 300000, minAmount: 2500 },
      { id: 'low-ceiling-team', title: 'Low Ceiling Team', currency: 'usd', goal: 900000, rescueCost: 300000, maxAmount: 500 },
    );
    const limited = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    const embed = (query: string) => fetch(`${limited.url}/embed/rescue-donate-button?${query}`);
    try {
      for (const [query, bounds] of [
        ['campaign=krona-team&amount=200', 'between 300 and 99999999'],
        ['campaign=krona-team&amount=100000000', 'between 300 and 99999999'],
        ['campaign=koruna-team&amount=900', 'between 1500 and 99999999'],
        ['campaign=low-ceiling-team&amount=900', 'between 50 and 500'],
      ] as const) {
        const res = await embed(query);
        assert.equal(res.status, 400, query);
        assert.equal(res.headers.get('content-type'), 'application/problem+json', query);
        const body = await res.json();
        assert.equal(body.field, 'amount', query);
        assert.ok(body.detail.includes(bounds), `${query}: ${body.detail}`);
      }
      const ok = await embed('campaign=krona-team&amount=300');
      assert.equal(ok.status, 200, 'Stripe\'s minimum itself is a valid amount');
      for (const [campaign, amount] of [['krona-team', 900], ['koruna-team', 1500], ['high-floor-team', 2500], ['low-ceiling-team', 500]] as const) {
        const html = await (await embed(`campaign=${campaign}`)).text();
        assert.ok(html.includes(`<rescue-donate-button campaign="${campaign}" amount="${amount}" mode="redirect">`), `${campaign} asks for ${amount}`);
      }
    } finally {
      await limited.close();
    }
  });

  test('embedAncestors limits which sites may frame the embeds (and names a bad origin)', async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    const bad = RescuekitConfig.safeParse({ ...config, embedAncestors: ['https://riverside.example.org/page'] });
    assert.ok(!bad.success);
    assert.equal(describeIssue(bad.error).field, 'embedAncestors.0');
    assert.ok(!RescuekitConfig.safeParse({ ...config, embedAncestors: [] }).success, 'an empty list would silently mean "anyone"');
    const limited = await startServer({
      config: { ...config, embedAncestors: ['https://riverside.example.org', 'https://hundred.example.org'] },
      databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {},
    });
    try {
      const res = await fetch(`${limited.url}/embed/rescue-thermometer?campaign=the-hundred`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-security-policy')!, /; frame-ancestors https:\/\/riverside\.example\.org https:\/\/hundred\.example\.org$/);
      const page = await fetch(`${limited.url}/c/the-hundred`);
      assert.match(page.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    } finally {
      await limited.close();
    }
  });

  test('the share image is a 1200x630 PNG (and SVG) whose ETag changes after a gift', async () => {
    const first = await get('/v1/campaigns/rescue-team-riverside/card.png');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'image/png');
    assert.match(first.headers.get('cache-control')!, /max-age=300/);
    assert.deepEqual(pngSize(new Uint8Array(await first.arrayBuffer())), { width: 1200, height: 630 });
    const etag = first.headers.get('etag')!;
    assert.equal((await get('/v1/campaigns/rescue-team-riverside/card.png', { 'if-none-match': etag })).status, 304);
    await gift('rescue-team-riverside', 900);
    const second = await get('/v1/campaigns/rescue-team-riverside/card.png', { 'if-none-match': etag });
    assert.equal(second.status, 200);
    assert.notEqual(second.headers.get('etag'), etag);
    const svg = await get('/v1/campaigns/rescue-team-riverside/card.svg');
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /^<svg[^>]* width="1200" height="630"/);
  });

  test('a giving day shows its match and its deadline (in the organiser\'s offset) without scripts', async () => {
    const before = await (await get('/c/giving-day-team')).text();
    assert.match(before, /<p class="fb-matched">\+ \$0 matched by the &lt;b&gt;Kim&lt;\/b&gt; Family Foundation<\/p>/);
    assert.match(before, /<p class="fb-ends">Ends Thu, Dec 3, 6:00 PM \(UTC-05:00\)<\/p>/);
    assert.match(await (await get('/c/giving-day-team?lang=ko')).text(), /<p class="fb-ends">12월 3일 \(목\) (?:PM|오후) 6:00 \(UTC-05:00\) 마감<\/p>/);
    assert.doesNotMatch(await (await get('/c/rescue-team-demo')).text(), /fb-matched|fb-ends/, 'no match, no deadline: neither line');
    const card = await get('/v1/campaigns/giving-day-team/card.svg');
    assert.equal(card.status, 200);
    // A $450 gift in the window is doubled: the page, the card's validator and the poster follow.
    await gift('giving-day-team', 45000);
    const after = await (await get('/c/giving-day-team')).text();
    assert.match(after, /<p class="fb-matched">\+ \$450 matched by the &lt;b&gt;Kim/);
    assert.match(after, /\$450 raised of \$9,000/, 'matched money is not in raised');
    const card2 = await get('/v1/campaigns/giving-day-team/card.svg', { 'if-none-match': card.headers.get('etag')! });
    assert.equal(card2.status, 200, 'a new match is a new image');
    const poster = await (await get('/c/giving-day-team/poster')).text();
    assert.match(poster, /<p class="ends">Ends Thu, Dec 3, 6:00 PM \(UTC-05:00\)<\/p>/);
    assert.match(poster, /<p class="matched">\+ \$450 matched by /);
  });

  test('deadlines read in the offset they were written in', () => {
    assert.equal(deadline('2026-12-03T23:00:00Z', 'en'), 'Thu, Dec 3, 11:00 PM (UTC)');
    assert.equal(deadline('2026-12-04T09:30:00+09:00', 'en'), 'Fri, Dec 4, 9:30 AM (UTC+09:00)');
    assert.equal(deadline('2026-12-04T00:30:00+00:00', 'en'), 'Fri, Dec 4, 12:30 AM (UTC)');
  });

  test('the share image speaks the campaign locale unless ?lang= says otherwise', async () => {
    const ko = await get('/v1/campaigns/korean-team/card.svg');
    const en = await get('/v1/campaigns/korean-team/card.svg?lang=en');
    assert.notEqual(ko.headers.get('etag'), en.headers.get('etag'));
    assert.notEqual(await ko.text(), await en.text());
  });

  test('the poster prints on A4 or Letter and its QR code scans to the hosted page', async () => {
    const res = await get('/c/rescue-team-demo/poster');
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.match(body, /\$9 = 9 lives/);
    assert.match(body, /Rescue Team demo: three rescues/);
    assert.match(body, /href="\/rescuekit-assets\/poster.css"/);
    assert.match(await (await get('/c/rescue-team-demo/poster?paper=letter')).text(), /poster-letter.css/);
    const svg = /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*?<\/svg>/.exec(body.slice(body.indexOf('class="qr"')))![0];
    const image = new Resvg(svg, { fitTo: { mode: 'width', value: 400 } }).render();
    const code = jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height);
    assert.equal(code?.data, `${publicUrl}/c/rescue-team-demo?lang=en`);
  });
});
