// Makes sure the tools that check the deploy recipes (docs/deploy/) are on this machine: Caddy
// (`caddy validate`), nginx (`nginx -t`), systemd-analyze (`systemd-analyze verify`) and openssl (a
// throwaway certificate for nginx). Installs the missing Debian packages when we are root; otherwise
// names the command that installs them and exits 1.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Each tool, where Debian puts it, and the package that brings it. */
const TOOLS = [
  { name: 'caddy', path: '/usr/bin/caddy', pkg: 'caddy' },
  { name: 'nginx', path: '/usr/sbin/nginx', pkg: 'nginx' },
  { name: 'systemd-analyze', path: '/usr/bin/systemd-analyze', pkg: 'systemd' },
  { name: 'openssl', path: '/usr/bin/openssl', pkg: 'openssl' },
];

/** The tool's path: on PATH, or where its Debian package puts it (nginx lives in /usr/sbin). */
function find(tool) {
  const r = spawnSync('sh', ['-c', `command -v ${tool.name}`], { encoding: 'utf8' });
  const onPath = r.status === 0 ? r.stdout.trim() : '';
  if (onPath) return onPath;
  return existsSync(tool.path) ? tool.path : undefined;
}

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

/**
 * Answers `{ caddy, nginx, 'systemd-analyze', openssl }` (absolute paths). When a tool is missing and
 * cannot be installed: prints what to install and exits 1, or throws with that text when `exit` is false
 * (a test reports it as its failure).
 */
export function ensureDeployTools({ exit = true } = {}) {
  let missing = TOOLS.filter((t) => !find(t));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (missing.length && isRoot && hasApt) {
    const pkgs = missing.map((t) => t.pkg);
    console.log(`${missing.map((t) => t.name).join(', ')} missing: installing Debian's ${pkgs.join(' ')} for the deploy recipe checks.`);
    // --no-install-recommends: the checks need the binaries, not a running web server or init system.
    if (run('apt-get', ['update', '-qq'])) run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs]);
    missing = TOOLS.filter((t) => !find(t));
  }
  if (!missing.length) return Object.fromEntries(TOOLS.map((t) => [t.name, find(t)]));
  const names = missing.map((t) => t.name).join(' and ').replace(/ and (?=.* and )/g, ', ');
  const message = [
    `The deploy recipe checks (test/packages/deploy-recipes.test.ts) need ${names}, and ${missing.length === 1 ? 'it was' : 'they were'} not found.`,
    `Install ${missing.length === 1 ? 'it' : 'them'} with:   sudo apt-get update && sudo apt-get install -y ${missing.map((t) => t.pkg).join(' ')}`,
    ...(isRoot ? [] : ['(This check installs them by itself when run as root on Debian or Ubuntu.)']),
  ].join('\n');
  if (!exit) throw new Error(message);
  console.error(message);
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureDeployTools();
