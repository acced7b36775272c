/**
 * This package's version, for Stripe's app info. Node-only (reads a file).
 */
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The `version` of @rescuekit/endpoint's package.json, which sits one level above both `src/` and `dist/`. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
