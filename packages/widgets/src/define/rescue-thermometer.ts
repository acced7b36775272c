// Side effect: registers <rescue-thermometer> (skipped if the name is taken).
import { defineRescueThermometer, RescueThermometer } from '../rescue-thermometer/rescue-thermometer.js';

defineRescueThermometer();

// registerStrings too, so a page using only this file can add a language.
export { registerStrings } from '../strings.js';
export { RescueThermometer };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-thermometer': RescueThermometer;
  }
}
