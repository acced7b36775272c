/**
 * The fallback of ingestion: a batch's events one at a time, each under its own savepoint, every
 * load and write its own statement (`perform`). A failing event rolls back alone and is not
 * marked processed, so its redelivery is applied then. The caller holds the writers' lock.
 */
import { applyStripeEffect } from '../../ledger/stripe-events.js';
import type { StripeEventInput, StripeEventResult } from '../../ledger/types.js';
import { perform } from '../programs.js';
import { changes, type Program } from '../sql.js';

const SAVEPOINT = changes('SAVEPOINT rk_event');
const RELEASE = changes('RELEASE SAVEPOINT rk_event');
const ROLLBACK_TO = changes('ROLLBACK TO SAVEPOINT rk_event');

export function* eachEvent(events: readonly StripeEventInput[], now: string): Program<StripeEventResult[]> {
  const out: StripeEventResult[] = [];
  const ancestors = new Map<string, string[]>(); // the batch holds the writers' lock: no parent moves meanwhile
  for (const { effect } of events) {
    yield SAVEPOINT;
    try {
      out.push(yield* perform(applyStripeEffect(effect, now), ancestors));
      yield RELEASE;
    } catch (error) {
      yield ROLLBACK_TO;
      yield RELEASE;
      out.push({ outcome: 'failed', error });
    }
  }
  return out;
}
