// What the first share image costs a fresh server: RSS before the image code is loaded (it loads at
// the first image request), and after it has drawn one card in English, then one in Korean (the fonts
// a real first request may need). Plain Node on the built package, as production runs it. Prints one
// JSON line; run by scripts/bench.mjs in a process of its own, after the build.
const progress = {
  campaign: 'rescue-team-demo', title: 'Rescue Team demo: three rescues', currency: 'usd', goal: 900000, raised: 123400,
  donors: 3, rescueCost: 300000, rescuesFunded: 0, allies: 0, updatedAt: new Date().toISOString(),
};
const MB = 2 ** 20;
const before = process.memoryUsage().rss;
const t0 = performance.now();
const { renderCardSvg, svgToPng } = await import('../packages/endpoint/dist/reach/card.js');
svgToPng(await renderCardSvg(progress, 'en'));
const firstRenderMs = performance.now() - t0;
const afterEnglish = process.memoryUsage().rss;
svgToPng(await renderCardSvg({ ...progress, title: '리버사이드 구출팀: 봄까지 세 명 구출' }, 'ko'));
const afterKorean = process.memoryUsage().rss;
console.log(JSON.stringify({ firstRenderMs, rssBeforeMB: before / MB, addedEnglishMB: (afterEnglish - before) / MB, addedWithKoreanMB: (afterKorean - before) / MB }));
