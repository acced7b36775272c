/**
 * Transactions of the campaign tree, written once: seeding campaigns from the config,
 * creating and changing campaigns, approving cash and assigning kept payments. Each takes
 * the writers' lock first (Postgres; SQLite's IMMEDIATE transaction holds the file), so a
 * subtree move and a gift below it never interleave, and roll-ups never deadlock.
 */
import type { CampaignConfig } from '@rescuekit/schema';
import { approveOfflineGift } from '../ledger/gifts.js';
import type { Clock } from '../ledger/plan.js';
import { createCampaign, patchCampaign, seedCampaign, type CreateResult, type PatchResult, type SeedDrift } from '../ledger/tree.js';
import type { ApproveGiftInput, ApproveGiftResult, CampaignTotals } from '../ledger/types.js';
import { assignPayment, assignWaiting, type AssignResult } from '../ledger/unassigned.js';
import { lock, perform } from './programs.js';
import type { Program } from './sql.js';

/** Parents before children, so each campaign's parent exists when it is placed. */
function byDepth(campaigns: readonly CampaignConfig[]): CampaignConfig[] {
  const parent = new Map(campaigns.map((c) => [c.id, c.parent ?? null]));
  const depth = (id: string, seen = 0): number => {
    const p = parent.get(id);
    return p == null || seen > 8 ? 0 : 1 + depth(p, seen + 1);
  };
  return [...campaigns].sort((a, b) => depth(a.id) - depth(b.id));
}

export interface SeedReport {
  created: string[];
  /** Config fields that differ from the store (the store wins; the operator is told). */
  drift: SeedDrift[];
  /** Totals of campaigns that counted kept payments as they appeared. */
  moved: CampaignTotals[];
}

export function* seedCampaigns(campaigns: readonly CampaignConfig[], clock: Clock): Program<SeedReport> {
  yield lock('schema');
  yield lock('stripe');
  const report: SeedReport = { created: [], drift: [], moved: [] };
  for (const c of byDepth(campaigns)) {
    const seeded = yield* perform(seedCampaign(c, clock));
    if (seeded.outcome === 'kept' && seeded.drift) report.drift.push(seeded.drift);
    if (seeded.outcome !== 'created') continue;
    report.created.push(c.id);
    const moved = yield* perform(assignWaiting(c.id, clock));
    if (moved) report.moved.push(moved);
  }
  return report;
}

export function* createCampaignProgram(config: CampaignConfig, clock: Clock): Program<CreateResult> {
  yield lock('stripe');
  const created = yield* perform(createCampaign(config, clock));
  if (created.outcome !== 'created') return created;
  const moved = yield* perform(assignWaiting(config.id, clock));
  return moved ? { outcome: 'created', totals: { ...moved, config, parent: config.parent ?? null } } : created;
}

export function* patchCampaignProgram(id: string, patch: Partial<CampaignConfig>, clock: Clock): Program<PatchResult> {
  yield lock('stripe');
  return yield* perform(patchCampaign(id, patch, clock));
}

export function* approveProgram(input: ApproveGiftInput, clock: Clock): Program<ApproveGiftResult> {
  yield lock('stripe');
  return yield* perform(approveOfflineGift(input, clock));
}

export function* assignProgram(ref: string, campaign: string, clock: Clock): Program<AssignResult> {
  yield lock('stripe');
  return yield* perform(assignPayment(ref, campaign, clock));
}
