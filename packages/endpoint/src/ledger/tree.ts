/**
 * The campaign tree in the ledger core: every totals change rolls up to each ancestor in
 * the same transaction, a campaign that changes parent takes its subtree's totals from the
 * old ancestors to the new ones, and the config seeds campaigns the store does not have.
 * Written once for both stores; `store/programs.ts` runs every operation through {@link rollUp}.
 */
import { ancestorsOf, treeIssues, type CampaignConfig } from '@rescuekit/schema';
import { CampaignRuleError, currencyLocked } from './errors.js';
import { decideCampaigns } from './gifts.js';
import { load, type Clock, type Counts, type Operation, type Plan, type Write } from './plan.js';
import type { CampaignNode, CampaignTotals } from './types.js';

/**
 * Runs `op`, then adds each `addToTotals` of its plan to every ancestor of that campaign (one
 * write for all of them). `ancestors` may be shared by the operations of one transaction that
 * holds the writers' lock: no parent changes under it.
 */
export function* rollUp<R>(op: Operation<R>, ancestors = new Map<string, string[]>()): Operation<R> {
  let step = op.next();
  while (!step.done) {
    const l = step.value;
    // The operation's own reads of ancestors (a gift's matching pools) share the roll-up's.
    const known = l.load === 'ancestors' ? ancestors.get(l.campaign) : undefined;
    const answer: unknown = known ?? (yield l);
    if (l.load === 'ancestors' && !known) ancestors.set(l.campaign, answer as string[]);
    step = op.next(answer);
  }
  const plan = step.value;
  if (!plan.writes.some((w) => w.op === 'addToTotals' && !w.only)) return plan;
  const writes: Write[] = [];
  for (const w of plan.writes) {
    writes.push(w);
    if (w.op !== 'addToTotals' || w.only) continue;
    let up = ancestors.get(w.campaign);
    if (!up) ancestors.set(w.campaign, (up = yield* load({ load: 'ancestors', campaign: w.campaign })));
    if (up.length) writes.push({ op: 'addToAncestors', campaigns: up, delta: w.delta, at: w.at });
  }
  return { writes, result: plan.result };
}

/** Refuses a tree with any issue, naming the `parent` field (and the first campaign at fault). */
function checkTree(nodes: readonly CampaignNode[], focus?: string): void {
  const issues = treeIssues(nodes.map((n) => ({ ...n, fundraiser: n.config?.fundraiser })));
  const issue = issues.find((i) => i.id === focus) ?? issues[0];
  if (issue) throw new CampaignRuleError('parent', `${issue.detail} (campaign "${issue.id}")`);
}

const countsOf = (t: CampaignTotals): Counts => ({ raised: t.raised, donors: t.donors, allies: t.allies, alliesAtRisk: t.alliesAtRisk ?? 0, pending: t.pending ?? 0 });
const negate = (c: Counts): Counts => ({ raised: -c.raised, donors: -c.donors, allies: -c.allies, alliesAtRisk: -(c.alliesAtRisk ?? 0), pending: -(c.pending ?? 0) });

/**
 * The writes that move `totals` (a campaign's subtree) from its ancestors under `before` to
 * those under `after`; ancestors both share are left alone.
 */
function moveSubtree(totals: CampaignTotals, before: readonly CampaignNode[], after: readonly CampaignNode[], now: string): Write[] {
  const parentIn = (nodes: readonly CampaignNode[]) => {
    const m = new Map(nodes.map((n) => [n.id, n.parent]));
    return (id: string) => m.get(id);
  };
  const from = ancestorsOf(totals.campaign, parentIn(before));
  const to = ancestorsOf(totals.campaign, parentIn(after));
  const counts = countsOf(totals);
  const writes: Write[] = [];
  for (const a of from) if (!to.includes(a)) writes.push({ op: 'addToTotals', campaign: a, delta: negate(counts), at: now, only: true });
  for (const a of to) if (!from.includes(a)) writes.push({ op: 'addToTotals', campaign: a, delta: counts, at: now, only: true });
  return writes;
}

const withNode = (nodes: readonly CampaignNode[], node: CampaignNode) => [...nodes.filter((n) => n.id !== node.id), node];

export type CreateResult = { outcome: 'created'; totals: CampaignTotals } | { outcome: 'exists' };

/** `POST /v1/campaigns`: a new campaign in a valid place of the tree (version 1, so every server's poll sees it). */
export function* createCampaign(config: CampaignConfig, clock: Clock): Operation<CreateResult> {
  const nodes = yield* load({ load: 'tree' });
  if (nodes.some((n) => n.id === config.id)) return { writes: [], result: { outcome: 'exists' } };
  const node: CampaignNode = { id: config.id, currency: config.currency, parent: config.parent ?? null, config };
  checkTree(withNode(nodes, node));
  const now = clock();
  const totals: CampaignTotals = { campaign: config.id, currency: config.currency, raised: 0, donors: 0, allies: 0, alliesAtRisk: 0, pending: 0, version: 1, updatedAt: now, parent: node.parent, config };
  return {
    writes: [{ op: 'insertTotals', campaign: config.id, currency: config.currency, parent: node.parent, config, version: 1, at: now }],
    result: { outcome: 'created', totals },
  };
}

