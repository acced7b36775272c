import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { Progress } from '@rescuekit/schema';
import '../define/rescue-thermometer.js';
import type { RescueThermometer } from './rescue-thermometer.js';
import { demo, partText } from '../test-support/fixtures.js';
import { matchedProgress } from '../test-support/giving-day.js';

// A page of its own: the giving-day module is not loaded until a test here makes the thermometer load it.
// (Each module this page loads is one resource entry; the buffer must hold them all.)
performance.setResourceTimingBufferSize(100_000);
const moduleLoads = () => performance.getEntriesByType('resource').filter((e) => /\/rescue-thermometer\/giving-day\.[jt]s\b/.test(e.name)).length;

/** The feed's GET answers `first`; `send` pushes a `progress` event down the (stand-in) event stream. */
function fakeEndpoint(first: Progress) {
  const real = [window.fetch, window.EventSource] as const;
  let listener: ((e: MessageEvent) => void) | undefined;
  window.fetch = async () => new Response(JSON.stringify(first));
  (window as { EventSource?: unknown }).EventSource = class {
    addEventListener(_: string, fn: (e: MessageEvent) => void) {
      listener = fn;
    }
    close() {}
  };
  return {
    send: (p: unknown) => listener!(new MessageEvent('progress', { data: JSON.stringify(p) })),
    restore: () => void ([window.fetch, window.EventSource] = real),
    connected: () => !!listener,
  };
}
const live = () => fixture<RescueThermometer>(html`<rescue-thermometer endpoint="https://e.example/" campaign="rescue-team-demo" live></rescue-thermometer>`);

describe('<rescue-thermometer> loads its giving-day module only for a giving day', () => {
  let endpoint: ReturnType<typeof fakeEndpoint>;
  afterEach(() => {
    endpoint.restore();
  });

  it('a campaign without giving-day fields never requests it (loaded, live updates, set directly)', async () => {
    endpoint = fakeEndpoint(demo);
    const el = await live();
    await waitUntil(() => endpoint.connected() && partText(el, 'value') == '46% $4,200 of $9,000 raised');
    for (const raised of [430_000, 440_000, 450_000]) endpoint.send({ ...demo, raised });
    await waitUntil(() => partText(el, 'value') == '50% $4,500 of $9,000 raised');
    el.progress = { ...demo, raised: 460_000 };
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    expect(partText(el, 'match')).to.equal('');
    expect(moduleLoads()).to.equal(0);
  });

  it('a giving-day campaign loads it once over several live updates, and shows no document without its match', async () => {
    endpoint = fakeEndpoint(matchedProgress);
    const shown: (number | undefined)[] = [];
    const frame = await fixture<HTMLElement>(html`<div @rescue-progress=${(e: CustomEvent<Progress>) => shown.push(e.detail.matched)}></div>`);
    frame.append(document.createElement('rescue-thermometer'));
    const el = frame.firstElementChild as RescueThermometer;
    Object.assign(el, { endpoint: 'https://e.example/', campaign: 'rescue-team-demo', live: true });
    // Updates arrive while the module is still loading: the newest is the one shown.
    await waitUntil(() => endpoint.connected());
    endpoint.send({ ...matchedProgress, matched: 130_000 });
    endpoint.send({ ...matchedProgress, matched: 140_000 });
    await waitUntil(() => partText(el, 'match') == '$1,400 matched by the Kim Family Foundation');
    for (const matched of [150_000, 160_000]) endpoint.send({ ...matchedProgress, matched });
    await waitUntil(() => partText(el, 'match') == '$1,600 matched by the Kim Family Foundation');
    expect(shown.every((m) => m! > 0), `every progress shown had its match: ${shown}`).to.equal(true);
    expect(shown.at(-1)).to.equal(160_000);
    // Malformed giving-day fields reject the document (as zod does) once the module checks them: the last one stays.
    endpoint.send({ ...matchedProgress, matched: '170000' });
    await new Promise((r) => setTimeout(r, 50));
    expect(partText(el, 'match')).to.equal('$1,600 matched by the Kim Family Foundation');
    el.progress = { ...matchedProgress, endsAt: new Date(Date.now() + 3_600_000).toISOString() };
    await el.updateComplete;
    expect(partText(el, 'countdown')).to.equal('1 hour left');
    expect(moduleLoads()).to.equal(1);
  });
});
