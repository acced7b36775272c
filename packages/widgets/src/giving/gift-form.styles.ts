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
  /*
   * A card: an outline and padding, no fill of its own (the page's surface shows through, so the text
   * inherited from a dark page never lands on a light card). The padding shrinks on a narrow column.
   * minmax(0, …): a field's own width never widens the form past a narrow column.
   */
  [part='base'] { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.9em; padding: clamp(0.5em, 4%, 1.5em);
    border: 1px solid var(--_border); border-radius: 0.75rem; box-shadow: 0 0.1em 0.4em #0000001a; container-type: inline-size; }
  h2 { margin: 0; font-size: 1.3em; }
  p { margin: 0; }
  /*
   * Amount buttons across the card, as many to a row as fit, wrapping as whole buttons: a button is never
   * narrower than its amount (which never breaks: .nw), so an amount never splits across two lines.
   * They share a row's width from a 4.5em start, so a row of like amounts has equal buttons.
   */
  [part='amounts'] { display: flex; flex-wrap: wrap; gap: 0.5em; }
  [part~='amount'] { flex: 1 0 4.5em; }
  .nw { white-space: nowrap; }
  /* Two by two rather than three and a lonely fourth on a phone; on a narrow card, too, when presets carry impact lines (see below). */
  @container (max-width: 28em) {
    [part~='amount'] { flex-basis: calc(4.5em + (50% - 5em) * min(var(--rescue-impact-lines, 0), 1)); }
    [part='amounts']:has([part~='impact']) > * { flex-basis: calc(50% - 0.25em); }
  }
  /* A phone's card (up to 24em: four Korean amounts do not fit across it): two by two. */
  @container (max-width: 24em) { [part~='amount'] { flex-basis: calc(50% - 0.25em); } }
  [part~='amount'] { font: inherit; font-weight: 700; min-height: 2.75em; padding: 0.4em 0.9em; cursor: pointer;
    border: 2px solid var(--accent); border-radius: var(--rescue-radius, 0.5rem); background: transparent; color: inherit; }
  /*
   * The campaign's impact line under a preset's amount. --rescue-impact-lines (set by the page) keeps
   * that many lines under every preset from the first paint (an empty block until the lines arrive with
   * the campaign's progress), so they do not move the page; on a narrow card presets go two to a row.
   */
  [part~='impact'] { display: block; font-weight: 400; font-size: 0.8em; min-height: calc(var(--rescue-impact-lines, 0) * 1lh); }
  /* Its own rule: a browser without :has() drops only this one. */
  [part~='amount']:not(:has([part~='impact']))::after { content: ''; display: block; font-size: 0.8em; min-height: calc(var(--rescue-impact-lines, 0) * 1lh); }
  [part~='amount'][aria-checked='true'] { background: var(--accent); color: var(--on-accent); }
  label { display: inline-flex; gap: 0.5em; align-items: center; }
  .field { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.25em; }
  input:is([type='text'], [type='email']) { font: inherit; padding: 0.45em 0.6em; min-height: 2.75em; box-sizing: border-box; width: 14em; max-width: 100%;
    border: 2px solid var(--_border); border-radius: 0.4em; background: var(--_surface); color: var(--_on-surface); }
  input[aria-invalid='true'] { border-color: var(--_error); }
  input[type='checkbox'], input[type='radio'] { width: 1.2em; height: 1.2em; margin: 0; flex: none; accent-color: var(--accent); }
  [part~='give'] { width: 100%; }
  .msg { font-size: 0.95em; min-height: 1.4em; }
  [part~='status'] { min-height: 2.8em; }
  .note { font-size: 0.9em; opacity: 0.85; }
  /* After a monthly gift: manage it (filled, as Give looks), the payment method and cancelling (outlined). */
  [part~='manage-gift'] { display: flex; flex-wrap: wrap; gap: 0.5em; }
  [part~='manage-gift'] button { font: inherit; font-weight: 700; padding: 0.7em 1.4em; min-height: 2.75em; border: 2px solid var(--accent);
    border-radius: var(--rescue-radius, 0.5rem); background: transparent; color: inherit; cursor: pointer; }
  [part~='manage-portal'] { background: var(--accent); color: var(--on-accent); }
  @media (forced-colors: active) { [part~='amount'][aria-checked='true'] { outline: 3px solid Highlight; } [part~='manage-gift'] button { border-color: ButtonText; } }
`,
];
