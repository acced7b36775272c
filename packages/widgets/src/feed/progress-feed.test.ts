import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../define/rescue-thermometer.js';
import type { RescueThermometer } from '../rescue-thermometer/rescue-thermometer.js';
import { demo } from '../test-support/fixtures.js';

/** Records the feed's own timers (by call site) instead of running them; other timers run as usual. */
function captureTimers() {
  const real = window.setTimeout;
  const timers: { delay: number; fn: () => void }[] = [];
  window.setTimeout = ((fn: () => void, delay = 0, ...args: unknown[]) => {
    if (!/progress-(feed|live)\.ts/.test(new Error().stack ?? '')) return real(fn, delay, ...args);
    timers.push({ delay, fn });
    return 2 ** 30 + timers.length; // never a real timer id, so clearTimeout cannot hit one
  }) as typeof setTimeout;
  return { timers, restore: () => (window.setTimeout = real) };
}

/** A fetch answering every GET with `demo`, counting calls. */
function fakeFetch() {
  const real = window.fetch;
  const calls: { url: string; init?: RequestInit }[] = [];
  window.fetch = async (url, init) => (calls.push({ url: String(url), init }), new Response(JSON.stringify(demo)));
  return { calls, restore: () => (window.fetch = real) };
}

/** An EventSource stand-in that the test drives. */
class FakeSource {
  static all: FakeSource[] = [];
  readyState = 0;
  onopen?: () => void;
  onerror?: () => void;
  listeners: Record<string, (e: MessageEvent) => void> = {};
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent) => void) {
    this.listeners[type] = fn;
  }
  close() {
    this.readyState = 2;
  }
}

const flush = () => new Promise((r) => requestAnimationFrame(r));

describe('ProgressFeed (through <rescue-thermometer live>)', () => {
  const RealSource = window.EventSource;
  let fetches: ReturnType<typeof fakeFetch>;
  beforeEach(() => {
    FakeSource.all = [];
    fetches = fakeFetch();
    (window as { EventSource?: unknown }).EventSource = FakeSource;
  });
  afterEach(() => {
    fetches.restore();
    window.EventSource = RealSource;
  });

  const live = () => fixture<RescueThermometer>(html`<rescue-thermometer endpoint="https://e.example/" campaign="rescue-team-demo" live></rescue-thermometer>`);

  it('GETs (letting the HTTP cache revalidate), then opens the event stream', async () => {
    const el = await live();
    await waitUntil(() => FakeSource.all.length === 1);
    expect(fetches.calls[0]).to.deep.include({ url: 'https://e.example/v1/campaigns/rescue-team-demo' });
    expect(fetches.calls[0]!.init).to.include({ cache: 'no-cache' });
    expect(FakeSource.all[0]!.url).to.equal('https://e.example/v1/campaigns/rescue-team-demo/events');
    FakeSource.all[0]!.listeners.progress!(new MessageEvent('progress', { data: JSON.stringify({ ...demo, raised: 500_000 }) }));
    await el.updateComplete;
    expect(el.progress!.raised).to.equal(500_000);
  });

  it('pauses while disconnected and resumes on reconnection', async () => {
    const el = await live();
    await waitUntil(() => FakeSource.all.length === 1);
    const parent = el.parentElement!;
    el.remove();
    expect(FakeSource.all[0]!.readyState).to.equal(2);
    parent.append(el);
    await waitUntil(() => FakeSource.all.length === 2, 'a new stream');
    expect(fetches.calls.length).to.equal(2);
  });

  it('aborts the request in flight when the campaign changes', async () => {
    const el = await live();
    await waitUntil(() => FakeSource.all.length === 1);
    let signal: AbortSignal | undefined;
    window.fetch = (_url, init) => ((signal ??= init!.signal!), new Promise(() => {}));
    el.campaign = 'the-hundred';
    await el.updateComplete;
    expect(FakeSource.all[0]!.readyState).to.equal(2);
    el.campaign = 'rescue-team-demo';
    await el.updateComplete;
    expect(signal!.aborted).to.equal(true);
  });

  it('a switch of campaign puts the last one’s figures away at once; a document the page set with its campaign stays', async () => {
    window.fetch = () => new Promise(() => {}); // nothing ever answers: what shows is what the feed kept
    const other = { ...demo, campaign: 'the-hundred', title: 'The Hundred' };
    const el = await fixture<RescueThermometer>(html`<rescue-thermometer endpoint="https://e.example" campaign="rescue-team-demo" .progress=${demo}></rescue-thermometer>`);
    expect(el.progress, 'set by the page for its first campaign: kept while it loads').to.equal(demo);
    el.campaign = 'the-hundred';
    await el.updateComplete;
    expect(el.progress, 'the old campaign’s figures never stand under the new name').to.equal(undefined);
    expect(el.shadowRoot!.textContent).not.to.include(demo.title);
    el.campaign = 'rescue-team-demo';
    el.progress = other;
    await el.updateComplete;
    expect(el.progress, 'set in the same update as the switch: the page’s own, kept').to.equal(other);
  });

  it('reconnects with exponential backoff and jitter up to 30 s, then falls back to polling', async () => {
    await live();
    await waitUntil(() => FakeSource.all.length === 1);
    const clock = captureTimers();
    try {
      const delays: number[] = [];
      for (let i = 0; i < 8; i++) {
        FakeSource.all.at(-1)!.onerror!();
        expect(FakeSource.all.at(-1)!.readyState, 'closed on error').to.equal(2);
        const timer = clock.timers.at(-1)!;
        delays.push(timer.delay);
        const gets = fetches.calls.length;
        timer.fn();
        // Each reconnect re-reads the GET, then opens a new stream (or, after the last, schedules a poll).
        await waitUntil(() => fetches.calls.length === gets + 1 && (FakeSource.all.length === i + 2 || clock.timers.length > i + 1), 'reconnected');
      }
      // 1, 2, 4, 8, 16, 30, 30, 30 s, each with 0.5–1× jitter.
      delays.forEach((d, i) => {
        const full = Math.min(30_000, 1000 * 2 ** i);
        expect(d, `attempt ${i + 1}`).to.be.within(full / 2, full);
      });
      expect(FakeSource.all.length, 'no ninth stream').to.equal(8);
      expect(clock.timers.at(-1)!.delay).to.equal(15_000);
      const before = fetches.calls.length;
      clock.timers.at(-1)!.fn();
      await waitUntil(() => fetches.calls.length === before + 1 && clock.timers.length === 10, 'polled and rescheduled');
      expect(clock.timers.at(-1)!.delay).to.equal(15_000);
    } finally {
      clock.restore();
    }
  });

  it('an open stream resets the backoff', async () => {
    await live();
    await waitUntil(() => FakeSource.all.length === 1);
    const clock = captureTimers();
    try {
      FakeSource.all[0]!.onerror!();
      clock.timers[0]!.fn();
      await waitUntil(() => FakeSource.all.length === 2);
      FakeSource.all[1]!.onopen!();
      FakeSource.all[1]!.onerror!();
      expect(clock.timers[1]!.delay).to.be.within(500, 1000);
    } finally {
      clock.restore();
    }
  });

  it('polls every 15 s where EventSource does not exist', async () => {
    (window as { EventSource?: unknown }).EventSource = undefined;
    const clock = captureTimers();
    try {
      const el = await live();
      await waitUntil(() => clock.timers.some((t) => t.delay === 15_000), 'a poll scheduled');
      await flush();
      expect(el.progress).to.deep.equal(demo);
      expect(FakeSource.all.length).to.equal(0);
    } finally {
      clock.restore();
    }
  });
});
