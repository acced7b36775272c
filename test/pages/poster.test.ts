// The poster in Chromium with its whole lower third (why, date and place, six prices) at the longest
// lengths allowed: it prints on ONE A4 and ONE Letter page in English and Korean, a team's and a
// fundraiser page's; every QR code has its URL in text beside it and scans to it; a 1% campaign's
// bar shows a fill at least as long as the bar is thick and 8 px; and its look is kept by baselines
// (A4, en and ko, at 320, 375 and 1280 px on screen).
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'puppeteer-core';
import { startServer, type RunningServer } from '../../packages/endpoint/src/node.js';
import { matchBaseline, waitForFonts } from '../visual/pages.js';
import { launchChromium } from './harness.js';

const PUBLIC = 'https://give.example.org';
const POSTER = {
  why: 'Every $3,000 brings one North Korean refugee from hiding in China to freedom, and every $9 gives nine lives a chance to be lived',
  date: 'Saturday 14 March 2027, 10am to 2pm, and Sunday 15 March',
  place: 'Riverside High School, main hall by the east car park, Harbor Road',
  prices: [
    { item: 'Cupcake with cream cheese frosting', amount: 300 }, { item: 'Lemonade', amount: 150 }, { item: 'Whole carrot cake', amount: 2_500 },
    { item: 'Kimbap roll', amount: 600 }, { item: 'Hotteok (sweet pancake)', amount: 250 }, { item: 'Coffee', amount: 200 },
  ],
};
const POSTER_KO = {
  why: '3,000달러마다 중국에 숨어 있는 탈북민 한 명이 자유를 찾고, 9달러마다 아홉 가지 삶에 기회가 생깁니다',
  date: '2027년 3월 14일 토요일 오전 10시부터 오후 2시까지',
  place: '리버사이드 고등학교 대강당, 하버 로드 동쪽 주차장 옆',
  prices: [
    { item: '크림치즈 컵케이크', amount: 300 }, { item: '레모네이드', amount: 150 }, { item: '당근 케이크 한 판', amount: 2_500 },
    { item: '김밥 한 줄', amount: 600 }, { item: '호떡', amount: 250 }, { item: '커피', amount: 200 },
  ],
};

describe('the poster in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page = '';
  const admin = randomUUID();
  const post = async (path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await res.json();
    assert.ok(res.ok, JSON.stringify(json));
    return json;
  };

  before(async () => {
    const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
    config.publicUrl = PUBLIC;
    const team = { currency: 'usd', goal: 900_000, rescueCost: 300_000, parent: 'the-hundred' };
    config.campaigns.push(
      { id: 'riverside', title: 'Rescue Team of the Greater Riverside and Harbor District Volunteers and Friends', ...team, poster: POSTER },
      { id: 'seoul', title: '서울 구출 팀: 봄까지 세 명의 탈북민을 자유로', locale: 'ko', ...team, poster: POSTER_KO },
      { id: 'one-percent', title: 'One Percent Team', ...team, fundraisers: 'off' },
    );
    server = await startServer({ config, databaseUrl: 'sqlite::memory:', adminToken: admin, port: 0, host: '127.0.0.1', log: () => {}, env: {} });
    for (const id of ['riverside', 'seoul', 'one-percent']) await post(`/v1/campaigns/${id}/offline-gifts`, { amount: 9_000, currency: 'usd', note: 'bake sale' }, admin);
    const created = await post('/v1/campaigns/riverside/fundraisers', { displayName: 'Mina Park', goal: 30_000, story: 'Running for freedom' });
    page = created.id;
    await post(`/v1/campaigns/${page}/approve`, undefined, admin);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens `path` at `width` px with its fonts loaded (a second load: `font-display: optional` uses cached faces at once). */
  async function open(path: string, width: number): Promise<Page> {
    const tab = await browser.newPage();
    await tab.setViewport({ width, height: 900 });
    await tab.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await waitForFonts(tab);
    await tab.goto(`${server.url}${path}`, { waitUntil: 'load' });
    await waitForFonts(tab);
    return tab;
  }

  test('with the whole lower third the poster prints on one A4 and one Letter page, in English and Korean', async () => {
    for (const id of ['riverside', 'seoul', page]) {
      for (const paper of ['a4', 'letter']) {
        for (const lang of ['en', 'ko']) {
          const tab = await open(`/c/${id}/poster?paper=${paper}&lang=${lang}`, 800);
          try {
            assert.equal(await tab.$$eval('.lower', (els) => els.length), 1, `${id}: the lower third`);
            const pdf = Buffer.from(await tab.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
            const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
            assert.equal(pages, 1, `${id} on ${paper} in ${lang}: ${pages} pages`);
          } finally {
            await tab.close();
          }
        }
      }
    }
  });

  test('every QR code has its URL in text beside it, and scans to that URL', async () => {
    for (const [id, lang, codes] of [['riverside', 'en', 2], ['seoul', 'ko', 2], [page, 'en', 1]] as const) {
      const tab = await open(`/c/${id}/poster?lang=${lang}`, 1280);
      try {
        const figures = await tab.$$('figure.qr');
        assert.equal(figures.length, codes, id);
        for (const figure of figures) {
          const url = await figure.$eval('.url', (el) => el.textContent);
          assert.ok(url?.startsWith(`${PUBLIC}/c/${id}`), `${id}: ${url}`);
          const svg = (await figure.$('svg'))!;
          const png = PNG.sync.read(Buffer.from(await svg.screenshot({ type: 'png' })));
          assert.equal(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, url, `${id}: the code scans to the URL beside it`);
        }
      } finally {
        await tab.close();
      }
    }
  });

  test("a 1% campaign's bar shows a fill at least as long as the bar is thick and at least 8 px, at 320, 375 and 1280 px", async () => {
    for (const width of [320, 375, 1280]) {
      const tab = await open('/c/one-percent/poster', width);
      try {
        const [fill, bar] = await tab.$eval('.bar', (svg) => [svg.querySelector('.fill')!.getBoundingClientRect(), svg.getBoundingClientRect()].map((r) => ({ width: r.width, height: r.height })));
        assert.ok(fill!.width >= bar!.height - 0.5 && fill!.width >= 8, `at ${width} px: fill ${fill!.width.toFixed(1)} px in a bar ${bar!.height.toFixed(1)} px thick`);
        assert.ok(fill!.width <= bar!.width);
      } finally {
        await tab.close();
      }
    }
  });

  test('the poster looks as its baselines, A4 in English and Korean, at 320, 375 and 1280 px', async () => {
    for (const [id, lang] of [['riverside', 'en'], ['seoul', 'ko']] as const) {
      for (const width of [320, 375, 1280]) {
        const tab = await open(`/c/${id}/poster?lang=${lang}`, width);
        try {
          assert.ok(await tab.evaluate(() => document.fonts.check('700 16px "Noto Sans"', '가A')), 'the served fonts are in use');
          matchBaseline(`poster-a4-${lang}-${width}`, Buffer.from(await tab.screenshot({ fullPage: true, type: 'png' })));
        } finally {
          await tab.close();
        }
      }
    }
  });
});
