/**
 * The SQL behind each load and write of the ledger core (`ledger/plan.ts`), once for both
 * databases; a statement has a Postgres text of its own only where the dialects differ.
 */
import { noTotalsRow } from '../ledger/errors.js';
import type { Load, Loaded, StoredKey, Write } from '../ledger/plan.js';
import type { AllyState, PaymentState } from '../ledger/state.js';
import { fromJson, toTotals, type TotalsRow } from './rows.js';
import { changes, rows, type Program } from './sql.js';

const TOTALS = 'SELECT * FROM campaign_totals WHERE campaign = ?';
/** Inside a transaction a totals row is read to decide a change to it: Postgres locks it till the commit. */
const LOCK_TOTALS = { sqlite: TOTALS, postgres: `${TOTALS} FOR UPDATE` };

interface KeyRow {
  fingerprint: string;
  response_status: number;
  response_body: string;
}

/** Runs one load and answers what `Loaded` promises for it. */
export function* runLoad(l: Load): Program<Loaded[Load['load']]> {
  switch (l.load) {
    case 'totals':
      return (yield* rows<TotalsRow>(LOCK_TOTALS, [l.campaign])).map(toTotals)[0];
    case 'idempotency': {
      const [row] = yield* rows<KeyRow>('SELECT fingerprint, response_status, response_body FROM idempotency_keys WHERE scope = ? AND key = ?', [l.scope, l.key]);
      return row && ({ fingerprint: row.fingerprint, response: { status: row.response_status, body: row.response_body } } satisfies StoredKey);
    }
    case 'counted':
      return (yield* rows('SELECT 1 AS found FROM ledger WHERE source_ref = ?', [l.sourceRef])).length > 0;
    case 'offlineGift':
      return (yield* rows<{ amount: number; currency: string }>(
        "SELECT amount, currency FROM ledger WHERE id = ? AND campaign = ? AND kind = 'offline' AND amount > 0",
        [l.giftId, l.campaign],
      ))[0];
    case 'payment': {
      const [row] = yield* rows<{ state: unknown }>(
        'SELECT p.state FROM payments p WHERE p.ref = ? UNION ALL SELECT p.state FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = ? LIMIT 1',
        [l.id, l.id],
      );
      return row && fromJson<PaymentState>(row.state);
    }
    case 'ally': {
      const [row] = yield* rows<{ campaign: string; stage: AllyState['stage'] }>('SELECT campaign, stage FROM allies WHERE subscription_id = ?', [l.subscriptionId]);
      return row && ({ subscriptionId: l.subscriptionId, campaign: row.campaign, stage: row.stage } satisfies AllyState);
    }
    case 'claimEvent': {
      const e = l.event;
      const inserted = yield* changes(
        'INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
        [e.id, e.type, e.created, e.effect, e.campaign, e.receivedAt],
      );
      return inserted > 0;
    }
  }
}

/** Runs one write. */
export function* runWrite(w: Write): Program<void> {
  switch (w.op) {
    case 'insertTotals':
      yield* changes('INSERT INTO campaign_totals (campaign, currency, updated_at) VALUES (?, ?, ?)', [w.campaign, w.currency, w.at]);
      return;
    case 'setCurrency':
      yield* changes('UPDATE campaign_totals SET currency = ?, version = version + 1, updated_at = ? WHERE campaign = ?', [w.currency, w.at, w.campaign]);
      return;
    case 'insertLedger': {
      const e = w.entry;
      yield* changes('INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        e.id, e.campaign, e.currency, e.amount, e.kind, e.sourceRef, e.note ?? null, e.createdAt,
      ]);
      return;
    }
    case 'addToTotals': {
      const { raised, donors, allies } = w.delta;
      const n = yield* changes(
        'UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, version = version + 1, updated_at = ? WHERE campaign = ?',
        [raised, donors, allies, w.at, w.campaign],
      );
      if (n !== 1) throw noTotalsRow(w.campaign);
      return;
    }
    case 'insertIdempotency':
      yield* changes('INSERT INTO idempotency_keys (scope, key, fingerprint, response_status, response_body, ledger_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        w.ref.scope, w.ref.key, w.ref.fingerprint, w.response.status, w.response.body, w.ledgerId, w.at,
      ]);
      return;
    case 'upsertPayment':
      yield* changes(
        `INSERT INTO payments (ref, campaign, state, raised, donors, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (ref) DO UPDATE SET campaign = excluded.campaign, state = excluded.state, raised = excluded.raised,
           donors = excluded.donors, updated_at = excluded.updated_at`,
        [w.state.ref, w.state.campaign, JSON.stringify(w.state), w.raised, w.donors, w.at],
      );
      return;
    case 'addAlias':
      yield* changes('INSERT INTO payment_aliases (alias, ref) VALUES (?, ?) ON CONFLICT DO NOTHING', [w.alias, w.ref]);
      return;
    case 'upsertAlly':
      yield* changes(
        `INSERT INTO allies (subscription_id, campaign, stage, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (subscription_id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at`,
        [w.state.subscriptionId, w.state.campaign, w.state.stage, w.at],
      );
      return;
    case 'setEventCampaign':
      yield* changes('UPDATE stripe_events SET campaign = ? WHERE id = ?', [w.campaign, w.eventId]);
      return;
    default: {
      const unknown: never = w;
      throw new Error(`unknown write ${JSON.stringify(unknown)}`);
    }
  }
}

/** What the endpoint reads outside any decision: running totals and counts, never locked. */
export function* readTotals(campaign?: string): Program<ReturnType<typeof toTotals>[]> {
  const found = campaign === undefined ? yield* rows<TotalsRow>('SELECT * FROM campaign_totals ORDER BY campaign') : yield* rows<TotalsRow>(TOTALS, [campaign]);
  return found.map(toTotals);
}

export function* countLedger(campaign?: string): Program<number> {
  const [row] = campaign === undefined
    ? yield* rows<{ n: number }>('SELECT count(*) AS n FROM ledger')
    : yield* rows<{ n: number }>('SELECT count(*) AS n FROM ledger WHERE campaign = ?', [campaign]);
  return row!.n;
}
