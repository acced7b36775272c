/**
 * `GET /healthz`: liveness, what the store's real writes last answered, and a store round trip,
 * for load balancers and uptime checks. After the database refused a write for space, a read-only
 * file or an I/O error, health is 503 naming the cause until a write commits again: a database that
 * answers `SELECT 1` but cannot store a gift is not healthy.
 */
import type { Hono } from 'hono';
import { problem } from '../problem.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import type { AppEnv } from './middleware.js';

export function healthRoutes(app: Hono<AppEnv>, store: Store, onStoreError: (error: unknown) => void): void {
  app.get('/healthz', async () => {
    const fault = store.storageFault?.();
    if (fault) {
      return problem(503, 'unavailable', {
        detail: `The database refused a write: ${fault.description}${fault.code ? ` (${fault.code})` : ''}, since ${fault.since}. Health returns once a write succeeds.`,
        headers: { 'retry-after': '30' },
      });
    }
    try {
      await store.ping();
    } catch (e) {
      onStoreError(e);
      const reason = e instanceof StoreUnavailableError ? e.reason : 'failed';
      const detail = reason === 'unreachable' ? 'The database is not reachable.' : reason === 'busy' ? 'The database is locked.'
        : reason === 'storage' ? `The database cannot read: ${(e as StoreUnavailableError).message}.` : 'The store is not answering.';
      return problem(503, 'unavailable', { detail, headers: { 'retry-after': '5' } });
    }
    return new Response('{"status":"ok","store":"ok"}', {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  });
}
