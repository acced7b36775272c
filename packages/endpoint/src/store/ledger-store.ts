/**
 * The {@link Store}, written once over a {@link Driver}: each method is a program (`programs.ts`)
 * around a ledger operation (`ledger/`), and the driver runs it on SQLite or Postgres.
 */
import type { CheckoutLimiter, SharedLimitOptions } from '../guard/rate-limit.js';
import { lookupIdempotency, recordGift, voidOfflineGift } from '../ledger/gifts.js';
import { changeToken, ensureCampaigns, perform, ping, stripeBatch } from './programs.js';
import type { Program } from './sql.js';
import { countLedger, readTotals, readTotalsSince } from './statements.js';
import type {
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
  /** A limiter shared through this database, where it can be. */
  checkoutLimiter?(options: SharedLimitOptions): CheckoutLimiter;
  /** Listens for totals changes committed by any connection, where the database can push them. */
  listen?(onChange: (campaigns: readonly string[] | null) => void, onError?: (error: unknown) => void): () => Promise<void>;
  close(): Promise<void>;
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
    return (await this.#db.read(readTotals(campaign)))[0];
  }

  async getAllTotals(): Promise<CampaignTotals[]> {
    return this.#db.read(readTotals());
  }

  recordGift(input: RecordGiftInput): Promise<RecordGiftResult> {
    return this.#db.transact(perform(recordGift(input, clock)));
  }

  voidOfflineGift(input: VoidGiftInput): Promise<VoidGiftResult> {
    return this.#db.transact(perform(voidOfflineGift(input, clock)));
  }

  lookupIdempotency(ref: IdempotencyRef): Promise<IdempotencyLookup> {
    return this.#db.read(perform(lookupIdempotency(ref)));
  }

  async applyStripeEvents(events: readonly StripeEventInput[]): Promise<StripeEventResult[]> {
    return events.length ? this.#db.transact(stripeBatch(events, clock)) : [];
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
