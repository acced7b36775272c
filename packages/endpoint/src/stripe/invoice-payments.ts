/**
 * Which PaymentIntents (or bare charges) paid an invoice, from Stripe's invoice-payments list:
 * since API version 2025-03-31 neither the Invoice nor the Charge names the other, and
 * `invoice.paid` payloads rarely carry the includable `payments` field.
 */
import type Stripe from 'stripe';

/** Webhook-path budget: Stripe waits up to 20 s for our answer; leave room for the commit. */
const INVOICE_PAYMENTS_TIMEOUT_MS = 8_000;

/** The refs of the invoice's paid payments, as refunds and disputes key them. Throws on any Stripe failure. */
export async function paidInvoicePaymentRefs(stripe: Stripe, invoiceId: string, timeoutMs = INVOICE_PAYMENTS_TIMEOUT_MS): Promise<string[]> {
  const page = await stripe.invoicePayments.list({ invoice: invoiceId, status: 'paid', limit: 10 }, { timeout: timeoutMs, maxNetworkRetries: 1 });
  const refs: string[] = [];
  for (const p of page.data) {
    const pay = p.payment;
    const ref = typeof pay.payment_intent === 'string' ? pay.payment_intent : pay.payment_intent?.id ?? (typeof pay.charge === 'string' ? pay.charge : pay.charge?.id);
    if (ref && !refs.includes(ref)) refs.push(ref);
  }
  return refs;
}
