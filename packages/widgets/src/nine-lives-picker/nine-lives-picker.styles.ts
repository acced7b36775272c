import { css } from 'lit';
import { giftFormStyles } from '../giving/gift-form.styles.js';

const own = css`
  /* The nine lives as compact numbered tags, so the ask and the amounts stay in a phone's first screen. */
  [part='lives'] { display: flex; flex-wrap: wrap; gap: 0.35em; margin: 0; padding: 0; list-style: none; counter-reset: life; font-size: 0.9em; }
  [part='life'] { counter-increment: life; padding: 0.1em 0.6em; border: 1px solid var(--_border); border-radius: 1em; }
  [part='life']::before { content: counter(life) '. '; font-weight: 700; }
  fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; }
  legend { padding: 0; margin-bottom: 0.3em; font-weight: 700; }
`;

export const styles = [giftFormStyles, own];
