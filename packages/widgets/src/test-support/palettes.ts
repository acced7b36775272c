/** A host's colours, told to the widgets through the global tokens, in pairs (README, "Theming"). */
export interface Palette {
  name: string;
  /** The page behind the widgets (`colorScheme`: how the browser draws native checkboxes and radios). */
  page: { background: string; color: string; colorScheme?: string };
  /** `--rescue-color-*` tokens, by name without the prefix. */
  tokens: Record<string, string>;
}

/** The defaults: no token set, a white page. */
export const light: Palette = { name: 'light (defaults)', page: { background: '#ffffff', color: '#1b1b1f' }, tokens: {} };

/** The dark palette the README documents for dark host pages. */
export const dark: Palette = {
  name: 'dark',
  page: { background: '#1f1b1a', color: '#f1dfdc', colorScheme: 'dark' },
  tokens: {
    surface: '#1f1b1a',
    'on-surface': '#f1dfdc',
    accent: '#ffb4a9',
    'on-accent': '#561e19',
    error: '#ffb4ab',
    border: '#a08c89',
    track: '#3b3331',
    focus: '#9ecaff',
  },
};

/** Sets a palette on `el` through CSSOM (what a strict-CSP host's stylesheet would do). */
export function applyPalette(el: HTMLElement, p: Palette): void {
  el.style.background = p.page.background;
  el.style.color = p.page.color;
  el.style.colorScheme = p.page.colorScheme ?? '';
  for (const [name, value] of Object.entries(p.tokens)) el.style.setProperty(`--rescue-color-${name}`, value);
}
