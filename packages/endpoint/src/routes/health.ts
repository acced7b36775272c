/**
 * `GET /healthz`: liveness plus a store round trip, for load balancers and uptime checks.
 */
import type { Hono } from 'hono';
import { problem } from '../problem.js';
import { StoreUnavailableError } from '../store/errors.js';
import type { Store } from '../store/types.js';
import type { AppEnv } from './middleware.js';

export function healthRoutes(app: Hono<AppEnv>, store: Store, onStoreError: (error: unknown) => void): void {
  app.get('/healthz', async () => {
    try {
      await store.ping();
    } catch (e) {
      onStoreError(e);
      const reason = e instanceof StoreUnavailableError ? e.reason : 'failed';
      const detail = reason === 'unreachable' ? 'The database is not reachable.' : reason === 'busy' ? 'The database is locked.' : 'The store is not answering.';
      return problem(503, 'unavailable', { detail, headers: { 'retry-after': '5' } });
    }
    return new Response('{"status":"ok","store":"ok"}', {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  });
}
