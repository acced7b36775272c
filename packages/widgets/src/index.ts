// Classes and helpers only: importing this module defines no elements.
// The thermometer's giving-day module (it also registers the giving-day fields' checks, so `parseProgress`
// here checks the whole contract); a per-element bundle loads it only for a campaign with a giving day.
import './rescue-thermometer/giving-day.js';
export { RescueThermometer, defineRescueThermometer } from './rescue-thermometer/rescue-thermometer.js';
export type { ThermometerStrings } from './rescue-thermometer/rescue-thermometer.strings.js';
export { NineLivesPicker, defineNineLivesPicker } from './nine-lives-picker/nine-lives-picker.js';
export type { PickerStrings } from './nine-lives-picker/nine-lives-picker.strings.js';
export { MonthlyAllySignup, defineMonthlyAllySignup } from './monthly-ally-signup/monthly-ally-signup.js';
export type { SignupStrings, EmailProblem } from './monthly-ally-signup/monthly-ally-signup.strings.js';
export type { GiftStrings, CustomAmountProblem } from './shared/gift.strings.js';
export { registerStrings, type RescuekitStrings } from './shared/strings.js';
export { RescueDonateButton, defineRescueDonateButton } from './rescue-donate-button/rescue-donate-button.js';
export type { DonateButtonStrings } from './rescue-donate-button/rescue-donate-button.strings.js';
export { RescueLeaderboard, defineRescueLeaderboard } from './rescue-leaderboard/rescue-leaderboard.js';
export type { LeaderboardStrings } from './rescue-leaderboard/rescue-leaderboard.strings.js';
export { RescueRecentGifts, defineRescueRecentGifts } from './rescue-recent-gifts/rescue-recent-gifts.js';
export type { RecentGiftsStrings } from './rescue-recent-gifts/rescue-recent-gifts.strings.js';
export { RescueEvent } from './events/rescue-event.js';
export { RescueProgressEvent } from './events/rescue-progress.js';
export { RescueGoalReachedEvent } from './events/rescue-goal-reached.js';
export { RescueTeamsEvent } from './events/rescue-teams.js';
export { RescueGiveStartEvent, type GiftDetail } from './events/rescue-give-start.js';
export { RescueCheckoutOpenEvent, type CheckoutOpenDetail } from './events/rescue-checkout-open.js';
export { RescueCheckoutCompleteEvent } from './events/rescue-checkout-complete.js';
export { RescueCheckoutErrorEvent, type CheckoutErrorDetail } from './events/rescue-checkout-error.js';
export { CheckoutController, type CheckoutHost, type CheckoutState } from './shared/checkout/checkout-controller.js';
export { setHumanCheckProvider, type HumanCheckProvider } from './shared/checkout/checkout-client.js';
export type { CheckoutStrings, AmountProblem } from './shared/checkout/checkout.strings.js';
export { setStripeLoader, setNavigate, type StripeLoader, type Navigate } from './shared/deprecated.js';
export { setDefaultEndpoint } from './shared/endpoint.js';
export { defineElement } from './shared/define.js';
export { parseProgress } from './shared/progress.js';
export { parseTeams } from './shared/teams.js';
export { parseRecent } from './shared/recent.js';
export type { Progress, TeamsFeed, TeamStanding, RecentGifts, RecentGift } from '@rescuekit/schema';
