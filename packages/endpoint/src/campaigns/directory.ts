/**
 * The campaigns this process knows, by id: seeded from the config, then what the store says
 * (a campaign stored as data brings its own config with its totals, and replaces the config's).
 * What checkout, webhooks, the reach pages and the live feeds look campaigns up in.
 */
import type { CampaignConfig } from '@rescuekit/schema';

export class CampaignDirectory {
  readonly #campaigns: Map<string, CampaignConfig>;

  constructor(campaigns: readonly CampaignConfig[] = []) {
    this.#campaigns = new Map(campaigns.map((c) => [c.id, c]));
  }

  /** A campaign's config as this process knows it, or undefined. */
  get(id: string): CampaignConfig | undefined {
    return this.#campaigns.get(id);
  }

  has(id: string): boolean {
    return this.#campaigns.has(id);
  }

  /** The store's word on a campaign: it replaces what this process had. */
  learn(config: CampaignConfig): void {
    this.#campaigns.set(config.id, config);
  }

  /** `root` and every campaign below it that this process knows (a person's reach). */
  subtree(root: string): string[] {
    const out = [root];
    for (let i = 0; i < out.length; i++) {
      for (const c of this.#campaigns.values()) if (c.parent === out[i] && !out.includes(c.id)) out.push(c.id);
    }
    return out;
  }

  /** The campaign's currency (a webhook's gift is counted only in it). */
  currency(id: string): string | undefined {
    return this.#campaigns.get(id)?.currency;
  }
}
