/**
 * How rows a batch read become what it knows (`BatchState`), the same for every database:
 * an id asked for and not found becomes known absent, so the batch never reads it twice.
 */
import type { PaymentState } from '../../ledger/state.js';
import { fromJson, toTotals, type TotalsRow } from '../rows.js';
import { giftMatches, toAlly, type AllyRow, type GiftMatchRow } from '../statements.js';
import type { BatchState } from './batch-state.js';

/** A payment found by its ref (`alias_of` null) or by an alias (`alias_of`: the ref the alias names). */
export type PaymentRow = { id: string; alias_of: string | null; state: unknown; campaign: string | null };
export type { AllyRow };

export function learnMatches(s: BatchState, gifts: readonly string[], found: readonly GiftMatchRow[]): void {
  for (const g of gifts) s.giftMatches.set(g, giftMatches(found.filter((r) => r.gift === g)));
}

export function learnPayments(s: BatchState, ids: readonly string[], found: readonly PaymentRow[]): void {
  for (const id of ids) {
    s.payments.set(id, null);
    s.aliases.set(id, null);
  }
  for (const r of found) {
    const state = fromJson<PaymentState>(r.state);
    if (r.alias_of === null) s.payments.set(r.id, state);
    else {
      s.aliases.set(r.id, r.alias_of);
      s.payments.set(r.alias_of, state);
    }
  }
}

export function learnAllies(s: BatchState, ids: readonly string[], found: readonly AllyRow[]): void {
  for (const id of ids) s.allies.set(id, null);
  for (const r of found) s.allies.set(r.subscription_id, toAlly(r));
}

/** Every row read is locked; each campaign the walk started from gets its ancestors, nearest first. */
export function learnTotals(s: BatchState, starts: readonly string[], found: readonly TotalsRow[]): void {
  const parent = new Map(found.map((r) => [r.campaign, r.parent ?? null]));
  for (const r of found) s.totals.set(r.campaign, toTotals(r));
  for (const c of starts) {
    const up: string[] = [];
    if (!parent.has(c)) s.totals.set(c, null);
    else for (let p = parent.get(c); p != null && parent.has(p) && up.length < 8; p = parent.get(p)) up.push(p);
    s.ancestors.set(c, up);
  }
}

/** The starting campaigns of a prefetch: those the events name, and those the stored payments and Allies count in. */
export const startsOf = (campaigns: readonly string[], payments: readonly PaymentRow[], allies: readonly AllyRow[]): string[] => [
  ...new Set([...campaigns, ...payments.flatMap((p) => (p.campaign ? [p.campaign] : [])), ...allies.map((a) => a.campaign)]),
];

/** The ids a payment prefetch names besides those asked: the refs its aliases point to (their matches are read too). */
export const aliasTargets = (payments: readonly PaymentRow[]): string[] => payments.flatMap((p) => (p.alias_of ? [p.alias_of] : []));
