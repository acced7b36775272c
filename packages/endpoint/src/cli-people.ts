/**
 * People from the command line, run against the store in `DATABASE_URL` as `team-key` is (no server
 * needed, every server sees the change at once: keys and invites are looked up in the store):
 *   rescuekit invite <campaign> --role <role> [--label <text>] --config <file>
 *   rescuekit invite list <campaign> | revoke <inviteId>
 *   rescuekit people list <campaign> | revoke <personId>
 * An invite made here is the admin's (`invited_by` = `admin`), with the HTTP API's code, lifetime
 * (`INVITE_TTL_HOURS`, default 72 h) and link (`<publicUrl>/console/join#<code>`), and it comes with the
 * campaign's welcome pack, so the message sent to a new lead has everything in it.
 */
import { parseArgs } from 'node:util';
import { InviteCreate, Role, describeIssue, type RescuekitConfig } from '@rescuekit/schema';
import { openCliStore } from './cli-store.js';
import { ConfigError, loadConfig } from './config.js';
import { INVITE_TTL_HOURS, newInviteCode, parseInviteTtlHours } from './guard/people.js';
import type { CampaignTotals } from './ledger/types.js';
import { welcomePack as pack } from './routes/welcome-pack.js';
import { DatabaseUrlError } from './store/open.js';
import type { Store } from './store/types.js';

export const PEOPLE_COMMANDS = new Set(['invite', 'people']);

const ROLES = Role.options.join('|');

export const PEOPLE_HELP = `       rescuekit invite <campaign> --role <${ROLES}> --config <file> [--label <text>]
       rescuekit invite list <campaign> | revoke <inviteId>
       rescuekit people list <campaign> | revoke <personId>
`;

const EXAMPLE = 'rescuekit invite rescue-team-demo --role lead --config rescuekit.config.json';

type Env = Readonly<Record<string, string | undefined>>;

/** A mistake in what was typed (exit 2), or a refusal of what was asked (exit 1). */
class CliError extends Error {
  constructor(message: string, readonly code: 1 | 2) {
    super(message);
  }
}
const usage = (message: string) => new CliError(message, 2);

