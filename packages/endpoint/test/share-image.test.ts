/**
 * The share image on a bare machine: fonts and emoji come from npm packages (this test must pass with
 * no font installed on the system), right-to-left titles give way to a fallback line, a long word
 * stays on the card, renders queue with a bound and the cache keeps to its byte budget.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Resvg } from '@resvg/resvg-js';
import type { Progress } from '@rescuekit/schema';
import { CARD_HEIGHT, CARD_WIDTH, CardCache, cardTree, drawable, renderCardSvg } from '../src/reach/card.js';
import { twemojiName } from '../src/reach/emoji.js';
import { cardFonts } from '../src/reach/fonts.js';
import { RenderQueueFullError } from '../src/reach/render-queue.js';
import { STRINGS } from '../src/reach/strings.js';

const progress = (title: string, extra: Partial<Progress> = {}): Progress => ({
  campaign: 'team', title, currency: 'usd', goal: 900_000, raised: 123_400, donors: 3, rescueCost: 300_000, rescuesFunded: 0, allies: 0,
  updatedAt: '2026-12-06T10:00:00.000Z', ...extra,
});

/** RGBA pixels of the card drawn from `svg`, by resvg with no system font. */
function pixels(svg: string): { at(x: number, y: number): number[] } {
  const img = new Resvg(svg, { fitTo: { mode: 'width', value: CARD_WIDTH }, font: { loadSystemFonts: false } }).render();
  const data = img.pixels;
  return { at: (x, y) => [...data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)] };
}
/** Dark (text) pixels in a column band of the card. */
function darkIn(svg: string, x0: number, x1: number, y0 = 0, y1 = CARD_HEIGHT): number {
  const p = pixels(svg);
  let n = 0;
  for (let x = x0; x < x1; x++) for (let y = y0; y < y1; y++) if (p.at(x, y).slice(0, 3).every((c) => c < 100)) n++;
  return n;
}

