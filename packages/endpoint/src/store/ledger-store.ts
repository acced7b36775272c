/**
 * The {@link Store}, written once over a {@link Driver}: each method is a program (`programs.ts`)
 * around a ledger operation (`ledger/`), and the driver runs it on SQLite or Postgres.
 */
import type { FailureCounter, FailureLimitOptions } from '../guard/credentials.js';
import type { CheckoutLimiter, SharedLimitOptions } from '../guard/rate-limit.js';
import { recentGifts, type RecentLedgerRow } from './recent-programs.js';
import { lookupIdempotency, recordGift, voidOfflineGift } from '../ledger/gifts.js';
import type { CampaignConfig, InviteInfo, PersonInfo, Role, TeamKeyInfo } from '@rescuekit/schema';
import * as people from './people-programs.js';
import * as fundraisers from './fundraiser-programs.js';
import type { DecideFundraiser, FundraiserChange, FundraiserRecord } from './fundraiser-programs.js';
import type { AcceptOutcome, NewInvite } from './people-programs.js';
import type { CreateResult, PatchResult } from '../ledger/tree.js';
import type { AssignResult } from '../ledger/unassigned.js';
import { changeToken, ensureCampaigns, lock, perform, ping, withChangedTotals } from './programs.js';
import { createTeamKey, findTeamKey, listOfflineGifts, listPendingGifts, offlineGiftCampaign, listTeamKeys, listUnassigned, noteTeamKeysUsed, revokeTeamKey, rotateTeamKey } from './team-programs.js';
import { approveProgram, assignProgram, createCampaignProgram, patchCampaignProgram, seedCampaigns, type SeedReport } from './tree-programs.js';
import type { Program } from './sql.js';
import type { SchemaState } from './schema.js';
import type { StorageFault, WriteHealth } from './health.js';
import { EXPORT_PAGE_SIZE, ledgerPage, type ExportCursor, type LedgerExportQuery, type LedgerExportRow } from './export-programs.js';
import { ingest } from './ingest/executor.js';
import type { IngestIO } from './ingest/io.js';
import { countLedger, readTotals, readTotalsOf, readTotalsSince } from './statements.js';
import type {
  ApproveGiftInput,
  ApproveGiftResult,
  OfflineGiftRow,
  PoolUse,
  UnassignedPayment,
  CampaignTotals,
  Changed,
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

/** Runs programs on one database, and says what it can do (its capabilities), so nothing above it asks which database it is. */
export interface Driver {
  /** A short name for logs and `/healthz`. */
  readonly kind: 'sqlite' | 'postgres';
  /** How the ingestion executor reads and writes a batch in bulk on this database. */
  readonly ingest: IngestIO;
  /** The database works on the next commit while this one's callers are answered (a server, not a file in process). */
  readonly pipelined: boolean;
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
  /** The connection pool's use now, where the database has a pool. */
  pool?(): PoolUse;
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

export interface LedgerStoreOptions {
  /**
   * Runs every Stripe batch one event at a time (each load and write its own statement), the path
   * a batch otherwise takes only when a statement fails in bulk. For diagnosis; slower.
   */
  oneEventAtATime?: boolean;
}

/** Attaches what a commit changed to its result, where it changed anything. */
const withChanged = <R extends object>(result: R, changed: readonly CampaignTotals[]): R & Changed => (changed.length ? { ...result, changed } : result);

export class LedgerStore implements Store {
  readonly kind: string;
  readonly pipelined: boolean;
  readonly #db: Driver;
  readonly #bulk: boolean;
  #closed = false;
  /** Batches of Stripe events taken in bulk, and those that fell back to one event at a time. */
  readonly ingestStats = { bulk: 0, fallback: 0 };

  /** How this code stands with the database's schema, as found when it was opened. */
  readonly schema: SchemaState | undefined;

  constructor(driver: Driver, options: LedgerStoreOptions = {}, schema?: SchemaState) {
    this.#db = driver;
    this.schema = schema;
    this.kind = driver.kind;
    this.pipelined = driver.pipelined;
    this.#bulk = !options.oneEventAtATime;
  }

  /** Runs a writing program; resolves with its result and every totals row the commit changed. */
  async #commit<R extends object>(program: Program<R>): Promise<R & Changed> {
    const { result, changed } = await this.#db.transact(withChangedTotals(program));
    return withChanged(result, changed);
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

  getTotals(campaign: string): Promise<CampaignTotals | undefined> {
    // Reads asked for in the same turn (a commit's NOTIFY names several campaigns) share one read.
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

  recordGift(input: RecordGiftInput): Promise<RecordGiftResult & Changed> {
    return this.#commit(writer(perform(recordGift(input, clock))));
  }

  voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult & Changed> {
    return this.#commit(writer(perform(voidOfflineGift(input, clock))));
  }

  seedCampaigns(campaigns: readonly CampaignConfig[]): Promise<SeedReport & Changed> {
    return this.#commit(seedCampaigns(campaigns, clock));
  }

  createCampaign(config: CampaignConfig): Promise<CreateResult & Changed> {
    return this.#commit(createCampaignProgram(config, clock));
  }

  patchCampaign(id: string, patch: Partial<CampaignConfig>): Promise<PatchResult & Changed> {
    return this.#commit(patchCampaignProgram(id, patch, clock));
  }

  createFundraiser(config: CampaignConfig, hash: string): Promise<CreateResult & Changed> {
    return this.#commit(fundraisers.createFundraiser(config, hash, clock));
  }

  changeFundraiser<R>(id: string, decide: DecideFundraiser<R>): Promise<FundraiserChange<R> & Changed> {
    return this.#commit(fundraisers.changeFundraiser(id, decide, clock));
  }

  readFundraiser(id: string): Promise<FundraiserRecord | undefined> {
    return this.#db.read(fundraisers.readFundraiser(id));
  }

  findFundraiser(hash: string): Promise<string | undefined> {
    return this.#db.read(fundraisers.findFundraiser(hash));
  }

  listFundraisers(query: { campaigns?: readonly string[]; review?: boolean }): Promise<FundraiserRecord[]> {
    return this.#db.read(fundraisers.listFundraisers(query));
  }

  approveOfflineGift(input: ApproveGiftInput): Promise<ApproveGiftResult & Changed> {
    return this.#commit(approveProgram(input, clock));
  }

  listOfflineGifts(campaign: string): Promise<OfflineGiftRow[]> {
    return this.#db.read(listOfflineGifts(campaign));
  }

  listPendingGifts(campaigns: readonly string[]): Promise<OfflineGiftRow[]> {
    return this.#db.read(listPendingGifts(campaigns));
  }

  offlineGiftCampaign(id: string): Promise<string | undefined> {
    return this.#db.read(offlineGiftCampaign(id));
  }

  listUnassigned(all = false): Promise<UnassignedPayment[]> {
    return this.#db.read(listUnassigned(all));
  }

  assignUnassigned(ref: string, campaign: string): Promise<AssignResult & Changed> {
    return this.#commit(assignProgram(ref, campaign, clock));
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

  rotateTeamKey(oldId: string, key: { id: string; hash: string }): Promise<TeamKeyInfo | undefined> {
    return this.#db.transact(rotateTeamKey(oldId, key, clock()));
  }

  findTeamKey(hash: string): Promise<{ id: string; campaign: string } | undefined> {
    return this.#db.read(findTeamKey(hash));
  }

  async noteTeamKeysUsed(uses: readonly { id: string; at: string }[]): Promise<void> {
    if (uses.length) await this.#db.transact(noteTeamKeysUsed(uses));
  }

  createInvite(invite: NewInvite): Promise<InviteInfo | undefined> {
    return this.#db.transact(people.createInvite(invite, clock()));
  }

  listInvites(campaigns: readonly string[]): Promise<InviteInfo[]> {
    return this.#db.read(people.listInvites(campaigns, clock()));
  }

  findInvite(id: string): Promise<InviteInfo | undefined> {
    return this.#db.read(people.findInvite(id));
  }

  revokeInvite(id: string): Promise<InviteInfo | undefined> {
    return this.#db.transact(people.revokeInvite(id, clock()));
  }

  acceptInvite(hash: string, person: { id: string; hash: string }): Promise<AcceptOutcome> {
    return this.#db.transact(people.acceptInvite(hash, person, clock()));
  }

  findPerson(hash: string): Promise<{ id: string; campaign: string; role: Role } | undefined> {
    return this.#db.read(people.findPerson(hash));
  }

  findPersonById(id: string): Promise<PersonInfo | undefined> {
    return this.#db.read(people.findPersonById(id));
  }

  listPeople(campaigns: readonly string[]): Promise<PersonInfo[]> {
    return this.#db.read(people.listPeople(campaigns));
  }

  revokePerson(id: string): Promise<PersonInfo | undefined> {
    return this.#db.transact(people.revokePerson(id, clock()));
  }

  lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup> {
    return this.#db.read(perform(lookupIdempotency(ref)));
  }

  async applyStripeEvents(events: readonly StripeEventInput[]): Promise<(StripeEventResult & Changed)[]> {
    if (!events.length) return [];
    const { result, changed: reread } = await this.#db.transact(withChangedTotals(ingest(events, clock, this.#db.ingest, this.#bulk)));
    this.ingestStats[result.path]++;
    // One list for the batch (the rows as the commit leaves them), on each event that moved money.
    const changed = result.changed.length ? result.changed : reread;
    return result.results.map((r) => (r.outcome === 'applied' && r.totals ? withChanged(r, changed) : r));
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

  poolUse(): PoolUse | undefined {
    return this.#db.pool?.();
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
