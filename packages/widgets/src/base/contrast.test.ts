// Contrast, computed from Chromium's own styles: every element, with something typed into each of
// its inputs and its messages showing, under the default (light) palette, the documented dark
// palette and forced colours. Text >= 4.5:1 against what is behind it; input and amount borders
// and the empty track >= 3:1.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../define/rescue-thermometer.js';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import '../define/rescue-leaderboard.js';
import { demo, empty, teams } from '../test-support/fixtures.js';
import { applyPalette, dark, light, type Palette } from '../test-support/palettes.js';

type RGBA = [number, number, number, number];

function rgba(css: string): RGBA {
  const n = css.match(/[\d.]+/g)?.map(Number) ?? [];
  if (!/^rgba?\(/.test(css) || n.length < 3) throw new Error(`unexpected colour ${css}`);
  return [n[0]!, n[1]!, n[2]!, n[3] ?? 1];
}

/** `fg` (with its alpha, times `opacity`) over an opaque `bg`. */
const over = (fg: RGBA, bg: RGBA, opacity = 1): RGBA => {
  const a = fg[3] * opacity;
  return [0, 1, 2].map((i) => fg[i]! * a + bg[i]! * (1 - a)).concat(1) as RGBA;
};

const luminance = ([r, g, b]: RGBA) =>
  [r, g, b].map((c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)).reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i]!, 0);

const ratio = (a: RGBA, b: RGBA) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** The parent across shadow boundaries (a shadow root's host; a slotted node's slot is not needed here). */
const up = (el: Element): Element | null => el.parentElement ?? ((el.getRootNode() as ShadowRoot).host || null);

/** What is painted behind `el`'s content: its own background and its ancestors', composited. */
function backdrop(el: Element | null): RGBA {
  const layers: RGBA[] = [];
  for (let e = el; e; e = up(e)) {
    const bg = rgba(getComputedStyle(e).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] == 1) break;
  }
  return layers.reduceRight<RGBA>((acc, l) => over(l, acc), [255, 255, 255, 1]);
}

/** Product of the opacities from `el` up to and including `host`. */
function opacity(el: Element, host: Element): number {
  let o = 1;
  for (let e: Element | null = el; e; e = e == host ? null : up(e)) o *= Number(getComputedStyle(e).opacity);
  return o;
}

interface Finding {
  what: string;
  ratio: number;
  min: number;
}