describe('share image fonts and text', () => {
  test('fonts come from the npm packages: English needs only Latin files, a Korean title adds its Hangul subsets', async () => {
    const en = await cardFonts('Riverside Rescue Team $1,234 raised of $9,000');
    assert.ok(en.length >= 1 && en.every((f) => f.name.startsWith('noto-') && !f.name.startsWith('noto-kr')), en.map((f) => f.name).join());
    const ko = await cardFonts('리버사이드 구출팀 목표 US$9,000 중 US$1,234 모금');
    assert.ok(ko.some((f) => f.name.startsWith('noto-kr')), 'Hangul faces');
    assert.ok(ko.length < 40, `only the subsets the text needs (${ko.length} of ~125)`);
    assert.equal(await cardFonts('Riverside Rescue Team $1,234 raised of $9,000'), en, 'the same faces give the same list (satori keeps its engine)');
    const svg = await renderCardSvg(progress('리버사이드 구출팀: 봄까지 세 명 구출'), 'ko');
    assert.ok(darkIn(svg, 72, 1128, 150, 330) > 2_000, 'the Korean title is drawn');
  });

  test('emoji are drawn as Twemoji pictures from the package', async () => {
    assert.deepEqual(['🎂', '🕊️', '👩‍👩‍👧', '❤️'].map(twemojiName), ['1f382', '1f54a', '1f469-200d-1f469-200d-1f467', '2764']);
    const svg = await renderCardSvg(progress('Bake sale 🎂 for freedom 🕊️'), 'en');
    assert.equal((svg.match(/<image[^>]+data:image\/svg\+xml;base64/g) ?? []).length, 2, 'one picture per emoji');
  });

  test('a right-to-left title gives way to the fallback line on the image (the page keeps it)', async () => {
    for (const title of ['فريق الإنقاذ', 'צוות ההצלה', 'Team שלום']) assert.equal(drawable(title, 'X'), 'X', title);
    for (const title of ['Riverside', '리버사이드 구출팀', 'Équipe de secours 🎂']) assert.equal(drawable(title, 'X'), title);
    const tree = JSON.stringify(cardTree(progress('فريق الإنقاذ العربي'), 'en'));
    assert.ok(tree.includes(STRINGS.en.cardTitleFallback) && !tree.includes('فريق'));
    assert.ok(JSON.stringify(cardTree(progress('צוות'), 'ko')).includes(STRINGS.ko.cardTitleFallback));
    const svg = await renderCardSvg(progress('فريق الإنقاذ العربي'), 'en');
    assert.ok(darkIn(svg, 72, 1128, 150, 330) > 2_000, 'the fallback line is drawn');
  });

  test("a fundraiser page's card shows its public name over \"for <team>\", never the title it was given", async () => {
    const page = progress('A supporter of Team A', { campaign: 'p-x', goal: 30_000, raised: 12_300 });
    const tree = JSON.stringify(cardTree(page, 'ko', { title: '서울 구출 팀의 후원자', forTeam: '서울 구출 팀 모금에 함께합니다' }));
    assert.ok(tree.includes('"서울 구출 팀의 후원자"') && tree.includes('"서울 구출 팀 모금에 함께합니다"'), tree);
    assert.ok(!tree.includes('A supporter of'), "the English form (or any other title) is not drawn");
    assert.ok(tree.includes('"lineClamp":2'), 'the name keeps to two lines under a team line');
    // A team whose name satori cannot draw (right-to-left) leaves the line out rather than draw it wrong.
    assert.ok(!JSON.stringify(cardTree(page, 'en', { title: 'Mina', forTeam: 'for فريق' })).includes('فريق'));
    const svg = await renderCardSvg(page, 'en', { title: 'Mina Park', forTeam: 'for Riverside Rescue Team' });
    assert.ok(darkIn(svg, 72, 700, 270, 320) > 1_000, 'the team line is drawn under the name');
    let renders = 0;
    const cache = new CardCache({ render: async () => (renders++, new Uint8Array(1)) });
    const a = await cache.get(page, 'en', 'svg', { title: 'Mina Park' });
    const b = await cache.get(page, 'en', 'svg', { title: 'A supporter of Team A' });
    assert.notEqual(a.etag, b.etag, 'a name shown or hidden is a new image');
    assert.equal(renders, 2);
  });

  test('a 120-character word stays inside the card: it breaks and ends in an ellipsis, nothing in the right margin', async () => {
    const word = 'A'.repeat(60) + 'B'.repeat(60);
    const svg = await renderCardSvg(progress(word), 'en');
    assert.equal(darkIn(svg, CARD_WIDTH - 60, CARD_WIDTH), 0, 'no text in the right margin');
    assert.ok(darkIn(svg, 72, 1128, 150, 330) > 5_000, 'the word is drawn');
    const plain = await renderCardSvg(progress('Riverside Rescue Team'), 'en');
    assert.equal(darkIn(plain, CARD_WIDTH - 60, CARD_WIDTH), 0);
  });
});

describe('share image queue and cache', () => {
  test('renders run two at a time with a bounded number waiting; beyond that the request is refused at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let running = 0;
    let most = 0;
    const cache = new CardCache({ concurrency: 2, queue: 3, render: async () => ((most = Math.max(most, ++running)), await gate, running--, new Uint8Array(10)) });
    const pending = Array.from({ length: 5 }, (_, i) => cache.get(progress(`t${i}`), 'en', 'png'));
    await assert.rejects(cache.get(progress('t5'), 'en', 'png'), RenderQueueFullError);
    release();
    const done = await Promise.all(pending);
    assert.equal(done.length, 5);
    assert.equal(most, 2, 'never more than two at once');
    assert.equal((await cache.get(progress('t5'), 'en', 'png')).bytes.length, 10, 'room again once the queue drained');
  });

  test('the cache is bounded by bytes, least recently used out first, and a hit is not rendered again', async () => {
    let renders = 0;
    const cache = new CardCache({ maxBytes: 1_000, render: async () => (renders++, new Uint8Array(300)) });
    const keep = progress('kept');
    await cache.get(keep, 'en', 'png');
    for (let i = 0; i < 10; i++) {
      await cache.get(progress(`c${i}`), 'en', 'png');
      await cache.get(keep, 'en', 'png'); // used again: stays
      assert.ok(cache.bytes <= 1_000, `within the budget (${cache.bytes})`);
    }
    assert.equal(renders, 11, 'the kept card was drawn once');
    assert.ok(cache.stats.evictions >= 8);
  });
});
