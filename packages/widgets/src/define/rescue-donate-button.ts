// Side effect: registers <rescue-donate-button> (skipped if the name is taken).
import { defineRescueDonateButton, RescueDonateButton } from '../rescue-donate-button/rescue-donate-button.js';

defineRescueDonateButton();

export { RescueDonateButton };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-donate-button': RescueDonateButton;
  }
}
