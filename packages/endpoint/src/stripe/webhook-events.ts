/**
 * Verified Stripe events -> ledger effects (`ledger/effects.ts`). Pure: no I/O, no clock.
 * The store applies each effect with the ledger core inside one transaction.
 *
 * Every money effect is an absolute fact about one payment (its gross, the
 * cumulative amount refunded on a charge, the stage of a dispute), never a
 * "+x"/"-x" delta. Replays, concurrent deliveries and out-of-order arrival
 * therefore cannot double count: the running total moves by the change in a
 * payment's contribution, computed from its merged state.
 */
import type Stripe from 'stripe';
import type { AllyFact, DisputeStage, EffectBase, IgnoreEffect, IgnoreReason, LedgerEffect, SubscriptionStatus } from '../ledger/effects.js';
import { isFinalStatus, isSubscriptionStatus } from '../ledger/state.js';
import { METADATA } from '../checkout/session.js';
import { donorAmount, sessionMoney } from './presentment.js';

export type {
  AllyEffect,
  AllyFact,
  DisputeEffect,
  DisputeStage,
  IgnoreEffect,
  IgnoreReason,
  LedgerEffect,
  LinkEffect,
  PaymentEffect,
  RecordEffect,
  RefundEffect,
  SubscriptionStatus,
} from '../ledger/effects.js';

/** Event types this module maps; subscribe the webhook endpoint to exactly these. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'charge.refunded',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'charge.dispute.closed',
  'invoice.paid',
  'invoice_payment.paid',
  'invoice.payment_failed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const satisfies readonly Stripe.Event['type'][];
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];
type HandledEvent = Extract<Stripe.Event, { type: HandledEventType }>;

export interface MappingContext {
  /** The configured currency of a campaign id, or undefined when no such campaign exists. */
  campaignCurrency(id: string): string | undefined;
  /**
   * Paid money naming an unknown campaign, or one in another currency, becomes a payment
   * effect all the same: the ledger keeps it unassigned instead of ignoring it.
   */
  keepUnassigned?: boolean | undefined;
}

const idOf = (x: string | { id: string } | null | undefined): string | null => (x == null ? null : typeof x === 'string' ? x : x.id);

