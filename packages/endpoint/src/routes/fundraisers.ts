/**
 * Supporters' own fundraising pages. Anyone starts one from a team's join link
 * (`POST /v1/campaigns/:team/fundraisers`, behind the same human check as checkout, a few an hour per
 * address and per team); it waits, invisible, until a lead, an organiser above or the admin approves it
 * (`POST /v1/campaigns/:id/approve`, `/reject`, `/take-down`), unless the team takes pages at once.
 *
 * The page's own link (`/c/:id/manage#<secret>`, 256 bits in the fragment, kept only as its SHA-256)
 * is its owner's only credential: no account, no email. With it they read and edit the page
 * (`/v1/fundraisers/me`), close it and reopen it next year. Text edits of a public page wait for
 * approval while the approved text stays up; a lead can issue a new link (`/manage-link`), which shuts
 * the old one out.
 */
import type { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import {
  FundraiserCreate,
  FundraiserDecisionBody,
  FundraiserEdit,
  FundraiserReopen,
  type CampaignConfig,
  type FundraiserFacts,
  type FundraiserInfo,
  type FundraiserProposal,
} from '@rescuekit/schema';
import type { CampaignDirectory } from '../campaigns/directory.js';
import type { CredentialGuard } from '../guard/credentials.js';
import { humanCheckOff, HumanCheckUnavailableError, type HumanCheck } from '../guard/human-check.js';
import { hashSecret, type ParentOf } from '../guard/people.js';
import { clientKeyForIp, SlidingWindowLimiter, type CheckoutLimiter } from '../guard/rate-limit.js';
import type { LiveProgress } from '../live/live-progress.js';
import { HttpProblem } from '../problem.js';
import type { FundraiserRecord, Store } from '../store/types.js';
import { parseBody } from './campaign-admin.js';
import { actorRef } from './cash-context.js';
import { limitBody, type Actor, type AppEnv } from './middleware.js';
import { forbidden, requireCampaign, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

export const PAGE_SECRET_PREFIX = 'rk_page_';
/** New pages allowed per address and per team, per hour. */
export const PAGES_PER_ADDRESS = 5;
export const PAGES_PER_TEAM = 30;

export interface FundraiserContext {
  store: Store;
  hub: LiveProgress;
  log: (line: string) => void;
  /** Read at each request: the page's own link is absolute when the endpoint knows its public address. */
  readonly publicUrl: string | undefined;
  humanCheck?: HumanCheck | undefined;
  /** Clock in ms (the creation limits). */
  now?: () => number;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS } });
const notFound = () => new HttpProblem(404, 'not_found', { detail: 'No fundraiser page with this id.' });

