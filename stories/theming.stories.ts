import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Progress } from '@rescuekit/schema';
import { defineMonthlyAllySignup, defineNineLivesPicker, defineRescueDonateButton, defineRescueThermometer, type NineLivesPicker, type RescueDonateButton } from '@rescuekit/widgets';
import { demo, empty } from '../packages/widgets/src/test-support/fixtures.js';
import { dark } from '../packages/widgets/src/test-support/palettes.js';
import { elementSnippet, styleBlock, themedSnippet } from '../.storybook/usage.js';

defineRescueThermometer();
defineNineLivesPicker();
defineRescueDonateButton();
defineMonthlyAllySignup();

// Progress (with the campaign's amount rules) is given through `progress`, and the giving elements name a
// stub endpoint: no story touches the network. "Show code" names the demo endpoint instead (usage.ts).
const progress: Progress = { ...demo, minAmount: 100, maxAmount: 900_000 };
const STUB = 'https://stub.rescuekit.invalid';

/** The global tokens, in the order the widget reference lists them. Colours come in pairs. */
const COLORS = [
  ['--rescue-color-surface', 'the surface the widgets sit on: inputs and the checkout dialog paint it'],
  ['--rescue-color-on-surface', 'text on the surface, typed text included'],
  ['--rescue-color-accent', 'thermometer fill, Give buttons, checked amounts, amount borders'],
  ['--rescue-color-on-accent', 'text on the accent'],
  ['--rescue-color-error', 'messages and invalid fields, on the surface'],
  ['--rescue-color-border', "input borders and the thermometer's outline (at least 3:1 on the surface)"],
  ['--rescue-color-track', 'inside of the empty tube or bar, loading skeleton'],
  ['--rescue-color-matched', "stripes of the thermometer's matched fill on a giving day"],
  ['--rescue-color-focus', 'focus ring'],
] as const;
const OTHER = [
  ['--rescue-font', 'font family (default: the page’s)'],
  ['--rescue-radius', 'corner radius (default: a round tube, 0.5rem buttons)'],
] as const;
type Token = (typeof COLORS)[number][0] | (typeof OTHER)[number][0];
type Args = Partial<Record<Token, string>> & { 'page background': string; 'page text': string };

/** The widgets' own defaults (docs/widgets.md, "Theming"), shown in the controls as the starting point. */
const DEFAULTS: Args = {
  'page background': '#ffffff',
  'page text': '#1b1b1f',
  '--rescue-color-surface': '#ffffff',
  '--rescue-color-on-surface': '#1f1f1f',
  '--rescue-color-accent': '#b3261e',
  '--rescue-color-on-accent': '#ffffff',
  '--rescue-color-error': '#b3261e',
  '--rescue-color-border': '#767676',
  '--rescue-color-track': '#ece6e1',
  '--rescue-color-matched': '#3b88b0',
  '--rescue-color-focus': '#1a56db',
  '--rescue-font': "'Noto Sans', 'Noto Sans KR', sans-serif",
  '--rescue-radius': '',
};

const TOKENS: Token[] = [...COLORS.map(([t]) => t), ...OTHER.map(([t]) => t)];
const isDark = (args: Args) => args['page background'] === dark.page.background;

/** Sets the tokens on the block through CSSOM, as a strict-CSP host's stylesheet would; runs on every change of a control. */
const apply = (args: Args) => (el: Element | undefined) => {
  if (!(el instanceof HTMLElement)) return;
  el.style.cssText = '';
  Object.assign(el.style, { display: 'grid', gap: '1.25rem', padding: '1.5rem', background: args['page background'], color: args['page text'], colorScheme: isDark(args) ? 'dark' : '' });
  for (const t of TOKENS) if (args[t]?.trim()) el.style.setProperty(t, args[t]!.trim());
};

