// Prints the layout shift of every example page and recipe as JSON (for `npm run bench`):
//   node --import tsx test/pages/layout-shift-report.ts
import { PAGES, VIEWPORTS, layoutShifts, score, startExamplesHost } from './layout-shift.js';

const host = await startExamplesHost();
const out: Record<string, Record<string, number>> = {};
try {
  for (const path of PAGES) {
    out[path] = {};
    for (const viewport of VIEWPORTS) out[path][`${viewport.width}px`] = Number(score(await layoutShifts(host, path, viewport)).toFixed(4));
  }
} finally {
  await host.close();
}
console.log(JSON.stringify(out));