function intFromMetadata(m: Stripe.Metadata | null | undefined, key: string): number | null {
  const v = m?.[key];
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

/**
 * The PaymentIntent to read a campaign from, for a paid one-time session made by a Stripe Payment Link
 * (a campaign's `fallbackPaymentLink`) whose own metadata names none; null for every other event.
 *
 * Stripe does not copy a Payment Link's `metadata` to the Checkout Sessions it creates; the link's
 * `payment_intent_data.metadata` is set on the PaymentIntent only. So the webhook route fetches that
 * PaymentIntent before the commit and passes its metadata to {@link mapStripeEvent}. The gift is still
 * counted from this session event alone, keyed by its PaymentIntent like our own sessions: a redelivery,
 * or `async_payment_succeeded` for the same payment, merges into the same payment and never counts twice,
 * and no other event (charge or PaymentIntent events are not handled) counts it.
 */
export function paymentLinkIntent(event: Stripe.Event): string | null {
  if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') return null;
  const s = event.data.object;
  if (!s.payment_link || s.mode !== 'payment' || s.payment_status !== 'paid' || s.metadata?.[METADATA.campaign]) return null;
  return idOf(s.payment_intent);
}

/**
 * Maps one verified event to its ledger effect. Never throws on well-typed input. `paymentIntentMetadata`:
 * for a Payment Link's session ({@link paymentLinkIntent}), its PaymentIntent's metadata, read by the caller.
 */
export function mapStripeEvent(event: Stripe.Event, ctx: MappingContext, paymentIntentMetadata?: Stripe.Metadata | null): LedgerEffect {
  const base: EffectBase = { eventId: event.id, eventType: event.type, created: event.created };
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) return { ...base, kind: 'ignore', reason: 'unhandled_type' };
  const e = event as HandledEvent;
  const ignore = (reason: IgnoreReason): IgnoreEffect => ({ ...base, kind: 'ignore', reason });

  /** Campaign from metadata, checked against the config (and its currency when given). */
  const campaignFrom = (m: Stripe.Metadata | null | undefined, currency?: string): string | IgnoreEffect => {
    const id = m?.[METADATA.campaign];
    if (!id) return ignore('no_campaign');
    const cur = ctx.campaignCurrency(id);
    if (ctx.keepUnassigned && currency !== undefined) return id;
    if (cur === undefined) return ignore('unknown_campaign');
    if (currency !== undefined && cur !== currency.toLowerCase()) return ignore('currency_mismatch');
    return id;
  };

  switch (e.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const s = e.data.object;
      // Subscription sessions are counted by their invoices (`invoice.paid`), never twice.
      if (s.mode !== 'payment') return ignore('subscription_session');
      if (s.payment_status !== 'paid') return ignore('unpaid');
      // Counted in the campaign's currency; with Adaptive Pricing the donor's is kept beside it.
      const money = sessionMoney(s);
      if (!money) return ignore('zero_amount');
      // A Payment Link's session names its campaign on its PaymentIntent (see `paymentLinkIntent`).
      const meta = s.payment_link && !s.metadata?.[METADATA.campaign] && paymentIntentMetadata ? paymentIntentMetadata : s.metadata;
      const campaign = campaignFrom(meta, money.currency);
      if (typeof campaign !== 'string') return campaign;
      const pi = idOf(s.payment_intent);
      return {
        ...base,
        kind: 'payment',
        ref: pi ?? s.id,
        aliases: pi ? [s.id] : [],
        campaign,
        amount: money.amount,
        currency: money.currency,
        gift: intFromMetadata(meta, METADATA.gift),
        fee: intFromMetadata(meta, METADATA.fee),
        frequency: 'once',
        countsAsDonor: true,
        ...(money.donor ? { donor: money.donor } : {}),
      };
    }
    case 'charge.refunded': {
      const c = e.data.object;
      // `amount_refunded` is in the charge's currency; with `amount` it says what share is refunded.
      const donor = donorAmount(c.presentment_details, c.currency);
      return {
        ...base,
        kind: 'refund',
        ref: idOf(c.payment_intent) ?? c.id,
        chargeId: c.id,
        refundedTotal: c.amount_refunded,
        currency: c.currency,
        ...(c.amount > 0 ? { charged: c.amount } : {}),
        ...(donor ? { donor } : {}),
        campaignHint: c.metadata?.[METADATA.campaign] ?? null,
      };
    }
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
    case 'charge.dispute.closed': {
      const d = e.data.object;
      let stage: DisputeStage;
      if (e.type === 'charge.dispute.funds_withdrawn') stage = 'withdrawn';
      else if (e.type === 'charge.dispute.funds_reinstated') stage = 'reinstated';
      else if (d.status === 'lost') stage = 'lost';
      // `won`, and an inquiry closed without a chargeback: any withdrawn funds are back.
      else if (d.status === 'won' || d.status === 'warning_closed') stage = 'won';
      else return ignore('dispute_open');
      return {
        ...base,
        kind: 'dispute',
        ref: idOf(d.payment_intent) ?? idOf(d.charge) ?? d.id,
        disputeId: d.id,
        stage,
        amount: d.amount,
        currency: d.currency,
        campaignHint: d.metadata?.[METADATA.campaign] ?? null,
      };
    }
    case 'invoice.paid': {
      const inv = e.data.object;
      if (!inv.amount_paid) return ignore('zero_amount');
      const campaign = campaignFrom(invoiceMetadata(inv), inv.currency);
      if (typeof campaign !== 'string') return campaign;
      // Keyed by the paying PaymentIntent when the payload lists it, so a refund of that
      // charge (keyed by PaymentIntent) finds this invoice even if it arrives first.
      const pis = (inv.payments?.data ?? [])
        .filter((p) => p.status === 'paid')
        .map((p) => idOf(p.payment.payment_intent))
        .filter((x): x is string => !!x);
      const [ref = inv.id, ...others] = pis;
      const ally = invoiceAlly(inv, campaign, 'active', ctx);
      return {
        ...base,
        kind: 'payment',
        ref,
        aliases: ref === inv.id ? others : [inv.id, ...others],
        campaign,
        amount: inv.amount_paid,
        currency: inv.currency,
        gift: intFromMetadata(invoiceMetadata(inv), METADATA.gift),
        fee: intFromMetadata(invoiceMetadata(inv), METADATA.fee),
        frequency: 'monthly',
        countsAsDonor: inv.billing_reason === 'subscription_create',
        ...(ally ? { ally } : {}),
      };
    }
    case 'invoice_payment.paid': {
      // Since 2025-03-31 this is where an invoice meets the PaymentIntent (or charge) that paid it.
      const p = e.data.object;
      const invoiceId = idOf(p.invoice);
      const paymentRef = idOf(p.payment?.payment_intent) ?? idOf(p.payment?.charge);
      if (p.status !== 'paid') return ignore('unpaid');
      if (!invoiceId || !paymentRef) return ignore('no_payment');
      return { ...base, kind: 'link', invoiceId, paymentRef };
    }
    case 'invoice.payment_failed': {
      const inv = e.data.object;
      const campaign = campaignFrom(invoiceMetadata(inv));
      if (typeof campaign !== 'string') return { ...base, kind: 'record', note: 'invoice_payment_failed', campaign: null };
      // Stripe retries a renewal and the subscription is past due meanwhile; a first invoice that
      // fails leaves it incomplete (never an Ally yet).
      const ally = invoiceAlly(inv, campaign, inv.billing_reason === 'subscription_create' ? 'incomplete' : 'past_due', ctx);
      return { ...base, kind: 'record', note: 'invoice_payment_failed', campaign, ...(ally ? { ally } : {}) };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = e.data.object;
      const campaign = campaignFrom(sub.metadata);
      if (typeof campaign !== 'string') return campaign;
      const known = isSubscriptionStatus(sub.status) ? sub.status : undefined;
      // A deleted subscription is over, whatever status it names.
      const status = e.type !== 'customer.subscription.deleted' ? known : known && isFinalStatus(known) ? known : 'canceled';
      if (!status) return ignore('unknown_status');
      return { ...base, kind: 'ally', subscriptionId: sub.id, campaign, status };
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/**
 * What an invoice says of its subscription's Ally: `status` as of the event, for a campaign the
 * endpoint has (an invoice without a subscription, or for another campaign, says nothing of one).
 */
function invoiceAlly(inv: Stripe.Invoice, campaign: string, status: SubscriptionStatus, ctx: MappingContext): AllyFact | undefined {
  const subscriptionId = idOf(inv.parent?.subscription_details?.subscription);
  return subscriptionId && ctx.campaignCurrency(campaign) !== undefined ? { subscriptionId, campaign, status } : undefined;
}

/** The subscription's metadata snapshot on an invoice (falls back to the invoice's own metadata). */
function invoiceMetadata(inv: Stripe.Invoice): Stripe.Metadata | null {
  const snap = inv.parent?.subscription_details?.metadata;
  return snap && Object.keys(snap).length ? snap : inv.metadata;
}
