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

/**
 * In the demo's own database the demo config wins: each campaign's settings (all but its id and
 * currency) are PATCHed in through the admin route once the server is up. The endpoint keeps what its
 * store says over a config (an operator's change must survive a restart), so without this a database
 * left by an earlier `npm start` would keep that day's giving day, or none at all.
 * @param {string} url the running endpoint
 * @param {string} adminToken
 * @param {{ campaigns: { id: string, currency: string }[] }} config
 */
export async function applyDemoConfig(url, adminToken, config) {
  for (const { id, currency: _currency, ...settings } of config.campaigns) {
    const res = await fetch(`${url}/v1/campaigns/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(settings),
    });
    if (!res.ok) throw new Error(`the demo's settings for ${id} were refused: HTTP ${res.status} ${await res.text()}`);
  }
}

/**
 * The demo's invite links, made with the admin token once the server is up: one for an organiser of the
 * movement (the config's root campaign) and one for the lead of `rescue-team-demo`. Each works once, for
 * the server's invite lifetime; taking one in the console gives a key of one's own for that role.
 * @param {string} url the running endpoint
 * @param {string} adminToken
 * @param {{ campaigns: { id: string, parent?: string }[] }} config
 * @returns {Promise<{ campaign: string, role: string, url: string, expiresAt: string, for: string }[]>}
 */
export async function demoInvites(url, adminToken, config) {
  const movement = config.campaigns.find((c) => !c.parent);
  const team = config.campaigns.find((c) => c.id === 'rescue-team-demo');
  if (!movement || !team) throw new Error('the demo config has no root campaign or no rescue-team-demo');
  const asks = [
    { campaign: movement.id, role: 'organiser', for: `Organiser of ${movement.id}, the movement (invites team leads, adds and moves teams, approves their cash)` },
    { campaign: team.id, role: 'lead', for: `Lead of ${team.id}, a Rescue Team (edits the team's page, invites its treasurer and recorders, records its cash)` },
  ];
  const links = [];
  for (const ask of asks) {
    const res = await fetch(`${url}/v1/campaigns/${ask.campaign}/invites`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: ask.role, label: `npm start demo ${ask.role}` }),
    });
    if (!res.ok) throw new Error(`the ${ask.role} invite for ${ask.campaign} was refused: HTTP ${res.status} ${await res.text()}`);
    const made = await res.json();
    links.push({ ...ask, url: made.url, expiresAt: made.expiresAt });
  }
  return links;
}
