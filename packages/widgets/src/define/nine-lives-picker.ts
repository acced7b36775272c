// Side effect: registers <nine-lives-picker> (skipped if the name is taken).
import { defineNineLivesPicker, NineLivesPicker } from '../nine-lives-picker/nine-lives-picker.js';

defineNineLivesPicker();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { NineLivesPicker };

declare global {
  interface HTMLElementTagNameMap {
    'nine-lives-picker': NineLivesPicker;
  }
}
