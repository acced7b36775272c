/**
 * Configuration contracts: the endpoint's config file, a campaign, and the ids, currencies and
 * amounts every other contract is built from. Built on zod/mini so the browser side stays small.
 */
import * as z from 'zod/mini';
import { treeIssues } from './campaign-tree.js';
import { isStripeCurrency } from './currencies.js';
import { campaignCheckoutShape, configCheckoutShape } from './checkout-config.js';
import { Instant, MatchConfig } from './giving-day.js';
import { bounded, MAX_MINOR, MinorAmount } from './primitives.js';
import { FundraiserFacts, FundraiserIntake } from './fundraiser.js';
import { PosterFields } from './poster.js';


/** Lower-case ISO 4217 code, as Stripe writes it. */
export const Currency = z.string().check(z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'));

/** A campaign's currency: one Stripe can charge in. */
export const CampaignCurrency = z.string().check(
  z.regex(/^[a-z]{3}$/, 'must be a lower-case ISO 4217 code such as "usd"'),
  z.refine(isStripeCurrency, 'is not a currency Stripe can charge in (see Stripe\'s list of supported currencies)'),
);

/** Campaign ids appear in URLs: lower-case slugs only. */
export const CampaignId = z.string().check(
  z.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be a lower-case slug (a-z, 0-9, "-"), at most 64 characters'),
);

const Origin = z.string().check(
  z.refine((s) => {
    try {
      return new URL(s).origin === s;
    } catch {
      return false;
    }
  }, 'must be an origin such as "https://example.org" (scheme, host, optional port; no path)'),
);

export const HttpsUrl = z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      return new URL(s).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute https URL'),
);

/**
 * A Stripe Payment Link (`fallbackPaymentLink`): an absolute https URL without credentials and with a
 * path, on `buy.stripe.com` or on the account's own Payment Links domain (Stripe serves links from a
 * custom domain, so any other host is accepted). Other stripe.com hosts are refused: a Checkout
 * Session URL (checkout.stripe.com) expires within a day, and a portal link (billing.stripe.com) takes
 * no gift.
 */
export const PaymentLinkUrl = z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      const u = new URL(s);
      const stripeHost = u.hostname === 'stripe.com' || u.hostname.endsWith('.stripe.com');
      return u.protocol === 'https:' && !u.username && !u.password && u.pathname.length > 1 && (!stripeHost || u.hostname === 'buy.stripe.com');
    } catch {
      return false;
    }
  }, 'must be a Stripe Payment Link such as "https://buy.stripe.com/…" (or on your custom domain for Payment Links)'),
);

/** An absolute http(s) URL without query or fragment (http is for local development). */
const PublicUrl = z.string().check(
  z.maxLength(2000),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && !u.search && !u.hash && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL such as "https://give.example.org" (no query, fragment or credentials)'),
);

/** Languages the hosted pages, embeds and share images speak. */
export const PageLocale = z.enum(['en', 'ko']);

