/**
 * The one ingestion executor, the same on every store: a batch of Stripe events is claimed and
 * every row its decisions need is read up front under the writers' lock (prefetch), the pure
 * decisions (`applyStripeEffect` with its roll-up) run in order in memory, each seeing the
 * earlier ones' changes (decide), then each table is written once and each campaign's totals
 * once (flush). One transaction, one durable commit. The driver's {@link IngestIO} says how
 * its database reads and writes in bulk.
 *
 * An event whose decision throws is left out alone (its claim removed, so its redelivery is
 * applied then), as under its own savepoint. A statement the database refuses rolls the bulk
 * work back and the batch runs one event at a time instead, in the same transaction
 * (`one-by-one.ts`): the fallback for a poison event.
 */
import type { Clock, EventRecord, Load, Plan } from '../../ledger/plan.js';
import { allyFactOf, eventRecord, applyStripeEffect } from '../../ledger/stripe-events.js';
import { rollUp } from '../../ledger/tree.js';
import type { LedgerEffect } from '../../ledger/effects.js';
import type { CampaignTotals, StripeEventInput, StripeEventResult } from '../../ledger/types.js';
import { changes, type Program } from '../sql.js';
import { BatchState, MISS, NotBatchable } from './batch-state.js';
import type { IngestIO } from './io.js';
import { eachEvent } from './one-by-one.js';

const ROLLBACK_TO = changes('ROLLBACK TO SAVEPOINT rk_batch');
const RELEASE = changes('RELEASE SAVEPOINT rk_batch');

/** What a batch did: each event's result, every totals row its flushes changed, and whether it stayed in bulk. */
export interface Ingested {
  results: StripeEventResult[];
  /** As stored after the batch (the newest per campaign); empty when the batch fell back (the caller reads them). */
  changed: CampaignTotals[];
  path: 'bulk' | 'fallback';
}

export function* ingest(events: readonly StripeEventInput[], clock: Clock, io: IngestIO, bulk = true): Program<Ingested> {
  yield io.begin;
  const now = clock(); // after the lock: one time for the batch, in commit order
  if (bulk) {
    try {
      return yield* inBulk(io, events.map((e) => e.effect), now); // the commit releases the savepoint
    } catch {
      // A lost connection fails these statements too and ends the transaction.
      yield ROLLBACK_TO;
    }
  }
  yield RELEASE;
  return { results: yield* eachEvent(events, now), changed: [], path: 'fallback' };
}

function* inBulk(io: IngestIO, effects: readonly LedgerEffect[], now: string): Program<Ingested> {
  const s = new BatchState();
  const changed = new Map<string, CampaignTotals>();
  const flush = function* (failed?: readonly string[]): Program<void> {
    for (const t of yield* io.flush(s, now, failed)) changed.set(t.campaign, t);
  };
  const records = new Map<string, EventRecord>(); // the first delivery's row, as its own claim would insert
  for (const e of effects) if (!records.has(e.eventId)) records.set(e.eventId, eventRecord(e, now));
  yield* io.claimAndRead(s, {
    records: [...records.values()],
    payments: unique(effects.flatMap(paymentIds)),
    allies: unique(effects.flatMap((e) => allyFactOf(e)?.subscriptionId ?? [])),
    campaigns: unique(effects.flatMap(campaignsNamed)),
  });
  const results: StripeEventResult[] = [];
  for (const effect of effects) results.push(yield* decide(io, s, effect, now, flush));
  yield* flush([...s.fresh].filter((id) => !s.claimed.has(id)));
  return { results, changed: [...changed.values()], path: 'bulk' };
}

/** One event's decision against what the batch knows; a row it does not know is read after writing the queue. */
function* decide(io: IngestIO, s: BatchState, effect: LedgerEffect, now: string, flush: () => Program<void>): Program<StripeEventResult> {
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
    yield* flush();
    yield* read(io, s, step.value);
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

function* read(io: IngestIO, s: BatchState, l: Load): Program<void> {
  switch (l.load) {
    case 'payment':
      return yield* io.readPayments(s, [l.id]);
    case 'ally':
      return yield* io.readAllies(s, [l.subscriptionId]);
    case 'totals':
    case 'ancestors':
      return yield* io.readTotals(s, [l.campaign]);
    case 'pools':
      return yield* io.readTotals(s, l.campaigns);
    case 'giftMatches':
      return yield* io.readGiftMatches(s, [l.gift]);
    default:
      throw new NotBatchable(`load ${l.load}`);
  }
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** The campaigns an effect names: a payment's, and its Ally's. */
function campaignsNamed(e: LedgerEffect): string[] {
  const ally = allyFactOf(e);
  return [...(e.kind === 'payment' ? [e.campaign] : []), ...(ally ? [ally.campaign] : [])];
}

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
