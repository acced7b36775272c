/**
 * The persistence contract: what the endpoint needs from a database. Two stores keep it,
 * SQLite (`sqlite.ts`, the default) and Postgres (`postgres.ts`, for several servers on one
 * database), both through one ledger core (`ledger-store.ts`); `open.ts` picks one from
 * `DATABASE_URL`. The values it speaks in are the ledger's own (`ledger/types.ts`).
 */
import type { CampaignConfig, InviteInfo, PersonInfo, Role, TeamKeyInfo } from '@rescuekit/schema';
import type { AcceptOutcome, NewInvite } from './people-programs.js';
import type { DecideFundraiser, FundraiserChange, FundraiserRecord } from './fundraiser-programs.js';
import type { CreateResult, PatchResult } from '../ledger/tree.js';
import type { AssignResult } from '../ledger/unassigned.js';
import type { SeedReport } from './tree-programs.js';
import type { SchemaState } from './schema.js';
import type { LedgerExportQuery, LedgerExportRow } from './export-programs.js';
import type { RecentLedgerRow } from './recent-programs.js';
import type { StorageFault } from './health.js';
import type { FailureCounter, FailureLimitOptions } from '../guard/credentials.js';
import type { CheckoutLimiter, SharedLimitOptions } from '../guard/rate-limit.js';
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
  StripeEventInput,
  StripeEventResult,
  VoidGiftInput,
  VoidGiftResult,
} from '../ledger/types.js';

export type * from '../ledger/types.js';
export type { CreateResult, PatchResult, SeedDrift } from '../ledger/tree.js';
export type { AssignResult } from '../ledger/unassigned.js';
export type { SeedReport } from './tree-programs.js';
export type { LedgerExportQuery, LedgerExportRow } from './export-programs.js';
export type { RecentLedgerRow } from './recent-programs.js';
export type { StorageFault } from './health.js';
export type { DecideFundraiser, FundraiserChange, FundraiserDecision, FundraiserRecord, FundraiserView } from './fundraiser-programs.js';

/**
 * What a commit changed: every totals row it moved, as the commit leaves them, ancestors included
 * (absent when it moved none). The caller installs them before it answers, so a read after an
 * acknowledged write sees the write at every level of the tree.
 */
export interface Changed {
  readonly changed?: readonly CampaignTotals[];
}

/** Running totals: what progress is read from, and how other servers' commits are heard. */
export interface TotalsReader {
  getTotals(campaign: string): Promise<CampaignTotals | undefined>;
  getAllTotals(): Promise<CampaignTotals[]>;
  /**
   * A token that changes when another connection or process commits (SQLite's
   * `PRAGMA data_version`; on Postgres, the sum of every campaign's version). Cheap;
   * polled about once a second.
   */
  changeToken(): Promise<number | string>;
  /**
   * Pushes changes committed by any server: `onChange` hears the campaigns whose totals changed
   * (null: any may have, after a (re)connect) until the returned function stops it. Undefined
   * where the store cannot push (SQLite: its change token is a cheap per-file counter).
   */
  watchTotals?(onChange: (campaigns: readonly string[] | null) => void, onError?: (error: unknown) => void): (() => Promise<void>) | undefined;
  /** Totals rows with `updatedAt` at or after `since`: a pushing store's safety poll, one query for changed rows only. */
  totalsSince?(since: string): Promise<CampaignTotals[]>;
}

/** Gifts recorded by people (offline gifts, cash and cheques): counted, voided, approved, each once. */
export interface GiftBook {
  /**
   * Counts one gift atomically: idempotency check and insert, ledger insert, totals update.
   * The promise resolves only after the commit is durable.
   */
  recordGift(input: RecordGiftInput): Promise<RecordGiftResult & Changed>;
  /**
   * Appends a reversing ledger row for an offline gift and takes its amount and donor out of the
   * totals, in one transaction; once per gift (the ledger is append-only, nothing is deleted).
   */
  voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult & Changed>;
  approveOfflineGift(input: ApproveGiftInput): Promise<ApproveGiftResult & Changed>;
  /** Team cash still waiting for approval in these campaigns, oldest first. */
  listPendingGifts(campaigns: readonly string[]): Promise<OfflineGiftRow[]>;
  /** The campaign of the offline gift with this id. */
  offlineGiftCampaign(id: string): Promise<string | undefined>;
  listOfflineGifts(campaign: string): Promise<OfflineGiftRow[]>;
  /** A read-only look at an idempotency key (the authoritative check is in `recordGift`). */
  lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup>;
}

