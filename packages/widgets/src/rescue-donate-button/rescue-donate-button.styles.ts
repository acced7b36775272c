import { css } from 'lit';
import { checkoutStyles } from '../giving/checkout/checkout.styles.js';

// A button inside a partner's paragraph: a message is a bubble under it, over the page, so it
// never pushes the partner's content down.
const own = css`
  :host { display: inline-block; vertical-align: top; position: relative; max-width: 100%; }
  [part~='status'] { position: absolute; inset-inline-start: 0; top: 100%; z-index: 1; margin-top: 0.25em; width: max-content; max-width: min(22em, var(--_room, 90vw)); box-sizing: border-box;
    padding: 0.5em 0.75em; border: 1px solid var(--_border); border-radius: 0.5em; background: var(--_surface); color: var(--_on-surface); box-shadow: 0 0.25em 1em #0003; }
  [part~='status'].err { color: var(--_error); }
  /* Empty: no box, but still in the accessibility tree, so the next message is announced. */
  [part~='status']:empty { padding: 0; border: 0; box-shadow: none; }
`;

export const styles = [checkoutStyles, own];
