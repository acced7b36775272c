import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Progress } from '@rescuekit/schema';
import { defineMonthlyAllySignup, defineNineLivesPicker, defineRescueDonateButton, defineRescueThermometer } from '@rescuekit/widgets';
import { demo as demoProgress } from '../packages/widgets/src/test-support/fixtures.js';

defineRescueThermometer();
defineNineLivesPicker();
defineRescueDonateButton();
defineMonthlyAllySignup();

const progress: Progress = demoProgress;

/** A partner's brand: the handful of global `--rescue-*` tokens every element reads. */
interface Palette {
  name: string;
  accent: string;
  onAccent: string;
  track: string;
  font: string;
  radius: string;
  surface: string;
  text: string;
}

const palettes: Palette[] = [
  { name: 'Rescue red (default tokens)', accent: '#b3261e', onAccent: '#ffffff', track: '#ece6e1', font: 'system-ui, sans-serif', radius: '0.5rem', surface: '#ffffff', text: '#1b1b1f' },
  { name: 'Café green, serif, square', accent: '#0b6e4f', onAccent: '#ffffff', track: '#dcefe6', font: 'Georgia, "Noto Serif KR", serif', radius: '0', surface: '#fffdf8', text: '#222222' },
  { name: 'Night chapter (dark)', accent: '#ffb4a9', onAccent: '#410002', track: '#3b3331', font: 'system-ui, sans-serif', radius: '1.5rem', surface: '#1f1b1a', text: '#f1dfdc' },
];

/** CSSOM only (no style attribute strings): the same way a strict-CSP host would set tokens from a stylesheet. */
const apply = (p: Palette) => (el: Element | undefined) => {
  if (!(el instanceof HTMLElement)) return;
  const s = el.style;
  s.setProperty('--rescue-color-accent', p.accent);
  s.setProperty('--rescue-color-on-accent', p.onAccent);
  s.setProperty('--rescue-color-track', p.track);
  s.setProperty('--rescue-font', p.font);
  s.setProperty('--rescue-radius', p.radius);
  s.setProperty('--rescue-color-surface', p.surface);
  s.setProperty('--rescue-color-text', p.text);
  Object.assign(s, { display: 'grid', gap: '1.25rem', padding: '1.5rem', fontFamily: p.font });
  s.background = p.surface;
  s.color = p.text;
};

const meta: Meta = {
  title: 'Theming/Brand palettes',
  parameters: { layout: 'fullscreen' },
};
export default meta;

/**
 * Three brand palettes side by side, set only through the global tokens:
 * `--rescue-color-accent`, `--rescue-color-on-accent`, `--rescue-color-track`,
 * `--rescue-font`, `--rescue-radius`, `--rescue-color-surface`, `--rescue-color-text`.
 * Per-element properties (`--indicator-color`, `--accent`, …) and `::part()` go further.
 */
export const ThreePalettes: StoryObj = {
  render: () => html`${palettes.map(
    (p) => html`<section ${ref(apply(p))} aria-label=${p.name}>
      <h2>${p.name}</h2>
      <rescue-thermometer variant="bar" .progress=${progress}></rescue-thermometer>
      <rescue-donate-button endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo" amount="2700"></rescue-donate-button>
      <nine-lives-picker endpoint="https://stub.rescuekit.invalid" campaign="rescue-team-demo"></nine-lives-picker>
      <monthly-ally-signup endpoint="data:text/plain," campaign="rescue-team-demo"></monthly-ally-signup>
    </section>`,
  )}`,
};
