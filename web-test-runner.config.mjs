// Element tests in real Chromium, against the TypeScript sources.
//
// Run under tsx so this config can import the endpoint's TypeScript source:
//   node --import tsx ./node_modules/@web/test-runner/dist/bin.js --config web-test-runner.config.mjs
// It starts one real endpoint (in-memory SQLite, demo config) for the whole run,
// tells pages its URL through <meta name="rescuekit:endpoint">, and offers the
// `record-offline-gift` server command: the admin token stays in Node.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

/** Bare workspace specifiers -> sources (tsconfig `paths` are not applied by esbuild or nodeResolve here). */
const aliases = {
  '@rescuekit/schema': '/packages/schema/src/index.ts',
  '@rescuekit/schema/progress-check': '/packages/schema/src/progress-check.ts',
  '@rescuekit/widgets': '/packages/widgets/src/index.ts',
};
const aliasPlugin = {
  name: 'rescuekit-aliases',
  resolveImport({ source }) {
    return aliases[source];
  },
};

const ENDPOINT_SOURCE = './packages/endpoint/src/node.ts';
const STRIPE_SERVER_SOURCE = './packages/endpoint/test/support/stripe-server.ts';

/** One real endpoint (and a Stripe-compatible server behind its checkout) for the whole run. */
function endpointPlugin() {
  const adminToken = randomUUID();
  let server;
  /** Local Stripe-compatible server behind POST /v1/checkout (the real API is unreachable here). */
  let stripe;
  return {
    name: 'rescuekit-endpoint',
    get url() {
      return server?.url;
    },
    async serverStart({ config: wtr }) {
      let startServer;
      try {
        ({ startServer } = await import(ENDPOINT_SOURCE));
      } catch (e) {
        throw new Error(`Cannot load ${ENDPOINT_SOURCE}; run web-test-runner under "node --import tsx" (see npm test). ${e}`);
      }
      const config = JSON.parse(readFileSync('examples/rescuekit.config.json', 'utf8'));
      // Test pages POST /v1/checkout with their own URL as returnUrl: allow the test server's origin.
      config.allowedOrigins = [...(config.allowedOrigins ?? []), `http://${wtr.hostname}:${wtr.port}`, `http://127.0.0.1:${wtr.port}`];
      const { startStripeServer } = await import(STRIPE_SERVER_SOURCE);
      stripe = await startStripeServer();
      // The endpoint reads its Stripe settings from the environment (DESIGN.md: STRIPE_SECRET_KEY, STRIPE_API_URL).
      process.env.STRIPE_SECRET_KEY = 'sk_test_wtr_checkout';
      process.env.STRIPE_API_URL = stripe.url;
      server = await startServer({
        config,
        databaseUrl: 'sqlite::memory:',
        adminToken,
        port: 0,
        host: '127.0.0.1',
        log: () => {},
      });
    },
    async serverStop() {
      await server?.close();
      await stripe?.close();
    },
    async executeCommand({ command, payload }) {
      // The last Checkout Session the endpoint created on the Stripe test server, or null.
      if (command === 'stripe-last-session') return (stripe && [...stripe.sessions.values()].at(-1)) ?? null;
      if (command !== 'record-offline-gift') return undefined;
      if (!server) throw new Error('no endpoint running');
      const { campaign, amount, currency = 'usd', note = 'wtr' } = payload;
      const res = await fetch(`${server.url}/v1/campaigns/${encodeURIComponent(campaign)}/offline-gifts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ amount, currency, note }),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

/**
 * `ax-node` command: Chromium's own accessibility node (CDP) for the element a
 * JS expression returns, incl. shadow DOM (Puppeteer's a11y snapshot treats a
 * progressbar as a leaf, so it cannot show what lies inside one).
 */
const axNodePlugin = {
  name: 'ax-node',
  async executeCommand({ command, payload, session }) {
    if (command !== 'ax-node') return undefined;
    const cdp = await session.browser.getPage(session.id).createCDPSession();
    try {
      const { result } = await cdp.send('Runtime.evaluate', { expression: payload.expression });
      if (!result.objectId) throw new Error(`ax-node: ${payload.expression} is not an element`);
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
      const node = nodes[0];
      const props = Object.fromEntries((node.properties ?? []).map((p) => [p.name, p.value?.value]));
      return { ignored: node.ignored, role: node.role?.value, name: node.name?.value, value: node.value?.value, ...props };
    } finally {
      await cdp.detach();
    }
  },
};

/**
 * `forced-colors` command: Chromium's forced-colours mode on or off for the page (CDP media
 * emulation; @web/test-runner-commands' emulateMedia has no forced colours for puppeteer).
 */
const forcedColorsSessions = new Map();
const forcedColorsPlugin = {
  name: 'forced-colors',
  async executeCommand({ command, payload, session }) {
    if (command !== 'forced-colors') return undefined;
    // One CDP session per test page, kept open: an emulation ends with the session that set it.
    let cdp = forcedColorsSessions.get(session.id);
    if (!cdp) forcedColorsSessions.set(session.id, (cdp = await session.browser.getPage(session.id).createCDPSession()));
    await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: payload?.active ? 'active' : 'none' }] });
    return true;
  },
};

const endpoint = endpointPlugin();

export default {
  files: ['packages/widgets/src/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [aliasPlugin, esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), axNodePlugin, forcedColorsPlugin, endpoint],
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    ${endpoint.url ? `<meta name="rescuekit:endpoint" content="${endpoint.url}">` : ''}
  </head>
  <body>
    <script type="module" src="${testFramework}"></script>
  </body>
</html>`,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
        ],
      },
    }),
  ],
};
