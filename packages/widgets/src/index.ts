// Classes and helpers only: importing this module defines no elements.
export { RescueThermometer, defineRescueThermometer } from './rescue-thermometer/rescue-thermometer.js';
export type { ThermometerStrings } from './rescue-thermometer/rescue-thermometer.strings.js';
export { RescueEvent } from './events/rescue-event.js';
export { RescueProgressEvent } from './events/rescue-progress.js';
export { RescueGoalReachedEvent } from './events/rescue-goal-reached.js';
export { setDefaultEndpoint } from './shared/endpoint.js';
export { defineElement } from './shared/define.js';
export { parseProgress } from './shared/progress.js';
export type { Progress } from '@rescuekit/schema';
