/**
 * Stripe events on Postgres: the same per-event steps as `sqlite-stripe.ts`, each
 * under its own SAVEPOINT inside the caller's transaction (which holds the Stripe
 * advisory lock). The event row goes in first with ON CONFLICT DO NOTHING, so a
 * redelivery racing in another process is a duplicate, never a double count.
 */
import { applyAllyEffect, applyPaymentEffect, effectLabel, ledgerKindOf, paymentContribution, type AllyState, type PaymentState, type TotalsDelta } from '../stripe/ledger-state.js';
import type { LedgerEffect } from '../stripe/webhook-events.js';
import type { Tx } from './postgres.js';
import { toTotals, type TotalsRow } from './rows.js';
import type { StripeEventInput, StripeEventResult } from './types.js';

type Moved = { delta: TotalsDelta | null; kind: string | null; campaign: string | null };

async function findPayment(c: Tx, ids: readonly string[]): Promise<{ ref: string; state: PaymentState } | undefined> {
  for (const id of ids) {
    const r = await c.query<{ ref: string; state: PaymentState }>(
      'SELECT p.ref, p.state FROM payments p WHERE p.ref = $1 UNION ALL SELECT p.ref, p.state FROM payment_aliases a JOIN payments p ON p.ref = a.ref WHERE a.alias = $1 LIMIT 1',
      [id],
    );
    if (r.rows[0]) return r.rows[0];
  }
  return undefined;
}

async function applyMoney(c: Tx, e: Extract<LedgerEffect, { kind: 'payment' | 'refund' | 'dispute' }>, now: string): Promise<Moved> {
  const row = await findPayment(c, e.kind === 'payment' ? [e.ref, ...e.aliases] : [e.ref]);
  const ref = row?.ref ?? e.ref;
  const { state, delta } = applyPaymentEffect(row?.state, { ...e, ref });
  const contribution = paymentContribution(state);
  await c.query(
    `INSERT INTO payments (ref, campaign, state, raised, donors, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (ref) DO UPDATE SET campaign = excluded.campaign, state = excluded.state, raised = excluded.raised,
       donors = excluded.donors, updated_at = excluded.updated_at`,
    [ref, state.campaign, JSON.stringify(state), contribution.raised, contribution.donors, now],
  );
  for (const alias of state.aliases) await c.query('INSERT INTO payment_aliases (alias, ref) VALUES ($1, $2) ON CONFLICT DO NOTHING', [alias, ref]);
  return { delta, kind: ledgerKindOf(e), campaign: state.campaign };
}

async function applyAlly(c: Tx, e: Extract<LedgerEffect, { kind: 'ally' }>, now: string): Promise<Moved> {
  const row = (await c.query<{ campaign: string; stage: AllyState['stage'] }>('SELECT campaign, stage FROM allies WHERE subscription_id = $1', [e.subscriptionId])).rows[0];
  const { state, delta } = applyAllyEffect(row && { subscriptionId: e.subscriptionId, campaign: row.campaign, stage: row.stage }, e);
  await c.query(
    `INSERT INTO allies (subscription_id, campaign, stage, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (subscription_id) DO UPDATE SET stage = excluded.stage, updated_at = excluded.updated_at`,
    [state.subscriptionId, state.campaign, state.stage, now],
  );
  return { delta, kind: null, campaign: state.campaign };
}

async function applyOne(c: Tx, e: LedgerEffect, now: string): Promise<StripeEventResult> {
  const fresh = await c.query('INSERT INTO stripe_events (id, type, created, effect, campaign, received_at) VALUES ($1, $2, $3, $4, NULL, $5) ON CONFLICT (id) DO NOTHING', [
    e.eventId, e.eventType, e.created, effectLabel(e), now,
  ]);
  if (!fresh.rowCount) return { outcome: 'duplicate' };
  let moved: Moved = { delta: null, kind: null, campaign: null };
  if (e.kind === 'payment' || e.kind === 'refund' || e.kind === 'dispute') moved = await applyMoney(c, e, now);
  else if (e.kind === 'ally') moved = await applyAlly(c, e, now);
  else if (e.kind === 'record') moved.campaign = e.campaign;
  if (moved.campaign) await c.query('UPDATE stripe_events SET campaign = $1 WHERE id = $2', [moved.campaign, e.eventId]);
  const { delta, kind } = moved;
  if (!delta) return { outcome: 'applied', totals: undefined };
  if (delta.raised !== 0 && kind) {
    await c.query(
      `INSERT INTO ledger (id, campaign, currency, amount, kind, source_ref, note, created_at)
       SELECT $1, campaign, currency, $2, $3, $4, NULL, $5 FROM campaign_totals WHERE campaign = $6`,
      [`led_${e.eventId}`, delta.raised, kind, `stripe-event:${e.eventId}`, now, delta.campaign],
    );
  }
  const row = (
    await c.query<TotalsRow>(
      'UPDATE campaign_totals SET raised = raised + $1, donors = donors + $2, allies = allies + $3, version = version + 1, updated_at = $4 WHERE campaign = $5 RETURNING *',
      [delta.raised, delta.donors, delta.allies, now, delta.campaign],
    )
  ).rows[0];
  if (!row) throw new Error(`no totals row for campaign "${delta.campaign}"`);
  return { outcome: 'applied', totals: toTotals(row) };
}

/** Applies a batch inside an open transaction; a failing event rolls back to its savepoint alone. */
export async function applyStripeBatch(c: Tx, events: readonly StripeEventInput[], now: string): Promise<StripeEventResult[]> {
  const out: StripeEventResult[] = [];
  for (const { effect } of events) {
    await c.query('SAVEPOINT rk_event');
    try {
      out.push(await applyOne(c, effect, now));
      await c.query('RELEASE SAVEPOINT rk_event');
    } catch (error) {
      await c.query('ROLLBACK TO SAVEPOINT rk_event');
      out.push({ outcome: 'failed', error });
    }
  }
  return out;
}
