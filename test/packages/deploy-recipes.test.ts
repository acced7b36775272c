// The deploy recipes in docs/deploy/ are checked with the tools that will read them: `caddy validate`
// and `caddy adapt` on the Caddyfile, `nginx -t` on the server block inside a throwaway nginx.conf (a
// self-signed certificate in place of Let's Encrypt's), `systemd-analyze verify` and `security` on the
// unit. Then the unit's ExecStart, ExecReload and stop, and the image's CMD and HEALTHCHECK, run for real
// against the packed tarballs installed in a fresh app, with the paths they name mapped onto temporary
// folders. No Docker engine runs here: compose.yaml and the Dockerfile are read, and every file they take
// from the repository is checked to exist and to reach the build context. Runs after `npm run build`
// (npm test's package-check step); installs Caddy and nginx when missing and root.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
// @ts-expect-error a plain .mjs script without types
import { ensureDeployTools } from '../../scripts/ensure-deploy-tools.mjs';
import { cleanEnv, installServerApp, runClean } from './installed-app.js';
import { exchange as request, freePort, running, start, until, type ExchangeOptions } from './local-servers.js';
import {
  dockerignore, envAssignments, execArgv, execForm, expandDockerVars, mapPaths, parseDockerfile, parseEnvFile, parseUnit, unitEnvironment, unitValues,
  type Stage,
} from './recipe-files.js';

const DEPLOY = 'docs/deploy';
const DOMAIN = 'give.example.org';
/** Where the recipes put things on a server, and what stands in for each here. */
const SERVER_PATHS = ['/opt/rescuekit', '/etc/rescuekit', '/var/lib/rescuekit'] as const;
/** systemd's PATH for services (and the slim Node image's, but for /usr/local/bin first). */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** The endpoint's live-stream route, as its source registers it. */
const EVENTS_ROUTE = /'(\/v1\/campaigns\/:id\/events)'/.exec(readFileSync('packages/endpoint/src/routes/events.ts', 'utf8'))![1]!;

let tools: Record<'caddy' | 'nginx' | 'systemd-analyze' | 'openssl', string>;
let work: string;
let app: string;

const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');

/** Runs a tool; answers its exit code and output (never throws, so a test can show what the tool said). */
function tool(cmd: string, args: string[], env: Record<string, string> = {}, cwd = work): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: { ...cleanEnv, HOME: join(work, 'home'), XDG_DATA_HOME: join(work, 'home/data'), XDG_CONFIG_HOME: join(work, 'home/config'), ...env }, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/** A folder standing in for each server path, for one run. */
function serverFolders(name: string): Record<(typeof SERVER_PATHS)[number], string> {
  const root = join(work, name);
  const map = { '/opt/rescuekit': app, '/etc/rescuekit': join(root, 'etc'), '/var/lib/rescuekit': join(root, 'data') };
  mkdirSync(map['/etc/rescuekit'], { recursive: true });
  mkdirSync(map['/var/lib/rescuekit'], { recursive: true });
  return map;
}


const healthz = async (url: string) => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) })).status;

before(() => {
  for (const p of ['schema', 'endpoint']) assert.ok(existsSync(`packages/${p}/dist`), 'run `npm run build` first (npm test does)');
  tools = ensureDeployTools({ exit: false });
  work = mkdtempSync(join(tmpdir(), 'rescuekit-deploy-'));
  app = join(work, 'opt-rescuekit');
  installServerApp(work, app);
});