/** Every contrast that must hold inside `host`'s shadow tree. */
function contrasts(host: Element): Finding[] {
  const root = host.shadowRoot!;
  const out: Finding[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement!;
    const text = n.textContent!.trim();
    if (!text || parent.closest('.sr, dialog:not([open]), style')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    if (!range.getClientRects().length || getComputedStyle(parent).visibility != 'visible') continue;
    const bg = backdrop(parent);
    out.push({ what: `text "${text.slice(0, 40)}"`, ratio: ratio(over(rgba(getComputedStyle(parent).color), bg, opacity(parent, host)), bg), min: 4.5 });
  }
  for (const input of root.querySelectorAll<HTMLInputElement>('input[type=text], input[type=email]')) {
    const s = getComputedStyle(input);
    const own = backdrop(input);
    out.push({ what: `typed text in #${input.id}`, ratio: ratio(over(rgba(s.color), own), own), min: 4.5 });
    out.push({ what: `border of #${input.id}`, ratio: ratio(over(rgba(s.borderTopColor), backdrop(up(input))), backdrop(up(input))), min: 3 });
  }
  for (const amount of root.querySelectorAll<HTMLElement>('[part~=amount][aria-checked=false]')) {
    const outside = backdrop(up(amount));
    out.push({ what: `border of amount ${amount.textContent}`, ratio: ratio(over(rgba(getComputedStyle(amount).borderTopColor), outside), outside), min: 3 });
  }
  const track = root.querySelector<HTMLElement>('[part=track], [part=allies-bar]');
  if (track) {
    const s = getComputedStyle(track);
    const outside = backdrop(up(track));
    const edge = parseFloat(s.borderTopWidth) >= 1 ? ratio(over(rgba(s.borderTopColor), outside), outside) : 1;
    out.push({ what: 'empty track (outline or fill)', ratio: Math.max(edge, ratio(over(rgba(s.backgroundColor), outside), outside)), min: 3 });
  }
  return out;
}

/** Focuses `input` (inside `host`'s shadow root) and types `text` with the keyboard. */
async function typeInto(host: Element, selector: string, text: string) {
  host.shadowRoot!.querySelector<HTMLInputElement>(selector)!.focus();
  await sendKeys({ type: text });
}

async function render(p: Palette) {
  const page = await fixture<HTMLElement>(html`<div style="padding: 16px; display: grid; gap: 16px">
    <rescue-thermometer .progress=${empty}></rescue-thermometer>
    <rescue-thermometer variant="bar" .progress=${demo}></rescue-thermometer>
    <nine-lives-picker endpoint="data:text/plain," campaign="x"><a href="https://example.org/give" style="color: inherit">Give on our site</a></nine-lives-picker>
    <monthly-ally-signup endpoint="data:text/plain," campaign="x"></monthly-ally-signup>
    <rescue-donate-button endpoint="data:text/plain," campaign="x" amount="900"></rescue-donate-button>
    <rescue-leaderboard limit="3" .feed=${{ ...teams, count: 165, campaign: { ...teams.campaign, stale: true } }}></rescue-leaderboard>
    <rescue-leaderboard endpoint="data:text/plain," campaign="x"></rescue-leaderboard>
    <button id="elsewhere">elsewhere</button>
  </div>`);
  applyPalette(page, p);
  const picker = page.querySelector('nine-lives-picker')!;
  const signup = page.querySelector('monthly-ally-signup')!;
  const button = page.querySelector('rescue-donate-button')!;
  // Every input typed into; a field message, the tribute name and a status message showing.
  await typeInto(picker, '[part=custom]', '12.345');
  picker.shadowRoot!.querySelector<HTMLElement>('label:has(input[type=checkbox]:not([part])) input')!.click();
  await picker.updateComplete;
  await typeInto(picker, '#tn', 'Grandmother');
  await typeInto(signup, '[part=custom]', '30');
  await typeInto(signup, '[part=email]', 'kim@example');
  page.querySelector<HTMLElement>('#elsewhere')!.focus(); // leaving the email shows its message
  for (const el of [picker, button]) el.checkout.state = 'error';
  signup.checkout.state = 'rate-limited';
  signup.progress = { ...demo, allies: 1204, alliesGoal: 25_000_000 }; // the Allies goal's bar
  const failed = page.querySelector('rescue-leaderboard[campaign]')!;
  await waitUntil(() => failed.shadowRoot!.querySelector('.err'), 'the leaderboard error state');
  for (const el of [picker, signup, button]) el.requestUpdate(), await el.updateComplete;
  expect(picker.shadowRoot!.querySelector('#custom-msg')!.textContent).to.match(/two decimal places/);
  expect(signup.shadowRoot!.querySelector('#email-msg')!.textContent).to.match(/email address/);
  expect(signup.shadowRoot!.querySelector('[part=allies-bar]')).to.exist;
  return [...page.querySelectorAll('rescue-thermometer, nine-lives-picker, monthly-ally-signup, rescue-donate-button, rescue-leaderboard')];
}

function check(elements: Element[], palette: string) {
  const failures: string[] = [];
  let checked = 0;
  for (const el of elements) {
    for (const f of contrasts(el)) {
      checked++;
      if (f.ratio < f.min) failures.push(`${palette}: <${el.localName}> ${f.what}: ${f.ratio.toFixed(2)}:1 < ${f.min}:1`);
    }
  }
  expect(checked, 'something was measured').to.be.greaterThan(60);
  expect(failures).to.deep.equal([]);
}

describe('contrast under light, dark and forced-colours palettes', () => {
  afterEach(() => executeServerCommand('forced-colors', { active: false }));

  it('the measurement itself: the old fixed input text on the dark surface fails (1.04:1)', () => {
    expect(ratio(rgba('rgb(31, 31, 31)'), rgba('rgb(31, 27, 26)'))).to.be.lessThan(1.1);
    expect(ratio(rgba('rgb(0, 0, 0)'), rgba('rgb(255, 255, 255)'))).to.equal(21);
  });

  it('light (the default tokens on a white page)', async () => {
    check(await render(light), 'light');
  });

  it('dark (the documented dark palette)', async () => {
    const elements = await render(dark);
    check(elements, 'dark');
    await expect(elements[2]!).to.be.accessible();
  });

  it('forced colours', async () => {
    const elements = await render(light);
    await executeServerCommand('forced-colors', { active: true });
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    check(elements, 'forced colours');
  });
});
