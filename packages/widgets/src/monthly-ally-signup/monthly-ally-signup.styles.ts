import { css } from 'lit';
import { giftFormStyles } from '../shared/gift-form.styles.js';

// The counter line keeps its height (two lines: it wraps on a phone) while progress loads or fails: no layout shift.
const own = css`
  .line { display: flex; flex-wrap: wrap; justify-content: space-between; align-content: flex-start; gap: 0 1em; min-height: 2.8em; }
  [part='allies'] { font-weight: 700; }
  [part='manage'] { color: inherit; }
  input[type='email'] { max-width: 100%; width: 20em; }
`;

export const styles = [giftFormStyles, own];
