import { css } from 'lit';
import { checkoutStyles } from './checkout/checkout.styles.js';

/**
 * Styles of the shared giving form (GiftForm): presets, fields, checkboxes, messages. Inputs paint
 * the surface token pair; borders use the border token. Every message has its line reserved
 * (field messages one, the status line two), so a message appearing does not push the page down.
 */
export const giftFormStyles = [
  checkoutStyles,
  css`
  :host { max-width: 32rem; }
  /* minmax(0, …): a field's own width never widens the form past a narrow column. */
  [part='base'] { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.9em; }
  h2 { margin: 0; font-size: 1.3em; }
  p { margin: 0; }
  [part='amounts'] { display: flex; flex-wrap: wrap; gap: 0.5em; }
  [part~='amount'] { font: inherit; font-weight: 700; min-width: min(4.5em, 100%); min-height: 2.75em; padding: 0.4em 0.9em; cursor: pointer;
    border: 2px solid var(--accent); border-radius: var(--rescue-radius, 0.5rem); background: transparent; color: inherit; }
  [part~='amount'][aria-checked='true'] { background: var(--accent); color: var(--on-accent); }
  label { display: inline-flex; gap: 0.5em; align-items: center; }
  .field { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.25em; }
  input:is([type='text'], [type='email']) { font: inherit; padding: 0.45em 0.6em; min-height: 2.75em; box-sizing: border-box; width: 14em; max-width: 100%;
    border: 2px solid var(--_border); border-radius: 0.4em; background: var(--_surface); color: var(--_on-surface); }
  input[aria-invalid='true'] { border-color: var(--_error); }
  input[type='checkbox'], input[type='radio'] { width: 1.2em; height: 1.2em; margin: 0; flex: none; accent-color: var(--accent); }
  .msg { font-size: 0.95em; min-height: 1.4em; }
  [part~='status'] { min-height: 2.8em; }
  .note { font-size: 0.9em; opacity: 0.85; }
  @media (forced-colors: active) { [part~='amount'][aria-checked='true'] { outline: 3px solid Highlight; } }
`,
];