/** A new page secret: 256 bits, shown once. */
function newPageSecret(): { token: string; hash: string } {
  const token = `${PAGE_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashSecret(token) };
}

/** A page's id: random (100 bits), never from its name, so it can never be the id money waits for as unassigned. */
const newPageId = () => `p-${[...randomBytes(20)].map((b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('')}`;

/** The page's own link: the secret in the fragment, which no server, log or referrer sees. */
export const manageUrl = (base: string | undefined, id: string, token: string) => `${base?.replace(/\/+$/, '') ?? ''}/c/${id}/manage#${token}`;

/** Whether a bearer token has the page-secret shape. */
const isPageSecretShape = (token: string) => /^rk_page_[A-Za-z0-9_-]{43}$/.test(token);

/** Who may review pages under `page`'s team: the admin, an organiser above, or a lead of that team (or above). */
function requireReviewer(actor: Actor, page: string, parentOf: ParentOf): void {
  if (actor.kind === 'team') throw forbidden('A team key cannot review fundraiser pages; ask your lead.');
  requireCampaign(actor, page, parentOf, 'lead');
}

/** The page as its owner and reviewers see it. */
export function fundraiserInfo(directory: CampaignDirectory, hub: LiveProgress, config: CampaignConfig, record: FundraiserRecord, base: string | undefined): FundraiserInfo {
  const facts = config.fundraiser!;
  const team = config.parent ?? '';
  const progress = hub.entry(config.id)?.progress;
  return {
    id: config.id,
    team,
    teamTitle: directory.get(team)?.title ?? team,
    state: facts.state,
    displayName: config.title,
    nameHidden: facts.nameHidden === true,
    story: facts.story,
    occasion: facts.occasion ?? null,
    date: facts.date ?? null,
    goal: config.goal,
    currency: config.currency,
    raised: progress?.raised ?? 0,
    donors: progress?.donors ?? 0,
    proposed: record.proposed,
    reason: record.reason,
    decidedBy: record.decidedBy,
    decidedAt: record.decidedAt,
    rounds: record.rounds,
    createdAt: record.createdAt,
    url: `${base?.replace(/\/+$/, '') ?? ''}/c/${config.id}`,
  };
}

/** Facts with `changes` applied; a null removes an optional field. */
function withFacts(facts: FundraiserFacts, changes: Partial<Record<keyof FundraiserFacts, unknown>>): FundraiserFacts {
  const next: Record<string, unknown> = { ...facts };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next as FundraiserFacts;
}

/** The config patch that makes proposed text public. */
function applyProposal(config: CampaignConfig, proposed: FundraiserProposal | null): Partial<CampaignConfig> {
  const facts = withFacts(config.fundraiser!, { story: proposed?.story, occasion: proposed?.occasion });
  return { fundraiser: facts, ...(proposed?.displayName ? { title: proposed.displayName } : {}) };
}

export function fundraiserRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: FundraiserContext): void {
  const { store, hub } = ctx;
  const directory = hub.directory;
  const { parentOf } = auth;
  const now = ctx.now ?? Date.now;
  const humanCheck = ctx.humanCheck ?? humanCheckOff;
  const limiter = (max: number): CheckoutLimiter => store.checkoutLimiter?.({ max, windowMs: 3_600_000 }) ?? new SlidingWindowLimiter({ max, windowMs: 3_600_000, now });
  const perAddress = limiter(PAGES_PER_ADDRESS);
  const perTeam = limiter(PAGES_PER_TEAM);
  const base = () => ctx.publicUrl;

  /** Installs what a commit changed and tells every live reader. */
  const installed = (result: { changed?: readonly import('../store/types.js').CampaignTotals[] | undefined; totals: import('../store/types.js').CampaignTotals }) => {
    hub.install(result.changed);
    hub.publish(result.totals);
  };

  app.post('/v1/campaigns/:team/fundraisers', limitBody(16 * 1024), async (c) => {
    const teamId = c.req.param('team');
    const ip = c.env?.ip ?? 'unknown';
    const body = await parseBody(c.req.raw, FundraiserCreate);
    const team = directory.isPublic(teamId) ? directory.get(teamId) : undefined;
    if (!team || team.fundraiser) throw new HttpProblem(404, 'not_found', { detail: 'No team with this id takes fundraiser pages.' });
    if (team.archived || team.fundraisers === 'off') throw new HttpProblem(409, 'conflict', { detail: `${team.title} is not taking new fundraiser pages.` });
    if (humanCheck.enabled) {
      let human: boolean;
      try {
        human = await humanCheck.verify(body.humanCheckToken, ip);
      } catch (e) {
        if (e instanceof HumanCheckUnavailableError) throw new HttpProblem(503, 'unavailable', { detail: 'The human check could not be verified. Please try again.', headers: { 'retry-after': '5' } });
        throw e;
      }
      if (!human) throw new HttpProblem(403, 'forbidden', { field: 'humanCheckToken', detail: 'humanCheckToken: the human check failed. Please try again.' });
    }
    for (const [l, key, who] of [[perAddress, `page:${clientKeyForIp(ip)}`, 'this network'], [perTeam, `page-team:${team.id}`, team.title]] as const) {
      const decision = await l.hit(key);
      if (!decision.ok) {
        throw new HttpProblem(429, 'rate_limited', { detail: `Too many new pages from ${who} in the last hour. Please try again later.`, headers: { 'retry-after': String(decision.retryAfterSeconds) } });
      }
    }
    const secret = newPageSecret();
    const state = team.fundraisers === 'auto' ? 'approved' : 'pending';
    const facts: FundraiserFacts = { state, story: body.story, ...(body.occasion ? { occasion: body.occasion } : {}), ...(body.date ? { date: body.date } : {}) };
    let result;
    let id;
    for (let tries = 0; ; tries++) {
      id = newPageId();
      const config: CampaignConfig = {
        id, title: body.displayName, currency: team.currency, goal: body.goal, rescueCost: team.rescueCost, parent: team.id,
        ...(body.locale ? { locale: body.locale } : {}), fundraiser: facts,
      };
      result = await store.createFundraiser(config, secret.hash);
      if (result.outcome === 'created' || tries >= 2) break;
    }
    if (result.outcome !== 'created') throw new HttpProblem(409, 'conflict', { detail: 'Could not make a new page id; please try again.' });
    installed(result);
    ctx.log(JSON.stringify({ level: 'info', msg: 'fundraiser page started', campaign: id, team: team.id, state }));
    return json(201, { id, state, manageUrl: manageUrl(base(), id, secret.token), url: `${base()?.replace(/\/+$/, '') ?? ''}/c/${id}` });
  });

  // ---- the owner's link --------------------------------------------------------------------------

  /** The page whose secret the request carries, within the refused-credential limit per address. */
  const owner = async (req: Request, ip: string): Promise<string> => {
    const header = req.headers.get('authorization') ?? '';
    const token = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!token || !isPageSecretShape(token)) throw new HttpProblem(401, 'unauthorized', { detail: "Open the page's own link again: this request carries no page link.", headers: { 'www-authenticate': 'Bearer' } });
    const outcome = await auth.guard.attempt(clientKeyForIp(ip), () => store.findFundraiser(hashSecret(token)));
    if (!outcome.ok) {
      if (outcome.limited) throw new HttpProblem(429, 'rate_limited', { detail: 'Too many failed attempts from this address. Please wait.', headers: { 'retry-after': String(outcome.retryAfterSeconds) } });
      throw new HttpProblem(401, 'unauthorized', { detail: 'This link no longer opens the page: a newer one was issued. Ask your team lead for the new link.', headers: { 'www-authenticate': 'Bearer' } });
    }
    return outcome.value;
  };

  const infoOf = async (id: string) => {
    const config = directory.stored(id);
    const record = await store.readFundraiser(id);
    if (!config?.fundraiser || !record) throw notFound();
    return fundraiserInfo(directory, hub, config, record, base());
  };

  const answer = (result: Awaited<ReturnType<typeof store.changeFundraiser>>) => {
    if (result.outcome === 'not_found') throw notFound();
    installed(result);
    const config = result.totals.config!;
    return json(200, { fundraiser: fundraiserInfo(directory, hub, config, result.record, base()) });
  };

  app.get('/v1/fundraisers/me', async (c) => json(200, { fundraiser: await infoOf(await owner(c.req.raw, c.env?.ip ?? 'unknown')) }));

  app.patch('/v1/fundraisers/me', limitBody(16 * 1024), async (c) => {
    const id = await owner(c.req.raw, c.env?.ip ?? 'unknown');
    const edit = await parseBody(c.req.raw, FundraiserEdit);
    const autoApprove = (team: string | null | undefined) => !!team && directory.get(team)?.fundraisers === 'auto';
    const result = await store.changeFundraiser(id, ({ config, record }) => {
      const facts = config.fundraiser!;
      if (facts.state === 'taken_down') throw new HttpProblem(409, 'conflict', { detail: 'This page was taken down by its team; ask your team lead.' });
      const text: FundraiserProposal = {};
      if (edit.displayName !== undefined && edit.displayName !== config.title) text.displayName = edit.displayName;
      if (edit.story !== undefined && edit.story !== facts.story) text.story = edit.story;
      if (edit.occasion !== undefined && (edit.occasion ?? undefined) !== facts.occasion) text.occasion = edit.occasion;
      // The goal, date and name shown or hidden are the owner's to change at once.
      let nextFacts = withFacts(facts, { date: edit.date, nameHidden: edit.nameHidden === false ? null : edit.nameHidden });
      const patch: Partial<CampaignConfig> = {};
      if (edit.goal !== undefined) patch.goal = edit.goal;
      const reviewed = facts.state === 'approved' || facts.state === 'closed';
      let proposed = record.proposed;
      let needsReview = record.needsReview;
      if (Object.keys(text).length) {
        if (!reviewed || autoApprove(config.parent)) {
          // Not public yet (or the team takes text at once): the text is the page's now; a rejected page asks again.
          nextFacts = withFacts(nextFacts, { story: text.story, occasion: text.occasion });
          if (text.displayName) patch.title = text.displayName;
          if (facts.state === 'rejected') nextFacts.state = 'pending';
          needsReview = nextFacts.state === 'pending';
        } else {
          proposed = { ...(record.proposed ?? {}), ...text };
          needsReview = true;
        }
      }
      patch.fundraiser = nextFacts;
      return {
        patch,
        record: { proposed, needsReview, ...(facts.state === 'rejected' && nextFacts.state === 'pending' ? { reason: null } : {}) },
        result: null,
      };
    });
    return answer(result);
  });

  app.post('/v1/fundraisers/me/close', async (c) => {
    const id = await owner(c.req.raw, c.env?.ip ?? 'unknown');
    return answer(await store.changeFundraiser(id, ({ config, record, totals }, at) => {
      const facts = config.fundraiser!;
      if (facts.state === 'closed') return { result: null };
      if (facts.state !== 'approved') throw new HttpProblem(409, 'conflict', { detail: `Only a public page can be closed; this one is ${facts.state.replace('_', ' ')}.` });
      const rounds = record.rounds.map((r, i) => (i === record.rounds.length - 1 && !r.closedAt ? { ...r, closedAt: at, raisedAtClose: totals.raised } : r));
      return { patch: { fundraiser: { ...facts, state: 'closed' } }, record: { rounds }, result: null };
    }));
  });

  app.post('/v1/fundraisers/me/reopen', limitBody(4096), async (c) => {
    const id = await owner(c.req.raw, c.env?.ip ?? 'unknown');
    const body = await parseBody(c.req.raw, FundraiserReopen);
    return answer(await store.changeFundraiser(id, ({ config, record }, at) => {
      const facts = config.fundraiser!;
      if (facts.state !== 'closed') throw new HttpProblem(409, 'conflict', { detail: 'Only a closed page can be reopened.' });
      // The same page, its history kept: a new round with its own goal and occasion. A new occasion is text, and waits for approval.
      const occasion = body.occasion === undefined ? facts.occasion : (body.occasion ?? undefined);
      const newText = occasion !== undefined && occasion !== facts.occasion && directory.get(config.parent ?? '')?.fundraisers !== 'auto';
      const nextFacts = withFacts(facts, { state: 'approved', date: body.date, occasion: newText ? undefined : body.occasion });
      const round = { goal: body.goal, openedAt: at, ...(occasion ? { occasion } : {}), ...((body.date ?? nextFacts.date) ? { date: body.date ?? nextFacts.date } : {}) };
      return {
        patch: { goal: body.goal, fundraiser: nextFacts },
        record: { rounds: [...record.rounds, round], ...(newText ? { proposed: { ...(record.proposed ?? {}), occasion }, needsReview: true } : {}) },
        result: null,
      };
    }));
  });

  // ---- reviewers: leads, organisers above, the admin ----------------------------------------------

  const reviewer = [teamOrAdmin(auth), limitBody(4096)] as const;
  const pageOf = (id: string) => {
    const config = directory.stored(id);
    if (!config?.fundraiser) throw notFound();
    return config;
  };

  app.get('/v1/fundraisers', teamOrAdmin(auth), async (c) => {
    const actor = c.get('actor');
    const under = c.req.query('under');
    if (actor.kind !== 'admin' && !under) throw new HttpProblem(400, 'invalid_request', { field: 'under', detail: 'under: required (?under=<your campaign>) unless you are the admin' });
    if (under) {
      if (actor.kind === 'team') throw forbidden('A team key cannot review fundraiser pages; ask your lead.');
      requireCampaign(actor, under, parentOf, 'lead');
    }
    const review = c.req.query('review') === 'true';
    const reach = under ? directory.subtree(under).filter((id) => directory.stored(id)?.fundraiser) : undefined;
    const records = await store.listFundraisers({ ...(reach ? { campaigns: reach } : {}), review });
    const pages = records.flatMap((r) => {
      const config = directory.stored(r.campaign);
      return config?.fundraiser ? [fundraiserInfo(directory, hub, config, r, base())] : [];
    });
    return json(200, { fundraisers: pages });
  });

  app.post('/v1/campaigns/:id/approve', ...reviewer, async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    requireReviewer(actor, pageOf(id).id, parentOf);
    return answer(await store.changeFundraiser(id, ({ config, record }, at) => {
      const facts = config.fundraiser!;
      if (facts.state === 'taken_down') throw new HttpProblem(409, 'conflict', { detail: 'This page was taken down; it cannot be approved again.' });
      if (!record.needsReview && (facts.state === 'approved' || facts.state === 'closed')) return { result: null }; // nothing waits
      const patch = applyProposal(config, record.proposed);
      const state = facts.state === 'closed' ? 'closed' : 'approved';
      return {
        patch: { ...patch, fundraiser: { ...patch.fundraiser!, state } },
        record: { proposed: null, needsReview: false, reason: null, decidedBy: actorRef(actor), decidedAt: at },
        result: null,
      };
    }));
  });

  const decide = (kind: 'reject' | 'take-down') => async (c: import('hono').Context<AppEnv>) => {
    const id = c.req.param('id') ?? '';
    const actor = c.get('actor');
    requireReviewer(actor, pageOf(id).id, parentOf);
    const { reason } = await parseBody(c.req.raw, FundraiserDecisionBody);
    const result = await store.changeFundraiser(id, ({ config }, at) => {
      const facts = config.fundraiser!;
      const decided = { decidedBy: actorRef(actor), decidedAt: at, reason: reason ?? null };
      if (kind === 'take-down') {
        if (facts.state === 'taken_down') return { result: null };
        return { patch: { fundraiser: { ...facts, state: 'taken_down' } }, record: { ...decided, proposed: null, needsReview: false }, result: null };
      }
      // Reject: a new page is rejected; on a public page, only the edits waiting are (its approved text stays).
      if (facts.state === 'pending') return { patch: { fundraiser: { ...facts, state: 'rejected' } }, record: { ...decided, needsReview: false }, result: null };
      if (facts.state === 'approved' || facts.state === 'closed') return { record: { ...decided, proposed: null, needsReview: false }, result: null };
      throw new HttpProblem(409, 'conflict', { detail: `This page is ${facts.state.replace('_', ' ')}; there is nothing to reject.` });
    });
    ctx.log(JSON.stringify({ level: 'info', msg: kind === 'reject' ? 'fundraiser page rejected' : 'fundraiser page taken down', campaign: id, by: actorRef(actor) }));
    return answer(result);
  };
  app.post('/v1/campaigns/:id/reject', ...reviewer, decide('reject'));
  app.post('/v1/campaigns/:id/take-down', ...reviewer, decide('take-down'));

  app.post('/v1/campaigns/:id/manage-link', ...reviewer, async (c) => {
    const id = c.req.param('id');
    const actor = c.get('actor');
    requireReviewer(actor, pageOf(id).id, parentOf);
    const secret = newPageSecret();
    const result = await store.changeFundraiser(id, () => ({ hash: secret.hash, result: null }));
    if (result.outcome === 'not_found') throw notFound();
    ctx.log(JSON.stringify({ level: 'info', msg: 'fundraiser page link issued', campaign: id, by: actorRef(actor) }));
    return json(200, { id, manageUrl: manageUrl(base(), id, secret.token) });
  });
}
