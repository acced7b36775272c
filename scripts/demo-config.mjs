// The demo's config for `npm start`: examples/rescuekit.config.json with a giving day that is on now.
// A fixed date in the example file would be in the past for most readers, so the window is set
// from the moment the demo starts: The Hundred's gifts are doubled (up to $5,000) from an hour ago
// until two days from now, and the giving-day page's team counts down to the same end.
import { readFileSync } from 'node:fs';

const HOUR = 3_600_000;

/** An ISO instant on the hour (UTC), `hours` from `now`. */
const onTheHour = (now, hours) => new Date(Math.floor(now / HOUR) * HOUR + hours * HOUR).toISOString().replace('.000Z', 'Z');

/**
 * @param {number} now ms since epoch
 * @param {string} [file] the example config
 */
export function demoConfig(now, file = 'examples/rescuekit.config.json') {
  const config = JSON.parse(readFileSync(file, 'utf8'));
  const endsAt = onTheHour(now, 48);
  for (const c of config.campaigns) {
    if (c.id === 'the-hundred') {
      c.match = { ratio: 1, cap: 500_000, startsAt: onTheHour(now, -1), endsAt, label: 'the Friends of The Hundred' };
      c.endsAt = endsAt;
    }
    if (c.id === 'rescue-team-riverside') c.endsAt = endsAt;
  }
  return config;
}
