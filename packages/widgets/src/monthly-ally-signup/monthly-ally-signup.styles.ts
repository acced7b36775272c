import { css } from 'lit';
import { giftFormStyles } from '../giving/gift-form.styles.js';

// The counter line keeps its height (two lines: it wraps on a phone) while progress loads or fails: no layout shift.
const own = css`
  .line { display: flex; flex-wrap: wrap; justify-content: space-between; align-content: flex-start; gap: 0 1em; min-height: 2.8em; }
  [part='allies'] { font-weight: 700; }
  [part='manage'] { color: inherit; }
  /* The Allies goal, a line of its own under the counter, within the line's held height on a wide card:
     the track token inside the border token (>= 3:1), the accent for the fill. */
  [part='allies-bar'] { display: block; flex: 1 0 100%; height: 0.6rem; margin-top: 0.35em; box-sizing: border-box; border: 1px solid var(--_border); border-radius: var(--rescue-radius, 999px);
    background: var(--_track); overflow: hidden; }
  [part='allies-fill'] { display: block; height: 100%; width: calc(var(--_p, 0) * 100%); background: var(--accent); }
  @media (forced-colors: active) { [part='allies-fill'] { background: Highlight; forced-color-adjust: none; } }
  input[type='email'] { max-width: 100%; width: 20em; }
`;

export const styles = [giftFormStyles, own];
