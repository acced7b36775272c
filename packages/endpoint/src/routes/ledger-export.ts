/**
 * `GET /v1/campaigns/:id/ledger.csv[?from=&to=&direct=1]`: the treasurer's export, for the
 * admin or a team key of that campaign, streamed from the store a page at a time.
 */
import type { Hono } from 'hono';
import { exportBound, ledgerCsv, ledgerFileName } from '../export/ledger-csv.js';
import { HttpProblem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { Store } from '../store/types.js';
import type { AppEnv } from './middleware.js';
import { requireCampaign, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

function bound(field: 'from' | 'to', value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = exportBound(value, field === 'to');
  if (at === undefined) throw new HttpProblem(400, 'invalid_request', { field, detail: `${field}: must be a date (2026-11-30) or an ISO 8601 time` });
  return at;
}

export function ledgerExportRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: { store: Store; hub: LiveProgress }): void {
  app.get('/v1/campaigns/:id/ledger.csv', teamOrAdmin(auth), (c) => {
    const id = c.req.param('id');
    requireCampaign(c.get('actor'), id, auth.parentOf, 'treasurer');
    if (!ctx.hub.directory.get(id)) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    const from = bound('from', c.req.query('from'));
    const to = bound('to', c.req.query('to'));
    const directParam = c.req.query('direct');
    if (directParam !== undefined && !['0', '1', 'true', 'false'].includes(directParam)) {
      throw new HttpProblem(400, 'invalid_request', { field: 'direct', detail: 'direct: must be 1 or 0' });
    }
    const direct = directParam === '1' || directParam === 'true';
    const rows = ctx.store.exportLedger({ campaign: id, direct, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    // Each row names the fundraiser page it came through (its owner's name, as the team knows it).
    const pageOf = (campaign: string) => {
      const c = ctx.hub.directory.stored(campaign);
      return c?.fundraiser ? c.title : undefined;
    };
    return new Response(ledgerCsv(rows, pageOf), {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${ledgerFileName(id, direct)}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
