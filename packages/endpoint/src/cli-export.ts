/**
 * `rescuekit export --campaign <id> [--from <date>] [--to <date>] [--direct] [--out <file>] [--config <file>]`:
 * the treasurer's CSV of the store in `DATABASE_URL`, to stdout or a file (written whole or not
 * at all: a `.partial` file renamed at the end). Exit 0 written, 1 failed, 2 bad usage.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { exportBound, ledgerCsv } from './export/ledger-csv.js';
import { openCliStore } from './cli-store.js';
import { DatabaseUrlError } from './store/open.js';
import type { LedgerExportRow, Store } from './store/types.js';

export const EXPORT_HELP = `       rescuekit export --campaign <id> [--from <date>] [--to <date>] [--direct] [--out <file>] [--config <file>]
`;

const OPTIONS = {
  campaign: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, direct: { type: 'boolean' }, out: { type: 'string' }, config: { type: 'string' }, create: { type: 'boolean' },
} as const;

class UsageError extends Error {}

/** Runs the export; answers the exit code. */
export async function runExportCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let values;
  try {
    const parsed = parseArgs({ args: argv.slice(1), options: OPTIONS, allowPositionals: true });
    if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
    values = parsed.values;
    if (!values.campaign) throw new UsageError('--campaign <id> is required');
    for (const name of ['from', 'to'] as const) {
      const v = values[name];
      if (v !== undefined && exportBound(v, name === 'to') === undefined) throw new UsageError(`--${name} must be a date (2026-11-30) or an ISO 8601 time, got "${v}"`);
    }
  } catch (e) {
    const unknown = /Unknown option '([^']+)'/.exec((e as Error).message)?.[1];
    err.write(`rescuekit: ${unknown ? `unknown option ${unknown}` : (e as Error).message}\nUsage: ${EXPORT_HELP.trimStart()}`);
    return 2;
  }
  const { campaign, direct = false } = values;
  const from = values.from === undefined ? undefined : exportBound(values.from, false);
  const to = values.to === undefined ? undefined : exportBound(values.to, true);
  let store: Store | undefined;
  try {
    store = await openCliStore(err, { create: values.create === true });
    if (values.config) await store.seedCampaigns((await loadConfig(values.config)).campaigns);
    const totals = await store.getTotals(campaign);
    if (!totals) {
      err.write(`rescuekit: no campaign "${campaign}"\n`);
      return 1;
    }
    let n = 0;
    let counted = 0;
    let matchRows = 0;
    let matched = 0;
    async function* tally(rows: AsyncIterable<LedgerExportRow>) {
      for await (const r of rows) {
        n++;
        // Match rows are matching pools' money, never in `raised`: summed apart.
        if (r.kind === 'match') (matchRows++, (matched += r.amount));
        else if (r.status === 'counted') counted += r.amount;
        yield r;
      }
    }
    const pages = new Map((await store.getAllTotals()).flatMap((t) => (t.config?.fundraiser ? [[t.campaign, t.config.title] as const] : [])));
    const csv = Readable.fromWeb(ledgerCsv(tally(store.exportLedger({ campaign, direct, ...(from ? { from } : {}), ...(to ? { to } : {}) })), (c) => pages.get(c)) as import('node:stream/web').ReadableStream);
    if (values.out) {
      const partial = `${values.out}.partial`;
      try {
        await pipeline(csv, createWriteStream(partial));
        await rename(partial, values.out);
      } catch (e) {
        await rm(partial, { force: true });
        throw e;
      }
    } else {
      await pipeline(csv, out, { end: false });
    }
    const whole = !direct && !from && !to;
    err.write(`rescuekit: export: ${n} rows of ${campaign}${direct ? ' (its own only)' : ' and its descendants'}; counted rows sum to ${counted} ${totals.currency}` +
      `${whole ? ` (raised: ${totals.raised})` : ''}${matchRows ? `; match rows sum to ${matched} ${totals.currency}` : ''}${values.out ? `; written to ${values.out}` : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof DatabaseUrlError) {
      err.write(`rescuekit: ${e.message}\n`);
      return 2;
    }
    err.write(`rescuekit: export failed: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}
