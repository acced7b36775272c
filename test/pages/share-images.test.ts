// The share images' look, kept by baselines: card.png, card-square.png and card-story.png in English
// and Korean, drawn from fixed numbers (a campaign before its first rescue) with the short URL and
// QR code, exactly as the endpoint renders them (fonts from the npm packages, no OS font).
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import type { Progress } from '@rescuekit/schema';
import { CARD_SIZES, renderCardSvg, svgToPng, type CardShape } from '../../packages/endpoint/src/reach/card.js';
import { matchBaseline } from '../visual/pages.js';

const progress = (title: string): Progress => ({
  campaign: 'riverside', title, currency: 'usd', goal: 900_000, raised: 4_500, donors: 3, rescueCost: 300_000, rescuesFunded: 0, allies: 0,
  updatedAt: '2026-12-06T10:00:00.000Z',
});
const TITLES = { en: 'Riverside Rescue Team', ko: '리버사이드 구출팀: 봄까지 세 명 구출' } as const;

for (const shape of ['wide', 'square', 'story'] as CardShape[]) {
  for (const lang of ['en', 'ko'] as const) {
    test(`the ${shape} share image in ${lang} looks as its baseline`, async () => {
      const svg = await renderCardSvg(progress(TITLES[lang]), lang, undefined, { shape, publicUrl: 'https://give.example.org' });
      const png = Buffer.from(svgToPng(svg, CARD_SIZES[shape].width));
      const { width, height } = PNG.sync.read(png);
      assert.deepEqual({ width, height }, CARD_SIZES[shape]);
      matchBaseline(`card-${shape}-${lang}`, png);
    });
  }
}
