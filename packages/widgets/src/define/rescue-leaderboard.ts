// Side effect: registers <rescue-leaderboard> (skipped if the name is taken).
import { defineRescueLeaderboard, RescueLeaderboard } from '../rescue-leaderboard/rescue-leaderboard.js';

defineRescueLeaderboard();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { RescueLeaderboard };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-leaderboard': RescueLeaderboard;
  }
}
