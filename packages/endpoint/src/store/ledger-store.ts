/**
 * The {@link Store}, written once over a {@link Driver}: each method is a program (`programs.ts`)
 * around a ledger operation (`ledger/`), and the driver runs it on SQLite or Postgres.
 */
import type { FailureCounter, FailureLimitOptions } from '../guard/credentials.js';
import type { CheckoutLimiter, SharedLimitOptions } from '../guard/rate-limit.js';
import { recentGifts, type RecentLedgerRow } from './recent-programs.js';
import { lookupIdempotency, recordGift, voidOfflineGift } from '../ledger/gifts.js';
import type { CampaignConfig, TeamKeyInfo } from '@rescuekit/schema';
import type { CreateResult, PatchResult } from '../ledger/tree.js';
import type { AssignResult } from '../ledger/unassigned.js';
import { changeToken, ensureCampaigns, lock, perform, ping, stripeBatch } from './programs.js';
import { createTeamKey, findTeamKey, listOfflineGifts, listTeamKeys, listUnassigned, noteTeamKeysUsed, revokeTeamKey } from './team-programs.js';
import { approveProgram, assignProgram, createCampaignProgram, patchCampaignProgram, seedCampaigns, type SeedReport } from './tree-programs.js';
import type { Program } from './sql.js';
import type { StorageFault, WriteHealth } from './health.js';
import { EXPORT_PAGE_SIZE, ledgerPage, type ExportCursor, type LedgerExportQuery, type LedgerExportRow } from './export-programs.js';
import { stripeEventsInBulk } from './stripe-batch.js';
import { countLedger, readTotals, readTotalsOf, readTotalsSince } from './statements.js';
import type {
  ApproveGiftInput,
  ApproveGiftResult,
  OfflineGiftRow,
  UnassignedPayment,
  CampaignTotals,
  IdempotencyLookup,
  IdempotencyRef,
  RecordGiftInput,
  RecordGiftResult,
  Store,
  StripeEventInput,
  StripeEventResult,
  VoidGiftInput,
  VoidGiftResult,
} from './types.js';

/** Runs programs on one database. */
export interface Driver {
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `program` in one transaction and resolves after its durable commit; rolls back and
   * rejects when the program throws. SQLite: one IMMEDIATE transaction (the write lock first,
   * so two processes serialise instead of failing); Postgres: READ COMMITTED on one connection.
   */
  transact<T>(program: Program<T>): Promise<T>;
  /** Runs a read-only `program` outside any transaction. */
  read<T>(program: Program<T>): Promise<T>;
  /** What real writes answered: unhealthy after the database refused to store, until a write commits. */
  readonly health: WriteHealth;
  /** A limiter shared through this database, where it can be. */
  checkoutLimiter?(options: SharedLimitOptions): CheckoutLimiter;
  /** The refused-credential count shared through this database, where it can be. */
  failureCounter?(options: FailureLimitOptions): FailureCounter;
  /** Listens for totals changes committed by any connection, where the database can push them. */
  listen?(onChange: (campaigns: readonly string[] | null) => void, onError?: (error: unknown) => void): () => Promise<void>;
  close(): Promise<void>;
}

/** A program that moves totals: writers take one lock (Postgres), so roll-ups to shared ancestors never deadlock. */
function* writer<T>(program: Program<T>): Program<T> {
  yield lock('stripe');
  return yield* program;
}

/** The wall clock, read by each operation once its rows are locked. */
export const clock = () => new Date().toISOString();

export class LedgerStore implements Store {
  readonly kind: string;
  readonly #db: Driver;
  #closed = false;

  constructor(driver: Driver) {
    this.#db = driver;
    this.kind = driver.kind;
  }

  checkoutLimiter(options: SharedLimitOptions): CheckoutLimiter | undefined {
    return this.#db.checkoutLimiter?.(options);
  }

  storageFault(): StorageFault | undefined {
    return this.#db.health.fault;
  }

  failureCounter(options: FailureLimitOptions): FailureCounter | undefined {
    return this.#db.failureCounter?.(options);
  }

  watchTotals(onChange: (campaigns: readonly string[] | null) => void, onError?: (error: unknown) => void): (() => Promise<void>) | undefined {
    return this.#db.listen?.(onChange, onError);
  }

  totalsSince(since: string): Promise<CampaignTotals[]> {
    return this.#db.read(readTotalsSince(since));
  }

  async ensureCampaigns(campaigns: readonly { id: string; currency: string }[]): Promise<void> {
    await this.#db.transact(ensureCampaigns(campaigns, clock));
  }

