import { css } from 'lit';
import { giftFormStyles } from '../shared/gift-form.styles.js';

const own = css`
  [part='lives'] { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(9.5em, 100%), 1fr)); gap: 0.3em 0.8em; margin: 0; padding-inline-start: 1.6em; }
  fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; }
  legend { padding: 0; margin-bottom: 0.3em; font-weight: 700; }
`;

export const styles = [giftFormStyles, own];
