import type { TeamsFeed } from '@rescuekit/schema';
import { RescueEvent } from './rescue-event.js';

/**
 * Fired when a leaderboard's ranking arrives (first load, a live frame, or a new `feed` property). `detail`
 * is the feed of the board's `kind`: its teams, or with `kind="fundraisers"` its fundraisers (same shape).
 */
export class RescueTeamsEvent extends RescueEvent<TeamsFeed> {
  constructor(detail: TeamsFeed) {
    super('rescue-teams', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-teams': RescueTeamsEvent;
  }
}