after(() => {
  for (const child of running) child.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------- Caddy

/** The Caddyfile as Caddy's JSON, with the environment compose.yaml gives it. */
function caddyAdapt(env: Record<string, string>) {
  const r = tool(tools.caddy, ['adapt', '--config', join(DEPLOY, 'Caddyfile'), '--adapter', 'caddyfile'], env, process.cwd());
  assert.equal(r.status, 0, r.out);
  return JSON.parse(r.out.slice(r.out.indexOf('{'), r.out.lastIndexOf('}') + 1));
}

test('Caddyfile: caddy validate accepts it with the environment the recipes set', () => {
  const r = tool(tools.caddy, ['validate', '--config', join(DEPLOY, 'Caddyfile'), '--adapter', 'caddyfile'], { RESCUEKIT_DOMAIN: DOMAIN, ACME_EMAIL: 'ops@example.org' }, process.cwd());
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /Valid configuration/);
});

test('Caddyfile: automatic HTTPS for the domain, both upstreams health-checked on /healthz, live streams flushed at once', () => {
  const json = caddyAdapt({ RESCUEKIT_DOMAIN: DOMAIN, ACME_EMAIL: 'ops@example.org', RESCUEKIT_UPSTREAMS: 'endpoint-1:8787 endpoint-2:8787' });
  // Certificates from ACME for the domain, the operator's address as the contact.
  const policy = json.apps.tls.automation.policies.find((p: { subjects?: string[] }) => p.subjects?.includes(DOMAIN));
  assert.ok(policy.issuers.some((i: { module: string; email?: string }) => i.module === 'acme' && i.email === 'ops@example.org'));
  const server = Object.values(json.apps.http.servers)[0] as any;
  assert.deepEqual(server.listen, [':443'], 'served on 443 (HTTPS), HTTP redirected by Caddy');
  assert.equal(server.automatic_https?.disable, undefined);
  assert.deepEqual(server.routes[0].match, [{ host: [DOMAIN] }]);
  const proxies: Array<{ proxy: any; match: any[] }> = [];
  const walk = (routes: any[], match: any[]) => {
    for (const route of routes ?? []) {
      for (const h of route.handle ?? []) {
        if (h.handler === 'reverse_proxy') proxies.push({ proxy: h, match: [...match, ...(route.match ?? [])] });
        if (h.handler === 'subroute') walk(h.routes, [...match, ...(route.match ?? [])]);
      }
    }
  };
  walk(server.routes, []);
  assert.ok(proxies.length >= 1);
  for (const { proxy } of proxies) {
    assert.deepEqual(proxy.upstreams.map((u: { dial: string }) => u.dial), ['endpoint-1:8787', 'endpoint-2:8787']);
    assert.equal(proxy.health_checks?.active?.uri, '/healthz');
    assert.ok(proxy.health_checks?.passive?.fail_duration > 0, 'a failing endpoint is taken out');
    // Caddy replaces X-Forwarded-For with the client's address unless told to trust a proxy before it:
    // one hop, as TRUST_PROXY_HOPS=1 says.
    assert.equal(proxy.trusted_proxies, undefined);
  }
  const streamRoute = EVENTS_ROUTE.replace(':id', '*');
  const streams = proxies.filter(({ match }) => match.some((m) => m.path?.includes(streamRoute)));
  assert.equal(streams.length, 1, `one reverse_proxy for ${streamRoute}`);
  assert.equal(streams[0]!.proxy.flush_interval, -1, 'SSE frames are flushed at once');
  // Without RESCUEKIT_UPSTREAMS (Caddy on the same host as the systemd unit): the unit's port.
  const local = caddyAdapt({ RESCUEKIT_DOMAIN: DOMAIN, ACME_EMAIL: 'ops@example.org' });
  assert.match(JSON.stringify(local), /"dial":"127\.0\.0\.1:8787"/);
});

test('Caddyfile: caddy refuses a broken one (the check can fail)', () => {
  const broken = join(work, 'Caddyfile.broken');
  writeFileSync(broken, read('Caddyfile').replace('flush_interval -1', 'flush_interval soon'));
  const r = tool(tools.caddy, ['validate', '--config', broken, '--adapter', 'caddyfile'], { RESCUEKIT_DOMAIN: DOMAIN, ACME_EMAIL: 'ops@example.org' });
  assert.notEqual(r.status, 0, r.out);
});

// ---------------------------------------------------------------------------------------------- nginx

/** A throwaway nginx.conf around `block` (its certificate paths pointed at a self-signed pair); answers its path. */
function nginxWrapper(name: string, block: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const cert = join(work, 'tls/cert.pem');
  const key = join(work, 'tls/key.pem');
  if (!existsSync(cert)) {
    mkdirSync(dirname(cert), { recursive: true });
    const r = tool(tools.openssl, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', `/CN=${DOMAIN}`, '-addext', `subjectAltName=DNS:${DOMAIN}`, '-keyout', key, '-out', cert]);
    assert.equal(r.status, 0, r.out);
  }
  const site = block.replace(/^(\s*ssl_certificate)\s+\S+;/m, `$1 ${cert};`).replace(/^(\s*ssl_certificate_key)\s+\S+;/m, `$1 ${key};`);
  writeFileSync(join(dir, 'rescuekit.conf'), site);
  const temp = (t: string) => `${t}_temp_path ${join(dir, t)};`;
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events {}
http {
    access_log off;
    ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n    ')}
    include ${join(dir, 'rescuekit.conf')};
}
`,
  );
  return dir;
}

const nginxTest = (dir: string) => tool(tools.nginx, ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')]);

test('nginx.conf: nginx -t accepts the server block inside an http {} with a certificate in place', () => {
  const r = nginxTest(nginxWrapper('nginx', read('nginx.conf')));
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /test is successful/);
});

test('nginx.conf: TLS, the live-stream route unbuffered with a long read timeout, forwarded headers for TRUST_PROXY_HOPS=1', () => {
  const conf = read('nginx.conf');
  assert.match(conf, /^\s*listen 443 ssl/m);
  assert.match(conf, /^\s*return 301 https:\/\/\$host\$request_uri;/m, 'port 80 redirects to HTTPS');
  const location = /location ~ (\S+) \{([^}]*)\}/.exec(conf);
  assert.ok(location, 'a regex location for the live streams');
  const re = new RegExp(location[1]!);
  assert.ok(re.test(EVENTS_ROUTE.replace(':id', 'the-hundred')) && re.test('/v1/campaigns/rescue-team-7/events'));
  assert.ok(!re.test('/v1/campaigns/the-hundred') && !re.test('/v1/campaigns/the-hundred/events/x'));
  const body = location[2]!;
  assert.match(body, /proxy_buffering off;/);
  const timeout = /proxy_read_timeout (\d+)([smh]);/.exec(body);
  assert.ok(timeout && Number(timeout[1]) * { s: 1, m: 60, h: 3600 }[timeout[2] as 's' | 'm' | 'h'] >= 60, 'read timeout well above the 15 s heartbeat');
  // The endpoint says X-Accel-Buffering: no on the stream itself.
  assert.match(readFileSync('packages/endpoint/src/routes/events.ts', 'utf8'), /'x-accel-buffering': 'no'/);
  // One proxy that appends the client's address: the endpoint's TRUST_PROXY_HOPS=1 takes the last entry.
  assert.match(conf, /proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
  assert.match(conf, /proxy_set_header X-Forwarded-Proto \$scheme;/);
  assert.match(conf, /proxy_set_header Host \$host;/);
  assert.match(conf, /server 127\.0\.0\.1:8787/, "the unit's port");
});

test('nginx.conf: nginx -t refuses a broken block (the check can fail)', () => {
  for (const broken of [read('nginx.conf').replace('proxy_buffering off;', 'proxy_buffering never;'), read('nginx.conf').replace(/\}\s*$/, '')]) {
    const r = nginxTest(nginxWrapper('nginx-broken', broken));
    assert.notEqual(r.status, 0, r.out);
  }
});

// --------------------------------------------------------------------------------------------- systemd

const unitText = () => read('rescuekit.service');

/** The unit with its paths mapped onto this machine, so systemd-analyze can resolve ExecStart. */
function mappedUnit(name: string, text = unitText()): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rescuekit.service'), mapPaths(text, { '/opt/rescuekit': app }));
  return join(dir, 'rescuekit.service');
}

test('rescuekit.service: systemd-analyze verify finds no problem (ExecStart mapped to the installed CLI)', () => {
  const r = tool(tools['systemd-analyze'], ['verify', '--man=no', mappedUnit('systemd')]);
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out.split('\n').filter((l) => l.includes('rescuekit.service')).join('\n'), '', 'no warning about the unit');
  // Unmapped, the same check fails on the missing binary: verify does look at ExecStart.
  const bare = join(work, 'systemd-bare/rescuekit.service');
  mkdirSync(dirname(bare), { recursive: true });
  writeFileSync(bare, unitText().replace(/\/opt\/rescuekit/g, join(work, 'nowhere')));
  assert.notEqual(tool(tools['systemd-analyze'], ['verify', '--man=no', bare]).status, 0);
});

test('rescuekit.service: hardened (systemd-analyze security rates it 2.0 or better), dedicated user, data dir writable', () => {
  const r = tool(tools['systemd-analyze'], ['security', '--offline=true', '--threshold=20', '--no-pager', mappedUnit('systemd')]);
  assert.equal(r.status, 0, r.out.split('\n').slice(-3).join('\n'));
  const unit = parseUnit(unitText());
  const one = (key: string) => unitValues(unit, 'Service', key).at(-1);
  assert.ok(one('User') && !['root', '0'].includes(one('User')!));
  for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['PrivateTmp', 'yes'], ['ProtectHome', 'yes'], ['Restart', 'on-failure']]) assert.equal(one(key!), value, key);
  assert.deepEqual(unitValues(unit, 'Service', 'EnvironmentFile'), ['/etc/rescuekit/env']);
  assert.equal(one('ExecReload'), '/bin/kill -HUP $MAINPID');
  const db = /^sqlite:(.+)$/.exec(unitEnvironment(unit, () => '').DATABASE_URL ?? '');
  assert.ok(db, 'the SQLite database is named');
  assert.ok(unitValues(unit, 'Service', 'ReadWritePaths').join(' ').split(/\s+/).includes(posix.dirname(db[1]!)), 'its folder is writable');
  assert.ok(unitValues(unit, 'Service', 'ExecStart')[0]!.startsWith('/opt/rescuekit/node_modules/.bin/rescuekit serve --config /etc/rescuekit/'));
  // The broken twin: no hardening at all scores far worse and fails the same threshold.
  const weak = mappedUnit('systemd-weak', unitText().replace(/^(NoNewPrivileges|Protect\w+|Private\w+|Restrict\w+|SystemCall\w+|CapabilityBoundingSet)=.*$/gm, ''));
  assert.notEqual(tool(tools['systemd-analyze'], ['security', '--offline=true', '--threshold=20', '--no-pager', weak]).status, 0);
});

test("rescuekit.service: its ExecStart serves /healthz, ExecReload re-reads the config, SIGTERM stops it cleanly", async () => {
  const folders = serverFolders('systemd-run');
  const unit = parseUnit(unitText());
  // What the operator puts in /etc/rescuekit: the recipe's config and an env file (PORT=0: any free port here).
  copyFileSync(join(DEPLOY, 'rescuekit.config.json'), join(folders['/etc/rescuekit'], 'rescuekit.config.json'));
  writeFileSync(join(folders['/etc/rescuekit'], 'env'), `ADMIN_TOKEN=${randomBytes(32).toString('hex')}\nPORT=0\n`);
  const unitEnv = unitEnvironment(unit, (p) => {
    const file = mapPaths(p, folders);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  });
  const env = Object.fromEntries(Object.entries(unitEnv).map(([k, v]) => [k, mapPaths(v, folders)]));
  const argv = execArgv(unitValues(unit, 'Service', 'ExecStart')[0]!, env).map((a) => mapPaths(a, folders));
  assert.equal(argv[0], join(app, 'node_modules/.bin/rescuekit'));
  const cwd = mapPaths(unitValues(unit, 'Service', 'WorkingDirectory')[0]!, folders);
  // systemd starts services with its own PATH; `#!/usr/bin/env node` finds node there. (Where node lives
  // elsewhere on a test machine, its folder is added so the test checks the unit, not the machine.)
  const path = spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: SYSTEM_PATH } }).status === 0 ? SYSTEM_PATH : `${SYSTEM_PATH}:${dirname(process.execPath)}`;
  const server = start(argv, { PATH: path, LANG: 'C.UTF-8', ...env }, cwd);
  const url = await server.url;
  assert.equal(await healthz(url), 200);
  assert.ok(existsSync(join(folders['/var/lib/rescuekit'], 'rescuekit.db')), 'SQLite in the state directory');
  assert.match(server.output(), /store: sqlite/);

  // `systemctl reload`: a campaign added to the config is served after ExecReload, without a restart.
  const configFile = join(folders['/etc/rescuekit'], 'rescuekit.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  config.campaigns.push({ id: 'riverside', title: 'Riverside Rescue Team', currency: 'usd', goal: 900000, rescueCost: 300000, parent: config.campaigns[0].id });
  writeFileSync(configFile, JSON.stringify(config));
  assert.equal((await fetch(`${url}/v1/campaigns/riverside`)).status, 404);
  const reload = execArgv(unitValues(unit, 'Service', 'ExecReload')[0]!, { ...env, MAINPID: String(server.child.pid) });
  const r = spawnSync(reload[0]!, reload.slice(1), { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  await until(() => /SIGHUP: config re-read; .*created riverside/.test(server.output()), 'the SIGHUP log line');
  assert.equal((await fetch(`${url}/v1/campaigns/riverside`)).status, 200);
  assert.equal(await healthz(url), 200);
  // The installed package serves its pages' fonts from its own dependencies.
  const page = await (await fetch(`${url}/c/riverside`)).text();
  const font = /<link rel="preload" href="([^"]+\.woff2)"/.exec(page)?.[1];
  assert.ok(font && (await fetch(`${url}/rescuekit-assets/fonts.css`)).ok, 'the page links its fonts');
  const served = await fetch(`${url}${font}`);
  assert.deepEqual([served.status, served.headers.get('content-type')], [200, 'font/woff2']);

  // `systemctl stop`: KillSignal (SIGTERM unless set), a clean exit well within TimeoutStopSec.
  const signal = (unitValues(unit, 'Service', 'KillSignal')[0] ?? 'SIGTERM') as NodeJS.Signals;
  const stopSeconds = Number.parseInt(unitValues(unit, 'Service', 'TimeoutStopSec')[0] ?? '90', 10);
  server.child.kill(signal);
  const code = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('timeout'), Math.min(stopSeconds, 15) * 1000))]);
  assert.equal(code, 0, server.output());
  assert.match(server.output(), /SIGTERM, shutting down/);
});

