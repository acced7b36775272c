/**
 * What the ingestion executor (`executor.ts`) asks of a database: the statement that starts a
 * batch, a prefetch of every row the batch names, the reads of a row it missed, and a flush of
 * the grouped writes. Each driver gives one (`Driver.ingest`): Postgres in a handful of
 * multi-row statements (`postgres-io.ts`, each a round trip), SQLite row by row (`sqlite-io.ts`,
 * each a call in process). The decisions between them are the same for both.
 */
import type { EventRecord } from '../../ledger/plan.js';
import type { CampaignTotals } from '../../ledger/types.js';
import type { Program, Sql } from '../sql.js';
import type { BatchState } from './batch-state.js';

/** What a batch reads first: the events, and the payment ids, subscriptions and campaigns they name. */
export interface BatchReads {
  records: readonly EventRecord[];
  payments: readonly string[];
  allies: readonly string[];
  campaigns: readonly string[];
}

export interface IngestIO {
  /** Takes the writers' lock and sets the savepoint `rk_batch` the batch falls back to. */
  readonly begin: Sql;
  /** Claims every event id and reads, locked, every row the events name (with each campaign's ancestors) into `s`. */
  claimAndRead(s: BatchState, reads: BatchReads): Program<void>;
  /** Reads the payments any of `ids` names (by ref or alias) into `s`. */
  readPayments(s: BatchState, ids: readonly string[]): Program<void>;
  readAllies(s: BatchState, ids: readonly string[]): Program<void>;
  /** Locks and reads `campaigns` and their ancestors into `s`. */
  readTotals(s: BatchState, campaigns: readonly string[]): Program<void>;
  /** What gifts hold from matching pools: every key asked for becomes known. */
  readGiftMatches(s: BatchState, gifts: readonly string[]): Program<void>;
  /** Runs the queued writes and unclaims `failed` events; answers every totals row it changed, as stored. */
  flush(s: BatchState, now: string, failed?: readonly string[]): Program<CampaignTotals[]>;
}
