/**
 * @rescuekit/endpoint: the Fetch-standard handler and its parts.
 * The Node server lives in `@rescuekit/endpoint/node`.
 */
export { createApp, type App, type AppOptions } from './app.js';
export { ConfigError, loadConfig, parseConfig, minGift, maxGift } from './config.js';
export { HttpProblem, PROBLEM_BASE, internalError, problem, problemResponse, type EndpointProblemCode, type ProblemInit } from './problem.js';
export { ProgressHub, PROGRESS_CACHE_CONTROL, type ProgressEntry, type ProgressHubOptions, type Subscriber } from './progress-hub.js';
export { DatabaseUrlError } from './store/open.js';
export { DEFAULT_POOL_SIZE, openStore, type OpenStoreOptions } from './open-store.js';
export { createStripeClient, stripeLivemode, type StripeClientEnv, type StripeClientOptions } from './stripe/client.js';
export { createHumanCheck, type HumanCheck } from './guard/human-check.js';
export type {
  CampaignTotals,
  IdempotencyLookup,
  IdempotencyRef,
  LedgerEntry,
  LedgerKind,
  RecordGiftInput,
  RecordGiftResult,
  Store,
  StoredResponse,
} from './store/types.js';
export { reconcile, type ReconcileOptions, type ReconcileReport } from './reconcile.js';