// ----------------------------------------------------------------------------------------- Dockerfile

const dockerfile = () => parseDockerfile(read('Dockerfile'));
const ops = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);

test('Dockerfile: build stage from the lockfile, a slim runtime stage as a non-root user with a node health check', () => {
  const stages = dockerfile();
  assert.ok(stages.length >= 2 && stages.slice(0, -1).every((s) => s.name), 'multi-stage, each earlier stage named (FROM … AS name)');
  const build = stages[0]!;
  const runs = ops(build, 'RUN').map((i) => i.args).join('\n');
  assert.match(runs, /\bnpm ci\b/);
  assert.match(runs, /node scripts\/build\.mjs/);
  for (const [, script] of runs.matchAll(/node (scripts\/\S+\.mjs)/g)) assert.ok(existsSync(script!), script);
  // npm ci needs every workspace's package.json before `COPY . .`.
  const workspaces = JSON.parse(readFileSync('package.json', 'utf8')).workspaces as string[];
  const early = ops(build, 'COPY').slice(0, ops(build, 'COPY').findIndex((c) => c.args === '. .')).map((c) => c.args).join('\n');
  for (const w of ['package-lock.json', ...workspaces.map((w) => `${w}/package.json`)]) assert.ok(early.includes(w), `COPY ${w} before npm ci`);

  const runtime = stages.at(-1)!;
  assert.match(runtime.from, /^node:20-bookworm-slim$/);
  const user = ops(runtime, 'USER').at(-1)?.args;
  assert.ok(user && !/^(root|0)(:|$)/.test(user), `USER ${user}`);
  const health = ops(runtime, 'HEALTHCHECK');
  assert.equal(health.length, 1);
  const check = execForm(health[0]!.args.replace(/^CMD\s+/, ''));
  assert.equal(check[0], 'node', 'no curl on the slim image: node itself asks /healthz');
  assert.match(check.join(' '), /\/healthz/);
  const cmd = execForm(ops(runtime, 'CMD').at(-1)!.args);
  assert.deepEqual(cmd.slice(0, 2), ['rescuekit', 'serve']);
  const env = Object.fromEntries(ops(runtime, 'ENV').flatMap((i) => envAssignments(i.args)));
  const db = /^sqlite:(.+)$/.exec(env.DATABASE_URL ?? '');
  assert.ok(db, 'SQLite by default');
  assert.ok(ops(runtime, 'VOLUME').some((v) => v.args.split(/\s+/).includes(posix.dirname(db[1]!))), 'the SQLite folder is a volume');
  assert.ok(!/apt-get install[^&]*fonts/.test(read('Dockerfile')), 'fonts come from the npm packages');
});

