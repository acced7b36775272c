// React 19 users get attribute and event completion for every rescuekit tag.
import type {} from '@rescuekit/widgets/types/react';
import type { RescueProgressEvent, RescueTeamsEvent } from '@rescuekit/widgets';

export const ok = (
  <>
    <rescue-thermometer campaign="the-hundred" variant="bar" live onrescue-progress={(e: RescueProgressEvent) => e.detail.raised} />
    <nine-lives-picker campaign="the-hundred" amounts={[900, 2700]} fee-percent-bps="290" />
    <rescue-donate-button campaign="the-hundred" amount={900} mode="redirect" cover-fees />
    <rescue-leaderboard campaign="the-hundred" limit={3} live onrescue-teams={(e: RescueTeamsEvent) => e.detail.teams[0]?.raised} />
    <rescue-leaderboard campaign="the-hundred" kind="fundraisers" limit={3} />
    <rescue-recent-gifts campaign="riverside" limit={5} live />
  </>
);

// @ts-expect-error: `variant` is 'thermometer' | 'bar'
export const badVariant = <rescue-thermometer variant="tube" />;
// @ts-expect-error: `amount` is a number of minor units (React sets the property)
export const badAmount = <rescue-donate-button amount="900" />;
// @ts-expect-error: the progress event's detail has no `name`: donors are never named
export const badEvent = <rescue-thermometer onrescue-progress={(e) => e.detail.name} />;
// @ts-expect-error: `kind` is 'teams' | 'fundraisers'
export const badKind = <rescue-leaderboard kind="people" />;
// @ts-expect-error: `limit` is a number (React sets the property)
export const badLimit = <rescue-leaderboard limit="3" />;
// @ts-expect-error: `limit` is a number (React sets the property)
export const badRecentLimit = <rescue-recent-gifts limit="5" />;
// @ts-expect-error: a team's standing has no donor fields: donors are never named
export const badTeam = <rescue-leaderboard onrescue-teams={(e) => e.detail.teams[0]?.donorName} />;