/** Stripe's events, through the ingestion executor (`ingest/`). */
export interface StripeIngest {
  /**
   * The database works on the next commit while this one's callers are answered (a database
   * server); false or absent where commits run synchronously in process (SQLite).
   */
  readonly pipelined?: boolean;
  /** Batches of Stripe events taken in bulk, and those that fell back to one event at a time (for tests and metrics). */
  readonly ingestStats?: { readonly bulk: number; readonly fallback: number };
  /**
   * Applies verified Stripe events in one durable commit: every row the batch needs is read first,
   * the decisions run in order in memory, the writes go out grouped. An event whose decision fails
   * is left out alone (not marked processed: its redelivery is applied then). The processed-event
   * row, the payment's or Ally's merged state, a ledger row for any money moved and the running
   * totals change together or not at all. Rejects when the commit itself fails (nothing was written).
   */
  applyStripeEvents(events: readonly StripeEventInput[]): Promise<(StripeEventResult & Changed)[]>;
}

/** The campaign tree: campaigns as data, and payments kept for a campaign that did not exist. */
export interface CampaignTree {
  /**
   * Creates a zero totals row for each campaign that has none. A campaign whose
   * currency changed is updated only while nothing has been counted; otherwise this throws.
   */
  ensureCampaigns(campaigns: readonly { id: string; currency: string }[]): Promise<void>;
  /**
   * Seeds campaigns from the config (at start and on SIGHUP): creates the ids the store lacks,
   * adopts rows no config described yet (backfilling ancestors of a new parent); the store wins
   * for the rest, and the report names each differing field.
   */
  seedCampaigns(campaigns: readonly CampaignConfig[]): Promise<SeedReport & Changed>;
  /** Adds a campaign in a valid place of the tree; counts the kept payments that name it. */
  createCampaign(config: CampaignConfig): Promise<CreateResult & Changed>;
  /** Changes any field but id and currency; a new parent moves the subtree's totals. */
  patchCampaign(id: string, patch: Partial<CampaignConfig>): Promise<PatchResult & Changed>;
  /** Kept payments; `all` includes those assigned since. */
  listUnassigned(all?: boolean): Promise<UnassignedPayment[]>;
  assignUnassigned(ref: string, campaign: string): Promise<AssignResult & Changed>;
}

/** The ledger read back: counts, the export, the public recent-gifts feed. */
export interface LedgerReader {
  countLedger(campaign?: string): Promise<number>;
  /**
   * The ledger rows of a campaign (and, unless `direct`, its descendants) in time order, read a
   * page at a time as the caller iterates. Rows with status `counted` sum to the campaign's `raised`.
   */
  exportLedger(query: LedgerExportQuery): AsyncIterable<LedgerExportRow>;
  /**
   * Up to `limit` counted gifts of a campaign and its descendants, newest first (one read): no
   * note, reference or key is read; voided and pending offline gifts are left out.
   */
  recentGifts(campaign: string, limit: number): Promise<RecentLedgerRow[]>;
}

/** Team keys: a team's own credential, stored as a hash. */
export interface TeamKeyStore {
  createTeamKey(key: { id: string; campaign: string; label: string | null; hash: string }): Promise<TeamKeyInfo | undefined>;
  listTeamKeys(campaign: string): Promise<TeamKeyInfo[]>;
  revokeTeamKey(id: string): Promise<TeamKeyInfo | undefined>;
  /** Revokes the live key `oldId` and stores `key` for its campaign and label, at once; undefined when `oldId` is not live. */
  rotateTeamKey(oldId: string, key: { id: string; hash: string }): Promise<TeamKeyInfo | undefined>;
  /** The live key with this SHA-256, or undefined. A read: it never waits for a write lock. */
  findTeamKey(hash: string): Promise<{ id: string; campaign: string } | undefined>;
  /** Notes when keys were last used (the caller batches: at most once a minute per key); a time never moves back. */
  noteTeamKeysUsed(uses: readonly { id: string; at: string }[]): Promise<void>;
}

