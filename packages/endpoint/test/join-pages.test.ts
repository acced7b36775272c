// The supporters' pages as HTML: the join form of a team (every field labelled, its limits in the
// hints, the script under the hosted pages' policy, never indexed), a team that takes no pages, the
// 404s (unknown, a supporter's own page), operator text escaped, the owner's page (the same for every
// id, no referrer), and the human check's widget let in only where the endpoint checks its token.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { FundraiserCreate, PUBLIC_TEXT_PROBLEMS, describeIssue, type RescuekitConfig } from '@rescuekit/schema';
import { detailOf } from '../pages-src/form.js';
import { createApp, type App } from '../src/app.js';
import type { HumanCheck } from '../src/guard/human-check.js';
import { PAGE_CSP } from '../src/reach/layout.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';
import { ADMIN } from './helpers.js';

const EVIL = 'Team <script>alert(1)</script> & "friends"';
const base = { currency: 'usd', goal: 900_000, rescueCost: 300_000 } as const;
const CONFIG: RescuekitConfig = {
  campaigns: [
    { id: 'movement', title: 'The Movement', ...base },
    { id: 'team-a', title: 'Team A', parent: 'movement', ...base },
    { id: 'team-auto', title: 'Team Auto', parent: 'movement', fundraisers: 'auto', ...base },
    { id: 'team-off', title: 'Team Off', parent: 'movement', fundraisers: 'off', ...base },
    { id: 'team-old', title: 'Team Old', parent: 'movement', archived: true, ...base },
    { id: 'team-won', title: '서울 구출 팀', currency: 'krw', goal: 30_000_000, rescueCost: 4_000_000, locale: 'ko' },
    { id: 'team-evil', title: EVIL, parent: 'movement', ...base },
  ],
};

/** An app over its own in-memory store; `humanCheck` as the endpoint would run it. */
async function open(config: RescuekitConfig, humanCheck?: HumanCheck): Promise<{ app: App; store: Store }> {
  const store = openSqliteStore(':memory:');
  const app = createApp({ config, store, adminToken: ADMIN, logger: () => {}, humanCheck });
  await app.ready;
  return { app, store };
}

