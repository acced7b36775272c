// Helpers for tests that install the packed tarballs in an app outside the repository.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { start } from './local-servers.js';

/** This process's environment without npm's `npm_*` variables, so an install outside the repo is clean. */
export const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

/**
 * Starts the app's installed `rescuekit` bin with `args`. `url` resolves with the address it
 * listens on, or rejects with its output if it exits first; stop `child` when done.
 */
export function serveInstalled(app: string, args: string[], env: Record<string, string>): { child: ChildProcess; url: Promise<string> } {
  const { child, url } = start([join(app, 'node_modules/.bin/rescuekit'), ...args], { ...cleanEnv, ...env } as Record<string, string>, app);
  return { child, url };
}

/** Runs a command with {@link cleanEnv}; throws with its output when it fails. */
export function runClean(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, env: cleanEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: any) {
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`);
  }
}

/**
 * A server as an operator installs one (docs/deploy.md): packs the built packages into `work/tarballs`,
 * then installs the endpoint and schema tarballs in `app` with production dependencies only
 * (`npm install --omit=dev`). `--ignore-scripts`, then the identical better-sqlite3 build (same
 * version, same Node) is copied from this repository instead of compiled again; any other version is
 * compiled as npm would. Run after `npm run build`.
 */
export function installServerApp(work: string, app: string): void {
  const root = resolve('.');
  runClean(process.execPath, ['scripts/pack.mjs', '--no-build', '--out', join(work, 'tarballs')], root);
  const tarballs = readdirSync(join(work, 'tarballs')).filter((f) => /^rescuekit-(endpoint|schema)-/.test(f)).map((f) => join(work, 'tarballs', f));
  if (tarballs.length !== 2) throw new Error(`expected the endpoint and schema tarballs, found ${tarballs.join(', ')}`);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'rescuekit-server', private: true }, null, 2));
  runClean('npm', ['install', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], app);
  const sqlite = (dir: string) => JSON.parse(readFileSync(join(dir, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const binary = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (sqlite(app) === sqlite(root) && existsSync(binary)) {
    mkdirSync(join(app, binary, '..'), { recursive: true });
    copyFileSync(binary, join(app, binary));
  } else {
    runClean('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], app);
  }
}
