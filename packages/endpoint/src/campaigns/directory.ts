/**
 * The campaigns this process knows, by id: seeded from the config, then what the store says
 * (a campaign stored as data brings its own config with its totals, and replaces the config's).
 * What checkout, webhooks, the reach pages and the live feeds look campaigns up in.
 *
 * A supporter's fundraiser page is stored with its own facts only; {@link CampaignDirectory.get}
 * answers it as it gives: with its team's gift limits, presets, impact lines and settings as they are
 * now (so a lead's change holds on every page at once), and without the name its owner removed.
 */
import { FUNDRAISER_STATES, isPublicState, type CampaignConfig, type FundraiserState } from '@rescuekit/schema';

/** What a fundraiser page takes from its team, always as the team has it now. */
const FROM_TEAM = [
  'rescueCost', 'minAmount', 'offlineMaxAmount', 'presets', 'allowedOrigins', 'manageGivingUrl',
  'cashNeedsApproval', 'feeRate', 'upsell', 'impact', 'fallbackPaymentLink', 'adaptivePricing',
] as const satisfies readonly (keyof CampaignConfig)[];

/**
 * The public title of a page whose owner removed their name, in the page's own language (progress and
 * the feeds carry one title; the hosted pages say it in the visitor's).
 */
export const hiddenNameTitle = (teamTitle: string, locale?: string) => (locale === 'ko' ? `${teamTitle}의 후원자` : `A supporter of ${teamTitle}`);

export class CampaignDirectory {
  readonly #campaigns: Map<string, CampaignConfig>;
  readonly #effective = new Map<string, { team: CampaignConfig | undefined; own: CampaignConfig; config: CampaignConfig }>();

  /** Each team's fundraiser pages, kept as campaigns are learned (every install asks; it must not scan). */
  readonly #pages = new Map<string, Set<string>>();

  constructor(campaigns: readonly CampaignConfig[] = []) {
    this.#campaigns = new Map();
    for (const c of campaigns) this.learn(c);
  }

  /** A campaign's config as this process knows it (a page's as it gives), or undefined. */
  get(id: string): CampaignConfig | undefined {
    const own = this.#campaigns.get(id);
    if (!own?.fundraiser) return own;
    const team = own.parent ? this.#campaigns.get(own.parent) : undefined;
    const held = this.#effective.get(id);
    if (held && held.own === own && held.team === team) return held.config;
    const config = fundraiserConfig(own, team);
    this.#effective.set(id, { team, own, config });
    return config;
  }

  /** The config as stored (a page's own name included, even when hidden): for its owner and reviewers. */
  stored(id: string): CampaignConfig | undefined {
    return this.#campaigns.get(id);
  }

  has(id: string): boolean {
    return this.#campaigns.has(id);
  }

  /**
   * Whether the public may see the campaign at all: every campaign of the old kind, and fundraiser pages
   * that are approved (or closed). A page waiting for approval, rejected or taken down is, to the
   * public, a page that does not exist.
   */
  isPublic(id: string): boolean {
    const c = this.#campaigns.get(id);
    return !!c && (!c.fundraiser || isPublicState(c.fundraiser.state));
  }

  /** The store's word on a campaign: it replaces what this process had. */
  learn(config: CampaignConfig): void {
    const was = this.#campaigns.get(config.id);
    this.#campaigns.set(config.id, config);
    if (was?.fundraiser && was.parent && (was.parent !== config.parent || !config.fundraiser)) this.#pages.get(was.parent)?.delete(config.id);
    if (config.fundraiser && config.parent) {
      let pages = this.#pages.get(config.parent);
      if (!pages) this.#pages.set(config.parent, (pages = new Set()));
      pages.add(config.id);
    }
  }

  /** `root` and every campaign below it that this process knows (a person's reach). */
  subtree(root: string): string[] {
    const out = [root];
    for (let i = 0; i < out.length; i++) {
      for (const c of this.#campaigns.values()) if (c.parent === out[i] && !out.includes(c.id)) out.push(c.id);
    }
    return out;
  }

  /** The fundraiser pages directly under `team`. */
  fundraisersOf(team: string): readonly string[] {
    const pages = this.#pages.get(team);
    return pages ? [...pages] : [];
  }

  /** The campaigns at the top of a tree (no parent): each movement. */
  roots(): string[] {
    const out: string[] = [];
    for (const c of this.#campaigns.values()) if (c.parent == null) out.push(c.id);
    return out;
  }

  /** How many fundraiser pages are in each state (for `/metrics`). */
  pageStates(): Record<FundraiserState, number> {
    const counts = Object.fromEntries(FUNDRAISER_STATES.map((s) => [s, 0])) as Record<FundraiserState, number>;
    for (const c of this.#campaigns.values()) if (c.fundraiser) counts[c.fundraiser.state]++;
    return counts;
  }

  /** The campaign's currency (a webhook's gift is counted only in it). */
  currency(id: string): string | undefined {
    return this.#campaigns.get(id)?.currency;
  }
}

/** A page as it gives: its team's gift rules (up to the team's largest gift, never capped at the page's own goal). */
function fundraiserConfig(own: CampaignConfig, team: CampaignConfig | undefined): CampaignConfig {
  const config: CampaignConfig = { ...own };
  if (team) {
    for (const key of FROM_TEAM) {
      if (team[key] === undefined) delete config[key];
      else (config as Record<string, unknown>)[key] = team[key];
    }
    config.maxAmount = team.maxAmount ?? team.goal;
    if (!own.locale && team.locale) config.locale = team.locale;
    if (own.fundraiser?.nameHidden) config.title = hiddenNameTitle(team.title, config.locale);
  } else if (own.fundraiser?.nameHidden) config.title = 'A supporter';
  return config;
}
