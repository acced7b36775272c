/**
 * Pluggable human check before Checkout Session creation. Off by default; the
 * config can enable a Turnstile/hCaptcha-style verifier that asks the provider's
 * siteverify endpoint whether a widget token is genuine.
 */

export interface HumanCheck {
  /** Whether checks are enforced (widgets render the challenge only then). */
  readonly enabled: boolean;
  /**
   * True when `token` proves a human. Resolves false for a missing, malformed or
   * rejected token; throws `HumanCheckUnavailableError` when the provider cannot answer.
   */
  verify(token: string | undefined, ip: string): Promise<boolean>;
}

/** The provider could not be asked (network, timeout, non-2xx, bad JSON): answer 503, never "you are a bot". */
export class HumanCheckUnavailableError extends Error {
  override readonly name = 'HumanCheckUnavailableError';
}

/** No human check: every request passes. The default. */
export const humanCheckOff: HumanCheck = Object.freeze({ enabled: false, verify: async () => true });

const SITEVERIFY_URLS = Object.freeze({
  turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
  hcaptcha: 'https://api.hcaptcha.com/siteverify',
});

export interface SiteverifyOptions {
  provider: keyof typeof SITEVERIFY_URLS;
  /** Provider secret (from the environment, never the config file). */
  secret: string;
  /** Public site key; hCaptcha checks it when given. */
  siteKey?: string | undefined;
  verifyUrl?: string | undefined;
  /** Default 5 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

const MAX_TOKEN = 4096;

/** A verifier for Turnstile's or hCaptcha's siteverify API (form-encoded POST, JSON `{ success }`). */
export function siteverifyHumanCheck(options: SiteverifyOptions): HumanCheck {
  if (!options.secret) throw new Error('human check secret is empty');
  const url = options.verifyUrl ?? SITEVERIFY_URLS[options.provider];
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 5_000;
  return {
    enabled: true,
    async verify(token, ip) {
      if (!token || token.length > MAX_TOKEN) return false;
      const body = new URLSearchParams({ secret: options.secret, response: token });
      if (ip) body.set('remoteip', ip);
      if (options.provider === 'hcaptcha' && options.siteKey) body.set('sitekey', options.siteKey);
      let res: Response;
      try {
        res = await doFetch(url, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
      } catch (e) {
        throw new HumanCheckUnavailableError(`human check provider unreachable (${e instanceof Error ? e.name : 'error'})`);
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new HumanCheckUnavailableError(`human check provider answered ${res.status}`);
      }
      let data: unknown;
      try {
        data = await res.json();
      } catch {
        throw new HumanCheckUnavailableError('human check provider sent invalid JSON');
      }
      return typeof data === 'object' && data !== null && (data as { success?: unknown }).success === true;
    },
  };
}

export interface HumanCheckSettings {
  provider: keyof typeof SITEVERIFY_URLS;
  siteKey: string;
  verifyUrl?: string | undefined;
  secretEnv?: string | undefined;
}

/**
 * The human check a config asks for: off without a `humanCheck` block; with one,
 * a siteverify verifier whose secret comes from `env[secretEnv ?? 'HUMAN_CHECK_SECRET']`.
 * Throws at start-up when enabled without a secret (fail closed, say what to set).
 */
export function createHumanCheck(
  settings: HumanCheckSettings | undefined,
  env: Readonly<Record<string, string | undefined>>,
  fetchImpl?: typeof globalThis.fetch,
): HumanCheck {
  if (!settings) return humanCheckOff;
  const name = settings.secretEnv ?? 'HUMAN_CHECK_SECRET';
  const secret = env[name]?.trim();
  if (!secret) throw new Error(`humanCheck is enabled in the config: set ${name} to the ${settings.provider} secret`);
  return siteverifyHumanCheck({
    provider: settings.provider,
    secret,
    siteKey: settings.siteKey,
    verifyUrl: settings.verifyUrl,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