test('Dockerfile: every file it copies from the context exists, and .dockerignore keeps node_modules, dist and databases out', () => {
  const ignored = dockerignore(readFileSync('.dockerignore', 'utf8'));
  for (const p of ['node_modules/hono/package.json', 'packages/endpoint/node_modules/x', 'packages/endpoint/dist/index.js', 'dist-tarballs/a.tgz', 'rescuekit.db', 'packages/endpoint/test/fixtures/v0.1-sqlite.db', 'docs/deploy/.env', '.git/HEAD']) {
    assert.ok(ignored(p), `${p} is not sent to the build`);
  }
  const stages = dockerfile();
  const names = new Set<string>();
  for (const stage of stages) {
    for (const copy of ops(stage, 'COPY')) {
      const parts = copy.args.split(/\s+/);
      const sources = parts.slice(0, -1);
      if (copy.flags.from) {
        assert.ok(names.has(copy.flags.from), `COPY --from=${copy.flags.from}: an earlier stage`);
        continue;
      }
      for (const source of sources) {
        assert.ok(existsSync(source), `COPY ${source}: not in the repository`);
        if (source !== '.') assert.ok(!ignored(source), `COPY ${source}: left out by .dockerignore`);
      }
    }
    if (stage.name) names.add(stage.name);
  }
  for (const p of ['packages/endpoint/src/cli.ts', 'scripts/build.mjs', 'package-lock.json', '.npmrc']) assert.ok(!ignored(p), `${p} reaches the build`);
});

