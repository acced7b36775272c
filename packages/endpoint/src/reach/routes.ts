/**
 * Where scripts can't run: the hosted campaign page, its poster, the frame-able embeds and
 * the share image. Absolute links come from `publicUrl`, never from the request's Host.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { giftLimits, type CampaignConfig, type Progress } from '@rescuekit/schema';
import { ifNoneMatchHits } from '../http.js';
import { problem } from '../problem.js';
import type { LiveProgress } from '../live/live-progress.js';
import type { AppEnv } from '../routes/middleware.js';
import type { CardCache, CardFormat, CardShape } from './card.js';
import { RenderQueueFullError } from './render-queue.js';
import { embedHeaders, embedHtml, isEmbeddable } from './embed.js';
import { joinPage, type JoinInput } from './join.js';
import { notFoundPage } from './layout.js';
import { fundraiserPage } from './fundraiser-page.js';
import { managePage } from './manage.js';
import { hostedPage } from './page.js';
import { poster } from './poster.js';
import { pickLang, type Lang } from './strings.js';
import { cardText } from './supporter.js';

export interface ReachOptions {
  hub: LiveProgress;
  /** The config's `publicUrl`. */
  publicUrl: string | undefined;
  /** The config's `embedAncestors`: origins allowed to frame the embeds (default any). */
  embedAncestors?: readonly string[] | undefined;
  /** Logs an unexpected error with its stack (the app's `logError`). */
  logError: (msg: string, error: unknown) => void;
  /** The config's `humanCheck` (provider and site key): the join form shows its widget. */
  humanCheck?: JoinInput['humanCheck'];
  /** Told the share-image cache's load once the first image makes it (for `/metrics`). */
  watchRenders?: (load: () => { running: number; waiting: number; bytes: number }) => void;
}

