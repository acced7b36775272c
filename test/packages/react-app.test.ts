// "Install before the first release", done as the README says by a partner's developer: a fresh
// React 19 + Vite app outside the repository installs the three packed tarballs, type-checks a
// component using <rescue-thermometer> and <nine-lives-picker> with the React typings, builds, and
// is served by the packed endpoint's own `rescuekit` command; Chromium shows real progress and not
// one console error. Runs after `npm run build` (npm test's package-check step).
import { strict as assert } from 'node:assert';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { cleanEnv, serveInstalled } from './installed-app.js';
import puppeteer, { type Browser } from 'puppeteer-core';
import { rendered, shadowText, visit, type Host } from '../pages/harness.js';

const ROOT = resolve('.');
const dev = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies as Record<string, string>;
const version = (name: string) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')).version as string;
/** What a partner adds beside the tarballs, at the versions this repository tests with. */
const APP_DEPENDENCIES = ['react', 'react-dom', 'vite', 'typescript', '@types/react', '@types/react-dom'].map((d) => `${d}@${dev[d]}`);
const CAMPAIGN = 'rescue-team-demo'; // in examples/rescuekit.config.json: $9,000 goal, $3,000 a rescue

// The parent `npm test` leaves npm_* variables that would point a nested npm at this repository.

let work: string;
let app: string;
let endpoint: ChildProcess | undefined;
let host: Host;
let adminToken: string;

