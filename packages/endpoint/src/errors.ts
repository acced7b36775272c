/**
 * How the app answers what went wrong: the database unavailable (503 with Retry-After), a method a
 * path does not take (405 with Allow), and the operator's log line for anything unexpected.
 */
import { problem } from './problem.js';
import type { StoreUnavailableError } from './store/errors.js';
import type { WebhookAnswer } from './routes/webhooks.js';

/** An error's `Response` as plain data (errors are rare: the fast path's successes never build one). */
export async function answerOf(res: Response): Promise<WebhookAnswer> {
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** The database is locked or down: nothing was written, the client may retry. */
export function storeUnavailable(log: (line: string) => void, method: string, path: string, err: StoreUnavailableError): Response {
  // A refusal to store needs the operator (free space, fix the disk); a lock or an outage passes by itself.
  const storage = err.reason === 'storage';
  log(JSON.stringify({ level: storage ? 'error' : 'warn', msg: `store unavailable on ${method} ${path}`, reason: err.reason, ...(storage ? { condition: err.condition, code: err.code } : {}) }));
  const detail = err.reason === 'busy' ? 'The database is busy. Please try again shortly.'
    : storage ? 'The database cannot store this right now. Nothing was written; please try again later.'
    : 'The database is not reachable. Please try again shortly.';
  return problem(503, 'unavailable', { detail, headers: { 'retry-after': String(err.retryAfterSeconds) } });
}

export function methodProblem(methods: string[]): Response {
  const allow = methods.join(', ');
  return problem(405, 'method_not_allowed', { detail: `Allowed: ${allow}.`, headers: { allow } });
}

/** Logs an unexpected error with its stack, to the operator's log only. */
export function logError(log: (line: string) => void, msg: string, error: unknown): void {
  const err = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { value: String(error) };
  log(JSON.stringify({ level: 'error', msg, error: err }));
}
