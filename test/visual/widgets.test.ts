// Visual regression: every state the stories show, in English at 1280 px, and each element's main
// states in Korean, on the dark palette, at 320 px and right-to-left; element-sized screenshots
// compared with the committed baselines (web-test-runner.visual.config.mjs says how, and how much
// may differ). No network: progress is given, checkout states are set through `checkout.state`.
import { fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, setViewport } from '@web/test-runner-commands';
import { visualDiff } from '@web/test-runner-visual-regression';
import type { TemplateResult } from 'lit';
import type { CheckoutState, MonthlyAllySignup, NineLivesPicker, RescueDonateButton } from '@rescuekit/widgets';
import '../../packages/widgets/src/define/rescue-thermometer.js';
import '../../packages/widgets/src/define/nine-lives-picker.js';
import '../../packages/widgets/src/define/monthly-ally-signup.js';
import '../../packages/widgets/src/define/rescue-donate-button.js';
import '../../packages/widgets/src/define/rescue-leaderboard.js';
import '../../packages/widgets/src/define/rescue-recent-gifts.js';
import { demo, empty, hoursAgo, krw, reached, recentGifts, teams } from '../../packages/widgets/src/test-support/fixtures.js';
import { applyPalette, dark } from '../../packages/widgets/src/test-support/palettes.js';

/** A data: URL endpoint: never a request that could answer. */
const STUB = 'data:text/plain,';
const progress = { ...demo, campaign: 'the-hundred', minAmount: 100, maxAmount: 10_000_000, manageGivingUrl: 'https://example.org/manage' };
/** $90 of $9,000 (1 %), two donors: no rescue funded yet. */
const onePercent = { ...empty, raised: 9_000, donors: 2 };
const hundred = { ...demo, campaign: 'the-hundred', title: 'The Hundred: 100 rescues to freedom', goal: 30_000_000, raised: 7_650_000, donors: 1_204, rescuesFunded: 25 };

type Giving = NineLivesPicker | MonthlyAllySignup | RescueDonateButton;

/** Renders `tpl` in a padded frame, waits for the element and its fonts, and compares the frame. */
async function shoot(name: string, tpl: TemplateResult, prepare?: (el: HTMLElement) => unknown, frame?: (f: HTMLElement) => void) {
  const f = await fixture<HTMLElement>(html`<div style="display: flow-root; padding: 12px; max-width: 36rem">${tpl}</div>`);
  frame?.(f);
  const el = f.firstElementChild as HTMLElement & { updateComplete: Promise<unknown> };
  await el.updateComplete;
  await prepare?.(el);
  await el.updateComplete;
  await document.fonts.ready;
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  await visualDiff(f, name);
}

/** A checkout state, as the stories show it (the documented `checkout.state`). */
const state = (s: CheckoutState, more: { retryAfter?: number; field?: string } = {}) => (el: HTMLElement) => {
  Object.assign((el as Giving).checkout, { state: s, ...more });
  (el as Giving).requestUpdate();
};

