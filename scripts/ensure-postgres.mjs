// Makes sure PostgreSQL server binaries are on this machine for the Postgres store tests.
// Uses PG_BIN or Debian's /usr/lib/postgresql/<v>/bin; installs the `postgresql` package when
// missing and we are root. RESCUEKIT_TEST_POSTGRES_URL (a server of your own) needs neither.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function pgBin() {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const v = readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))[0];
  return v && join(root, v, 'bin');
}

export function ensurePostgres() {
  if (process.env.RESCUEKIT_TEST_POSTGRES_URL) return;
  if (pgBin()) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log("PostgreSQL is missing: installing Debian's postgresql package for the Postgres store tests.");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const ok = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    if (ok(['update', '-qq']) && ok(['install', '-y', '-qq', 'postgresql']) && pgBin()) return;
  }
  console.error(
    [
      'The Postgres store tests need PostgreSQL server binaries, and none were found in /usr/lib/postgresql.',
      'Install them with:   sudo apt-get update && sudo apt-get install -y postgresql',
      'or set PG_BIN to a folder holding initdb and postgres, or RESCUEKIT_TEST_POSTGRES_URL to a server of your own.',
    ].join('\n'),
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) ensurePostgres();
