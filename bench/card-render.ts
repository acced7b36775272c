// Share-image render time, warm: satori (SVG) and satori + resvg (PNG), a new total each render
// so nothing is cached. Prints one JSON line; run by scripts/bench.mjs (`node --import tsx`).
import type { Progress } from '@rescuekit/schema';
import { renderCardSvg, svgToPng } from '../packages/endpoint/src/reach/card.js';

const base: Progress = {
  campaign: 'rescue-team-demo', title: 'Rescue Team demo: three rescues', currency: 'usd', goal: 900000, raised: 0,
  donors: 0, rescueCost: 300000, rescuesFunded: 0, allies: 0, updatedAt: new Date().toISOString(),
};
const WARM = 5;
const N = Number(process.env.BENCH_CARD_RENDERS ?? 30);
const svgMs: number[] = [];
const pngMs: number[] = [];
for (let i = 0; i < WARM + N; i++) {
  const p = { ...base, raised: 100 * (i + 1), donors: i, rescuesFunded: Math.floor((100 * (i + 1)) / 300000) };
  const t0 = performance.now();
  const svg = await renderCardSvg(p, i % 2 ? 'ko' : 'en');
  const t1 = performance.now();
  svgToPng(svg);
  const t2 = performance.now();
  if (i >= WARM) svgMs.push(t1 - t0), pngMs.push(t2 - t0);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(JSON.stringify({ renders: N, svgMedianMs: median(svgMs), svgMeanMs: mean(svgMs), pngMedianMs: median(pngMs), pngMeanMs: mean(pngMs) }));
