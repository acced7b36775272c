// Vue 3 users get attribute and event completion in templates through GlobalComponents.
import type {} from '@rescuekit/widgets/types/vue';
import type { GlobalComponents } from 'vue';

type Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];

export const ok: Props<'rescue-thermometer'> = { campaign: 'the-hundred', variant: 'bar', onRescueProgress: (e) => e.detail.raised };
export const board: Props<'rescue-leaderboard'> = { campaign: 'the-hundred', limit: 3, live: true, onRescueTeams: (e) => e.detail.count };
export const fundraiserBoard: Props<'rescue-leaderboard'> = { campaign: 'the-hundred', kind: 'fundraisers', limit: 3 };
export const recent: Props<'rescue-recent-gifts'> = { campaign: 'riverside', limit: 5, live: true };
export const picker: Props<'nine-lives-picker'> = { amounts: [900, 2700], 'fee-percent-bps': '290' };

// @ts-expect-error: `variant` is 'thermometer' | 'bar'
export const badVariant: Props<'rescue-thermometer'> = { variant: 'tube' };
// @ts-expect-error: `amount` is a number of minor units
export const badAmount: Props<'rescue-donate-button'> = { amount: '900' };
// @ts-expect-error: `kind` is 'teams' | 'fundraisers'
export const badKind: Props<'rescue-leaderboard'> = { kind: 'people' };
// @ts-expect-error: `limit` is a number
export const badLimit: Props<'rescue-leaderboard'> = { limit: '3' };
// @ts-expect-error: `limit` is a number
export const badRecentLimit: Props<'rescue-recent-gifts'> = { limit: '5' };
