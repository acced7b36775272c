import type { Progress } from '@rescuekit/schema';
import { RescueEvent } from './rescue-event.js';

/** Fired when campaign progress arrives (first load, live update, or a new `progress` property). */
export class RescueProgressEvent extends RescueEvent<Progress> {
  constructor(detail: Progress) {
    super('rescue-progress', detail);
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rescue-progress': RescueProgressEvent;
  }
}
