// Side effect: registers <rescue-recent-gifts> (skipped if the name is taken).
import { defineRescueRecentGifts, RescueRecentGifts } from '../rescue-recent-gifts/rescue-recent-gifts.js';

defineRescueRecentGifts();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { RescueRecentGifts };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-recent-gifts': RescueRecentGifts;
  }
}
