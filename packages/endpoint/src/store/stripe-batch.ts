/**
 * A batch of Stripe events in a handful of statements (Postgres, where each statement is a
 * round trip): claim every id in one INSERT, read every row the decisions need in bulk under
 * the writers' lock, run the same pure decisions (`applyStripeEffect` with its roll-up) in
 * order in memory, each seeing the earlier ones' changes, then write each table once and
 * each campaign's totals once. One transaction, one durable commit.
 *
 * An event whose decision throws is left out alone (its claim removed, so its redelivery is
 * applied then), as under its own savepoint. A statement the database refuses rolls the bulk
 * work back and the batch runs one event at a time instead, in the same transaction.
 */
import type { Clock, EventRecord, Load, Plan } from '../ledger/plan.js';
import { eventRecord, applyStripeEffect } from '../ledger/stripe-events.js';
import { rollUp } from '../ledger/tree.js';
import type { LedgerEffect } from '../ledger/effects.js';
import type { StripeEventInput, StripeEventResult } from '../ledger/types.js';
import { BatchState, MISS, NotBatchable } from './batch-state.js';
import { claimAndRead, flush, readAllies, readGiftMatches, readPayments, readTotals } from './batch-statements.js';
import { eachEvent, LOCKS } from './programs.js';
import { changes, exec, type Program } from './sql.js';

/** The writers' lock and the savepoint to fall back to, in one round trip (the driver sends BEGIN with it). */
const LOCK_AND_SAVEPOINT = exec({ sqlite: null, postgres: `SELECT pg_advisory_xact_lock(${LOCKS.stripe}); SAVEPOINT rk_batch` });
const ROLLBACK_TO = changes('ROLLBACK TO SAVEPOINT rk_batch');
const RELEASE = changes('RELEASE SAVEPOINT rk_batch');

/** Counts of batches that fell back to one event at a time (for tests). */
export const batchStats = { bulk: 0, fallback: 0 };

export function* stripeEventsInBulk(events: readonly StripeEventInput[], clock: Clock): Program<StripeEventResult[]> {
  yield LOCK_AND_SAVEPOINT;
  const now = clock(); // after the lock: one time for the batch, in commit order
  try {
    const out = yield* inBulk(events.map((e) => e.effect), now);
    batchStats.bulk++; // the commit releases the savepoint
    return out;
  } catch {
    // A lost connection fails these statements too and ends the transaction.
    yield ROLLBACK_TO;
    yield RELEASE;
    batchStats.fallback++;
    return yield* eachEvent(events, now);
  }
}

function* inBulk(effects: readonly LedgerEffect[], now: string): Program<StripeEventResult[]> {
  const s = new BatchState();
  const records = new Map<string, EventRecord>(); // the first delivery's row, as its own claim would insert
  for (const e of effects) if (!records.has(e.eventId)) records.set(e.eventId, eventRecord(e, now));
  yield* claimAndRead(s, {
    records: [...records.values()],
    payments: unique(effects.flatMap(paymentIds)),
    allies: unique(effects.flatMap((e) => (e.kind === 'ally' ? [e.subscriptionId] : []))),
    campaigns: unique(effects.flatMap((e) => (e.kind === 'payment' || e.kind === 'ally' ? [e.campaign] : []))),
  });
  const out: StripeEventResult[] = [];
  for (const effect of effects) out.push(yield* decide(s, effect, now));
  yield* flush(s, now, [...s.fresh].filter((id) => !s.claimed.has(id)));
  return out;
}

/** One event's decision against what the batch knows; a row it does not know is read after writing the queue. */
function* decide(s: BatchState, effect: LedgerEffect, now: string): Program<StripeEventResult> {
  const op = rollUp(applyStripeEffect(effect, now), s.ancestors);
  const held = s.claimed.has(effect.eventId); // an earlier delivery in this batch holds the claim: this one is a duplicate
  let answer: unknown;
  let step: IteratorResult<Load, Plan<StripeEventResult>>;
  for (;;) {
    try {
      step = op.next(answer);
    } catch (error) {
      return failed(s, effect, held, error);
    }
    if (step.done) break;
    answer = s.answer(step.value);
    if (answer !== MISS) continue;
    yield* flush(s, now);
    yield* read(s, step.value);
    answer = s.answer(step.value);
    if (answer === MISS) throw new NotBatchable(`load ${step.value.load}`);
  }
  try {
    s.apply(step.value.writes);
  } catch (error) {
    if (error instanceof NotBatchable) throw error;
    return failed(s, effect, held, error);
  }
  return step.value.result;
}

function failed(s: BatchState, effect: LedgerEffect, held: boolean, error: unknown): StripeEventResult {
  if (!held) s.claimed.delete(effect.eventId);
  return { outcome: 'failed', error };
}

function* read(s: BatchState, l: Load): Program<void> {
  switch (l.load) {
    case 'payment':
      return yield* readPayments(s, [l.id]);
    case 'ally':
      return yield* readAllies(s, [l.subscriptionId]);
    case 'totals':
    case 'ancestors':
      return yield* readTotals(s, [l.campaign]);
    case 'pools':
      return yield* readTotals(s, l.campaigns);
    case 'giftMatches':
      return yield* readGiftMatches(s, [l.gift]);
    default:
      throw new NotBatchable(`load ${l.load}`);
  }
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

function paymentIds(e: LedgerEffect): string[] {
  switch (e.kind) {
    case 'payment':
      return [e.ref, ...e.aliases];
    case 'refund':
    case 'dispute':
      return [e.ref];
    case 'link':
      return [e.invoiceId, e.paymentRef];
    default:
      return [];
  }
}