/** People invited by link, each with a role over a campaign's subtree; keys and codes stored as hashes. */
export interface PeopleStore {
  /** Undefined when the campaign does not exist. */
  createInvite(invite: NewInvite): Promise<InviteInfo | undefined>;
  /** Invites still open (not used, revoked or expired) of these campaigns. */
  listInvites(campaigns: readonly string[]): Promise<InviteInfo[]>;
  findInvite(id: string): Promise<InviteInfo | undefined>;
  revokeInvite(id: string): Promise<InviteInfo | undefined>;
  /** Takes the invite with this code's hash once, making a person with the key's hash. */
  acceptInvite(hash: string, person: { id: string; hash: string }): Promise<AcceptOutcome>;
  /** The live person with this key's SHA-256. A read: it never waits for a write lock. */
  findPerson(hash: string): Promise<{ id: string; campaign: string; role: Role } | undefined>;
  findPersonById(id: string): Promise<PersonInfo | undefined>;
  listPeople(campaigns: readonly string[]): Promise<PersonInfo[]>;
  revokePerson(id: string): Promise<PersonInfo | undefined>;
}

/** Supporters' fundraiser pages: a campaign each, plus what only the owner and reviewers see. */
export interface FundraiserStore {
  /** A new page under its team, with its link's secret hash, in one commit. */
  createFundraiser(config: CampaignConfig, hash: string): Promise<CreateResult & Changed>;
  /** Reads the page, decides, and writes the decision in one transaction (a throw from `decide` writes nothing). */
  changeFundraiser<R>(id: string, decide: DecideFundraiser<R>): Promise<FundraiserChange<R> & Changed>;
  readFundraiser(id: string): Promise<FundraiserRecord | undefined>;
  /** The page whose link's secret has this SHA-256. A read. */
  findFundraiser(hash: string): Promise<string | undefined>;
  /** Records of these pages, or of every page waiting for a reviewer. */
  listFundraisers(query: { campaigns?: readonly string[]; review?: boolean }): Promise<FundraiserRecord[]>;
}

/** Limits every server on the store shares, where the database can hold them (Postgres). */
export interface SharedLimits {
  /** The checkout rate limit shared by every server on this store; undefined where each process keeps its own (SQLite). */
  checkoutLimiter?(options: SharedLimitOptions): CheckoutLimiter | undefined;
  /** The refused-credential count shared by every server on this store (Postgres); undefined on SQLite. */
  failureCounter?(options: FailureLimitOptions): FailureCounter | undefined;
}

/** The database itself: its name, whether it answers and stores, and closing it. */
export interface StoreHealth {
  /** A short name for logs and `/healthz`: "sqlite" or "postgres". */
  readonly kind: string;
  /** A trivial query for health checks; rejects when the store is unusable. */
  ping(): Promise<void>;
  /**
   * The write the database last refused for space, a read-only file or an I/O error, while no write
   * has committed since; undefined when writes succeed. Derived from real writes, not a probe.
   */
  storageFault?(): StorageFault | undefined;
  /** The connection pool's use now, where the store has one (Postgres). */
  poolUse?(): PoolUse | undefined;
  /** How this code stands with the database's schema, as found when it was opened (`ahead`: a rolling upgrade is under way). */
  readonly schema?: SchemaState | undefined;
  close(): Promise<void>;
}

/** A connection pool at one instant: connections open, of them idle, queries waiting for one, and the cap. */
export interface PoolUse {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** What the endpoint needs from a database: every role, kept by one ledger core on SQLite and Postgres. */
export interface Store extends TotalsReader, GiftBook, StripeIngest, CampaignTree, LedgerReader, TeamKeyStore, PeopleStore, FundraiserStore, SharedLimits, StoreHealth {}
