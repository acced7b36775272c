/**
 * A throwaway PostgreSQL server for tests: initdb into a temp folder, listen on
 * 127.0.0.1 and a free port, fast shutdown and removal at the end. Uses Debian's
 * server binaries (/usr/lib/postgresql/<v>/bin, or PG_BIN); as root it runs them
 * as the `postgres` user, since Postgres refuses to run as root.
 * RESCUEKIT_TEST_POSTGRES_URL points the tests at a server of your own instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** Admin URL (database `postgres`). */
  url: string;
  /** Creates an empty database and returns its URL. */
  freshDatabase(): Promise<string>;
  /** Stops the server (fast shutdown: every connection is cut), keeping its data and port. Own servers only. */
  halt(): Promise<void>;
  /** Starts a halted server again on the same port and data; resolves once it accepts connections. */
  resume(): Promise<void>;
  /** `halt` then `resume`: a maintenance restart. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestPostgresOptions {
  /** Start a server of our own even when RESCUEKIT_TEST_POSTGRES_URL is set (to stop and restart it). */
  own?: boolean;
}

export const INSTALL_HINT = 'PostgreSQL server binaries are needed for the Postgres store tests: sudo apt-get install -y postgresql (or set PG_BIN, or RESCUEKIT_TEST_POSTGRES_URL)';

export function findPgBin(): string | undefined {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] && join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${log()}`);
    const c = new pg.Client({ connectionString: url });
    try {
      await c.connect();
      await c.end();
      return;
    } catch {
      await c.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s: ${log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

let databases = 0;

export async function startTestPostgres(options: TestPostgresOptions = {}): Promise<TestPostgres> {
  const own = options.own ? undefined : process.env['RESCUEKIT_TEST_POSTGRES_URL'];
  const bin = own ? undefined : findPgBin();
  if (!own && !bin) throw new Error(INSTALL_HINT);
  let url = own ?? '';
  let stop = async () => {};
  let halt = async (): Promise<void> => {
    throw new Error('halt/resume need a server of our own: startTestPostgres({ own: true })');
  };
  let resume = halt;
  if (!own) {
    const dir = mkdtempSync(join(tmpdir(), 'rescuekit-pg-'));
    // Postgres refuses to run as root: as root, run its programs as the `postgres` user.
    let user: { uid: number; gid: number } | undefined;
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
      user = { uid: id('-u'), gid: id('-g') };
      if (!Number.isInteger(user.uid) || !Number.isInteger(user.gid)) throw new Error(`running as root needs the "postgres" user (from the postgresql package). ${INSTALL_HINT}`);
      chownSync(dir, user.uid, user.gid);
    }
    const opts = { ...user, cwd: dir };
    const data = join(dir, 'data');
    const init = spawnSync(join(bin!, 'initdb'), ['-D', data, '-U', 'rescuekit', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...opts, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error}`);
    const port = await freePort();
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=50'];
    let out = '';
    const launch = () => {
      const c = spawn(join(bin!, 'postgres'), args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
      c.stdout!.on('data', (d) => (out += d));
      c.stderr!.on('data', (d) => (out += d));
      return c;
    };
    let child = launch();
    url = `postgres://rescuekit@127.0.0.1:${port}/postgres`;
    halt = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT'); // fast shutdown: clients are disconnected, like a maintenance restart
        await exited;
      }
    };
    resume = async () => {
      if (child.exitCode === null && child.signalCode === null) return;
      child = launch();
      await waitReady(url, child, () => out);
    };
    stop = async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      await waitReady(url, child, () => out);
    } catch (e) {
      await stop();
      throw e;
    }
  }
  return {
    url,
    stop,
    halt: () => halt(),
    resume: () => resume(),
    async restart() {
      await halt();
      await resume();
    },
    async freshDatabase() {
      const name = `rk_test_${process.pid}_${++databases}_${Date.now().toString(36)}`;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${name}`);
      } finally {
        await c.end();
      }
      const u = new URL(url);
      u.pathname = `/${name}`;
      return u.toString();
    },
  };
}
