import type { TeamsFeed } from '@rescuekit/schema';
import { RescueEvent } from './rescue-event.js';

/** Fired when a campaign's teams arrive (first load, a live `teams` frame, or a new `feed` property). */
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
