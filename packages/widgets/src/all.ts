// CDN all-in-one bundle: defines every rescuekit element.
import './define/rescue-thermometer.js';

export * from './index.js';
