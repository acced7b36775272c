/**
 * The organisation's verbs, run against the store in `DATABASE_URL` (every server on it sees
 * the change on its next poll, no restart):
 *   rescuekit campaign add|list|archive, rescuekit team-key create|list|revoke,
 *   rescuekit unassigned list|assign.
 */
import { parseArgs } from 'node:util';
import { CampaignCreate, describeIssue } from '@rescuekit/schema';
import { loadConfig } from './config.js';
import { newTeamKey } from './guard/team-keys.js';
import { CampaignRuleError } from './ledger/errors.js';
import { openCliStore } from './cli-store.js';
import { DatabaseUrlError } from './store/open.js';
import type { Store } from './store/types.js';

export const TEAM_COMMANDS = new Set(['campaign', 'team-key', 'unassigned']);

export const TEAMS_HELP = `       rescuekit campaign add [--config <file>] --id <id> --title <t> --goal <minor> --rescue-cost <minor> [--currency usd] [--parent <id>]
       rescuekit campaign add [--config <file>] --json '<campaign as in the config file>'
       rescuekit campaign list | archive <id>
       rescuekit team-key create <campaign> [--label <text>] | list <campaign> | revoke <keyId>
       rescuekit unassigned list [--all] | assign <ref> <campaign>
       (these and export open the database in DATABASE_URL and name it; an SQLite file that does not exist
        is made only with --create)
`;

class CliError extends Error {}

/** Runs one organisation verb; answers the exit code (0 ok, 1 refused or failed, 2 bad usage). */
export async function runTeamsCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' }, id: { type: 'string' }, title: { type: 'string' }, goal: { type: 'string' }, 'rescue-cost': { type: 'string' },
        currency: { type: 'string' }, parent: { type: 'string' }, json: { type: 'string' }, label: { type: 'string' }, all: { type: 'boolean' },
        create: { type: 'boolean' },
      },
    });
  } catch (e) {
    err.write(`rescuekit: ${(e as Error).message}\n`);
    return 2;
  }
  const { values, positionals: [noun, verb, ...args] } = parsed;
  let store: Store | undefined;
  try {
    store = await openCliStore(err, { create: values.create === true });
    // A config names the campaigns the store must have first (as a server's start would).
    if (values.config) await store.seedCampaigns((await loadConfig(values.config)).campaigns);
    const key = `${noun} ${verb}`;
    switch (key) {
      case 'campaign add': {
        const raw = values.json !== undefined ? JSON.parse(values.json) : {
          id: values.id, title: values.title, currency: values.currency ?? 'usd', goal: Number(values.goal), rescueCost: Number(values['rescue-cost']), ...(values.parent ? { parent: values.parent } : {}),
        };
        const checked = CampaignCreate.safeParse(raw);
        if (!checked.success) throw new CliError(describeIssue(checked.error).detail);
        const result = await store.createCampaign(checked.data);
        if (result.outcome === 'exists') throw new CliError(`campaign "${checked.data.id}" exists already`);
        out.write(`created ${checked.data.id}${checked.data.parent ? ` under ${checked.data.parent}` : ''} (${checked.data.currency}); raised ${result.totals.raised}\n`);
        return 0;
      }
      case 'campaign list':
        for (const t of await store.getAllTotals()) {
          out.write(`${t.campaign}\t${t.currency}\tparent=${t.parent ?? '-'}\traised=${t.raised}\tpending=${t.pending ?? 0}\tdonors=${t.donors}${t.config?.archived ? '\tarchived' : ''}${t.config?.fundraiser ? `\tfundraiser page (${t.config.fundraiser.state})` : ''}\t${t.config?.title ?? ''}\n`);
        }
        return 0;
      case 'campaign archive': {
        const [id] = need(args, 1, 'campaign archive <id>');
        const result = await store.patchCampaign(id, { archived: true });
        if (result.outcome === 'not_found') throw new CliError(`no campaign "${id}"`);
        out.write(`archived ${id}: hidden from new checkouts and team cash; Stripe money and its children still count toward it\n`);
        return 0;
      }
      case 'team-key create': {
        const [campaign] = need(args, 1, 'team-key create <campaign>');
        const k = newTeamKey();
        const info = await store.createTeamKey({ id: k.id, campaign, label: values.label ?? null, hash: k.hash });
        if (!info) throw new CliError(`no campaign "${campaign}"`);
        out.write(`team key ${info.id} for ${campaign} (shown once; only its hash is stored):\n  ${k.token}\n`);
        return 0;
      }
      case 'team-key list': {
        const [campaign] = need(args, 1, 'team-key list <campaign>');
        for (const k of await store.listTeamKeys(campaign)) {
          out.write(`${k.id}\t${k.label ?? '-'}\tcreated=${k.createdAt}\tlast-used=${k.lastUsedAt ?? 'never'}${k.revokedAt ? `\trevoked=${k.revokedAt}` : ''}\n`);
        }
        return 0;
      }
      case 'team-key revoke': {
        const [id] = need(args, 1, 'team-key revoke <keyId>');
        const info = await store.revokeTeamKey(id);
        if (!info) throw new CliError(`no team key "${id}"`);
        out.write(`revoked ${id} (${info.campaign}); every server refuses it from its next request\n`);
        return 0;
      }
      case 'unassigned list':
        for (const u of await store.listUnassigned(values.all === true)) {
          out.write(`${u.ref}\tevent=${u.eventId}\tnames=${u.campaign}\t${u.amount} ${u.currency}\treceived=${u.receivedAt}${u.assignedTo ? `\tassigned=${u.assignedTo}` : ''}\n`);
        }
        return 0;
      case 'unassigned assign': {
        const [ref, campaign] = need(args, 2, 'unassigned assign <ref> <campaign>');
        const result = await store.assignUnassigned(ref, campaign);
        if (result.outcome === 'not_found') throw new CliError(`no unassigned payment "${ref}"`);
        if (result.outcome === 'unknown_campaign') throw new CliError(`no campaign "${campaign}"`);
        if (result.outcome === 'already_assigned') {
          out.write(`${result.payment.ref} was assigned to ${result.payment.assignedTo} already; nothing changed\n`);
          return 0;
        }
        out.write(`assigned ${result.payment.ref} (${result.payment.amount} ${result.payment.currency}) to ${campaign}; raised ${result.totals.raised}\n`);
        return 0;
      }
      default:
        throw new CliError(`unknown command "${[noun, verb].filter(Boolean).join(' ')}"\nUsage: ${TEAMS_HELP.trimStart()}`);
    }
  } catch (e) {
    if (e instanceof DatabaseUrlError) {
      err.write(`rescuekit: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CliError || e instanceof CampaignRuleError) {
      err.write(`rescuekit: ${e instanceof CampaignRuleError ? e.detail : e.message}\n`);
      return e instanceof CliError && e.message.startsWith('unknown command') ? 2 : 1;
    }
    if (e instanceof SyntaxError) {
      err.write('rescuekit: --json is not valid JSON\n');
      return 2;
    }
    err.write(`rescuekit: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

/** The command's arguments, exactly `n` of them (the unused second is an empty string for one). */
function need(args: string[], n: 1 | 2, usage: string): [string, string] {
  if (args.length !== n) throw new CliError(`usage: rescuekit ${usage}`);
  return [args[0]!, args[1] ?? ''];
}