export const CampaignConfig = z.strictObject({
  $comment: z.optional(z.string()),
  id: CampaignId,
  title: bounded(120),
  currency: CampaignCurrency,
  /** Goal in minor units. */
  goal: MinorAmount,
  /** Cost of one rescue in minor units (about $3,000). */
  rescueCost: MinorAmount,
  /** Smallest single gift accepted, minor units. */
  minAmount: z.optional(MinorAmount),
  /** Largest single online gift accepted, minor units. */
  maxAmount: z.optional(MinorAmount),
  /** Largest single offline gift (cash, cheque) accepted, minor units; no cap when unset. */
  offlineMaxAmount: z.optional(MinorAmount),
  /** Amount presets offered by widgets, minor units. */
  presets: z.optional(z.array(MinorAmount).check(z.maxLength(8))),
  /** Origins allowed to embed checkout and to be used as return URLs. */
  allowedOrigins: z.optional(z.array(Origin)),
  ...campaignCheckoutShape,
  /** Overrides the top-level `manageGivingUrl` for this campaign. */
  manageGivingUrl: z.optional(HttpsUrl),
  /**
   * A Stripe Payment Link offered to donors when a checkout cannot be created (the endpoint answers
   * 5xx, times out or cannot be reached) and on the hosted page while the store is unavailable. It must
   * carry `rescuekit_campaign` in its PaymentIntent (and subscription) metadata to count here: see
   * docs/endpoint.md#a-fallback-payment-link. Admin-only: it sends donors elsewhere. Fundraiser pages
   * take their team's.
   */
  fallbackPaymentLink: z.optional(PaymentLinkUrl),
  /**
   * The campaign this one counts toward (same currency, at most four levels:
   * movement -> region -> team). Every gift counted here counts toward each ancestor too.
   */
  parent: z.optional(z.nullable(CampaignId)),
  /** Hidden from leaderboards and new checkouts; Stripe money still counts, the admin may still record cash. */
  archived: z.optional(z.boolean()),
  /** Cash recorded with a team key waits as `pending` until an admin approves it. */
  cashNeedsApproval: z.optional(z.boolean()),
  /**
   * Stripe Adaptive Pricing: Checkout shows the donor the gift in their own currency. Stripe still
   * settles in the campaign's currency, and totals count that amount exactly.
   */
  adaptivePricing: z.optional(z.boolean()),
  /** How many monthly Allies this campaign aims for (the movement's is 25,000,000); shown by `<monthly-ally-signup>`. */
  alliesGoal: z.optional(z.int().check(z.positive('must be a positive whole number'), z.maximum(MAX_MINOR))),
  /** The language of its share image (and hosted page) when the request names none: `en` (default) or `ko`. */
  locale: z.optional(PageLocale),
  /** One line about the campaign for its hosted page and link previews (Open Graph description). */
  description: z.optional(z.string().check(z.maxLength(300))),
  /** A matching challenge: gifts here and below, paid in its window, are matched up to its cap (giving-day.ts). */
  match: z.optional(MatchConfig),
  /** When the campaign (a giving day) ends: the thermometer counts down to it. Gifts are still accepted after. */
  endsAt: z.optional(Instant),
  /**
   * How supporters' own pages are taken under this campaign (its join link `/c/:id/join`): `approval`
   * (default: a lead approves each), `auto` (public at once) or `off` (the join link is closed).
   */
  fundraisers: z.optional(FundraiserIntake),
  /**
   * The poster's lower third: `why` (one line), `date` and `place` of the sale, and its `prices`
   * (`[{ "item": "Cupcake", "amount": 300 }]`, minor units of the campaign's currency). A lead sets them.
   */
  poster: z.optional(PosterFields),
  /**
   * Present on a supporter's fundraising page (made by `POST /v1/campaigns/:team/fundraisers`, never by a
   * config file): its state, story and occasion. Such a campaign is a leaf under its team.
   */
  fundraiser: z.optional(FundraiserFacts),
});
export type CampaignConfig = z.infer<typeof CampaignConfig>;

export const RescuekitConfig = z
  .strictObject({
    $schema: z.optional(z.string()),
    $comment: z.optional(z.string()),
    /** Origins allowed for every campaign, in addition to each campaign's own. */
    allowedOrigins: z.optional(z.array(Origin)),
    ...configCheckoutShape,
    /**
     * Where Allies manage their monthly giving: the Stripe customer-portal login link
     * (https://billing.stripe.com/p/login/…). Shown by widgets as "Manage my giving".
     */
    manageGivingUrl: z.optional(HttpsUrl),
    /**
     * Where this endpoint is reached from the public internet (e.g. "https://give.example.org").
     * Absolute links in hosted pages, link previews, embed snippets and poster QR codes come from
     * it, never from a request's Host header; its origin is allowed for checkout returns.
     */
    publicUrl: z.optional(PublicUrl),
    /**
     * Sites that may frame the embeds (`/embed/:element`): their origins, e.g. ["https://riverside.example.org"].
     * Default: any site (the embeds are made for site builders). The hosted pages are never frame-able.
     */
    embedAncestors: z.optional(z.array(Origin).check(z.minLength(1, 'needs at least one origin (leave it out to allow any site)'), z.maxLength(100))),
    campaigns: z.array(CampaignConfig).check(z.minLength(1, 'needs at least one campaign')),
  })
  .check(
    z.refine((c) => new Set(c.campaigns.map((x) => x.id)).size === c.campaigns.length, {
      message: 'campaign ids must be unique',
      path: ['campaigns'],
    }),
    z.superRefine((c, ctx) => {
      c.campaigns.forEach((campaign, i) => {
        if (campaign.fundraiser) ctx.addIssue({ code: 'custom', message: 'a fundraiser page is started from its team\'s join link, not the config file', path: ['campaigns', i, 'fundraiser'], input: c });
      });
      for (const issue of treeIssues(c.campaigns)) {
        ctx.addIssue({ code: 'custom', message: issue.detail.replace(/^parent: /, ''), path: ['campaigns', issue.index, 'parent'], input: c });
      }
    }),
  );
export type RescuekitConfig = z.infer<typeof RescuekitConfig>;
