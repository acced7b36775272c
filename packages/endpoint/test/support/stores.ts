/**
 * Both stores for the contract suite: a fresh database of each, a copy of each one made by
 * the 0.1 release (`test/fixtures/`), and plain SQL on either for what the Store contract
 * does not show (schema, processed events, payment state).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Driver } from '../../src/store/ledger-store.js';
import { PostgresDriver } from '../../src/store/postgres.js';
import { SqliteDriver } from '../../src/store/sqlite.js';
import { startTestPostgres, type TestPostgres } from './postgres.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/** Plain SQL on one database, `?` placeholders on both. */
export interface Raw {
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** The URL of a new, empty database. */
  fresh(): Promise<string>;
  /** The URL of a copy of the database the 0.1 release left (not yet opened by this code). */
  fromRelease(version: '0.1'): Promise<string>;
  raw(url: string): Promise<Raw>;
  /** A bare driver on the database at `url`, to run a plan the store would not make itself. */
  driver(url: string): Driver;
  /** Tables, columns, types, constraints and indexes, in a form two databases can be compared by. */
  schema(url: string): Promise<unknown>;
}

let dir = '';
let server: TestPostgres | undefined;
let n = 0;

/** Starts what the backends need (a temp folder, a throwaway Postgres); returns the cleanup. */
export async function startBackends(): Promise<() => Promise<void>> {
  dir = await mkdtemp(join(tmpdir(), 'rescuekit-stores-'));
  server = await startTestPostgres();
  return async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

const sqliteFile = (url: string) => url.slice('sqlite:'.length);
const normalise = (sql: string) => sql.replace(/\s+/g, ' ').trim().toLowerCase();

const sqlite: Backend = {
  name: 'sqlite',
  fresh: async () => `sqlite:${join(dir, `store-${++n}.db`)}`,
  async fromRelease(version) {
    const file = join(dir, `release-${version}-${++n}.db`);
    await copyFile(join(FIXTURES, `v${version}-sqlite.db`), file);
    return `sqlite:${file}`;
  },
  async raw(url) {
    const db = new Database(sqliteFile(url));
    return {
      all: async <T>(sql: string, params: readonly unknown[] = []) => {
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
      },
      close: async () => void db.close(),
    };
  },
  driver: (url) => new SqliteDriver(new Database(sqliteFile(url), { timeout: 5000 })),
  async schema(url) {
    const raw = await this.raw(url);
    try {
      const rows = await raw.all<{ type: string; name: string; sql: string | null }>("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
      return rows.map((r) => ({ ...r, sql: r.sql && normalise(r.sql) }));
    } finally {
      await raw.close();
    }
  },
};

const postgres: Backend = {
  name: 'postgres',
  fresh: () => server!.freshDatabase(),
  async fromRelease(version) {
    const url = await server!.freshDatabase();
    // pg_dump's plain format, less the psql-only `\restrict` lines around it.
    const dump = (await readFile(join(FIXTURES, `v${version}-postgres.sql`), 'utf8')).split('\n').filter((l) => !l.startsWith('\\')).join('\n');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(dump);
    } finally {
      await c.end();
    }
    return url;
  },
  async raw(url) {
    // bigint columns as numbers, as the store reads them.
    const c = new pg.Client({ connectionString: url, types: { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format ?? 'text')) } as pg.CustomTypesConfig });
    await c.connect();
    return {
      all: async <T>(sql: string, params: readonly unknown[] = []) => {
        let i = 0;
        return (await c.query(sql.replace(/\?/g, () => `$${++i}`), [...params])).rows as T[];
      },
      close: () => c.end(),
    };
  },
  driver: (url) => new PostgresDriver(new pg.Pool({ connectionString: url, max: 2 })),
  async schema(url) {
    const raw = await this.raw(url);
    try {
      return {
        columns: await raw.all(
          "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
        ),
        constraints: await raw.all(
          "SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
        ),
        indexes: await raw.all("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"),
      };
    } finally {
      await raw.close();
    }
  },
};

export const BACKENDS: readonly Backend[] = [sqlite, postgres];

/** Every row a store keeps, in a fixed order, JSON state parsed: what an upgrade must leave alone. */
export async function contents(backend: Backend, url: string) {
  const raw = await backend.raw(url);
  const all = (table: string, order: string) => raw.all(`SELECT * FROM ${table} ORDER BY ${order}`);
  try {
    const payments = await all('payments', 'ref');
    return {
      migrations: await all('schema_migrations', 'version'),
      totals: await all('campaign_totals', 'campaign'),
      ledger: await all('ledger', 'id'),
      keys: await all('idempotency_keys', 'scope, key'),
      events: await all('stripe_events', 'id'),
      payments: payments.map((p): Record<string, unknown> => ({ ...p, state: typeof p['state'] === 'string' ? JSON.parse(p['state']) : p['state'] })),
      aliases: await all('payment_aliases', 'alias'),
      allies: await all('allies', 'subscription_id'),
    };
  } finally {
    await raw.close();
  }
}