test("Dockerfile: the runtime stage's CMD serves and its HEALTHCHECK passes (then fails once the server stops)", async () => {
  const stages = dockerfile();
  const runtime = stages.at(-1)!;
  const folders = serverFolders('docker-run');
  // The image's files: COPY --from the install stage is the app installed here (both install the
  // endpoint and schema tarballs); a COPY from the context is that file of the repository.
  for (const copy of ops(runtime, 'COPY')) {
    const [source, dest] = copy.args.split(/\s+/) as [string, string];
    if (copy.flags.from) {
      const install = stages.find((s) => s.name === copy.flags.from)!;
      assert.match(ops(install, 'RUN').map((r) => r.args).join(' '), /npm install --omit=dev .*rescuekit-schema-.*rescuekit-endpoint-/);
      assert.equal(mapPaths(dest, folders), app, `${dest} is the installed app`);
    } else {
      copyFileSync(source, mapPaths(dest, folders));
    }
  }
  const port = await freePort();
  let env: Record<string, string> = { PATH: SYSTEM_PATH, HOME: folders['/var/lib/rescuekit'] };
  for (const i of ops(runtime, 'ENV')) for (const [k, v] of envAssignments(i.args)) env[k] = mapPaths(expandDockerVars(v, env), folders);
  // `docker run -e PORT=…`; the image's own PATH must find node and rescuekit.
  env = { ...env, PORT: String(port), ADMIN_TOKEN: randomBytes(32).toString('hex') };
  if (spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: SYSTEM_PATH } }).status !== 0) env.PATH += `:${dirname(process.execPath)}`;
  const cwd = mapPaths(ops(runtime, 'WORKDIR').at(-1)!.args, folders);
  // --host 0.0.0.0 is the container's own network; here, loopback.
  const cmd = execForm(ops(runtime, 'CMD').at(-1)!.args).map((a) => (a === '0.0.0.0' ? '127.0.0.1' : mapPaths(a, folders)));
  const server = start(cmd, env, cwd);
  const url = await server.url;
  assert.equal(url, `http://127.0.0.1:${port}`);
  assert.equal(await healthz(url), 200);
  assert.ok(existsSync(join(folders['/var/lib/rescuekit'], 'rescuekit.db')), 'SQLite in the volume');
  const check = execForm(ops(runtime, 'HEALTHCHECK')[0]!.args.replace(/^CMD\s+/, ''));
  const healthy = spawnSync(check[0]!, check.slice(1), { env, cwd, encoding: 'utf8', timeout: 10_000 });
  assert.equal(healthy.status, 0, healthy.stderr);
  server.child.kill('SIGTERM'); // docker stop
  assert.equal(await server.exited, 0, server.output());
  const unhealthy = spawnSync(check[0]!, check.slice(1), { env, cwd, encoding: 'utf8', timeout: 10_000 });
  assert.equal(unhealthy.status, 1, 'the health check fails when nothing answers');
});

