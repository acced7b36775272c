// Progress that encourages: a campaign's first gifts show in the tube and the bar (a fill at least as long
// as the track is thick, and 8 px), drawn inside the track, while the progressbar keeps the true value.
import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { Progress } from '@rescuekit/schema';
import '../define/rescue-thermometer.js';
import type { RescueThermometer } from './rescue-thermometer.js';
import { demo, empty } from '../test-support/fixtures.js';
import { fillExtent } from '../test-support/fill.js';

const internalsOf = new WeakMap<HTMLElement, ElementInternals>();
const attachInternals = HTMLElement.prototype.attachInternals;
HTMLElement.prototype.attachInternals = function (this: HTMLElement) {
  const internals = attachInternals.call(this);
  internalsOf.set(this, internals);
  return internals;
};

/** 1 % of the goal: $90 of $9,000. */
const onePercent: Progress = { ...empty, raised: 9_000, donors: 2 };
/** $1 of $9,000: 0 % when rounded down, still money given. */
const oneDollar: Progress = { ...empty, raised: 100, donors: 1 };

const show = (p: Progress, variant: string, more = '') =>
  fixture<RescueThermometer>(html`<div dir=${more || 'ltr'} style="width: 360px"><rescue-thermometer variant=${variant} .progress=${p}></rescue-thermometer></div>`).then(
    async (f) => {
      const el = f.firstElementChild as RescueThermometer;
      await el.updateComplete;
      return el;
    },
  );
const drawn = (el: RescueThermometer, part = 'indicator') => {
  const root = el.shadowRoot!;
  return fillExtent(root, root.querySelector(`[part=${part}]`)!, root.querySelector('[part=track]')!, el.variant == 'bar' ? 'x' : 'y');
};

describe('<rescue-thermometer> a visible fill from the first gift', () => {
  before(() => emulateMedia({ reducedMotion: 'reduce' }));

  for (const variant of ['thermometer', 'bar']) {
    it(`${variant}: 1 % and $1 draw a fill at least the track's thickness and 8 px long, inside the track`, async () => {
      for (const [p, now] of [[onePercent, '1'], [oneDollar, '0']] as const) {
        const el = await show(p, variant);
        const { extent, thickness, outside } = drawn(el);
        expect(thickness, 'thickness').to.be.greaterThan(0);
        expect(extent, `${variant} at ${p.raised}`).to.be.at.least(Math.max(thickness, 8) - 1);
        expect(outside, 'nothing outside the track').to.equal(0);
        expect(internalsOf.get(el)!.ariaValueNow, 'the true value').to.equal(now);
      }
    });

    it(`${variant}: nothing raised, nothing drawn; a larger total draws its own length`, async () => {
      expect(drawn(await show(empty, variant)).extent).to.equal(0);
      const el = await show(demo, variant);
      const { extent } = drawn(el);
      const track = el.shadowRoot!.querySelector('[part=track]')!.getBoundingClientRect();
      const length = variant == 'bar' ? track.width - 4 : track.height - 2;
      expect(extent / length).to.be.closeTo(0.46, 0.02);
    });
  }

  it('bar, right to left: the short fill starts at the right edge', async () => {
    const el = await show(onePercent, 'bar', 'rtl');
    const root = el.shadowRoot!;
    const track = root.querySelector('[part=track]')!.getBoundingClientRect();
    const { extent } = drawn(el);
    expect(extent).to.be.at.least(track.height - 1);
    const fill = root.querySelector('[part=indicator]');
    expect(root.elementFromPoint(track.right - 5, track.top + track.height / 2) == fill, 'filled at the right').to.equal(true);
    expect(root.elementFromPoint(track.left + 5, track.top + track.height / 2) == fill, 'filled at the left').to.equal(false);
  });

  it('matched money starts where the short raised fill ends, and is drawn', async () => {
    for (const variant of ['thermometer', 'bar']) {
      // $90 raised and $450 matched of $9,000: 1 % then 6 %.
      const el = await show({ ...onePercent, matched: 45_000 }, variant);
      await new Promise((r) => setTimeout(r, 50));
      await el.updateComplete;
      const raised = drawn(el);
      const matched = drawn(el, 'matched');
      expect(raised.extent, variant).to.be.at.least(raised.thickness - 1);
      expect(matched.extent, variant).to.be.greaterThan(0);
      expect(matched.outside).to.equal(0);
    }
  });
});