  async getTotals(campaign: string): Promise<CampaignTotals | undefined> {
    if (this.kind !== 'postgres') return (await this.#db.read(readTotals(campaign)))[0];
    // Reads asked for in the same turn (a commit's NOTIFY names several campaigns) share one round trip.
    return new Promise((resolve, reject) => {
      if (!this.#wanted) {
        this.#wanted = new Map();
        queueMicrotask(() => void this.#readWanted());
      }
      const waiting = this.#wanted.get(campaign) ?? [];
      waiting.push({ resolve, reject });
      this.#wanted.set(campaign, waiting);
    });
  }

  #wanted: Map<string, { resolve: (t: CampaignTotals | undefined) => void; reject: (e: unknown) => void }[]> | undefined;

  async #readWanted(): Promise<void> {
    const wanted = this.#wanted!;
    this.#wanted = undefined;
    try {
      const ids = [...wanted.keys()];
      const found = new Map((await this.#db.read(ids.length === 1 ? readTotals(ids[0]!) : readTotalsOf(ids))).map((t) => [t.campaign, t]));
      for (const [id, waiting] of wanted) for (const w of waiting) w.resolve(found.get(id));
    } catch (e) {
      for (const waiting of wanted.values()) for (const w of waiting) w.reject(e);
    }
  }

  async getAllTotals(): Promise<CampaignTotals[]> {
    return this.#db.read(readTotals());
  }

  recordGift(input: RecordGiftInput): Promise<RecordGiftResult> {
    return this.#db.transact(writer(perform(recordGift(input, clock))));
  }

  voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult> {
    return this.#db.transact(writer(perform(voidOfflineGift(input, clock))));
  }

  seedCampaigns(campaigns: readonly CampaignConfig[]): Promise<SeedReport> {
    return this.#db.transact(seedCampaigns(campaigns, clock));
  }

  createCampaign(config: CampaignConfig): Promise<CreateResult> {
    return this.#db.transact(createCampaignProgram(config, clock));
  }

  patchCampaign(id: string, patch: Partial<CampaignConfig>): Promise<PatchResult> {
    return this.#db.transact(patchCampaignProgram(id, patch, clock));
  }

  approveOfflineGift(input: ApproveGiftInput): Promise<ApproveGiftResult> {
    return this.#db.transact(approveProgram(input, clock));
  }

  listOfflineGifts(campaign: string): Promise<OfflineGiftRow[]> {
    return this.#db.read(listOfflineGifts(campaign));
  }

  listUnassigned(all = false): Promise<UnassignedPayment[]> {
    return this.#db.read(listUnassigned(all));
  }

  assignUnassigned(ref: string, campaign: string): Promise<AssignResult> {
    return this.#db.transact(assignProgram(ref, campaign, clock));
  }

  createTeamKey(key: { id: string; campaign: string; label: string | null; hash: string }): Promise<TeamKeyInfo | undefined> {
    return this.#db.transact(createTeamKey(key, clock()));
  }

  listTeamKeys(campaign: string): Promise<TeamKeyInfo[]> {
    return this.#db.read(listTeamKeys(campaign));
  }

  revokeTeamKey(id: string): Promise<TeamKeyInfo | undefined> {
    return this.#db.transact(revokeTeamKey(id, clock()));
  }

  findTeamKey(hash: string): Promise<{ id: string; campaign: string } | undefined> {
    return this.#db.read(findTeamKey(hash));
  }

  async noteTeamKeysUsed(uses: readonly { id: string; at: string }[]): Promise<void> {
    if (uses.length) await this.#db.transact(noteTeamKeysUsed(uses));
  }

  lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup> {
    return this.#db.read(perform(lookupIdempotency(ref)));
  }

  async applyStripeEvents(events: readonly StripeEventInput[]): Promise<StripeEventResult[]> {
    if (!events.length) return [];
    // Postgres pays a round trip per statement: its batches read and write in bulk. SQLite's statements are calls in process.
    return this.#db.transact(this.#db.kind === 'postgres' ? stripeEventsInBulk(events, clock) : stripeBatch(events, clock));
  }

  async *exportLedger(query: LedgerExportQuery): AsyncGenerator<LedgerExportRow> {
    const size = query.pageSize ?? EXPORT_PAGE_SIZE;
    let after: ExportCursor = { at: '', id: '' };
    for (;;) {
      const page = await this.#db.read(ledgerPage(query, after, size));
      yield* page;
      const last = page.at(-1);
      if (!last || page.length < size) return;
      after = { at: last.createdAt, id: last.id };
    }
  }

  recentGifts(campaign: string, limit: number): Promise<RecentLedgerRow[]> {
    return this.#db.read(recentGifts(campaign, limit));
  }

  countLedger(campaign?: string): Promise<number> {
    return this.#db.read(countLedger(campaign));
  }

  changeToken(): Promise<number> {
    return this.#db.read(changeToken());
  }

  ping(): Promise<void> {
    return this.#db.read(ping());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }
}