// ------------------------------------------------------------------------------------------- compose

test('compose.yaml: Postgres 15 with a health check and a volume, two endpoints on it, Caddy on 80/443 after both are healthy', () => {
  const compose = parseYaml(read('compose.yaml'), { merge: true });
  const services = compose.services as Record<string, any>;
  const pg = services.postgres;
  assert.match(pg.image, /^postgres:15\b/);
  assert.match(pg.healthcheck.test.join(' '), /pg_isready/);
  const pgVolume = pg.volumes.map((v: string) => v.split(':')).find((v: string[]) => v[1] === '/var/lib/postgresql/data');
  assert.ok(pgVolume && pgVolume[0] in compose.volumes, 'the data directory is a named volume');

  const endpoints = Object.entries(services).filter(([, s]) => s.build);
  assert.equal(endpoints.length, 2);
  const cmd = execForm(ops(dockerfile().at(-1)!, 'CMD').at(-1)!.args);
  const configInImage = cmd[cmd.indexOf('--config') + 1];
  for (const [name, s] of endpoints) {
    assert.equal(posix.join(DEPLOY, s.build.context, s.build.dockerfile), `${DEPLOY}/Dockerfile`, `${name} builds the recipe's Dockerfile from the repository root`);
    assert.equal(posix.normalize(posix.join(DEPLOY, s.build.context)), '.');
    const url = new URL(s.environment.DATABASE_URL.replace(/\$\{[^}]+\}/, 'secret'));
    assert.equal(url.protocol, 'postgres:');
    assert.equal(url.hostname, 'postgres', `${name}: DATABASE_URL names the postgres service`);
    assert.equal(s.environment.TRUST_PROXY_HOPS, '1', `${name}: Caddy is one proxy`);
    assert.equal(s.depends_on.postgres.condition, 'service_healthy');
    assert.equal(s.env_file, '.env');
    const mount = s.volumes.map((v: string) => v.split(':')).find((v: string[]) => v[1] === configInImage);
    assert.ok(mount && existsSync(join(DEPLOY, mount[0])), `${name}: its config mounted at ${configInImage}`);
  }

  const caddy = services.caddy;
  assert.match(caddy.image, /^caddy:2\b/);
  const published = caddy.ports.map((p: string) => p.replace(/\/\w+$/, '').split(':').at(-1));
  assert.ok(published.includes('80') && published.includes('443'));
  for (const [name] of endpoints) assert.equal(caddy.depends_on[name].condition, 'service_healthy');
  assert.ok(caddy.volumes.some((v: string) => v.startsWith('./Caddyfile:/etc/caddy/Caddyfile')));
  const upstreams = caddy.environment.RESCUEKIT_UPSTREAMS.split(/\s+/);
  assert.deepEqual(upstreams, endpoints.map(([name, s]) => `${name}:${s.environment.PORT}`));
  assert.ok(caddy.environment.RESCUEKIT_DOMAIN.startsWith('${RESCUEKIT_DOMAIN'));
});

