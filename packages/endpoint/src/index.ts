/**
 * @rescuekit/endpoint: the Fetch-standard handler and its parts.
 * The Node server lives in `@rescuekit/endpoint/node`.
 */
export { createApp, type App, type AppOptions } from './app.js';
export { ConfigError, loadConfig, parseConfig, minGift, maxGift } from './config.js';
export { HttpProblem, PROBLEM_BASE, internalError, problem, problemResponse, type EndpointProblemCode, type ProblemInit } from './problem.js';
export { LiveProgress, type LiveProgressOptions } from './live/live-progress.js';
/** @deprecated The earlier name of {@link LiveProgress}. */
export { LiveProgress as ProgressHub, type LiveProgressOptions as ProgressHubOptions } from './live/live-progress.js';
export { PROGRESS_CACHE_CONTROL, type ProgressEntry } from './live/progress-document.js';
export type { Subscriber } from './live/fanout.js';
export { CampaignDirectory } from './campaigns/directory.js';
export { DatabaseUrlError, DEFAULT_POOL_SIZE, openStore, type OpenStoreOptions } from './store/open.js';
export { createStripeClient, stripeLivemode, type StripeClientEnv, type StripeClientOptions } from './stripe/client.js';
export { createHumanCheck, type HumanCheck } from './guard/human-check.js';
export type {
  CampaignTotals,
  Changed,
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
