/**
 * What "Show code" displays: the snippet a site builder pastes into a page, not the story's template.
 * Stories feed their elements data through properties (`.progress`, `.feed`) or a stub endpoint so that
 * no story needs a server; a copied snippet instead names a real endpoint and campaign, loads the
 * element's script and keeps its no-JS fallback link. The endpoint is the one `npm start` serves
 * (http://localhost:8787, the demo config), so every snippet works as written against it.
 */

/** The endpoint `npm start` serves (scripts/start.mjs), with the CDN bundles under `/cdn/`. */
export const DEMO_ENDPOINT = 'http://localhost:8787';
/** The demo's Rescue Team (examples/rescuekit.config.json). */
export const DEMO_TEAM = 'rescue-team-demo';
/** The demo's movement: its teams are what a leaderboard ranks and its gifts what a recent-gifts list shows. */
export const DEMO_MOVEMENT = 'the-hundred';

/** The campaign a snippet names when its story leaves it out. */
export const defaultCampaign = (tag: string) => (tag === 'rescue-leaderboard' || tag === 'rescue-recent-gifts' ? DEMO_MOVEMENT : DEMO_TEAM);

/** The no-JS fallback link each element keeps in its light DOM (shown until the script runs, and if it never does). */
const FALLBACK: Record<string, string> = {
  'rescue-thermometer': 'See our progress',
  'nine-lives-picker': 'Give on our page',
  'monthly-ally-signup': 'Become a monthly Ally',
  'rescue-donate-button': 'Give on our page',
  'rescue-leaderboard': 'See every Rescue Team',
  'rescue-recent-gifts': 'See the latest gifts',
};

/** An endpoint a story uses so that nothing is fetched (a stub host, a `data:` URL): never shown in a snippet. */
export const isStub = (endpoint: unknown): boolean => typeof endpoint !== 'string' || !/^https?:\/\//.test(endpoint) || endpoint.includes('.invalid');

const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** `name="value"` pairs in order; `true` is a bare boolean attribute, `false`/empty values are left out. */
function attributes(attrs: [string, unknown][]): string[] {
  const out: string[] = [];
  for (const [name, v] of attrs) {
    if (v === undefined || v === null || v === false || v === '') continue;
    if (v === true) out.push(name);
    else out.push(`${name}="${escape(Array.isArray(v) ? v.join(' ') : String(v))}"`);
  }
  return out;
}

/**
 * The element as a page uses it: its CDN script from the endpoint, the element with `endpoint`,
 * `campaign` and the attributes given, and the fallback link to the campaign's hosted page.
 * `attrs` holds the other attributes in the order to print them.
 */
export function elementSnippet(tag: string, opts: { endpoint?: unknown; campaign?: unknown; attrs?: [string, unknown][]; style?: string; script?: boolean } = {}): string {
  const endpoint = isStub(opts.endpoint) ? DEMO_ENDPOINT : String(opts.endpoint).replace(/\/+$/, '');
  const campaign = typeof opts.campaign === 'string' && opts.campaign ? opts.campaign : defaultCampaign(tag);
  const list = attributes([['endpoint', endpoint], ['campaign', campaign], ...(opts.attrs ?? [])]);
  const open = list.join(' ').length > 70 ? `<${tag}\n  ${list.join('\n  ')}\n>` : `<${tag} ${list.join(' ')}>`;
  return [
    ...(opts.script === false ? [] : [`<script type="module" src="${endpoint}/cdn/${tag}.js"></script>`]),
    ...(opts.style ? [opts.style] : []),
    open,
    `  <a href="${endpoint}/c/${escape(campaign)}">${FALLBACK[tag] ?? 'Open the campaign'}</a>`,
    `</${tag}>`,
  ].join('\n');
}

/** A `<style>` block setting custom properties on a selector (values given in order; empty ones left out). */
export function styleBlock(selector: string, props: [string, unknown][]): string {
  const lines = props.filter(([, v]) => typeof v === 'string' && v.trim()).map(([k, v]) => `    ${k}: ${String(v).trim()};`);
  return lines.length ? `<style>\n  ${selector} {\n${lines.join('\n')}\n  }\n</style>` : '';
}

/**
 * Several elements in one themed block: one script for all of them (`rescuekit.js`), the block's
 * `<style>`, and each element (`elementSnippet` without its own script) inside a `<div class>`.
 */
export function themedSnippet(className: string, style: string, elements: string[], endpoint: unknown = DEMO_ENDPOINT): string {
  const base = isStub(endpoint) ? DEMO_ENDPOINT : String(endpoint).replace(/\/+$/, '');
  const indent = (s: string) => s.split('\n').map((l) => `  ${l}`).join('\n');
  return [`<script type="module" src="${base}/cdn/rescuekit.js"></script>`, ...(style ? [style] : []), `<div class="${className}">`, ...elements.map(indent), '</div>'].join('\n');
}
