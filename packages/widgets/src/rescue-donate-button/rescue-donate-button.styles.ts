import { css } from 'lit';
import { checkoutStyles } from '../shared/checkout/checkout.styles.js';

const own = css`
  :host { --accent: var(--rescue-color-accent, #b3261e); --on-accent: var(--rescue-color-on-accent, #fff);
    --_accent: var(--accent); --_on-accent: var(--on-accent); display: inline-block; vertical-align: top;
    font-family: var(--rescue-font, inherit); line-height: 1.4; }
  :host([hidden]) { display: none; }
  [part='base'] { display: grid; justify-items: start; }
  [part~='status']:empty { display: none; }
`;

export const styles = [checkoutStyles, own];
