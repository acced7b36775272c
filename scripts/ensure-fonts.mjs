// Makes sure the fonts the visual-regression baselines were drawn with are on this machine:
// Noto Sans (Debian `fonts-noto-core`) and Noto Sans CJK KR (`fonts-noto-cjk`). The test pages name
// these families, so a screenshot never depends on fontconfig's default. Installs the packages when
// they are missing and we are root with apt-get (as ensure-chromium.mjs does for Chromium); otherwise
// prints exactly what to install and exits 1.
import { spawnSync } from 'node:child_process';

/** Font family -> the Debian package that provides it. */
export const FONTS = { 'Noto Sans': 'fonts-noto-core', 'Noto Sans CJK KR': 'fonts-noto-cjk' };

function missing() {
  const r = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  const families = new Set((r.stdout ?? '').split('\n').flatMap((l) => l.split(',')).map((f) => f.trim()));
  return Object.entries(FONTS).filter(([family]) => !families.has(family));
}

export function ensureFonts() {
  let gone = missing();
  if (!gone.length) return;
  const packages = [...new Set(gone.map(([, pkg]) => pkg))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`Fonts for the visual baselines are missing (${gone.map(([f]) => f).join(', ')}): installing ${packages.join(' ')}.`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', env }).status === 0;
    if (ok(['apt-get', 'update', '-qq']) && ok(['apt-get', 'install', '-y', '-qq', ...packages])) {
      spawnSync('fc-cache', ['-f'], { stdio: 'ignore' });
      gone = missing();
      if (!gone.length) return;
    }
  }
  console.error(
    [
      `The visual-regression tests need the fonts ${gone.map(([f]) => f).join(' and ')}, and fontconfig does not list them.`,
      `Install them with:   sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensureFonts();
