/**
 * `rescuekit backup --out <file>` and `rescuekit restore <file>`: a copy of the database in
 * `DATABASE_URL` taken while servers keep writing, and that copy put into an empty database.
 *
 * SQLite: `VACUUM INTO`, one read transaction, so the copy is the database as it was at one instant
 * (WAL readers do not hold writers up), itself a database file a server can open. Postgres: `pg_dump`
 * in its custom format (one consistent snapshot) and `pg_restore`, from the PostgreSQL client tools;
 * without them the command says what to install and the command to run instead. A restore goes only
 * into an empty database (never over data), then runs the migrations, so a backup made by an earlier
 * release comes back upgraded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { describeStore, DEFAULT_DATABASE_URL } from './cli-store.js';
import { loadSqlite, openStore, sqlitePath } from './store/open.js';

export const BACKUP_HELP = `       rescuekit backup --out <file>    (the database in DATABASE_URL, copied while servers run)
       rescuekit restore <file>         (into the empty database in DATABASE_URL, then migrated)
`;

class BackupError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

/** A PostgreSQL client tool: `PG_BIN`'s, else the one on PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore', env: Env): string | undefined {
  const candidates = [env['PG_BIN'] && `${env['PG_BIN']}/${name}`, name].filter(Boolean) as string[];
  return candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
}

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new BackupError(`${tool.split('/').pop()} failed: ${(r.stderr || r.error?.message || '').trim()}`);
}

/** Ledger rows and the campaigns' totals in an SQLite file, for the report (and a check that it opens). */
async function sqliteSummary(path: string): Promise<string> {
  const Database = await loadSqlite();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${path} is damaged: ${String(check)}`);
    const rows = (db.prepare('SELECT count(*) AS n FROM ledger').get() as { n: number }).n;
    const campaigns = (db.prepare('SELECT count(*) AS n FROM campaign_totals').get() as { n: number }).n;
    return `${rows} ledger rows, ${campaigns} campaigns`;
  } finally {
    db.close();
  }
}

async function backup(url: string, out: string, env: Env): Promise<string> {
  if (existsSync(out)) throw new BackupError(`${resolve(out)} exists: a backup never overwrites a file. Choose a new name.`);
  if (/^sqlite:/i.test(url)) {
    const path = sqlitePath(url);
    if (path === ':memory:' || !existsSync(path)) throw new BackupError(`no database at ${path} to back up (DATABASE_URL)`);
    const Database = await loadSqlite();
    const db = new Database(path, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(resolve(out));
    } finally {
      db.close();
    }
    return `${resolve(out)}: ${await sqliteSummary(out)}`;
  }
  const tool = pgTool('pg_dump', env);
  if (!tool) {
    throw new BackupError(
      'pg_dump was not found (set PG_BIN, or install the PostgreSQL client: apt-get install postgresql-client). ' +
        `The same backup by hand: pg_dump --format=custom --no-owner --file=${out} "$DATABASE_URL"`,
    );
  }
  run(tool, ['--format=custom', '--no-owner', `--file=${resolve(out)}`, `--dbname=${url}`]);
  return `${resolve(out)}: ${statSync(out).size} bytes (pg_dump custom format; restore with rescuekit restore)`;
}

async function restore(url: string, file: string, env: Env): Promise<string> {
  if (!existsSync(file)) throw new BackupError(`no backup at ${resolve(file)}`);
  if (/^sqlite:/i.test(url)) {
    const path = sqlitePath(url);
    if (path === ':memory:') throw new BackupError('restore needs a database file in DATABASE_URL, not :memory:');
    if (existsSync(path)) throw new BackupError(`${resolve(path)} exists: a restore goes only into a new database. Point DATABASE_URL at a new file.`);
    await sqliteSummary(file); // refuses a damaged or foreign file before anything is made
    const Database = await loadSqlite();
    const db = new Database(resolve(file), { readonly: true, fileMustExist: true });
    try {
      db.prepare('VACUUM INTO ?').run(resolve(path));
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()");
      if (Number(rows[0]!.n) > 0) throw new BackupError(`${describeStore(url)} is not empty: a restore goes only into a new, empty database.`);
    } finally {
      await client.end();
    }
    const tool = pgTool('pg_restore', env);
    if (!tool) {
      throw new BackupError(
        'pg_restore was not found (set PG_BIN, or install the PostgreSQL client: apt-get install postgresql-client). ' +
          `The same restore by hand: pg_restore --no-owner --exit-on-error --dbname="$DATABASE_URL" ${file}`,
      );
    }
    run(tool, ['--no-owner', '--exit-on-error', `--dbname=${url}`, resolve(file)]);
  }
  // Opening the store runs the migrations a backup from an earlier release needs.
  const store = await openStore(url);
  try {
    return `${describeStore(url)}: ${await store.countLedger()} ledger rows, migrated to this release`;
  } finally {
    await store.close();
  }
}

/** `backup` and `restore`; answers the exit code (0 done, 1 failed, 2 bad usage). */
export async function runBackupCli(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr, env: Env = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const url = env['DATABASE_URL'] || DEFAULT_DATABASE_URL;
  let target: string | undefined;
  if (command === 'backup') {
    if (rest.length !== 2 || rest[0] !== '--out' || !rest[1]) return (err.write('rescuekit: usage: rescuekit backup --out <file>\n'), 2);
    target = rest[1];
  } else {
    if (rest.length !== 1 || rest[0]!.startsWith('-')) return (err.write('rescuekit: usage: rescuekit restore <file>\n'), 2);
    target = rest[0];
  }
  try {
    err.write(`rescuekit: store: ${describeStore(url)}\n`);
    const report = command === 'backup' ? await backup(url, target!, env) : await restore(url, target!, env);
    out.write(`rescuekit ${command}: ${report}\n`);
    return 0;
  } catch (e) {
    err.write(`rescuekit ${command}: ${(e as Error).message}\n`);
    return 1;
  }
}
