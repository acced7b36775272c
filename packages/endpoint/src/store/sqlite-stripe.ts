/**
 * Stripe events on SQLite. Each event runs under its own savepoint inside one
 * IMMEDIATE transaction per batch (group commit: one fsync for every event that
 * arrived together), and each is all-or-nothing: the processed-event row, the
 * payment's or Ally's merged state, a ledger row for money moved, and the totals.
 */
import type Database from 'better-sqlite3';
import { applyAllyEffect, applyPaymentEffect, effectLabel, ledgerKindOf, paymentContribution, type AllyState, type PaymentState, type TotalsDelta } from '../stripe/ledger-state.js';
import type { LedgerEffect } from '../stripe/webhook-events.js';
import type { CampaignTotals, LedgerKind, StripeEventInput, StripeEventResult } from './types.js';

interface PaymentRow {
  ref: string;
  state: string;
}
interface AllyRow {
  subscription_id: string;
  campaign: string;
  stage: AllyState['stage'];
}

type TotalsOf<Row> = (row: Row) => CampaignTotals;

/** Builds the batch applier for `db` (statements prepared once). */
export function stripeEventApplier<Row>(db: Database.Database, toTotals: TotalsOf<Row>) {
  const q = {
    seen: db.prepare<[string], { id: string }>('SELECT id FROM stripe_events WHERE id = ?'),
    insertEvent: db.prepare('INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES (?, ?, ?, ?, ?, ?)'),
    byRef: db.prepare<[string], PaymentRow>('SELECT ref, state FROM payments WHERE ref = ?'),
    byAlias: db.prepare<[string], PaymentRow>('SELECT p.ref, p.state FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = ?'),
    upsertPayment: db.prepare(
      `INSERT INTO payments (ref, campaign, state, raised, donors, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (ref) DO UPDATE SET campaign = excluded.campaign, state = excluded.state, raised = excluded.raised,
         donors = excluded.donors, updated_at = excluded.updated_at`,
    ),
    insertAlias: db.prepare('INSERT OR IGNORE INTO payment_aliases (alias, ref) VALUES (?, ?)'),
    ally: db.prepare<[string], AllyRow>('SELECT subscription_id, campaign, stage FROM allies WHERE subscription_id = ?'),
    upsertAlly: db.prepare(
      `INSERT INTO allies (subscription_id, campaign, stage, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (subscription_id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at`,
    ),
    currency: db.prepare<[string], { currency: string }>('SELECT currency FROM campaign_totals WHERE campaign = ?'),
    insertLedger: db.prepare(
      'INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    addDelta: db.prepare<[number, number, number, string, string], Row>(
      `UPDATE campaign_totals SET raised = raised + ?, donors = donors + ?, allies = allies + ?, version = version + 1, updated_at = ?
       WHERE campaign = ? RETURNING *`,
    ),
  };

  /** The stored payment any of `ids` names (its ref or an alias), if one exists. */
  const findPayment = (ids: readonly string[]): PaymentRow | undefined => {
    for (const id of ids) {
      const row = q.byRef.get(id) ?? q.byAlias.get(id);
      if (row) return row;
    }
    return undefined;
  };

  /** Merges one money effect into its payment's row; returns the totals change and the ledger kind. */
  const applyMoney = (e: Extract<LedgerEffect, { kind: 'payment' | 'refund' | 'dispute' }>, now: string) => {
    const ids = e.kind === 'payment' ? [e.ref, ...e.aliases] : [e.ref];
    const row = findPayment(ids);
    const ref = row?.ref ?? e.ref;
    const { state, delta } = applyPaymentEffect(row ? (JSON.parse(row.state) as PaymentState) : undefined, { ...e, ref });
    const c = paymentContribution(state);
    q.upsertPayment.run(ref, state.campaign, JSON.stringify(state), c.raised, c.donors, now);
    for (const alias of state.aliases) q.insertAlias.run(alias, ref);
    return { delta, kind: ledgerKindOf(e) as LedgerKind, campaign: state.campaign };
  };

  const applyAlly = (e: Extract<LedgerEffect, { kind: 'ally' }>, now: string) => {
    const row = q.ally.get(e.subscriptionId);
    const before: AllyState | undefined = row && { subscriptionId: row.subscription_id, campaign: row.campaign, stage: row.stage };
    const { state, delta } = applyAllyEffect(before, e);
    q.upsertAlly.run(state.subscriptionId, state.campaign, state.stage, now);
    return { delta, kind: null, campaign: state.campaign };
  };

  const one = db.transaction((e: LedgerEffect, now: string): StripeEventResult => {
    if (q.seen.get(e.eventId)) return { outcome: 'duplicate' };
    let moved: { delta: TotalsDelta | null; kind: LedgerKind | null; campaign: string | null } = { delta: null, kind: null, campaign: null };
    switch (e.kind) {
      case 'payment':
      case 'refund':
      case 'dispute':
        moved = applyMoney(e, now);
        break;
      case 'ally':
        moved = applyAlly(e, now);
        break;
      case 'record':
        moved.campaign = e.campaign;
        break;
      case 'ignore':
        break;
    }
    q.insertEvent.run(e.eventId, e.eventType, e.created, effectLabel(e), moved.campaign, now);
    const { delta, kind } = moved;
    if (!delta) return { outcome: 'applied', totals: undefined };
    if (delta.raised !== 0 && kind) {
      const currency = q.currency.get(delta.campaign)?.currency;
      if (!currency) throw new Error(`no totals row for campaign "${delta.campaign}"`);
      q.insertLedger.run(`led_${e.eventId}`, delta.campaign, currency, delta.raised, kind, `stripe-event:${e.eventId}`, null, now);
    }
    const row = q.addDelta.get(delta.raised, delta.donors, delta.allies, now, delta.campaign);
    if (!row) throw new Error(`no totals row for campaign "${delta.campaign}"`);
    return { outcome: 'applied', totals: toTotals(row) };
  });

  const batch = db.transaction((events: readonly StripeEventInput[]): StripeEventResult[] => {
    const now = new Date().toISOString();
    return events.map(({ effect }) => {
      try {
        return one(effect, now); // a nested transaction is a savepoint: a failure rolls back this event alone
      } catch (error) {
        return { outcome: 'failed', error };
      }
    });
  });

  return (events: readonly StripeEventInput[]): StripeEventResult[] => batch.immediate(events);
}
