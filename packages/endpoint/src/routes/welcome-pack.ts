/**
 * `GET /v1/campaigns/:id/pack`: everything a Rescue Team shares, in one answer: its hosted page (and
 * its QR code as SVG), poster, share images, and an embed snippet for each element with the height to start it at (the frame then
 * reports its own). For the admin and for anyone whose key reaches the campaign. The console's welcome
 * pack and share panel, and the CLI, print it.
 */
import type { Hono } from 'hono';
import { HttpProblem } from '../problem.js';
import { html } from '../reach/html.js';
import { qrSvg } from '../reach/poster.js';
import type { AppEnv } from './middleware.js';
import { requireCampaign, teamOrAdmin, type TeamAuthContext } from './team-auth.js';

/** Each embeddable element and the frame height to start at, px (about its fallback's height at 360 px wide). */
export const EMBED_HEIGHTS = [
  ['rescue-thermometer', 220],
  ['nine-lives-picker', 720],
  ['monthly-ally-signup', 740],
  ['rescue-donate-button', 64],
  ['rescue-leaderboard', 820],
] as const;

/** The snippet a site pastes: the frame, and the few lines that let it take the height it reports. */
export function embedSnippet(base: string, element: string, campaign: string, title: string, height: number): string {
  const origin = new URL(base).origin;
  const src = `${base}/embed/${element}?campaign=${encodeURIComponent(campaign)}`;
  return html`<iframe src="${src}"
  title="${title}" width="100%" height="${height}" frameborder="0" scrolling="no"></iframe>
<script>
  addEventListener('message', (e) => {
    if (e.origin !== '${origin}' || e.data?.type !== 'rescuekit:height') return;
    for (const f of document.querySelectorAll('iframe')) {
      if (f.contentWindow === e.source) f.height = String(e.data.height);
    }
  });
</script>`.value;
}

/** The pack itself: every link starts with `base` (the config's `publicUrl`, no trailing slash). */
export function welcomePack(base: string, id: string, title: string) {
  const path = encodeURIComponent(id);
  return {
    campaign: { id, title },
    page: `${base}/c/${path}`,
    poster: `${base}/c/${path}/poster`,
    /** Where supporters start their own fundraiser page under this campaign. */
    join: `${base}/c/${path}/join`,
    /** The share images: `png`/`svg` 1200x630 for link previews, `square` 1080x1080 for posts, `story` 1080x1920 for stories. */
    images: {
      svg: `${base}/v1/campaigns/${path}/card.svg`,
      png: `${base}/v1/campaigns/${path}/card.png`,
      square: `${base}/v1/campaigns/${path}/card-square.png`,
      story: `${base}/v1/campaigns/${path}/card-story.png`,
    },
    embeds: EMBED_HEIGHTS.map(([element, height]) => ({ element, height, url: `${base}/embed/${element}?campaign=${path}`, snippet: embedSnippet(base, element, id, title, height) })),
  };
}

export function welcomePackRoutes(app: Hono<AppEnv>, auth: TeamAuthContext, ctx: { readonly publicUrl: string | undefined; title: (id: string) => string | undefined }): void {
  app.get('/v1/campaigns/:id/pack', teamOrAdmin(auth), async (c) => {
    const id = c.req.param('id');
    requireCampaign(c.get('actor'), id, auth.parentOf);
    const title = ctx.title(id);
    if (title === undefined) throw new HttpProblem(404, 'not_found', { detail: 'No campaign with this id.' });
    const base = ctx.publicUrl?.replace(/\/+$/, '');
    if (!base) throw new HttpProblem(400, 'invalid_request', { field: 'publicUrl', detail: 'publicUrl: set it in the config; every link in the pack starts with it.' });
    const pack = welcomePack(base, id, title);
    // The hosted page's QR code, as SVG markup, for the console's share panel to show and print.
    return new Response(JSON.stringify({ ...pack, qr: { url: pack.page, svg: await qrSvg(pack.page) } }), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
  });
}