describe('the supporters\' pages', () => {
  let app: App;
  let store: Store;
  before(async () => ({ app, store } = await open(CONFIG)));
  after(async () => (await app.close(), await store.close()));

  const get = (path: string, headers: Record<string, string> = {}) => app.fetch(new Request(`http://rk.test${path}`, { headers }));
  const words = (body: string) => JSON.parse(/data-words="([^"]*)"/.exec(body)![1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&#39;', "'").replaceAll('&amp;', '&'));

  test('the join form: every field labelled, its limits in the hints, the script under the hosted pages\' policy, never indexed', async () => {
    const res = await get('/c/team-a/join');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    assert.equal(res.headers.get('content-security-policy'), `${PAGE_CSP}; frame-ancestors 'none'`);
    assert.equal(res.headers.get('x-robots-tag'), 'noindex');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.match(res.headers.get('vary')!, /Accept-Language/);
    const body = await res.text();
    assert.match(body, /<html lang="en">/);
    assert.match(body, /<meta name="robots" content="noindex">/);
    assert.match(body, /<script type="module" src="\/rescuekit-assets\/fundraiser.js"><\/script>/);
    assert.match(body, /<link rel="stylesheet" href="\/rescuekit-assets\/page.css">\n<link rel="stylesheet" href="\/rescuekit-assets\/fundraiser.css">/);
    assert.doesNotMatch(body, /<script>|<style|style="|\son\w+="/, 'nothing inline');
    assert.match(body, /<h1>Start your own page for Team A<\/h1>/);
    assert.match(body, /A team lead looks at each new page before it goes public\./);
    assert.match(body, /<form id="join" class="stack" novalidate data-team="team-a" data-currency="usd"/);
    for (const [id, name] of [['join-name', 'displayName'], ['join-goal', 'goal'], ['join-story', 'story'], ['join-occasion', 'occasion'], ['join-date', 'date'], ['join-locale', 'locale']]) {
      assert.match(body, new RegExp(`<label for="${id}">[^<]+</label>`), id);
      assert.match(body, new RegExp(`id="${id}" name="${name}"`), id);
      assert.match(body, new RegExp(`<p class="error" id="${id}-error" role="alert"></p>`), id);
    }
    assert.match(body, /Shown publicly because you type it; you can remove it later\. Up to 60 characters\./);
    assert.match(body, /<label for="join-goal">Your goal \(US Dollar\)<\/label>\n<p class="hint" id="join-goal-hint">A normal amount, such as 300 or 300\.50\.<\/p>/);
    assert.match(body, /<input id="join-goal" name="goal" type="text" inputmode="decimal"/);
    assert.match(body, /<textarea id="join-story" name="story" rows="7" maxlength="600" dir="auto" required/);
    assert.match(body, /Up to 600 characters; line breaks are fine\./);
    assert.match(body, /<p class="count" id="join-story-count" data-template="\{n\} \/ 600">0 \/ 600<\/p>/);
    assert.match(body, /<input id="join-name" name="displayName" type="text" maxlength="60" dir="auto"/);
    assert.match(body, /<input id="join-occasion" name="occasion" type="text" maxlength="80" dir="auto"/);
    assert.match(body, /<input id="join-date" name="date" type="date"/);
    assert.match(body, /<option value="en" selected>English<\/option><option value="ko">한국어 \(Korean\)<\/option>/);
    assert.match(body, /Save this link: it is the only way to edit your page\./);
    assert.doesNotMatch(body, /cf-turnstile|h-captcha|challenges\.cloudflare/, 'no human check on this endpoint');
    const w = words(body);
    assert.equal(w.goalInvalid, 'Type an amount above 0, such as 300.50.');
    assert.equal(w.notTaking, 'Team A is not taking new pages right now.');
  });

  test('a team that takes pages at once says so; Korean by ?lang= and Accept-Language; a won team asks for whole won', async () => {
    assert.match(await (await get('/c/team-auto/join')).text(), /Your page goes public as soon as you start it\./);
    const ko = await (await get('/c/team-a/join', { 'accept-language': 'ko-KR,ko;q=0.9' })).text();
    assert.match(ko, /<html lang="ko">/);
    assert.match(ko, /페이지에 표시할 이름/);
    assert.match(ko, /<option value="ko" selected>한국어<\/option>/);
    assert.equal(words(ko).required, '이 칸을 채워 주세요.');
    assert.match(await (await get('/c/team-a/join?lang=en', { 'accept-language': 'ko' })).text(), /<html lang="en">/);
    const won = await (await get('/c/team-won/join')).text();
    assert.match(won, /<html lang="ko">/, 'the team\'s own language when the browser names none');
    assert.match(won, /목표 금액 \(대한민국 원\)/);
    assert.match(won, /300000처럼 금액을 입력하세요\./);
    assert.match(won, /data-currency="krw"/);
  });

  test('in Korean, every refusal of supporter text the endpoint can send reads in Korean (join and owner\'s page)', async () => {
    const join = words(await (await get('/c/team-a/join?lang=ko')).text()).refusals as Record<string, string>;
    const manage = words(await (await get('/c/p-any/manage?lang=ko')).text()).refusals as Record<string, string>;
    for (const refusals of [join, manage]) {
      for (const english of Object.values(PUBLIC_TEXT_PROBLEMS)) assert.match(refusals[english] ?? '', /[가-힣]/, english);
    }
    // What the endpoint answers for a name with a direction override, as the page's script shows it.
    const parsed = FundraiserCreate.safeParse({ displayName: 'Mina \u202ePark', goal: 30_000, story: 'x', date: '2027-02-30' });
    const { field, detail } = describeIssue(parsed.error!);
    assert.equal(field, 'displayName');
    assert.equal(detailOf({ detail }, join), '글자 방향을 바꾸는 문자는 쓸 수 없습니다.');
    assert.equal(detailOf({ detail: 'date: is not a day of the calendar' }, join), '달력에 없는 날짜입니다.');
    assert.equal(detailOf({ detail }, {}), 'must not contain direction-override characters', 'English pages show the endpoint\'s words');
    assert.deepEqual(words(await (await get('/c/team-a/join')).text()).refusals, {});
  });

  test('a team that takes no pages, or has ended, says so kindly: no form, no script', async () => {
    for (const [id, title] of [['team-off', 'Team Off'], ['team-old', 'Team Old']]) {
      const res = await get(`/c/${id}/join`);
      assert.equal(res.status, 200, id);
      assert.equal(res.headers.get('x-robots-tag'), 'noindex');
      const body = await res.text();
      assert.match(body, new RegExp(`<h1>${title} is not taking new pages</h1>`), id);
      assert.match(body, /You can still give, or ask the team how else you can help\./);
      assert.ok(body.includes(`<a href="/c/${id}?lang=en">Go to the page of ${title}</a>`), id);
      assert.doesNotMatch(body, /<form|fundraiser\.js/, id);
    }
  });

  test('an unknown team and a supporter\'s own page (pending or public) get the 404 page', async () => {
    const made = await app.fetch(new Request('http://rk.test/v1/campaigns/team-a/fundraisers', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'Mina', goal: 30_000, story: 'Nine lives.' }),
    }), { ip: '203.0.113.9' });
    assert.equal(made.status, 201);
    const { id } = (await made.json()) as { id: string };
    const paths = ['/c/no-such-team/join', '/c/%3Cscript%3E/join', `/c/${id}/join`];
    for (const path of paths) {
      const res = await get(path);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type')!, /^text\/html/, path);
      assert.match(await res.text(), /No campaign here/, path);
    }
    const approved = await app.fetch(new Request(`http://rk.test/v1/campaigns/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } }));
    assert.equal(approved.status, 200, await approved.text());
    assert.equal((await get(`/c/${id}`)).status, 200, 'the page is public now');
    assert.equal((await get(`/c/${id}/join`)).status, 404, 'and still takes no pages under it');
  });

  test('a team title is escaped wherever it appears, the script\'s words included', async () => {
    const body = await (await get('/c/team-evil/join')).text();
    assert.doesNotMatch(body, /<script>alert/);
    assert.ok(body.includes('Start your own page for Team &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;'));
    assert.equal(words(body).notTaking, `${EVIL} is not taking new pages right now.`, 'the words attribute holds the title as text');
  });

  test('the owner\'s page: the same HTML for every id, never indexed, stored or sent as a referrer', async () => {
    const res = await get('/c/p-anything/manage');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-robots-tag'), 'noindex');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('content-security-policy'), `${PAGE_CSP}; frame-ancestors 'none'`);
    const body = await res.text();
    assert.equal(await (await get('/c/%3Cscript%3E/manage')).text(), body);
    assert.match(body, /<meta name="robots" content="noindex">/);
    assert.match(body, /<main class="page manage" data-page="manage"/);
    assert.match(body, /<script type="module" src="\/rescuekit-assets\/fundraiser.js"><\/script>/);
    assert.doesNotMatch(body, /<script>|style="|\son\w+="/);
    for (const id of ['m-name', 'm-story', 'm-occasion', 'm-date', 'm-goal', 'm-re-goal', 'm-re-occasion', 'm-re-date', 'm-hide']) assert.match(body, new RegExp(`<label for="${id}">`), id);
    assert.match(body, /Remove my name/);
    assert.match(body, /<a id="m-lang" href="\?lang=ko" hreflang="ko" lang="ko">한국어<\/a>/);
    const w = words(body);
    assert.equal(w.refused, 'This link no longer opens the page; ask your team lead for a new one.');
    assert.equal(w.raisedOf, '{raised} raised of {goal}', 'the hosted page\'s own sentence');
    assert.equal(w.hiddenName, 'A supporter of {team}');
    const ko = await (await get('/c/p-anything/manage?lang=ko')).text();
    assert.match(ko, /<html lang="ko">/);
    assert.equal(words(ko).raisedOf, '목표 {goal} 중 {raised} 모금');
  });
});

describe('the join form with a human check', () => {
  const check: HumanCheck = { enabled: true, verify: async (token) => token === 'human' };

  for (const [provider, origin, widget] of [['turnstile', 'https://challenges.cloudflare.com', 'cf-turnstile'], ['hcaptcha', 'https://hcaptcha.com https://*.hcaptcha.com', 'h-captcha']] as const) {
    test(`${provider}: the provider's widget with the site key, and only its origin let in`, async () => {
      const { app, store } = await open({ ...CONFIG, humanCheck: { provider, siteKey: 'site-key-<1>' } }, check);
      try {
        const res = await app.fetch(new Request('http://rk.test/c/team-a/join'));
        const csp = res.headers.get('content-security-policy')!;
        assert.match(csp, new RegExp(`script-src 'self' ${origin.replaceAll('.', '\\.').replaceAll('*', '\\*')}(;|$)`));
        assert.match(csp, new RegExp(`frame-src ${origin.replaceAll('.', '\\.').replaceAll('*', '\\*')}(;|$)`));
        assert.match(csp, /default-src 'none'/);
        assert.doesNotMatch(csp, /unsafe-inline/);
        const body = await res.text();
        assert.ok(body.includes(`<div class="${widget}" data-sitekey="site-key-&lt;1&gt;"${provider === 'turnstile' ? ' data-language="en"' : ''}></div>`));
        assert.match(body, new RegExp(`data-human-check="${provider}"`));
        assert.match(body, provider === 'turnstile' ? /<script src="https:\/\/challenges\.cloudflare\.com\/turnstile\/v0\/api\.js" async defer><\/script>/ : /<script src="https:\/\/js\.hcaptcha\.com\/1\/api\.js\?hl=en" async defer><\/script>/);
        const off = await app.fetch(new Request('http://rk.test/c/team-off/join'));
        assert.equal(off.headers.get('content-security-policy'), `${PAGE_CSP}; frame-ancestors 'none'`, 'a team that takes no pages loads nothing from the provider');
        assert.doesNotMatch(await off.text(), /api\.js/);
        const manage = await app.fetch(new Request('http://rk.test/c/p-x/manage'));
        assert.equal(manage.headers.get('content-security-policy'), `${PAGE_CSP}; frame-ancestors 'none'`);
      } finally {
        await app.close();
        await store.close();
      }
    });
  }

  test('a config naming a human check the endpoint does not run shows no widget (no token is asked for)', async () => {
    const { app, store } = await open({ ...CONFIG, humanCheck: { provider: 'turnstile', siteKey: 'k' } });
    try {
      const body = await (await app.fetch(new Request('http://rk.test/c/team-a/join'))).text();
      assert.doesNotMatch(body, /cf-turnstile|data-human-check/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
