/**
 * The top-level settings a running server follows, swapped whole when the config is re-read (SIGHUP):
 * the routes read them at each request, so a partner origin added to `allowedOrigins` or a new
 * `publicUrl` holds from the next request. Settings that shape objects made once at start (the human
 * check with its secret, the "manage my giving" link baked into every progress document) are named as
 * needing a restart instead of being half applied. Campaigns are not settings: they are data (the store wins).
 */
import type { RescuekitConfig } from '@rescuekit/schema';
import type { CheckoutLimiter } from './guard/rate-limit.js';
import { sameSetting } from './ledger/tree.js';

/** Applied by a re-read, from the next request on. */
const LIVE_SETTINGS = ['allowedOrigins', 'publicUrl', 'embedAncestors', 'feeRate', 'checkoutRateLimit'] as const;
/** Read once at start: a change is logged by name and waits for a restart. */
const RESTART_SETTINGS = ['humanCheck', 'manageGivingUrl'] as const;

/** What a re-read changed. */
export interface SettingsChange {
  /** Live settings that changed, applied now. */
  applied: string[];
  /** Settings that changed but need a restart (the running values stay). */
  needRestart: string[];
}

export class LiveSettings {
  #config: RescuekitConfig;
  #limiter: CheckoutLimiter;
  readonly #makeLimiter: (limit: RescuekitConfig['checkoutRateLimit']) => CheckoutLimiter;
  /** When the settings were last read (ISO). */
  readAt: string;

  constructor(config: RescuekitConfig, makeLimiter: (limit: RescuekitConfig['checkoutRateLimit']) => CheckoutLimiter, now = () => Date.now()) {
    this.#config = config;
    this.#makeLimiter = makeLimiter;
    this.#limiter = makeLimiter(config.checkoutRateLimit);
    this.readAt = new Date(now()).toISOString();
  }

  /** Origins allowed for every campaign: the config's, and `publicUrl`'s own (the hosted pages check out from it). */
  get allowedOrigins(): string[] {
    const { allowedOrigins = [], publicUrl } = this.#config;
    return [...allowedOrigins, ...(publicUrl ? [new URL(publicUrl).origin] : [])];
  }

  get publicUrl(): string | undefined {
    return this.#config.publicUrl;
  }

  get embedAncestors(): readonly string[] | undefined {
    return this.#config.embedAncestors;
  }

  get feeRate(): RescuekitConfig['feeRate'] {
    return this.#config.feeRate;
  }

  /** The checkout rate limit (a new window when its numbers change). */
  get limiter(): CheckoutLimiter {
    return this.#limiter;
  }

  /** What the console shows organisers: the settings this server runs with (no secret), and when they were read. */
  view(): Record<string, unknown> {
    const c = this.#config;
    return {
      publicUrl: c.publicUrl ?? null,
      allowedOrigins: c.allowedOrigins ?? [],
      embedAncestors: c.embedAncestors ?? null,
      feeRate: c.feeRate ?? null,
      checkoutRateLimit: c.checkoutRateLimit ?? null,
      humanCheck: c.humanCheck ? 'on' : 'off',
      manageGivingUrl: c.manageGivingUrl ?? null,
      readAt: this.readAt,
      appliedOnReload: [...LIVE_SETTINGS],
      needRestart: [...RESTART_SETTINGS],
    };
  }

  /** Takes the live settings of `next`; keeps the running values of the rest and names those that changed. */
  update(next: RescuekitConfig, now = () => Date.now()): SettingsChange {
    const before = this.#config;
    const changed = (k: keyof RescuekitConfig) => !sameSetting(before[k], next[k]);
    const applied = LIVE_SETTINGS.filter(changed);
    const needRestart = RESTART_SETTINGS.filter(changed);
    const kept = Object.fromEntries(RESTART_SETTINGS.map((k) => [k, before[k]]));
    this.#config = { ...next, ...kept };
    if (applied.includes('checkoutRateLimit')) this.#limiter = this.#makeLimiter(next.checkoutRateLimit);
    this.readAt = new Date(now()).toISOString();
    return { applied: [...applied], needRestart: [...needRestart] };
  }
}
