/**
 * Fundraiser pages in the store, written once for both databases. A page is a campaign (its totals
 * row, whose config carries the page's public facts and state) plus a `fundraisers` row with what
 * only its owner and reviewers see: the hash of its own link's secret, text edits waiting for
 * approval, why it was rejected or taken down, and its rounds (years). Every change runs as one
 * transaction under the writers' lock: the caller's decision sees the page as it is at that moment,
 * so two reviewers at once, or an edit during an approval, never lose each other's work.
 */
import type { CampaignConfig, FundraiserProposal, FundraiserRound } from '@rescuekit/schema';
import type { Clock } from '../ledger/plan.js';
import { createCampaign, patchCampaign, type CreateResult } from '../ledger/tree.js';
import type { CampaignTotals } from '../ledger/types.js';
import { lock, perform } from './programs.js';
import { fromJson } from './rows.js';
import { changes, rows, type Program } from './sql.js';
import { readTotals } from './statements.js';

/** What the store keeps of a page beyond its campaign. */
export interface FundraiserRecord {
  campaign: string;
  proposed: FundraiserProposal | null;
  /** Waiting for a reviewer: a new page, or text edits of a public one. */
  needsReview: boolean;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  rounds: FundraiserRound[];
  createdAt: string;
  updatedAt: string;
}

/** The page as a decision sees it, inside the transaction. */
export interface FundraiserView {
  config: CampaignConfig;
  totals: CampaignTotals;
  record: FundraiserRecord;
}

/** What a decision changes: the campaign's config (a patch), the record's fields, the link's hash; and what it answers. */
export interface FundraiserDecision<R> {
  patch?: Partial<CampaignConfig>;
  record?: Partial<Pick<FundraiserRecord, 'proposed' | 'needsReview' | 'reason' | 'decidedBy' | 'decidedAt' | 'rounds'>>;
  /** A new link's secret hash: the old link stops working in the same commit. */
  hash?: string;
  result: R;
}

/** Decides a change from the page as it is; throws (an `HttpProblem`) to refuse it, and nothing is written. */
export type DecideFundraiser<R> = (view: FundraiserView, now: string) => FundraiserDecision<R>;

export type FundraiserChange<R> =
  | { outcome: 'changed'; totals: CampaignTotals; record: FundraiserRecord; result: R }
  | { outcome: 'not_found' };

interface FundraiserRow {
  campaign: string;
  proposed: unknown;
  needs_review: number;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  rounds: unknown;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'campaign, proposed, needs_review, reason, decided_by, decided_at, rounds, created_at, updated_at';

const toRecord = (r: FundraiserRow): FundraiserRecord => ({
  campaign: r.campaign,
  proposed: r.proposed == null ? null : fromJson<FundraiserProposal>(r.proposed),
  needsReview: Number(r.needs_review) === 1,
  reason: r.reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  rounds: fromJson<FundraiserRound[]>(r.rounds),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A new page: its campaign (in a valid place of the tree) and its record, in one commit. */
export function* createFundraiser(config: CampaignConfig, hash: string, clock: Clock): Program<CreateResult> {
  yield lock('stripe');
  const created = yield* perform(createCampaign(config, clock));
  if (created.outcome !== 'created') return created;
  const now = created.totals.updatedAt;
  const facts = config.fundraiser!;
  const round: FundraiserRound = { goal: config.goal, openedAt: now, ...(facts.occasion ? { occasion: facts.occasion } : {}), ...(facts.date ? { date: facts.date } : {}) };
  yield changes('INSERT INTO fundraisers (campaign, hash, proposed, needs_review, rounds, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)', [
    config.id, hash, facts.state === 'pending' ? 1 : 0, JSON.stringify([round]), now, now,
  ]);
  return created;
}

/** Reads the page, runs `decide` on it, and writes what it decided, all in one transaction. */
export function* changeFundraiser<R>(id: string, decide: DecideFundraiser<R>, clock: Clock): Program<FundraiserChange<R>> {
  yield lock('stripe');
  const [row] = (yield rows(`SELECT ${COLUMNS} FROM fundraisers WHERE campaign = ?`, [id])) as FundraiserRow[];
  const [totals] = yield* readTotals(id);
  if (!row || !totals?.config?.fundraiser) return { outcome: 'not_found' };
  const record = toRecord(row);
  const now = clock();
  const decision = decide({ config: totals.config, totals, record }, now);
  let after = totals;
  if (decision.patch) {
    const patched = yield* perform(patchCampaign(id, decision.patch, clock));
    if (patched.outcome !== 'patched') return { outcome: 'not_found' };
    after = patched.totals;
  }
  const next: FundraiserRecord = { ...record, ...decision.record, updatedAt: now };
  yield changes('UPDATE fundraisers SET proposed = ?, needs_review = ?, reason = ?, decided_by = ?, decided_at = ?, rounds = ?, hash = coalesce(?, hash), updated_at = ? WHERE campaign = ?', [
    next.proposed ? JSON.stringify(next.proposed) : null, next.needsReview ? 1 : 0, next.reason, next.decidedBy, next.decidedAt, JSON.stringify(next.rounds), decision.hash ?? null, now, id,
  ]);
  return { outcome: 'changed', totals: after, record: next, result: decision.result };
}

export function* readFundraiser(id: string): Program<FundraiserRecord | undefined> {
  return ((yield rows(`SELECT ${COLUMNS} FROM fundraisers WHERE campaign = ?`, [id])) as FundraiserRow[]).map(toRecord)[0];
}

/** The page whose link's secret has this hash: read on every request, so a new link shuts the old one out on every server at once. */
export function* findFundraiser(hash: string): Program<string | undefined> {
  return ((yield rows('SELECT campaign FROM fundraisers WHERE hash = ?', [hash])) as { campaign: string }[])[0]?.campaign;
}

/** Records of these pages, or of every page waiting for a reviewer (`review`), oldest first. */
export function* listFundraisers(query: { campaigns?: readonly string[]; review?: boolean }): Program<FundraiserRecord[]> {
  if (query.campaigns && !query.campaigns.length) return [];
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.review) where.push('needs_review = 1');
  if (query.campaigns) {
    where.push(IN_LIST);
    params.push(JSON.stringify(query.campaigns));
  }
  const text = `SELECT ${COLUMNS} FROM fundraisers${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, campaign`;
  const found = yield rows({ sqlite: text.replace(IN_LIST, IN_SQLITE), postgres: text.replace(IN_LIST, IN_POSTGRES) }, params);
  return (found as FundraiserRow[]).map(toRecord);
}
const IN_LIST = '(campaign IN ids)';
const IN_SQLITE = 'campaign IN (SELECT value FROM json_each(?))';
const IN_POSTGRES = 'campaign IN (SELECT jsonb_array_elements_text(?::jsonb))';