const run = (cmd: string, args: string[], cwd: string) => {
  try {
    return execFileSync(cmd, args, { cwd, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
};

/** Starts the installed `rescuekit` bin; resolves with its URL. */
function serve(args: string[], env: Record<string, string>): Promise<string> {
  const started = serveInstalled(app, args, env);
  endpoint = started.child;
  return started.url;
}

async function recordGift(url: string, amount: number): Promise<void> {
  const res = await fetch(`${url}/v1/campaigns/${CAMPAIGN}/offline-gifts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ amount, currency: 'usd', note: 'bake sale' }),
  });
  assert.equal(res.status, 201, await res.text());
}

before(async () => {
  for (const p of ['schema', 'widgets', 'endpoint']) assert.ok(existsSync(`packages/${p}/dist`), 'run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'rescuekit-react-app-'));
  app = join(work, 'app');

  // 1. `npm run pack:all`, minus the build npm test has already done.
  run(process.execPath, ['scripts/pack.mjs', '--no-build', '--out', join(work, 'tarballs')], ROOT);
  const tarballs = readdirSync(join(work, 'tarballs')).sort().map((f) => join(work, 'tarballs', f));
  assert.deepEqual(tarballs.map((t) => t.replace(/^.*\//, '')), ['endpoint', 'schema', 'widgets'].map((p) => `rescuekit-${p}-${version(p)}.tgz`));

  // 2. A fresh app: the React recipe's page and components, nothing from this repository's node_modules.
  mkdirSync(app);
  for (const f of ['index.html', 'src', 'tsconfig.json']) cpSync(join('examples/react-vite', f), join(app, f), { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'partner-app', private: true, type: 'module' }, null, 2));
  // The app's own config (the recipe's points Vite at its folder inside this repository).
  writeFileSync(join(app, 'vite.config.ts'), `import { defineConfig } from 'vite';\nexport default defineConfig({ oxc: { jsx: { runtime: 'automatic' } } });\n`);
  // Typings are live: each wrong value below must stay an error, or tsc fails on the unused directive.
  writeFileSync(
    join(app, 'src/typing-check.tsx'),
    `import type {} from '@rescuekit/widgets/types/react';
// @ts-expect-error: variant is 'thermometer' | 'bar'
export const badVariant = <rescue-thermometer variant="tube" />;
// @ts-expect-error: amounts are cents in an array, set as a property
export const badAmounts = <nine-lives-picker amounts="9 27" />;
`,
  );

  // 3. The README's step: `npm install <the three tarballs>` plus the app's own dependencies.
  // --ignore-scripts, then the identical better-sqlite3 build (same version, same Node) copied from this
  // repository instead of compiled again (about 90 s here); any other version is compiled as npm would.
  run('npm', ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, ...APP_DEPENDENCIES], app);
  const sqlite = (dir: string) => JSON.parse(readFileSync(join(dir, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (sqlite(app) === sqlite(ROOT) && existsSync(binary)) {
    mkdirSync(join(app, binary, '..'), { recursive: true });
    copyFileSync(binary, join(app, binary));
  } else {
    run('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], app);
  }

  // 4. The packed endpoint serves the built app and the packed CDN bundles.
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], app);
  copyFileSync('examples/rescuekit.config.json', join(work, 'rescuekit.config.json'));
  adminToken = randomUUID();
  const url = await serve(
    ['serve', '--config', join(work, 'rescuekit.config.json'), '--port', '0', '--static', `/=${join(app, 'dist')}`, '--static', `/cdn/=${join(app, 'node_modules/@rescuekit/widgets/dist/cdn')}`],
    { DATABASE_URL: `sqlite:${join(work, 'rescuekit.db')}`, ADMIN_TOKEN: adminToken },
  );
  let browser: Browser;
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  host = { url, browser, recordGift: (_c, amount) => recordGift(url, amount), close: () => browser.close() };
});

after(async () => {
  await host?.close();
  endpoint?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the installed tarballs type-check the app with the React 19 typings (wrong values are errors)', () => {
  for (const p of ['schema', 'widgets', 'endpoint']) {
    const installed = JSON.parse(readFileSync(join(app, `node_modules/@rescuekit/${p}/package.json`), 'utf8'));
    assert.equal(installed.version, version(p));
    for (const f of ['README.md', 'LICENSE']) assert.ok(existsSync(join(app, `node_modules/@rescuekit/${p}/${f}`)), `${p}: ${f}`);
  }
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], app);
});

test('the installed `rescuekit` bin answers --version with the packed version, also through npx', () => {
  assert.equal(run(join(app, 'node_modules/.bin/rescuekit'), ['--version'], app).trim(), version('endpoint'));
  assert.equal(run('npx', ['--no-install', 'rescuekit', '--version'], app).trim(), version('endpoint'));
  assert.match(run('npx', ['--no-install', 'rescuekit', 'token'], app).trim(), /^rk_admin_[A-Za-z0-9_-]{43}$/);
});

test('built with Vite and served by the packed endpoint: real progress, the app hears it, live, zero console errors', async () => {
  await host.recordGift(CAMPAIGN, 450_000);
  const { page, errors } = await visit(host, '/');
  await rendered(page, ['rescue-thermometer', 'nine-lives-picker']);
  const text = await shadowText(page, 'rescue-thermometer');
  assert.match(text, /\$4,500 of \$9,000/);
  assert.match(text, /50%/);
  assert.match(text, /1 rescue funded/i);
  assert.equal(await page.$eval('rescue-thermometer', (el) => (el as unknown as { progress: { raised: number } }).progress.raised), 450_000);
  // React's `onrescue-progress` prop heard the element's event.
  await page.waitForFunction(() => document.querySelector('#donors')?.textContent === '1 donors so far', { timeout: 5_000 });
  const presets = await page.$eval('nine-lives-picker', (el) => [...el.shadowRoot!.querySelectorAll('[role=radio]')].map((r) => r.textContent));
  assert.deepEqual(presets, ['$9', '$27', '$45']);
  // `live`: the next gift reaches the page over the packed endpoint's event stream.
  await host.recordGift(CAMPAIGN, 4_500);
  await page.waitForFunction(() => document.querySelector('#donors')?.textContent === '2 donors so far', { timeout: 10_000 });
  assert.match(await shadowText(page, 'rescue-thermometer'), /\$4,545 of \$9,000/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the packed CDN bundles are served for pages without a bundler', async () => {
  const res = await fetch(`${host.url}/cdn/rescue-thermometer.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /javascript/);
  assert.match(await res.text(), /rescue-thermometer/);
});