/** "Show code": the block's `<style>` with the tokens as the controls set them, and the elements in it. */
function source(_code: string, ctx: StoryContext): string {
  const args = ctx.args as Args;
  const style = styleBlock('.our-widgets', [
    ['background', args['page background']],
    ['color', args['page text']],
    ...(isDark(args) ? ([['color-scheme', 'dark']] as [string, string][]) : []),
    ...TOKENS.map((t): [string, unknown] => [t, args[t]]),
  ]);
  return themedSnippet('our-widgets', style, [
    elementSnippet('rescue-thermometer', { script: false, attrs: [['variant', 'bar']] }),
    elementSnippet('rescue-donate-button', { script: false, attrs: [['amount', '2700']] }),
    elementSnippet('nine-lives-picker', { script: false }),
    elementSnippet('monthly-ally-signup', { script: false }),
  ]);
}

/**
 * Your colours, font and corners reach every widget through CSS custom properties set on any ancestor
 * (`:root` is fine). Change the controls: the widgets follow at once, and **Show code** gives the
 * `<style>` to paste. Colours come in pairs, a background and the text on it; keep every pair at
 * 4.5:1 contrast for text (3:1 for borders). Per-element properties (`--indicator-color` on the
 * thermometer, `--accent` on the giving elements) and `::part()` go further: see each element's page.
 */
const meta: Meta<Args> = {
  title: 'Theming/Palettes',
  tags: ['autodocs'],
  parameters: { layout: 'fullscreen', docs: { source: { transform: source } } },
  args: DEFAULTS,
  argTypes: {
    'page background': { control: 'color', description: 'the host page behind the widgets (not a token)', table: { category: 'your page' } },
    'page text': { control: 'color', description: 'the host page’s text colour (not a token)', table: { category: 'your page' } },
    ...Object.fromEntries(COLORS.map(([t, description]) => [t, { control: 'color', description, table: { category: 'tokens' } }])),
    ...Object.fromEntries(OTHER.map(([t, description]) => [t, { control: 'text', description, table: { category: 'tokens' } }])),
  },
  render: (args) => html`<section ${ref(apply(args))} aria-label="Widgets in this palette">
    <rescue-thermometer variant="bar" .progress=${progress}></rescue-thermometer>
    <rescue-donate-button endpoint=${STUB} campaign="rescue-team-demo" amount="2700" .progress=${progress}></rescue-donate-button>
    <nine-lives-picker endpoint=${STUB} campaign="rescue-team-demo" .progress=${progress}></nine-lives-picker>
    <monthly-ally-signup endpoint=${STUB} campaign="rescue-team-demo" .progress=${progress}></monthly-ally-signup>
  </section>`,
};
export default meta;

type Story = StoryObj<Args>;

/** The defaults: a white page, the movement's red. */
export const Default: Story = { name: 'Light (defaults)' };

/** A café partner: green on warm white, square corners. */
export const CafeGreen: Story = {
  name: 'Café green, square corners',
  args: {
    'page background': '#fffdf8',
    'page text': '#222222',
    '--rescue-color-surface': '#fffdf8',
    '--rescue-color-on-surface': '#222222',
    '--rescue-color-accent': '#0b6e4f',
    '--rescue-color-on-accent': '#ffffff',
    '--rescue-color-error': '#a4262c',
    '--rescue-color-track': '#dcefe6',
    '--rescue-radius': '0',
  },
};

/**
 * For dark pages (the values docs/widgets.md gives): every pair passes WCAG contrast, typed text and
 * messages included. Shown with an amount typed below the campaign's minimum, an empty thermometer
 * (its outlined track) and the donate button's "try again" message.
 */
export const DarkPalette: Story = {
  name: 'Dark palette',
  args: {
    'page background': dark.page.background,
    'page text': dark.page.color,
    ...Object.fromEntries(Object.entries(dark.tokens).map(([k, v]) => [`--rescue-color-${k}`, v])),
  },
  render: (args) => html`<section ${ref(apply(args))} aria-label="Dark palette">
    <rescue-thermometer .progress=${{ ...empty, minAmount: 100 }}></rescue-thermometer>
    <rescue-thermometer variant="bar" .progress=${progress}></rescue-thermometer>
    <nine-lives-picker endpoint=${STUB} campaign="rescue-team-demo" .progress=${progress}></nine-lives-picker>
    <monthly-ally-signup endpoint=${STUB} campaign="rescue-team-demo" .progress=${progress}></monthly-ally-signup>
    <rescue-donate-button endpoint=${STUB} campaign="rescue-team-demo" amount="2700" .progress=${progress}></rescue-donate-button>
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
