// A host's inherited text properties stay outside: every element lays out exactly the same
// inside Vite's `#root { text-align: center }` plus letter and word spacing, uppercase, `pre`
// white-space, a tall line height and an indent as it does on a plain page.
import { expect, fixture, html } from '@open-wc/testing';
import '../define/rescue-thermometer.js';
import '../define/nine-lives-picker.js';
import '../define/monthly-ally-signup.js';
import '../define/rescue-donate-button.js';
import { demo } from '../test-support/fixtures.js';

const HOSTILE: Partial<CSSStyleDeclaration> = {
  textAlign: 'center',
  letterSpacing: '0.3em',
  wordSpacing: '1em',
  textTransform: 'uppercase',
  whiteSpace: 'pre',
  lineHeight: '3',
  textIndent: '2em',
};

const widgets = () => html`
  <rescue-thermometer .progress=${demo}></rescue-thermometer>
  <rescue-thermometer variant="bar" .progress=${demo}></rescue-thermometer>
  <nine-lives-picker endpoint="data:text/plain," campaign="x"></nine-lives-picker>
  <monthly-ally-signup endpoint="data:text/plain," campaign="x"></monthly-ally-signup>
  <rescue-donate-button endpoint="data:text/plain," campaign="x" amount="900"></rescue-donate-button>`;

/** Every visible text run in each element: its text and where it sits inside the element. */
function layout(root: HTMLElement) {
  return [...root.children].map((host) => {
    const box = host.getBoundingClientRect();
    const runs: string[] = [];
    const walker = document.createTreeWalker(host.shadowRoot!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent!.trim() || n.parentElement!.closest('dialog:not([open]), style')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) runs.push(`${n.textContent!.trim().slice(0, 24)} @${Math.round(r.left - box.left)},${Math.round(r.top - box.top)} ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
    return { tag: host.localName, size: `${Math.round(box.width)}x${Math.round(box.height)}`, runs };
  });
}

describe('a hostile host page', () => {
  it('changes nothing inside any element: same text, same places, same sizes', async () => {
    const page = await fixture<HTMLElement>(html`<div style="width: 480px">
      <div id="plain" style="display: grid; gap: 8px">${widgets()}</div>
      <div id="hostile" style="display: grid; gap: 8px">${widgets()}</div></div>`);
    const [plain, hostile] = [page.querySelector<HTMLElement>('#plain')!, page.querySelector<HTMLElement>('#hostile')!];
    Object.assign(hostile.style, HOSTILE);
    for (const el of page.querySelectorAll<HTMLElement & { updateComplete: Promise<unknown> }>('#plain > *, #hostile > *')) await el.updateComplete;
    // The hostile styles do reach the host elements (inherited), and so would reach inside without the reset.
    expect(getComputedStyle(hostile.firstElementChild!.parentElement!).textTransform).to.equal('uppercase');
    const expected = layout(plain);
    expect(expected.flatMap((e) => e.runs).length, 'text measured').to.be.greaterThan(40);
    // The nine lives sit at the start of their line, numbers beside labels (not scattered by centring).
    const lives = plain.querySelector('nine-lives-picker')!.shadowRoot!.querySelectorAll('[part=life]');
    expect(lives.length).to.equal(9);
    expect(layout(hostile)).to.deep.equal(expected);
    await expect(hostile.querySelector('nine-lives-picker')!).to.be.accessible();
  });
});
