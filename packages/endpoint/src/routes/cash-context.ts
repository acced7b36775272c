/**
 * What the cash routes share: their context, who wrote a ledger row, and who may approve.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import { below, personRef, type ParentOf } from '../guard/people.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/types.js';
import type { Actor } from './middleware.js';

export interface OfflineGiftContext {
  campaigns: Pick<ReadonlyMap<string, CampaignConfig>, 'get'> & { subtree?(root: string): string[] };
  store: Store;
  hub: LiveProgress;
  log: (line: string) => void;
  newId: () => string;
  /** Counts each gift counted at once (a gift waiting for approval is not counted yet). */
  metrics?: Metrics | undefined;
  /** A campaign's parent: a person reaches their campaign's subtree (set by `offlineGiftRoutes`). */
  parentOf?: ParentOf | undefined;
}

/** What a ledger row says of who wrote it: `admin`, a team key's id, or `person:<id>`. */
export function actorRef(actor: Actor): string {
  return actor.kind === 'admin' ? 'admin' : actor.kind === 'team' ? actor.keyId : personRef(actor.personId);
}

/** Approval comes from above: the admin, or an organiser whose campaign is above `campaign`. */
export function mayApprove(actor: Actor, campaign: string, ctx: OfflineGiftContext): boolean {
  if (actor.kind === 'admin') return true;
  return actor.kind === 'person' && actor.role === 'organiser' && ctx.parentOf !== undefined && below(actor.campaign, campaign, ctx.parentOf);
}
