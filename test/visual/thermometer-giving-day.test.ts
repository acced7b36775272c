// Visual regression of <rescue-thermometer> on a giving day: matched money (open, used up), the
// countdown (days, hours, minutes, ended) and the goal reached by a live update, in English at
// 1280 px; the matched thermometer and bar in Korean, on the dark palette, at 320 px and
// right-to-left. The clock is fixed (GIVING_NOW), so the countdown and the match window read the
// same whenever this runs. Same setup as widgets.test.ts (web-test-runner.visual.config.mjs).
import { fixture, html } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { visualDiff } from '@web/test-runner-visual-regression';
import type { TemplateResult } from 'lit';
import type { RescueThermometer } from '@rescuekit/widgets';
import '../../packages/widgets/src/define/rescue-thermometer.js';
import { countdowns, GIVING_NOW, matchedProgress, matchedReached, matchExhausted } from '../../packages/widgets/src/test-support/giving-day.js';
import { applyPalette, dark } from '../../packages/widgets/src/test-support/palettes.js';

/** Renders `tpl` in a padded frame, waits for the element and its fonts, and compares the frame. */
async function shoot(name: string, tpl: TemplateResult, prepare?: (el: RescueThermometer) => unknown, frame?: (f: HTMLElement) => void) {
  const f = await fixture<HTMLElement>(html`<div style="display: flow-root; padding: 12px; max-width: 36rem">${tpl}</div>`);
  frame?.(f);
  const el = f.firstElementChild as RescueThermometer;
  await el.updateComplete;
  await prepare?.(el);
  await el.updateComplete;
  await document.fonts.ready;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await visualDiff(f, name);
}

const thermometer = (p: unknown, variant = 'thermometer') => html`<rescue-thermometer variant=${variant} .progress=${p}></rescue-thermometer>`;

const realNow = Date.now;
before(async () => {
  // No animation or transition mid-screenshot; the giving day's clock stands still.
  await emulateMedia({ reducedMotion: 'reduce' });
  Date.now = () => GIVING_NOW;
});
after(() => {
  Date.now = realNow;
});

describe('visual: the thermometer on a giving day', () => {
  it('English at 1280 px', async () => {
    await setViewport({ width: 1280, height: 900 });
    const deadlines = countdowns();
    await shoot('en/thermometer-matched', thermometer(matchedProgress));
    await shoot('en/thermometer-matched-bar', thermometer(matchedProgress, 'bar'));
    await shoot('en/thermometer-match-exhausted', thermometer(matchExhausted));
    await shoot('en/thermometer-countdown-days', thermometer(deadlines.days));
    await shoot('en/thermometer-countdown-hours', thermometer(deadlines.hours, 'bar'));
    await shoot('en/thermometer-countdown-minutes', thermometer(deadlines.minutes));
    await shoot('en/thermometer-countdown-ended', thermometer(deadlines.ended));
    await shoot('en/thermometer-goal-reached-live', thermometer(matchedProgress), (el) => (el.progress = matchedReached));
  });

  const conditions: [string, (f: HTMLElement) => void][] = [
    ['ko', (f) => (f.lang = 'ko')],
    ['dark', (f) => applyPalette(f, dark)],
    ['rtl', (f) => (f.dir = 'rtl')],
  ];
  for (const [prefix, frame] of conditions)
    it(`${prefix} at 1280 px`, async () => {
      await setViewport({ width: 1280, height: 900 });
      await shoot(`${prefix}/thermometer-matched`, thermometer(countdowns().hours), undefined, frame);
      await shoot(`${prefix}/thermometer-matched-bar`, thermometer(countdowns().days, 'bar'), undefined, frame);
    });

  it('320 px', async () => {
    await setViewport({ width: 320, height: 900 });
    await shoot('320/thermometer-matched', thermometer(countdowns().hours));
    await shoot('320/thermometer-matched-bar', thermometer(countdowns().days, 'bar'));
  });
});
