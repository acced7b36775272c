// Makes sure a Chromium the browser tests can drive is on this machine.
// Uses CHROME_PATH if set; otherwise Debian's /usr/bin/chromium, installing the
// `chromium` package when it is missing and we are root. Test tools cannot
// download a browser of their own here, so this is the one install step.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

export function ensureChromium() {
  if (existsSync(chromePath)) return chromePath;
  if (process.env.CHROME_PATH) {
    console.error(`CHROME_PATH is set to ${chromePath}, but no file is there.`);
    process.exit(1);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log('Chromium is missing: installing Debian\'s chromium package for the browser tests.');
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) && existsSync(chromePath)) {
      return chromePath;
    }
  }
  console.error(
    [
      'The browser tests need Chromium, and none was found at /usr/bin/chromium.',
      'Install it with:   sudo apt-get update && sudo apt-get install -y chromium',
      'or point CHROME_PATH at an existing Chrome/Chromium binary.',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureChromium();
