/** Every error the ledger core raises, worded once. They reach logs, never a response body. */

/** A decision the ledger refuses: the request contradicts what the store holds. */
export class LedgerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

export const noTotalsRow = (campaign: string) => new LedgerError(`no totals row for campaign "${campaign}"`);

export const currencyMismatch = (campaign: string, given: string, counted: string) =>
  new LedgerError(`currency ${given} does not match campaign "${campaign}" (${counted})`);

export const currencyLocked = (campaign: string, counted: string, wanted: string) =>
  new LedgerError(`campaign "${campaign}" already counts gifts in ${counted}; its currency cannot change to ${wanted}`);

/** A campaign definition the tree or its currency refuses; `field` names the input at fault. */
export class CampaignRuleError extends LedgerError {
  readonly field: string;
  readonly detail: string;

  constructor(field: string, detail: string) {
    super(detail);
    this.name = 'CampaignRuleError';
    this.field = field;
    this.detail = detail;
  }
}

/**
 * Two events of the same second give an Ally's subscription different statuses, and the event does
 * not say how to settle it: the decision writes nothing (the event stays unprocessed) so the caller
 * can ask Stripe for the subscription and apply the event again, settled (`AllyFact.settle`).
 */
export class AllyTie extends LedgerError {
  readonly subscriptionId: string;

  constructor(subscriptionId: string, stored: string, incoming: string, created: number) {
    super(`subscription "${subscriptionId}" is ${stored} and ${incoming} at the same second (${created})`);
    this.name = 'AllyTie';
    this.subscriptionId = subscriptionId;
  }
}
