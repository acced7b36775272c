import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Progress } from '@rescuekit/schema';
import { defineMonthlyAllySignup, defineNineLivesPicker, defineRescueDonateButton, defineRescueThermometer, type NineLivesPicker, type RescueDonateButton } from '@rescuekit/widgets';
import { demo, empty } from '../packages/widgets/src/test-support/fixtures.js';
import { applyPalette, dark, light, type Palette } from '../packages/widgets/src/test-support/palettes.js';

defineRescueThermometer();
defineNineLivesPicker();
defineRescueDonateButton();
defineMonthlyAllySignup();

/** Progress with the campaign's amount rules, given through `progress`: no story touches the network. */
const progress: Progress = { ...demo, minAmount: 100, maxAmount: 900_000 };

/** A café partner: green, serif, square corners. */
const cafe: Palette = {
  name: 'Café green, serif, square',
  page: { background: '#fffdf8', color: '#222222' },
  tokens: { surface: '#fffdf8', 'on-surface': '#222222', accent: '#0b6e4f', 'on-accent': '#ffffff', track: '#dcefe6' },
};

/** CSSOM only (no style attribute strings): the same way a strict-CSP host would set tokens from a stylesheet. */
const apply = (p: Palette, font: string, radius: string) => (el: Element | undefined) => {
  if (!(el instanceof HTMLElement)) return;
  applyPalette(el, p);
  el.style.setProperty('--rescue-font', font);
  el.style.setProperty('--rescue-radius', radius);
  Object.assign(el.style, { display: 'grid', gap: '1.25rem', padding: '1.5rem', fontFamily: font });
};

const meta: Meta = {
  title: 'Theming/Palettes',
  parameters: { layout: 'fullscreen' },
};
export default meta;

const section = (p: Palette, font = 'system-ui, sans-serif', radius = '0.5rem') => html`<section ${ref(apply(p, font, radius))} aria-label=${p.name}>
  <h2>${p.name}</h2>
  <rescue-thermometer variant="bar" .progress=${progress}></rescue-thermometer>
  <rescue-donate-button endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" amount="2700" .progress=${progress}></rescue-donate-button>
  <nine-lives-picker endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" .progress=${progress}></nine-lives-picker>
  <monthly-ally-signup endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" .progress=${progress}></monthly-ally-signup>
</section>`;

/**
 * Brand palettes side by side, set only through the global tokens, which come in pairs:
 * `--rescue-color-surface`/`--rescue-color-on-surface` (the surface the widgets sit on; inputs and
 * the checkout dialog paint it), `--rescue-color-accent`/`--rescue-color-on-accent`,
 * `--rescue-color-error`, `--rescue-color-border` and `--rescue-color-track`; plus `--rescue-font`
 * and `--rescue-radius`. Per-element properties (`--indicator-color`, `--accent`, …) and `::part()` go further.
 */
export const BrandPalettes: StoryObj = {
  render: () => html`${section(light)}${section(cafe, 'Georgia, "Noto Serif KR", serif', '0')}${section(dark, 'system-ui, sans-serif', '1.5rem')}`,
};

/**
 * The dark palette for dark host pages (the README's values): every pair passes WCAG contrast,
 * typed text and messages included. Shown with an amount typed below the campaign's minimum, an
 * empty thermometer (its outlined track) and the donate button's message.
 */
export const DarkPalette: StoryObj = {
  render: () => html`<section ${ref(apply(dark, 'system-ui, sans-serif', '0.5rem'))} aria-label="Dark palette">
    <rescue-thermometer .progress=${{ ...empty, minAmount: 100 }}></rescue-thermometer>
    <rescue-thermometer variant="bar" .progress=${progress}></rescue-thermometer>
    <nine-lives-picker endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" .progress=${progress}></nine-lives-picker>
    <monthly-ally-signup endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" .progress=${progress}></monthly-ally-signup>
    <rescue-donate-button endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" amount="2700" .progress=${progress}></rescue-donate-button>
  </section>`,
  play: async ({ canvasElement }) => {
    const picker = canvasElement.querySelector<NineLivesPicker>('nine-lives-picker')!;
    await picker.updateComplete;
    const input = picker.shadowRoot!.querySelector<HTMLInputElement>('[part=custom]')!;
    input.value = '0.50';
    input.dispatchEvent(new Event('input'));
    const button = canvasElement.querySelector<RescueDonateButton>('rescue-donate-button')!;
    button.checkout.state = 'rate-limited';
    button.requestUpdate();
  },
};