test('compose.yaml: no secret in the file; every variable it needs is in env.example; .env is never committed', () => {
  const text = read('compose.yaml');
  const compose = parseYaml(text, { merge: true });
  for (const [name, s] of Object.entries(compose.services as Record<string, any>)) {
    for (const [key, value] of Object.entries(s.environment ?? {})) {
      if (/TOKEN|SECRET|PASSWORD|KEY/.test(key)) assert.match(String(value), /^\$\{[A-Z_]+(:[?-][^}]*)?\}$/, `${name}: ${key} comes from .env`);
      if (key === 'DATABASE_URL') assert.match(String(value), /:\$\{POSTGRES_PASSWORD[^}]*\}@/);
    }
  }
  const example = parseEnvFile(read('env.example'));
  for (const [, name] of text.matchAll(/\$\{([A-Z_]+):\?/g)) assert.ok(name! in example, `${name} in env.example`);
  for (const key of ['ADMIN_TOKEN', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET']) assert.equal(example[key], '', `${key} left for the operator`);
  assert.match(readFileSync('.gitignore', 'utf8'), /^\.env$/m);
});

test('the recipes name only settings the installed rescuekit knows (its --help lists each)', () => {
  const help = runClean(join(app, 'node_modules/.bin/rescuekit'), ['--help'], app);
  const recipeOnly = new Set(['NODE_ENV', 'POSTGRES_PASSWORD', 'RESCUEKIT_DOMAIN', 'ACME_EMAIL', 'RESCUEKIT_UPSTREAMS']);
  const names = new Set([
    ...Object.keys(unitEnvironment(parseUnit(unitText()), () => '')),
    ...Object.keys(parseEnvFile(read('env.example'))),
    ...Object.keys((parseYaml(read('compose.yaml'), { merge: true }).services['endpoint-1'].environment ?? {}) as object),
    ...ops(dockerfile().at(-1)!, 'ENV').flatMap((i) => envAssignments(i.args).map(([k]) => k)),
  ]);
  names.delete('PATH');
  for (const name of names) if (!recipeOnly.has(name)) assert.match(help, new RegExp(`\\b${name}\\b`), `${name} is not a rescuekit setting`);
  const flags = [...unitValues(parseUnit(unitText()), 'Service', 'ExecStart'), ...execForm(ops(dockerfile().at(-1)!, 'CMD').at(-1)!.args)].join(' ').match(/--[a-z-]+/g)!;
  for (const flag of flags) assert.match(help, new RegExp(`${flag}\\b`), `${flag} is not a rescuekit option`);
});

// ------------------------------------------------------------------ the proxies in front of a live endpoint

/** The installed CLI serving the recipe's config on a free port, with the settings the recipes give it. */
async function endpoint(name: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(DEPLOY, 'rescuekit.config.json'), join(dir, 'rescuekit.config.json'));
  const argv = [join(app, 'node_modules/.bin/rescuekit'), 'serve', '--config', join(dir, 'rescuekit.config.json'), '--port', '0'];
  const started = start(argv, { ...cleanEnv, DATABASE_URL: `sqlite:${join(dir, 'rescuekit.db')}`, ...env }, app);
  return { url: await started.url, child: started.child };
}

/** A request to a proxy under test, trusting the test certificate for the recipe's domain over HTTPS. */
const exchange = (url: string, opts: ExchangeOptions = {}) =>
  request(url, url.startsWith('https:') ? { ...opts, tls: { ca: readFileSync(join(work, 'tls/cert.pem')), servername: DOMAIN } } : opts);

/** Replaces `from` in a recipe with `to`; fails when the recipe no longer has it, so the run never checks something else. */
function swap(text: string, from: string | RegExp, to: string): string {
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `the recipe has ${from}`);
  return text.replace(from, to);
}

const campaign = () => JSON.parse(read('rescuekit.config.json')).campaigns[0].id as string;
const gift = (admin: string) => ({
  method: 'POST',
  headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
  body: JSON.stringify({ amount: 4500, currency: 'usd', note: 'bake sale' }),
});