export function reachRoutes(app: Hono<AppEnv>, options: ReachOptions): void {
  const { hub, logError } = options;
  // Read at each request: a re-read config's `publicUrl` and `embedAncestors` hold from the next one.
  const baseUrl = () => options.publicUrl?.replace(/\/+$/, '');
  const progressOf = (id: string): Progress | undefined => hub.get(id)?.progress;
  const langOf = (query: string | undefined, accept: string | undefined, id: string): Lang => pickLang(query, accept, hub.directory.get(id)?.locale);

  // Pages and embeds may speak the visitor's Accept-Language, so every answer of theirs (not-found pages and
  // problems included) says so: a shared cache then keeps one copy per language instead of the first visitor's.
  const varyByLanguage: MiddlewareHandler<AppEnv> = async (c, next) => {
    await next();
    const vary = c.res.headers.get('vary') ?? '';
    if (!/(^|,)\s*accept-language\s*(,|$)/i.test(vary)) c.res.headers.set('vary', vary ? `${vary}, Accept-Language` : 'Accept-Language');
  };
  app.use('/c/*', varyByLanguage);

  /** The top of a campaign's tree (the movement) with its progress, when it is another campaign and public. */
  const rootOf = (campaign: CampaignConfig): { campaign: CampaignConfig; progress: Progress } | undefined => {
    let top = campaign;
    for (let hops = 0; top.parent && hops < 32; hops++) {
      const up = hub.directory.get(top.parent);
      if (!up) break;
      top = up;
    }
    const progress = top.id === campaign.id ? undefined : progressOf(top.id);
    return progress ? { campaign: top, progress } : undefined;
  };
  app.use('/embed/*', varyByLanguage);
  // Pages are HTML of a few KB, read first on a phone's network: sent compressed (gzip; Vary says so).
  app.use('/c/*', compress());
  app.use('/embed/*', compress());

  app.get('/c/:campaign', (c) => {
    const id = c.req.param('campaign');
    const campaign = hub.directory.get(id);
    const progress = progressOf(id);
    const lang = langOf(c.req.query('lang'), c.req.header('accept-language'), id);
    if (!campaign || !progress) return notFoundPage(lang);
    const parentConfig = campaign.parent ? hub.directory.get(campaign.parent) : undefined;
    const parentProgress = campaign.parent ? progressOf(campaign.parent) : undefined;
    const parent = parentConfig && parentProgress ? { campaign: parentConfig, progress: parentProgress } : undefined;
    const origin = baseUrl() ?? new URL(c.req.url).origin;
    const root = rootOf(campaign);
    if (campaign.fundraiser) return fundraiserPage({ campaign, progress, lang, team: parent, root, publicUrl: baseUrl(), origin });
    return hostedPage({
      campaign,
      progress,
      lang,
      parent,
      root,
      teams: hub.teams.feed(id, 1)?.feed.count ?? 0,
      fundraiserPages: hub.fundraisers.feed(id, 1)?.feed.count ?? 0,
      publicUrl: baseUrl(),
      origin,
    });
  });

  app.get('/c/:campaign/poster', async (c) => {
    const id = c.req.param('campaign');
    const campaign = hub.directory.get(id);
    const progress = progressOf(id);
    const lang = langOf(c.req.query('lang'), c.req.header('accept-language'), id);
    if (!campaign || !progress) return notFoundPage(lang);
    const team = campaign.fundraiser && campaign.parent ? hub.directory.get(campaign.parent) : undefined;
    return poster({ campaign, progress, team, lang, paper: c.req.query('paper') === 'letter' ? 'letter' : 'a4', publicUrl: baseUrl() });
  });

  // A supporter starts a page under a public team; the page's owner manages it (any id: the secret says which).
  app.get('/c/:team/join', (c) => {
    const id = c.req.param('team');
    const team = hub.directory.isPublic(id) ? hub.directory.get(id) : undefined;
    const lang = langOf(c.req.query('lang'), c.req.header('accept-language'), id);
    return !team || team.fundraiser ? notFoundPage(lang) : joinPage({ team, lang, humanCheck: options.humanCheck });
  });
  app.get('/c/:id/manage', (c) => managePage(pickLang(c.req.query('lang'), c.req.header('accept-language'), undefined)));

  app.get('/embed/:element', (c) => {
    const element = c.req.param('element');
    const id = c.req.query('campaign') ?? '';
    const progress = progressOf(id);
    const lang = langOf(c.req.query('lang'), c.req.header('accept-language'), id);
    if (!isEmbeddable(element) || !progress) return notFoundPage(lang);
    const variant = c.req.query('variant');
    // The donate button's `amount` (minor units) and `frequency`: a bad one is the page author's to fix, so say so.
    const amountQuery = c.req.query('amount');
    const amount = amountQuery === undefined ? undefined : /^[1-9]\d{0,10}$/.test(amountQuery) ? Number(amountQuery) : NaN;
    // The bounds checkout enforces (Stripe's smallest charge in the currency included), so an embed never offers a gift checkout refuses.
    const [min, max] = giftLimits(progress);
    if (amount !== undefined && (Number.isNaN(amount) || amount < min || amount > max)) {
      return problem(400, 'invalid_request', { field: 'amount', detail: `amount must be a whole number of minor units between ${min} and ${max} for this campaign.` });
    }
    const frequency = c.req.query('frequency');
    if (frequency !== undefined && frequency !== 'once' && frequency !== 'monthly') {
      return problem(400, 'invalid_request', { field: 'frequency', detail: 'frequency must be "once" or "monthly".' });
    }
    const body = embedHtml({ element, progress, lang, variant: variant && /^[a-z]{1,16}$/.test(variant) ? variant : undefined, amount, frequency });
    return new Response(body, { status: 200, headers: embedHeaders(options.embedAncestors) });
  });

  // satori and resvg load at the first image, so the Fetch handler stays light where no image is asked for.
  let cards: Promise<CardCache> | undefined;
  const cardCache = () =>
    (cards ??= import('./card.js').then((m) => {
      const cache = new m.CardCache();
      options.watchRenders?.(() => cache.load);
      return cache;
    }));
  const card = (format: CardFormat, shape: CardShape = 'wide') => async (c: Context<AppEnv>) => {
    const id = c.req.param('id') ?? '';
    const progress = progressOf(id);
    if (!progress) return problem(404, 'not_found', { detail: 'No campaign with this id.' });
    // Crawlers send no Accept-Language: `?lang=`, else the campaign's locale, else English.
    const lang = langOf(c.req.query('lang'), undefined, id);
    let image;
    try {
      image = await (await cardCache()).get(progress, lang, format, cardText((page) => hub.directory.get(page), id, lang), { shape, publicUrl: baseUrl() });
    } catch (e) {
      // A full render queue is load, not a fault: the client comes back in a moment.
      if (e instanceof RenderQueueFullError) return problem(503, 'unavailable', { detail: 'Too many share images are being drawn. Please try again shortly.', headers: { 'retry-after': '2' } });
      logError('share image failed', e);
      return problem(503, 'unavailable', { detail: 'The share image cannot be drawn on this server right now.', headers: { 'retry-after': '30' } });
    }
    const headers = { 'cache-control': 'public, max-age=300', etag: image.etag, 'access-control-allow-origin': '*', 'x-content-type-options': 'nosniff' };
    if (ifNoneMatchHits(c.req.header('if-none-match'), image.etag)) return new Response(null, { status: 304, headers });
    return new Response(image.bytes, { status: 200, headers: { ...headers, 'content-type': image.type } });
  };
  app.get('/v1/campaigns/:id/card.svg', card('svg'));
  app.get('/v1/campaigns/:id/card.png', card('png'));
  // For posts (square) and stories (9:16): with the short URL and a QR code to the hosted page.
  app.get('/v1/campaigns/:id/card-square.svg', card('svg', 'square'));
  app.get('/v1/campaigns/:id/card-square.png', card('png', 'square'));
  app.get('/v1/campaigns/:id/card-story.svg', card('svg', 'story'));
  app.get('/v1/campaigns/:id/card-story.png', card('png', 'story'));
}
