/**
 * Fundraiser pages where the public sees them, on both stores: the hosted page, its poster, its share
 * image and its team's page and feed. Every text a supporter types is hostile here (markup, a quote
 * that closes an attribute, a `javascript:` and an outside address): it must come out as escaped text,
 * never markup or a link; right-to-left text shows, a direction override is refused; a removed name
 * never appears anywhere public.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Progress, RescuekitConfig } from '@rescuekit/schema';
import { createApp, type App } from '../src/app.js';
import { renderCardSvg } from '../src/reach/card.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';
import { BACKENDS, startBackends } from './support/stores.js';

let stop: (() => Promise<void>) | undefined;
before(async () => (stop = await startBackends()));
after(async () => stop?.());

const PUBLIC = 'https://give.example';
const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  publicUrl: PUBLIC,
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'team-a', title: 'Team A', parent: 'movement', presets: [900, 4500], ...base },
    { id: 'team-off', title: 'Team Off', parent: 'movement', fundraisers: 'off', ...base },
  ],
};

const PROBES = ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', 'javascript:alert(1)', 'https://evil.example'] as const;
const FIELDS = ['displayName', 'story', 'occasion'] as const;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const benign = { displayName: 'Mina Park', goal: 30_000, story: 'I turn 20 and ask for nine lives.\nJoin me.', occasion: 'my birthday', date: '2027-03-14' };

/** Markup a page may hold only if we wrote it: no element, handler or link made of `probe`. */
function assertInert(body: string, probe: string, where: string): void {
  assert.doesNotMatch(body, /<img/i, `${where}: no <img> from the input`);
  assert.doesNotMatch(body, /<script(?! type="module" src="\/rescuekit-assets\/[\w.-]+\.js"><\/script>)/, `${where}: no <script> but our own`);
  assert.doesNotMatch(body, /(href|src|action)="(javascript:|https:\/\/evil\.example)/i, `${where}: no link to the input`);
  assert.ok(!body.includes(probe) || probe === escape(probe), `${where}: ${probe} only escaped`);
}

for (const backend of BACKENDS) {
  describe(`${backend.name}: fundraiser pages in public (page, poster, share image, feed)`, () => {
    let app: App;
    let store: Store;
    let ip = 0;
    before(async () => {
      store = await openStore(await backend.fresh());
      app = createApp({ config: CONFIG, store, adminToken: ADMIN, logger: () => {} });
      await app.ready;
    });
    after(async () => {
      await app.close();
      await store.close();
    });

    const fetchRaw = (method: string, path: string, token?: string, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return app.fetch(new Request(`http://rk.test${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }), { ip: `203.0.113.${(ip++ % 250) + 1}` });
    };
    const text = async (path: string) => {
      const res = await fetchRaw('GET', path);
      assert.equal(res.status, 200, path);
      return res.text();
    };
    /** A page started on `team` with `over` and approved by the admin; its id and owner's secret. */
    const approved = async (over: Record<string, unknown>, team = 'team-a') => {
      const r = await fetchRaw('POST', `/v1/campaigns/${team}/fundraisers`, undefined, { ...benign, ...over });
      const body = await r.json();
      assert.equal(r.status, 201, JSON.stringify(body));
      const ok = await fetchRaw('POST', `/v1/campaigns/${body.id}/approve`, ADMIN);
      assert.equal(ok.status, 200, await ok.text());
      return { id: body.id as string, secret: String(body.manageUrl).split('#')[1]! };
    };

    test('hostile names, stories and occasions come out as escaped text: page, poster, card, team page and feed', async () => {
      for (const probe of PROBES) {
        for (const field of FIELDS) {
          const where = `${field}=${probe}`;
          const { id } = await approved({ [field]: probe });
          const page = await text(`/c/${id}`);
          assertInert(page, probe, `page ${where}`);
          const shown = escape(probe);
          if (field === 'displayName') {
            assert.ok(page.includes(`<h1 dir="auto">${shown}</h1>`), `page ${where}: the name, escaped`);
            assert.ok(page.includes(`<meta property="og:title" content="${shown}">`), `page ${where}: og:title`);
            assert.ok(page.includes(`<title>${shown}</title>`), `page ${where}: title`);
          }
          if (field === 'story') assert.ok(page.includes(`<p class="story" dir="auto">${shown}</p>`), `page ${where}: the story, escaped`);
          if (field === 'occasion') assert.ok(page.includes(`<span dir="auto">${shown}</span>`), `page ${where}: the occasion, escaped`);
          const poster = await text(`/c/${id}/poster`);
          assertInert(poster, probe, `poster ${where}`);
          if (field === 'displayName') assert.ok(poster.includes(`<h1 dir="auto">${shown}</h1>`), `poster ${where}`);
          const card = await text(`/v1/campaigns/${id}/card.svg`);
          assert.doesNotMatch(card, /<script|<img|onerror|javascript:|evil\.example|<foreignObject/i, `card ${where}`);
        }
      }
      const team = await text('/c/team-a');
      for (const probe of PROBES) assertInert(team, probe, 'team page');
      assert.match(team, /<rescue-leaderboard campaign="team-a" kind="fundraisers" limit="10" live><p><a href="\/v1\/campaigns\/team-a\/fundraisers">/);
      const res = await fetchRaw('GET', '/v1/campaigns/team-a/fundraisers?limit=100');
      assert.match(res.headers.get('content-type')!, /^application\/json/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      const titles = (await res.json()).teams.map((t: { title: unknown }) => t.title);
      for (const probe of PROBES) assert.ok(titles.includes(probe), `the feed carries ${probe} as a plain string`);
    });

    test('right-to-left text shows in its own direction; a direction override is refused with 400', async () => {
      for (const field of FIELDS) {
        const r = await fetchRaw('POST', '/v1/campaigns/team-a/fundraisers', undefined, { ...benign, [field]: 'مينا \u202eكراب' });
        assert.equal(r.status, 400, field);
        assert.equal((await r.json()).field, field);
      }
      const { id } = await approved({ displayName: 'مينا بارك', story: 'أطلب تسعة أرواح\nانضموا إلي' });
      const page = await text(`/c/${id}`);
      assert.ok(page.includes('<h1 dir="auto">مينا بارك</h1>'));
      assert.ok(page.includes('<p class="story" dir="auto">أطلب تسعة أرواح\nانضموا إلي</p>'));
      assert.match(page, /<html lang="en">/, 'the page keeps its own language and direction');
      const progress = JSON.parse(await text(`/v1/campaigns/${id}`)) as Progress;
      // The card cannot lay out right-to-left text: its fallback line stands in for the name.
      const expected = await renderCardSvg(progress, 'en', { title: 'مينا بارك', forTeam: 'for Team A' });
      assert.equal(await text(`/v1/campaigns/${id}/card.svg`), expected);
    });

    test('a fundraiser page: its name, team, occasion, story and both thermometers; noindex; no recent gifts', async () => {
      const { id } = await approved({});
      const res = await fetchRaw('GET', `/c/${id}`);
      assert.equal(res.headers.get('x-robots-tag'), 'noindex');
      const page = await res.text();
      assert.match(page, /<meta name="robots" content="noindex">/);
      assert.ok(page.includes('<h1 dir="auto">Mina Park</h1><p class="lede for-team">for <a href="/c/team-a?lang=en">Team A</a></p>'));
      assert.ok(page.includes('<p class="occasion"><span dir="auto">my birthday</span> · <time datetime="2027-03-14">March 14, 2027</time></p>'));
      assert.ok(page.includes('<p class="story" dir="auto">I turn 20 and ask for nine lives.\nJoin me.</p>'), 'line breaks kept, no markup added');
      assert.ok(page.includes(`<nine-lives-picker campaign="${id}" mode="redirect">`));
      assert.match(page, /\$0 raised of \$300/);
      assert.ok(page.includes('<rescue-thermometer campaign="team-a" variant="bar" live>'), "the team's bar");
      assert.ok(page.includes(`<a href="/c/${id}/poster?lang=en">`) && page.includes(`<a href="/v1/campaigns/${id}/card.png?lang=en" download>`));
      assert.ok(page.includes(`<a href="/v1/campaigns/${id}/card-square.png?lang=en" download>`) && page.includes(`<a href="/v1/campaigns/${id}/card-story.png?lang=en" download>`), 'the share row offers the three images');
      assert.ok(page.includes(`<meta property="og:image" content="${PUBLIC}/v1/campaigns/${id}/card.png?lang=en">`));
      assert.doesNotMatch(page, /rescue-recent-gifts|rescue-leaderboard|\/join/);
      const ko = await text(`/c/${id}?lang=ko`);
      assert.ok(ko.includes('<time datetime="2027-03-14">2027년 3월 14일</time>'));
      assert.ok(ko.includes('<a href="/c/team-a?lang=ko">Team A</a> 모금에 함께합니다'));
      const poster = await text(`/c/${id}/poster`);
      assert.ok(poster.includes('<h1 dir="auto">Mina Park</h1><p class="for-team">for Team A</p>'));
      assert.doesNotMatch(poster, /qr join|\/join/, "a page's poster recruits no pages");
    });

    test('a closed page says so and offers its team instead of the picker', async () => {
      const { id, secret } = await approved({});
      assert.equal((await fetchRaw('POST', '/v1/fundraisers/me/close', secret)).status, 200);
      const page = await text(`/c/${id}`);
      assert.match(page, /This page has closed and takes no new gifts\. <a href="\/c\/team-a\?lang=en">Give to Team A instead<\/a>/);
      assert.doesNotMatch(page, /<nine-lives-picker/);
      assert.match(await text(`/c/${id}?lang=ko`), /마감되어 더 이상 후원을 받지 않습니다/);
    });

    test('a removed name appears nowhere public: page, poster, card, Open Graph tags, feeds, embeds', async () => {
      const secretName = 'Sejin Oh Private';
      const { id, secret } = await approved({ displayName: secretName });
      const hide = await fetchRaw('PATCH', '/v1/fundraisers/me', secret, { nameHidden: true });
      assert.equal(hide.status, 200, await hide.text());
      const en = await text(`/c/${id}`);
      assert.ok(en.includes('<h1 dir="auto">A supporter of Team A</h1>'), 'the heading');
      assert.ok(en.includes('<meta property="og:title" content="A supporter of Team A">'), 'og:title');
      const ko = await text(`/c/${id}?lang=ko`);
      assert.ok(ko.includes('<h1 dir="auto">Team A의 후원자</h1>') && ko.includes('<meta property="og:title" content="Team A의 후원자">'), 'in Korean');
      const paths = [
        `/c/${id}`, `/c/${id}?lang=ko`, `/c/${id}/poster`, `/c/${id}/poster?lang=ko`, `/c/${id}/poster?paper=letter`, `/v1/campaigns/${id}/card.svg`,
        `/v1/campaigns/${id}/card.svg?lang=ko`, `/v1/campaigns/${id}/card-square.svg`, `/v1/campaigns/${id}/card-story.svg?lang=ko`, `/v1/campaigns/${id}`, '/v1/campaigns/team-a/fundraisers?limit=100', '/c/team-a',
        `/embed/rescue-thermometer?campaign=${id}`, `/embed/nine-lives-picker?campaign=${id}`,
      ];
      for (const path of paths) assert.ok(!(await text(path)).includes('Sejin'), path);
      assert.ok((await text(`/c/${id}/poster?lang=ko`)).includes('<h1 dir="auto">Team A의 후원자</h1>'), 'the Korean poster');
      const progress = JSON.parse(await text(`/v1/campaigns/${id}`)) as Progress;
      assert.equal(await text(`/v1/campaigns/${id}/card.svg?lang=ko`), await renderCardSvg(progress, 'ko', { title: 'Team A의 후원자', forTeam: 'Team A 모금에 함께합니다' }));
      assert.equal(await text(`/v1/campaigns/${id}/card.svg`), await renderCardSvg(progress, 'en', { title: 'A supporter of Team A', forTeam: 'for Team A' }));
      // The square and story images take the same public name.
      assert.equal(await text(`/v1/campaigns/${id}/card-square.svg`), await renderCardSvg(progress, 'en', { title: 'A supporter of Team A', forTeam: 'for Team A' }, { shape: 'square', publicUrl: PUBLIC }));
      assert.equal(await text(`/v1/campaigns/${id}/card-story.svg?lang=ko`), await renderCardSvg(progress, 'ko', { title: 'Team A의 후원자', forTeam: 'Team A 모금에 함께합니다' }, { shape: 'story', publicUrl: PUBLIC }));
      // Shown again: the name is back on the page and on a new card.
      await fetchRaw('PATCH', '/v1/fundraisers/me', secret, { nameHidden: false });
      assert.ok((await text(`/c/${id}`)).includes(`<h1 dir="auto">${secretName}</h1>`), 'the name shown again');
    });

    test('a team that takes no pages offers no button on its page or poster', async () => {
      const page = await text('/c/team-off');
      assert.doesNotMatch(page, /Start your own|\/join/);
      assert.doesNotMatch(await text('/c/team-off/poster'), /qr join|\/join/);
      assert.match(await text('/c/team-a'), /<a class="button" href="\/c\/team-a\/join\?lang=en">Start your own fundraising page<\/a>/);
    });
  });
}
