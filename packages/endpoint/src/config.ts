/**
 * Loading and checking the one configuration file.
 */
import { RescuekitConfig, describeIssue, type CampaignConfig } from '@rescuekit/schema';

/** A configuration file that cannot be used; the message names the file and the field. */
export class ConfigError extends Error {
  readonly file: string;
  readonly field: string | undefined;

  constructor(file: string, message: string, field?: string) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
    this.file = file;
    this.field = field;
  }
}

/**
 * Validates a parsed configuration: the schema, then rules across fields the schema
 * cannot express (a campaign's `minAmount` must not exceed its largest accepted gift).
 * @param source names the origin of `value` in error messages (a file path).
 */
export function parseConfig(value: unknown, source = 'config'): RescuekitConfig {
  const result = RescuekitConfig.safeParse(value);
  if (!result.success) {
    const { field, detail } = describeIssue(result.error);
    throw new ConfigError(source, detail, field);
  }
  result.data.campaigns.forEach((c, i) => {
    if (c.minAmount !== undefined && c.minAmount > maxGift(c)) {
      const field = `campaigns.${i}.minAmount`;
      throw new ConfigError(source, `${field}: must not exceed maxAmount (or the goal when maxAmount is unset)`, field);
    }
  });
  return result.data;
}

/** Reads, parses and validates a configuration file. Throws {@link ConfigError}. */
export async function loadConfig(path: string): Promise<RescuekitConfig> {
  // Imported lazily so the Fetch handler (which imports this module) stays free of node:fs.
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(path, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? 'unknown error'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // SyntaxError messages from JSON.parse describe the position only, never secrets.
    throw new ConfigError(path, `not valid JSON (${(e as Error).message})`);
  }
  return parseConfig(json, path);
}

/** Smallest single gift a campaign accepts, minor units. */
export function minGift(c: CampaignConfig): number {
  return c.minAmount ?? 1;
}

/** Largest single gift a campaign accepts: `maxAmount`, else the goal. */
export function maxGift(c: CampaignConfig): number {
  return c.maxAmount ?? c.goal;
}
