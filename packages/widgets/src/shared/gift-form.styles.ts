import { css } from 'lit';
import { checkoutStyles } from './checkout/checkout.styles.js';

/** Styles of the shared giving form (GiftForm): host tokens, presets, fields, checkboxes, messages. */
export const giftFormStyles = [
  checkoutStyles,
  css`
  :host { --accent: var(--rescue-color-accent, #b3261e); --on-accent: var(--rescue-color-on-accent, #fff);
    --_accent: var(--accent); --_on-accent: var(--on-accent); display: block; max-width: 32rem;
    font-family: var(--rescue-font, inherit); line-height: 1.4; color: var(--rescue-color-text, inherit); }
  :host([hidden]) { display: none; }
  [part='base'] { display: grid; gap: 0.9em; }
  h2 { margin: 0; font-size: 1.3em; }
  p { margin: 0; }
  [part='amounts'] { display: flex; flex-wrap: wrap; gap: 0.5em; }
  [part~='amount'] { font: inherit; font-weight: 700; min-width: 4.5em; min-height: 2.75em; padding: 0.4em 0.9em; cursor: pointer;
    border: 2px solid var(--_accent); border-radius: var(--rescue-radius, 0.5rem); background: transparent; color: inherit; }
  [part~='amount'][aria-checked='true'] { background: var(--_accent); color: var(--_on-accent); }
  label { display: inline-flex; gap: 0.5em; align-items: center; }
  .field { display: grid; gap: 0.25em; }
  input:is([type='text'], [type='email']) { font: inherit; padding: 0.45em 0.6em; min-height: 2.75em; box-sizing: border-box; max-width: 14em;
    border: 2px solid #767676; border-radius: 0.4em; background: var(--rescue-color-surface, #fff); color: #1f1f1f; }
  input[aria-invalid='true'] { border-color: var(--rescue-color-error, #b3261e); }
  input[type='checkbox'], input[type='radio'] { width: 1.2em; height: 1.2em; margin: 0; accent-color: var(--_accent); }
  .msg { color: var(--rescue-color-error, #b3261e); font-size: 0.95em; }
  .note { font-size: 0.9em; opacity: 0.85; }
  @media (forced-colors: active) { [part~='amount'][aria-checked='true'] { outline: 3px solid Highlight; } }
`,
];