test('nginx.conf in front of the endpoint: HTTPS, the port-80 redirect, live frames through it, each client told apart (TRUST_PROXY_HOPS=1)', async (t) => {
  const admin = randomBytes(32).toString('hex');
  const hops = unitEnvironment(parseUnit(unitText()), () => '').TRUST_PROXY_HOPS!;
  // One live stream per client address, so the endpoint's view of who the client is shows in its answers.
  const server = await endpoint('nginx-upstream', { ADMIN_TOKEN: admin, TRUST_PROXY_HOPS: hops, STREAMS_PER_CLIENT: '1' });
  const [http, https] = [await freePort(), await freePort()];
  let site = swap(read('nginx.conf'), /^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${http};`);
  site = swap(site, /^(\s*)listen 443 ssl( http2)?;$/m, `$1listen 127.0.0.1:${https} ssl$2;`);
  site = swap(site, /^\s*listen \[::\]:\d+.*$/gm, '');
  site = swap(site, 'server 127.0.0.1:8787', `server ${new URL(server.url).host}`);
  const dir = nginxWrapper('nginx-run', site);
  assert.equal(nginxTest(dir).status, 0, nginxTest(dir).out);
  const nginx = spawn(tools.nginx, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf'), '-g', 'daemon off; master_process off;'], { stdio: 'ignore' });
  running.add(nginx);
  t.after(() => nginx.kill('SIGTERM'));
  const base = `https://127.0.0.1:${https}`;
  await until(async () => (await exchange(`${base}/healthz`).then((e) => e.status, () => 0)) === 200, 'nginx to answer');

  const health = await exchange(`${base}/healthz`);
  assert.match(await health.waitFor(/\}$/), /"status":"ok"/);
  const redirect = await exchange(`http://127.0.0.1:${http}/v1/campaigns/${campaign()}`, { headers: { host: DOMAIN } });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, `https://${DOMAIN}/v1/campaigns/${campaign()}`);

  const events = `${base}/v1/campaigns/${campaign()}/events`;
  const stream = await exchange(events, { from: '127.0.0.2' });
  assert.equal(stream.status, 200);
  assert.equal(stream.headers['content-type'], 'text/event-stream');
  await stream.waitFor(/event: progress\n[^]*"raised":0\b/);
  const recorded = await exchange(`${base}/v1/campaigns/${campaign()}/offline-gifts`, gift(admin));
  assert.equal(recorded.status, 201, await recorded.waitFor(/\}$/));
  await stream.waitFor(/"raised":4500\b/, 3000);
  // The same client again, claiming another address in X-Forwarded-For: still the same client (429).
  const again = await exchange(events, { from: '127.0.0.2', headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal(again.status, 429);
  again.close();
  // Another client through the same proxy: its own stream.
  const other = await exchange(events, { from: '127.0.0.3' });
  assert.equal(other.status, 200);
  other.close();
  stream.close();
  server.child.kill('SIGTERM');
});

test('Caddyfile in front of two endpoints: streams spread over both, live frames flushed, one stopping loses no request', async (t) => {
  const admin = randomBytes(32).toString('hex');
  const metrics = randomBytes(32).toString('hex');
  const compose = parseYaml(read('compose.yaml'), { merge: true });
  const env = { ADMIN_TOKEN: admin, METRICS_TOKEN: metrics, TRUST_PROXY_HOPS: compose.services['endpoint-1'].environment.TRUST_PROXY_HOPS };
  // Two servers on one SQLite file stand in for the two on Postgres.
  const shared = { DATABASE_URL: `sqlite:${join(work, 'caddy-run.db')}` };
  const one = await endpoint('caddy-upstream-1', { ...env, ...shared });
  const two = await endpoint('caddy-upstream-2', { ...env, ...shared });
  const port = await freePort();
  // Plain HTTP on a free port (no certificate authority to reach from here), and no admin API: both only
  // through the environment and the global options; every site directive is the recipe's own.
  const dir = join(work, 'caddy-run');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Caddyfile'), swap(read('Caddyfile'), /^\{\n/m, '{\n\tadmin off\n'));
  const caddy = spawn(tools.caddy, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    cwd: dir,
    env: { ...cleanEnv, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, RESCUEKIT_DOMAIN: `http://127.0.0.1:${port}`, ACME_EMAIL: 'ops@example.org', RESCUEKIT_UPSTREAMS: `${new URL(one.url).host} ${new URL(two.url).host}` },
    stdio: 'ignore',
  });
  running.add(caddy);
  t.after(() => caddy.kill('SIGTERM'));
  const base = `http://127.0.0.1:${port}`;
  await until(async () => (await exchange(`${base}/healthz`).then((e) => e.status, () => 0)) === 200, 'caddy to answer');

  const events = `${base}/v1/campaigns/${campaign()}/events`;
  const streams = [await exchange(events, { from: '127.0.0.2' }), await exchange(events, { from: '127.0.0.3' })];
  for (const s of streams) assert.equal(s.status, 200);
  await Promise.all(streams.map((s) => s.waitFor(/event: progress\n/)));
  const open = async (url: string) => {
    const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metrics}` } });
    return Number(/^rescuekit_open_streams (\d+)$/m.exec(await res.text())?.[1]);
  };
  assert.deepEqual([await open(one.url), await open(two.url)], [1, 1], 'round robin: one stream on each endpoint');
  const recorded = await exchange(`${base}/v1/campaigns/${campaign()}/offline-gifts`, gift(admin));
  assert.equal(recorded.status, 201, await recorded.waitFor(/\}$/));
  // Both see it: the one that counted it at once, the other through the shared database.
  await Promise.all(streams.map((s) => s.waitFor(/"raised":4500\b/, 5000)));
  for (const s of streams) s.close();

  one.child.kill('SIGTERM');
  await new Promise((r) => one.child.once('exit', r));
  for (let i = 0; i < 6; i++) assert.equal((await exchange(`${base}/healthz`)).status, 200, `request ${i} after one endpoint stopped`);
  two.child.kill('SIGTERM');
});
