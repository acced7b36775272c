// CDN all-in-one bundle: defines every rescuekit element.
import './define/rescue-thermometer.js';
import './define/nine-lives-picker.js';
import './define/monthly-ally-signup.js';
import './define/rescue-donate-button.js';
import './define/rescue-leaderboard.js';
import './define/rescue-recent-gifts.js';

export * from './index.js';
