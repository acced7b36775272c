// Side effect: registers <rescue-donate-button> (skipped if the name is taken).
import { defineRescueDonateButton, RescueDonateButton } from '../rescue-donate-button/rescue-donate-button.js';

defineRescueDonateButton();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { RescueDonateButton };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-donate-button': RescueDonateButton;
  }
}