/** Runs one people verb; answers the exit code (0 ok, 1 refused or failed, 2 bad usage or configuration). */
export async function runPeopleCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, env: Env = process.env): Promise<number> {
  let store: Store | undefined;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: { role: { type: 'string' }, label: { type: 'string' }, config: { type: 'string' }, create: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      });
    } catch (e) {
      throw usage((e as Error).message);
    }
    const { values, positionals: [noun, ...args] } = parsed;
    if (values.help) {
      out.write(`Usage: ${PEOPLE_HELP.trimStart()}`);
      return 0;
    }
    const verb = args[0];
    // `invite list` and `invite revoke` are verbs; with --role the word is a campaign's id.
    const sub = noun === 'people' || ((verb === 'list' || verb === 'revoke') && values.role === undefined) ? verb : undefined;
    const command = noun === 'invite' && sub === undefined ? 'invite create' : `${noun} ${sub ?? ''}`.trim();
    const open = async (): Promise<Store> => (store = await openCliStore(err, { create: values.create === true, env }));
    switch (command) {
      case 'invite create': {
        const campaign = one(args, `invite <campaign> --role <${ROLES}> --config <file>`, 'the campaign id', `e.g. ${EXAMPLE}`);
        const { role, label } = inviteBody(values.role, values.label);
        const base = await loadPublicUrl(values.config);
        let ttlHours: number;
        try {
          ttlHours = parseInviteTtlHours(env['INVITE_TTL_HOURS']) ?? INVITE_TTL_HOURS;
        } catch (e) {
          throw usage((e as Error).message);
        }
        const db = await open();
        await db.seedCampaigns(base.config.campaigns); // as `team-key --config` and a server's start do
        const totals = await knownCampaign(db, campaign);
        const code = newInviteCode();
        const expiresAt = new Date(Date.now() + ttlHours * 3_600_000).toISOString();
        const info = await db.createInvite({ id: code.id, campaign, role, label: label ?? null, hash: code.hash, invitedBy: 'admin', expiresAt });
        if (!info) throw usage(unknownCampaign(campaign));
        const title = totals.config?.title ?? campaign;
        out.write(
          `Invite ${info.id}: ${role} of ${campaign} (${title})${label ? `, for ${label}` : ''}\n` +
            `Expires ${info.expiresAt} (in ${ttlHours} h); works once. Send this link (shown once; only its hash is stored):\n` +
            `  ${base.url}/console/join#${code.token}\n\n` +
            welcomePack(base.url, campaign, title),
        );
        return 0;
      }
      case 'invite list': {
        const campaign = one(args.slice(1), 'invite list <campaign>', 'the campaign id');
        const db = await open();
        for (const i of await db.listInvites(await subtree(db, campaign))) {
          out.write(`${i.id}\t${i.campaign}\t${i.role}\t${i.label ?? '-'}\tinvited-by=${i.invitedBy}\tcreated=${i.createdAt}\texpires=${i.expiresAt}\n`);
        }
        return 0;
      }
      case 'invite revoke': {
        const id = one(args.slice(1), 'invite revoke <inviteId>', 'the invite id', 'the ids are in: rescuekit invite list <campaign>');
        const db = await open();
        const found = await db.findInvite(id);
        if (!found) throw new CliError(`no invite "${id}" (rescuekit invite list <campaign> shows the open ones)`, 1);
        if (found.usedAt) throw new CliError(`invite ${id} was already used; revoke the person it made instead: rescuekit people list ${found.campaign}, then rescuekit people revoke <personId>`, 1);
        if (found.revokedAt) {
          out.write(`invite ${id} (${found.campaign}) was revoked already, at ${found.revokedAt}; nothing changed\n`);
          return 0;
        }
        await db.revokeInvite(id);
        out.write(`revoked invite ${id} (${found.role} of ${found.campaign}); its link is refused from now on\n`);
        return 0;
      }
      case 'people list': {
        const campaign = one(args.slice(1), 'people list <campaign>', 'the campaign id');
        const db = await open();
        for (const p of await db.listPeople(await subtree(db, campaign))) {
          out.write(`${p.id}\t${p.campaign}\t${p.role}\t${p.label ?? '-'}\tinvited-by=${p.invitedBy}\tcreated=${p.createdAt}${p.revokedAt ? `\trevoked=${p.revokedAt}` : ''}\n`);
        }
        return 0;
      }
      case 'people revoke': {
        const id = one(args.slice(1), 'people revoke <personId>', 'the person id', 'the ids are in: rescuekit people list <campaign>');
        const db = await open();
        const found = await db.findPersonById(id);
        if (!found) throw new CliError(`no person "${id}" (rescuekit people list <campaign> shows them)`, 1);
        if (found.revokedAt) {
          out.write(`${id} (${found.role} of ${found.campaign}) was revoked already, at ${found.revokedAt}; nothing changed\n`);
          return 0;
        }
        await db.revokePerson(id);
        out.write(`revoked ${id} (${found.role} of ${found.campaign}${found.label ? `, ${found.label}` : ''}); every server refuses their key from its next request\n`);
        return 0;
      }
      default:
        throw usage(`${sub === undefined ? `${noun} needs a verb: list or revoke` : `unknown command "${command}"`}\nUsage: ${PEOPLE_HELP.trimStart()}`);
    }
  } catch (e) {
    if (e instanceof CliError) {
      err.write(`rescuekit: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof DatabaseUrlError || e instanceof ConfigError) {
      err.write(`rescuekit: ${e.message}\n`);
      return 2;
    }
    err.write(`rescuekit: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

/** The one argument a verb takes (`missing` names it), or a usage error saying what to type. */
function one(args: readonly string[], shape: string, missing: string, hint?: string): string {
  if (args.length === 1) return args[0]!;
  const what = args.length === 0 ? `${missing} is missing` : `unexpected argument "${args[1]}"`;
  throw usage(`${what}\nUsage: rescuekit ${shape}${hint ? `\n  (${hint})` : ''}`);
}

/** `--role` and `--label`, checked as the HTTP API checks an invite's body. */
function inviteBody(role: string | undefined, label: string | undefined): InviteCreate {
  if (role === undefined) throw usage(`--role is required: one of ${Role.options.join(', ')}\n  (e.g. ${EXAMPLE})`);
  if (!Role.safeParse(role).success) throw usage(`unknown role "${role}": --role is one of ${Role.options.join(', ')}\n  (e.g. ${EXAMPLE})`);
  const checked = InviteCreate.safeParse({ role, ...(label === undefined ? {} : { label }) });
  if (!checked.success) throw usage(`--${describeIssue(checked.error).detail}`);
  return checked.data;
}

/** The config's `publicUrl` without a trailing slash: every link the invite prints starts with it. */
async function loadPublicUrl(file: string | undefined): Promise<{ url: string; config: RescuekitConfig }> {
  if (!file) throw usage(`publicUrl is needed for the invite link (<publicUrl>/console/join#<code>): add --config <file> naming the config that sets it\n  (e.g. ${EXAMPLE})`);
  const config = await loadConfig(file);
  const url = config.publicUrl?.replace(/\/+$/, '');
  if (!url) throw usage(`publicUrl is not set in ${file}: invite links point to <publicUrl>/console/join, so set it to the address the public reaches this endpoint at (e.g. "publicUrl": "https://give.example.org")`);
  return { url, config };
}

const unknownCampaign = (id: string) => `no campaign "${id}" in this store (rescuekit campaign list shows the ids)`;

async function knownCampaign(store: Store, id: string): Promise<CampaignTotals> {
  const totals = await store.getTotals(id);
  if (!totals) throw usage(unknownCampaign(id));
  return totals;
}

/** `root` and every campaign below it, as the store's tree has them (what the HTTP API lists for it). */
async function subtree(store: Store, root: string): Promise<string[]> {
  const all = await store.getAllTotals();
  if (!all.some((t) => t.campaign === root)) throw usage(unknownCampaign(root));
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const t of all) if (t.parent === out[i] && !out.includes(t.campaign)) out.push(t.campaign);
  return out;
}

/** What `GET /v1/campaigns/:id/pack` answers, as lines to paste into a message: the team's links and its thermometer. */
export function welcomePack(base: string, campaign: string, title: string): string {
  const p = pack(base, campaign, title);
  const snippet = p.embeds.find((e) => e.element === 'rescue-thermometer')!.snippet;
  return (
    `Welcome pack for ${campaign}:\n` +
    `  hosted page   ${p.page}\n` +
    `  poster        ${p.poster}\n` +
    `  join link     ${p.join} (supporters start their own fundraiser pages)\n` +
    `  share images  ${p.images.png} (link previews, 1200x630; or card.svg)\n` +
    `                ${p.images.square} (posts, 1080x1080)\n` +
    `                ${p.images.story} (stories, 1080x1920)\n` +
    `  thermometer for the team's own page (the frame takes the height it needs):\n` +
    `${snippet.replace(/^/gm, '    ')}\n`
  );
}
