import type { Progress } from '@rescuekit/schema';
import { RescueEvent } from './rescue-event.js';

/** Fired once per campaign when raised first reaches the goal. */
export class RescueGoalReachedEvent extends RescueEvent<Progress> {
  constructor(detail: Progress) {
    super('rescue-goal-reached', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-goal-reached': RescueGoalReachedEvent;
  }
}
