import { css } from 'lit';
import { hostStyles } from '../../base/host.styles.js';

/** Styles every giving element shares: host tokens and reset, Give button, status line, modal. */
export const checkoutStyles = [
  hostStyles,
  css`
  :host { --accent: var(--_accent); --on-accent: var(--_on-accent); }
  [part~='give'], [part^='upsell-'] { display: inline-flex; align-items: center; justify-content: center; gap: 0.5em; font: inherit; font-weight: 700;
    padding: 0.7em 1.4em; min-height: 2.75em; max-width: 100%; border: 2px solid transparent; border-radius: var(--rescue-radius, 0.5rem);
    background: var(--accent); color: var(--on-accent); cursor: pointer; }
  /* The monthly upsell: the question, Yes (as Give looks), No (outlined). */
  [part~='upsell'] { display: flex; flex-wrap: wrap; gap: 0.5em; max-width: 32rem; }
  [part~='upsell'] p { flex: 1 0 100%; margin: 0; }
  [part~='upsell-no'] { background: transparent; color: inherit; border-color: var(--accent); }
  [part~='give'][aria-disabled='true'] { cursor: progress; opacity: 0.8; }
  :focus-visible { outline: 3px solid var(--rescue-color-focus, #1a56db); outline-offset: 2px; }
  .spin { width: 1em; height: 1em; border: 0.15em solid currentColor; border-right-color: transparent; border-radius: 50%; flex: none; }
  [part~='status'] { margin: 0; }
  .err { color: var(--_error); }
  dialog { width: min(40rem, calc(100vw - 2rem)); max-height: calc(100dvh - 2rem); padding: 0; border: 0; border-radius: 0.75rem;
    background: var(--_surface); color: var(--_on-surface); box-shadow: 0 1em 3em #0005; }
  dialog::backdrop { background: #0009; }
  .bar { display: flex; justify-content: space-between; align-items: center; padding: 0.5em 0.5em 0.5em 1em; font-weight: 700; }
  .bar button { font: inherit; min-width: 2.75em; min-height: 2.75em; border: 0; border-radius: 0.5em; background: transparent; color: inherit; cursor: pointer; }
  [part~='checkout'] { min-height: 20rem; padding: 0 1em 1em; }
  [part~='checkout']:not(:empty) + .wait { display: none; }
  .wait { display: flex; gap: 0.5em; align-items: center; padding: 0 1em 1em; }
  @media (prefers-reduced-motion: no-preference) { .spin { animation: r 0.8s linear infinite; } }
  @keyframes r { to { transform: rotate(1turn); } }
  @media (forced-colors: active) { [part~='give'], [part^='upsell-'] { border-color: ButtonText; } dialog { border: 1px solid; } }
`,
];
