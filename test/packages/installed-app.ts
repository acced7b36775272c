// Helpers for tests that install the packed tarballs in an app outside the repository.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** This process's environment without npm's `npm_*` variables, so an install outside the repo is clean. */
export const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

/**
 * Starts the app's installed `rescuekit` bin with `args`. `url` resolves with the address it
 * listens on, or rejects with its output if it exits first; stop `child` when done.
 */
export function serveInstalled(app: string, args: string[], env: Record<string, string>): { child: ChildProcess; url: Promise<string> } {
  const child = spawn(join(app, 'node_modules/.bin/rescuekit'), args, { cwd: app, env: { ...cleanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`rescuekit exited (${code}): ${out}`)));
  });
  return { child, url };
}
