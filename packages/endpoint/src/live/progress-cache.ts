/**
 * Every campaign's progress, ready to send (`progress-document.ts`), kept per process. A totals
 * row is installed when it is newer than what is held: from a commit of this process (with every
 * row the commit changed, ancestors included) or from the store's change watch. Each install
 * is handed on once (to the live streams and the feeds).
 */
import type { CampaignConfig } from '@rescuekit/schema';
import type { CampaignDirectory } from '../campaigns/directory.js';
import type { CampaignTotals } from '../store/types.js';
import { progressEntry, type ProgressEntry } from './progress-document.js';

const sameTotals = (a: CampaignTotals, b: CampaignTotals) =>
  a.version === b.version && a.raised === b.raised && a.donors === b.donors && a.allies === b.allies && (a.alliesAtRisk ?? 0) === (b.alliesAtRisk ?? 0) && (a.matched ?? 0) === (b.matched ?? 0) && a.updatedAt === b.updatedAt;

export type InstallListener = (config: CampaignConfig, entry: ProgressEntry) => void;

export class ProgressCache {
  readonly #directory: CampaignDirectory;
  readonly #manageGivingUrl: string | undefined;
  readonly #onInstall: InstallListener;
  readonly #entries = new Map<string, ProgressEntry>();
  /** The totals each entry was built from, to rebuild it when staleness changes. */
  readonly #totals = new Map<string, CampaignTotals>();
  /** Built by `preview` inside a transaction, installed by `install` after the commit. */
  readonly #pending = new Map<string, { totals: CampaignTotals; entry: ProgressEntry }>();
  /** The config (as JSON) each team with fundraiser pages was last installed with: its pages follow a change. */
  readonly #teamConfigs = new Map<string, string>();
  /** The last list installed whole: a batch's results share one list, installed once. */
  #lastList: readonly CampaignTotals[] | undefined;
  #stale = false;
  /** Documents built, for tests and metrics. */
  readonly stats = { builds: 0 };

  constructor(directory: CampaignDirectory, manageGivingUrl: string | undefined, onInstall: InstallListener) {
    this.#directory = directory;
    this.#manageGivingUrl = manageGivingUrl;
    this.#onInstall = onInstall;
  }

  /** The cached entry, or undefined for an unknown campaign (or before the first read). */
  get(campaign: string): ProgressEntry | undefined {
    return this.#entries.get(campaign);
  }

  /** The campaign's totals version and `updatedAt` as held, or undefined. */
  current(campaign: string): { version: number; updatedAt: string } | undefined {
    const e = this.#entries.get(campaign);
    return e && { version: e.version, updatedAt: e.progress.updatedAt };
  }

  get stale(): boolean {
    return this.#stale;
  }

  /** Installs `totals` if newer than what is held; answers the entry now held (undefined: unknown campaign). */
  install(totals: CampaignTotals): ProgressEntry | undefined {
    // A campaign stored as data brings its own config; it replaces what this process had.
    if (totals.config) this.#directory.learn(totals.config);
    const config = this.#directory.get(totals.campaign);
    if (!config) return undefined;
    const cached = this.#entries.get(totals.campaign);
    if (cached && cached.version >= totals.version) return cached;
    const pending = this.#pending.get(config.id);
    this.#pending.delete(config.id);
    const entry = pending && sameTotals(pending.totals, totals) && !this.#stale ? pending.entry : this.#build(config, totals);
    this.#hold(config, totals, entry);
    this.#followTeam(config);
    return entry;
  }

  /** A team whose settings changed rebuilds its fundraiser pages' documents (they give by its rules). */
  #followTeam(team: CampaignConfig): void {
    const pages = this.#directory.fundraisersOf(team.id);
    if (!pages.length) return; // most campaigns: one map lookup
    const json = JSON.stringify(team);
    const was = this.#teamConfigs.get(team.id);
    this.#teamConfigs.set(team.id, json);
    if (was === undefined || was === json) return;
    for (const id of pages) {
      const totals = this.#totals.get(id);
      const config = this.#directory.get(id);
      if (totals && config) this.#hold(config, totals, this.#build(config, totals));
    }
  }

  /** Installs every row a commit changed (each newer one once). */
  installAll(rows: readonly CampaignTotals[]): void {
    if (rows === this.#lastList) return;
    this.#lastList = rows;
    for (const t of rows) this.install(t);
  }

  /**
   * The progress JSON for totals not yet committed (a gift's response is built inside its
   * transaction). The build is kept and reused by `install` when the same totals commit.
   */
  preview(totals: CampaignTotals): string {
    const config = this.#directory.get(totals.campaign);
    if (!config) throw new Error(`unknown campaign ${totals.campaign}`);
    const entry = this.#build(config, totals);
    this.#pending.set(config.id, { totals, entry });
    return entry.json;
  }

  /** Rebuilds every entry (same totals) when staleness flips, and hands each on. */
  setStale(stale: boolean): void {
    if (this.#stale === stale) return;
    this.#stale = stale;
    for (const [campaign, totals] of this.#totals) {
      const config = this.#directory.get(campaign);
      if (config) this.#hold(config, totals, this.#build(config, totals));
    }
  }

  #hold(config: CampaignConfig, totals: CampaignTotals, entry: ProgressEntry): void {
    this.#totals.set(config.id, totals);
    this.#entries.set(config.id, entry);
    this.#onInstall(config, entry);
  }

  #build(c: CampaignConfig, t: CampaignTotals): ProgressEntry {
    this.stats.builds++;
    return progressEntry(c, t, { manageGivingUrl: this.#manageGivingUrl, stale: this.#stale });
  }
}