export type PatchResult = { outcome: 'patched'; totals: CampaignTotals } | { outcome: 'not_found' };

/** `PATCH /v1/campaigns/:id`: any field but id and currency; a new parent moves the subtree's totals. */
export function* patchCampaign(id: string, patch: Partial<CampaignConfig>, clock: Clock): Operation<PatchResult> {
  const totals = yield* load({ load: 'totals', campaign: id });
  const nodes = yield* load({ load: 'tree' });
  const current = nodes.find((n) => n.id === id);
  if (!totals || !current?.config) return { writes: [], result: { outcome: 'not_found' } };
  const config: CampaignConfig = { ...current.config, ...patch, id, currency: current.currency };
  return decideSetCampaign(totals, nodes, config, true, clock());
}

/** Stores `config` for a campaign; a changed parent is checked against the tree and moves the subtree. */
function decideSetCampaign(totals: CampaignTotals, nodes: readonly CampaignNode[], config: CampaignConfig, bump: boolean, now: string): Plan<PatchResult> {
  const parent = config.parent ?? null;
  const current = nodes.find((n) => n.id === totals.campaign);
  const after = withNode(nodes, { id: totals.campaign, currency: totals.currency, parent, config });
  const writes: Write[] = [];
  if ((current?.parent ?? null) !== parent) {
    checkTree(after, totals.campaign);
    writes.push(...moveSubtree(totals, nodes, after, now));
  }
  writes.push({ op: 'setCampaign', campaign: totals.campaign, parent, config, bump, at: now });
  const version = totals.version + (bump ? 1 : 0);
  return { writes, result: { outcome: 'patched', totals: { ...totals, parent, config, version, updatedAt: bump ? now : totals.updatedAt } } };
}

/** What seeding found: a config field that differs from what the store holds (the store wins). */
export interface SeedDrift {
  campaign: string;
  fields: string[];
}

export type SeedResult = { outcome: 'created' } | { outcome: 'adopted' } | { outcome: 'kept'; drift: SeedDrift | undefined };

/**
 * One config campaign at start or on SIGHUP: created when the store lacks it; a row no config
 * has described yet (a database from before the tree) takes the config, its currency while
 * nothing is counted, and its parent, backfilling every new ancestor; otherwise the store wins.
 */
export function* seedCampaign(config: CampaignConfig, clock: Clock): Operation<SeedResult> {
  const totals = yield* load({ load: 'totals', campaign: config.id });
  const nodes = yield* load({ load: 'tree' });
  const now = clock();
  if (!totals) {
    checkTree(withNode(nodes, { id: config.id, currency: config.currency, parent: config.parent ?? null, config }));
    return { writes: [{ op: 'insertTotals', campaign: config.id, currency: config.currency, parent: config.parent ?? null, config, at: now }], result: { outcome: 'created' } };
  }
  const stored = nodes.find((n) => n.id === config.id)?.config;
  if (stored) return { writes: [], result: { outcome: 'kept', drift: drift(stored, config) } };
  const writes: Write[] = [];
  if (totals.currency !== config.currency) {
    if (totals.raised !== 0 || totals.donors !== 0 || totals.allies !== 0) throw currencyLocked(config.id, totals.currency, config.currency);
    writes.push(...decideCampaigns([config], new Map([[config.id, totals]]), now).writes);
  }
  const set = decideSetCampaign({ ...totals, currency: config.currency }, nodes.map((n) => (n.id === config.id ? { ...n, currency: config.currency } : n)), config, false, now);
  return { writes: [...writes, ...set.writes], result: { outcome: 'adopted' } };
}

function drift(stored: CampaignConfig, config: CampaignConfig): SeedDrift | undefined {
  const keys = new Set([...Object.keys(stored), ...Object.keys(config)] as (keyof CampaignConfig)[]);
  const fields = [...keys].filter((k) => k !== '$comment' && !sameSetting(stored[k], config[k])).sort();
  return fields.length ? { campaign: config.id, fields } : undefined;
}

/** An ISO 8601 instant with its offset (what `Instant` accepts). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Whether two setting values mean the same: instants compare as instants ("2026-12-03T18:00:00-05:00" is
 * "2026-12-03T23:00:00.000Z"), objects whatever their key order, absent fields as undefined.
 */
export function sameSetting(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b || (INSTANT.test(a) && INSTANT.test(b) && Date.parse(a) === Date.parse(b));
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameSetting(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameSetting((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
