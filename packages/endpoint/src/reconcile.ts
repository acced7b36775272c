/**
 * `rescuekit reconcile`: catch up on webhooks that never arrived. Pages through
 * Stripe's event log (it keeps 30 days) for the event types we count and feeds
 * each one through the same mapping and store path as a webhook. Already
 * processed events are recognised by id and change nothing; our state is
 * order-independent, so the log's newest-first order does not matter.
 */
import type Stripe from 'stripe';
import type { CampaignConfig } from '@rescuekit/schema';
import type { CampaignTotals, Store, StripeEventInput } from './store/types.js';
import { applySettlingTies } from './stripe/subscription-ties.js';
import { HANDLED_EVENT_TYPES, mapStripeEvent, paymentLinkIntent } from './stripe/webhook-events.js';

export interface ReconcileOptions {
  stripe: Stripe;
  store: Store;
  campaigns: readonly CampaignConfig[];
  /** Only events created at or after this time (seconds since epoch). Default: 30 days ago. */
  since?: number;
  /** Events per commit. Default 100 (one page). */
  batchSize?: number;
  /** Called after each commit with the running counts. */
  onProgress?: (report: ReconcileReport) => void;
}

export interface ReconcileReport {
  /** Events read from Stripe. */
  seen: number;
  /** Events that were new to this store and are now applied (lost webhooks, or ones that failed). */
  applied: number;
  /** Events this store had already processed. */
  duplicates: number;
  /** Events that could not be applied (logged by the caller; run again after fixing the cause). */
  failed: number;
  /** Paid events kept as unassigned (their campaign unknown, or in another currency): see `rescuekit unassigned list`. */
  unassigned: number;
  /** Campaign totals after the run, for the campaigns that moved. */
  moved: CampaignTotals[];
  /** Why events failed (event id and error message), the first 10. */
  errors: string[];
}

export async function reconcile(opts: ReconcileOptions): Promise<ReconcileReport> {
  const currencies = new Map(opts.campaigns.map((c) => [c.id, c.currency]));
  // Paid money for a campaign this store lacks (or in another currency) is kept unassigned, as by the webhook.
  const ctx = { campaignCurrency: (id: string) => currencies.get(id), keepUnassigned: true };
  const since = opts.since ?? Math.floor(Date.now() / 1000) - 30 * 86_400;
  const size = opts.batchSize ?? 100;
  const report: ReconcileReport = { seen: 0, applied: 0, duplicates: 0, failed: 0, unassigned: 0, moved: [], errors: [] };
  await opts.store.seedCampaigns(opts.campaigns); // a fresh store gets its campaigns, as at server start
  const moved = new Map<string, CampaignTotals>();
  let batch: StripeEventInput[] = [];

  const flush = async () => {
    if (!batch.length) return;
    // Two statuses of one second for an Ally are settled by asking Stripe for its subscription, as the webhook does.
    const results = await applySettlingTies(opts.stripe, batch.map((b) => b.effect), (effects) => opts.store.applyStripeEvents(effects.map((effect) => ({ effect }))));
    results.forEach((r, i) => {
      if (r.outcome === 'duplicate') report.duplicates++;
      else if (r.outcome === 'failed') {
        report.failed++;
        if (report.errors.length < 10) report.errors.push(`${batch[i]!.effect.eventId}: ${r.error instanceof Error ? r.error.message : String(r.error)}`);
      }
      else {
        report.applied++;
        if (r.unassigned) report.unassigned++;
        if (r.totals) moved.set(r.totals.campaign, r.totals);
      }
    });
    batch = [];
    report.moved = [...moved.values()];
    opts.onProgress?.(report);
  };

  const events = opts.stripe.events.list({ types: [...HANDLED_EVENT_TYPES], created: { gte: since }, limit: 100 });
  for await (const event of events) {
    report.seen++;
    // A Payment Link's session names its campaign on its PaymentIntent, as the webhook reads it; a failure to
    // ask stops the run rather than marking the event processed without its campaign.
    const pi = paymentLinkIntent(event);
    const linkMetadata = pi ? (await opts.stripe.paymentIntents.retrieve(pi)).metadata : null;
    batch.push({ effect: mapStripeEvent(event, ctx, linkMetadata) });
    if (batch.length >= size) await flush();
  }
  await flush();
  return report;
}
