/**
 * `GET /healthz`: liveness plus a store round trip, for load balancers and uptime checks.
 */
import type { Hono } from 'hono';
import { problem } from '../problem.js';
import type { Store } from '../store/types.js';
import type { AppEnv } from './middleware.js';

export function healthRoutes(app: Hono<AppEnv>, store: Store, onStoreError: (error: unknown) => void): void {
  app.get('/healthz', async () => {
    try {
      await store.ping();
    } catch (e) {
      onStoreError(e);
      return problem(503, 'unavailable', { detail: 'The store is not answering.' });
    }
    return new Response('{"status":"ok","store":"ok"}', {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  });
}
