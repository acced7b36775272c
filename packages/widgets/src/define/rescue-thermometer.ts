// Side effect: registers <rescue-thermometer> (skipped if the name is taken).
import { defineRescueThermometer, RescueThermometer } from '../rescue-thermometer/rescue-thermometer.js';

defineRescueThermometer();

export { RescueThermometer };

declare global {
  interface HTMLElementTagNameMap {
    'rescue-thermometer': RescueThermometer;
  }
}