/** Types `value` into the custom amount. */
const custom = (value: string) => async (el: HTMLElement) => {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('[part=custom]')!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

const thermometer = (p: unknown, variant = 'thermometer', attrs: Record<string, string> = {}) =>
  html`<rescue-thermometer variant=${variant} .progress=${p} endpoint=${attrs.endpoint ?? STUB} campaign=${attrs.campaign ?? ''}></rescue-thermometer>`;
const picker = (amounts?: string, monthly = false, p: unknown = progress) =>
  html`<nine-lives-picker endpoint=${STUB} campaign="the-hundred" amounts=${amounts ?? '900 2700 4500 9000'} ?monthly=${monthly} .progress=${p}></nine-lives-picker>`;
/** The campaign's giving settings: the monthly upsell on, impact lines for each preset in en and ko. */
const giving = {
  ...progress,
  upsell: { monthly: true },
  impact: {
    '900': { en: 'A day of safe shelter', ko: '안전한 쉼터에서의 하루' },
    '2700': { en: 'Feeds a family in hiding for a week', ko: '숨어 지내는 가족의 일주일 식량' },
    '4500': { en: 'A guide for one stretch of the road', ko: '탈출길 한 구간의 안내인' },
    '9000': { en: 'A safe house for a month', ko: '한 달 동안의 안전가옥' },
  },
};
/** Chooses the `n`th preset (picker only) and presses Give: the upsell step shows. */
const askUpsell = (n?: number) => async (el: HTMLElement) => {
  if (n != null) el.shadowRoot!.querySelectorAll<HTMLElement>('[part=amount]')[n]!.click();
  await (el as Giving).updateComplete;
  el.shadowRoot!.querySelector<HTMLElement>('[part=give]')!.click();
};
const signup = (p: unknown = progress, tiers = '900 2500 5000 10000') =>
  html`<monthly-ally-signup endpoint=${STUB} campaign="the-hundred" tiers=${tiers} .progress=${p}></monthly-ally-signup>`;
const button = (label?: string, amount = 900) =>
  html`<rescue-donate-button endpoint=${STUB} campaign="the-hundred" amount=${amount} label=${label ?? ''}></rescue-donate-button>`;

const recent = (feed: unknown, attrs: { campaign?: string; hideAmounts?: boolean } = {}) =>
  html`<rescue-recent-gifts .feed=${feed} limit="4" endpoint=${STUB} campaign=${attrs.campaign ?? ''} ?hide-amounts=${attrs.hideAmounts}></rescue-recent-gifts>`;
const leaderboard = (feed: unknown, attrs: { campaign?: string; limit?: number } = {}) =>
  html`<rescue-leaderboard .feed=${feed} limit=${attrs.limit ?? 3} endpoint=${STUB} campaign=${attrs.campaign ?? ''}></rescue-leaderboard>`;

const checkoutStates: [string, ReturnType<typeof state>][] = [
  ['loading', state('loading')],
  ['rate-limited', state('rate-limited', { retryAfter: 30 })],
  ['not-configured', state('not-configured')],
  ['error', state('error')],
  ['thanks', state('thanks')],
];

before(async () => {
  // No animation or transition mid-screenshot (the skeleton pulses, the fill slides, the spinner turns).
  await emulateMedia({ reducedMotion: 'reduce' });
});

describe('visual: every state in English at 1280 px', () => {
  before(() => setViewport({ width: 1280, height: 900 }));

  it('rescue-thermometer', async () => {
    await shoot('en/thermometer-loaded', thermometer(demo));
    await shoot('en/thermometer-loading', html`<rescue-thermometer></rescue-thermometer>`);
    await shoot('en/thermometer-empty', thermometer(empty));
    await shoot('en/thermometer-goal-reached', thermometer(reached));
    await shoot('en/thermometer-many-rescues', thermometer(hundred));
    await shoot('en/thermometer-error', thermometer(undefined, 'thermometer', { campaign: 'rescue-team-demo' }), (el) =>
      waitUntil(() => el.shadowRoot!.querySelector('[part=message] button'), 'the error state'),
    );
    await shoot('en/thermometer-bar', thermometer(hundred, 'bar'));
    await shoot('en/thermometer-krw', thermometer(krw));
    // A campaign's first gifts: 1 % of the goal shows a fill as long as the tube is thick; before the first rescue, how far to it.
    await shoot('en/thermometer-one-percent', thermometer(onePercent));
    await shoot('en/thermometer-bar-one-percent', thermometer(onePercent, 'bar'));
  });

  it('nine-lives-picker', async () => {
    await shoot('en/picker-idle', picker());
    await shoot('en/picker-campaign-presets', picker('500 900 1800 3600 9000'));
    await shoot('en/picker-with-monthly', picker(undefined, true));
    for (const [name, prepare] of checkoutStates) await shoot(`en/picker-${name}`, picker(), prepare);
    await shoot('en/picker-invalid', picker(), state('invalid', { field: 'amount' }));
    await shoot('en/picker-below-minimum', picker(), custom('0.50'));
    await shoot('en/picker-custom-invalid', picker(), custom('12.345'));
    await shoot('en/picker-tribute', picker(), (el) => el.shadowRoot!.querySelector<HTMLInputElement>('label:has(input[type=checkbox]:not([part])) input')!.click());
  });

  it('monthly-ally-signup', async () => {
    await shoot('en/signup-idle', signup());
    await shoot('en/signup-one-ally', signup({ ...progress, allies: 1 }));
    await shoot('en/signup-no-manage-link', signup({ ...progress, manageGivingUrl: undefined }));
    await shoot('en/signup-counter-unavailable', signup(null));
    await shoot('en/signup-custom-tiers', signup(progress, '1000 3000 6000'));
    for (const [name, prepare] of checkoutStates) await shoot(`en/signup-${name}`, signup(), prepare);
    await shoot('en/signup-invalid', signup(), state('invalid', { field: 'email' }));
  });

  it('rescue-leaderboard', async () => {
    await shoot('en/leaderboard-loaded', leaderboard(teams));
    await shoot('en/leaderboard-loading', leaderboard(undefined));
    await shoot('en/leaderboard-empty', leaderboard({ ...teams, teams: [], count: 0 }));
    await shoot('en/leaderboard-error', leaderboard(undefined, { campaign: 'the-hundred' }), (el) =>
      waitUntil(() => el.shadowRoot!.querySelector('[part=head] button'), 'the error state'),
    );
    await shoot('en/leaderboard-first-of-many-stale', leaderboard({ ...teams, count: 165, campaign: { ...teams.campaign, stale: true } }));
  });

  it('rescue-recent-gifts', async () => {
    // Relative words ("this hour", "yesterday") from a fixed noon, whenever the test runs.
    const noon = new Date(2026, 10, 22, 12, 30).getTime();
    const realNow = Date.now;
    Date.now = () => noon;
    try {
      const gifts = recentGifts(noon);
      const categories = (['bake_sale', 'concert', 'cheque', 'other'] as const).map((category, i) => ({ amount: 1500 * (i + 1), currency: 'usd', team: 'Riverside Rescue Team', when: hoursAgo(i * 5, noon), kind: 'offline' as const, category }));
      await shoot('en/recent-loaded', recent(gifts));
      await shoot('en/recent-loading', recent(undefined));
      await shoot('en/recent-empty', recent({ ...gifts, gifts: [] }));
      await shoot('en/recent-error', recent(undefined, { campaign: 'the-hundred' }), (el) => waitUntil(() => el.shadowRoot!.querySelector('[part=note] button'), 'the error state'));
      await shoot('en/recent-hidden-amounts', recent(gifts, { hideAmounts: true }));
      await shoot('en/recent-offline-categories', recent({ ...gifts, gifts: categories }));
      await shoot('ko/recent', recent(gifts), undefined, (f) => (f.lang = 'ko'));
      await shoot('dark/recent', recent(gifts), undefined, (f) => applyPalette(f, dark));
      await shoot('rtl/recent', recent(gifts), undefined, (f) => (f.dir = 'rtl'));
    } finally {
      Date.now = realNow;
    }
  });

  it('monthly-ally-signup: the Allies goal', async () => {
    await shoot('en/signup-allies-goal', signup({ ...progress, allies: 1_204, alliesGoal: 25_000_000 }));
  });

  it('rescue-donate-button', async () => {
    await shoot('en/button-idle', button());
    await shoot('en/button-custom-label', button('Fund one life: $27', 2700));
    for (const [name, prepare] of checkoutStates) await shoot(`en/button-${name}`, button(), prepare);
    await shoot('en/button-invalid', button(), state('invalid', { field: 'amount' }));
  });

  // Its own test: fresh fixtures, no earlier element's message bubble over these.
  it('giving settings: impact lines, the monthly upsell step', async () => {
    await shoot('en/picker-impact', picker(undefined, false, giving));
    await shoot('en/picker-upsell', picker(undefined, false, giving), askUpsell(1));
    await shoot('en/button-upsell', html`<rescue-donate-button endpoint=${STUB} campaign="the-hundred" amount="2700" .progress=${giving}></rescue-donate-button>`, askUpsell());
  });
});

/** The main states of each element, under one condition. */
async function mainStates(prefix: string, frame?: (f: HTMLElement) => void) {
  await shoot(`${prefix}/thermometer`, thermometer(demo), undefined, frame);
  await shoot(`${prefix}/thermometer-bar`, thermometer(hundred, 'bar'), undefined, frame);
  await shoot(`${prefix}/picker`, picker(), undefined, frame);
  await shoot(`${prefix}/signup`, signup(), undefined, frame);
  await shoot(`${prefix}/button`, button(), undefined, frame);
  await shoot(`${prefix}/leaderboard`, leaderboard(teams), undefined, frame);
}

describe('visual: main states in Korean, dark, 320 px and right-to-left', () => {
  it('Korean at 1280 px', async () => {
    await setViewport({ width: 1280, height: 900 });
    await mainStates('ko', (f) => (f.lang = 'ko'));
    await shoot('ko/picker-impact', picker(undefined, false, giving), undefined, (f) => (f.lang = 'ko'));
    await shoot('ko/picker-upsell', picker(undefined, false, giving), askUpsell(1), (f) => (f.lang = 'ko'));
  });

  it('the documented dark palette at 1280 px', async () => {
    await setViewport({ width: 1280, height: 900 });
    await mainStates('dark', (f) => applyPalette(f, dark));
    await shoot('dark/picker-upsell', picker(undefined, false, giving), askUpsell(1), (f) => applyPalette(f, dark));
  });

  it('320 px', async () => {
    await setViewport({ width: 320, height: 900 });
    await mainStates('320');
  });

  it('Korean at 375 px: amounts whole, presets wrapping as whole buttons, the way to the first rescue', async () => {
    await setViewport({ width: 375, height: 900 });
    const ko = (f: HTMLElement) => (f.lang = 'ko');
    await shoot('375/ko-picker', picker('900 2700 4500 9000'), undefined, ko);
    await shoot('375/ko-signup', signup(), undefined, ko);
    await shoot('375/ko-thermometer-one-percent', thermometer(onePercent), undefined, ko);
    await shoot('375/ko-leaderboard', leaderboard(teams), undefined, ko);
  });

  it('right-to-left at 1280 px', async () => {
    await setViewport({ width: 1280, height: 900 });
    await mainStates('rtl', (f) => (f.dir = 'rtl'));
  });
});
