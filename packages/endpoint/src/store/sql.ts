/**
 * Store work as a program of SQL statements, written once for both databases. A program is a
 * generator that yields each statement and receives its answer; a driver (`sqlite.ts`,
 * `postgres.ts`) runs the statements, synchronously or asynchronously, and hands a failed
 * statement's error back into the program, which may roll back to a savepoint and go on.
 */

/** One statement's text in each dialect. */
export interface Statement {
  /** The text for SQLite (`?` placeholders), or null where SQLite needs no statement. */
  readonly sqlite: string | null;
  /** The text for Postgres (`$1`, `$2`, …), or null where Postgres needs none. */
  readonly postgres: string | null;
  /**
   * Prepared under this name on Postgres, once per connection. Only for statements that name
   * their columns: a prepared `SELECT *` fails once a newer release adds a column.
   */
  readonly name?: string;
}

/** A Postgres-only statement prepared under `name` (see {@link Statement.name}). */
export const prepared = (name: string, text: string): Statement => ({ sqlite: null, postgres: numbered(text), name });

/** A statement to run with its parameters. */
export interface Sql {
  statement: Statement;
  params: readonly unknown[];
  /** What the driver answers: the rows, how many rows changed, or nothing (DDL, several statements, no params). */
  want: 'rows' | 'changes' | 'exec';
  /** The campaigns whose totals row this statement may change: the store reads them back before the commit. */
  touches?: readonly string[];
}

export type Program<T> = Generator<Sql, T, unknown>;

/** A statement the same in both dialects (`?` placeholders), or one text per dialect where they differ. */
export type Text = string | { readonly sqlite: string | null; readonly postgres: string | null };

const numbered = (text: string | null) => {
  let n = 0;
  return text && text.replace(/\?/g, () => `$${++n}`);
};

// Each text is turned into a Statement once (Postgres' numbered placeholders included).
const fromString = new Map<string, Statement>();
const fromPair = new WeakMap<object, Statement>();
function statement(text: Text | Statement): Statement {
  if (typeof text !== 'string' && 'name' in text) return text as Statement;
  if (typeof text === 'string') {
    let s = fromString.get(text);
    if (!s) fromString.set(text, (s = { sqlite: text, postgres: numbered(text) }));
    return s;
  }
  let s = fromPair.get(text);
  if (!s) fromPair.set(text, (s = { sqlite: text.sqlite, postgres: numbered(text.postgres) }));
  return s;
}

/**
 * A statement for a program to yield: `const found = (yield rows(text, params)) as Row[]`.
 * (Plain functions rather than `yield*` helpers: every statement of a batch passes through
 * each generator level once, and the webhook path runs about ten per event.)
 */
export const rows = (text: Text | Statement, params: readonly unknown[] = []): Sql => ({ statement: statement(text), params, want: 'rows' });
export const changes = (text: Text | Statement, params: readonly unknown[] = []): Sql => ({ statement: statement(text), params, want: 'changes' });
/** DDL or several statements at once, run as they are (no parameters, no placeholders). */
export const exec = (text: Text): Sql => ({ statement: typeof text === 'string' ? { sqlite: text, postgres: text } : text, params: [], want: 'exec' });

/** One statement and how its answer (rows, or rows changed) becomes the load's or write's. */
export interface Query {
  sql: Sql;
  answer(result: unknown): unknown;
}

/**
 * On Postgres the same update also queues `NOTIFY rescuekit_totals, '<campaign>'`: sent at commit,
 * dropped with a rolled-back savepoint, one per campaign per transaction (Postgres folds repeats).
 * The count of rows the SELECT returns is the count the UPDATE changed.
 */
export const notifying = (update: string) =>
  ({
    sqlite: update,
    postgres: `WITH changed AS (${update} RETURNING campaign) SELECT pg_notify('rescuekit_totals', campaign) FROM changed`,
  }) as const;
