// Side effect: registers <nine-lives-picker> (skipped if the name is taken).
import { defineNineLivesPicker, NineLivesPicker } from '../nine-lives-picker/nine-lives-picker.js';

defineNineLivesPicker();

export { NineLivesPicker };

declare global {
  interface HTMLElementTagNameMap {
    'nine-lives-picker': NineLivesPicker;
  }
}
