/**
 * Store work as a program of SQL statements, written once for both databases. A program is a
 * generator that yields each statement and receives its answer; a driver (`sqlite.ts`,
 * `postgres.ts`) runs the statements, synchronously or asynchronously, and hands a failed
 * statement's error back into the program, which may roll back to a savepoint and go on.
 */

/** One statement. Placeholders are `?`; the Postgres driver numbers them. */
export interface Sql {
  /** The statement for SQLite, or null where SQLite needs none. */
  sqlite: string | null;
  /** The statement for Postgres, or null where Postgres needs none. */
  postgres: string | null;
  params: readonly unknown[];
  /** What the driver answers: the rows, how many rows changed, or nothing (DDL, several statements, no params). */
  want: 'rows' | 'changes' | 'exec';
}

export type Program<T> = Generator<Sql, T, unknown>;

/** A statement the same in both dialects, or one text per dialect where they differ. */
export type Text = string | { sqlite: string | null; postgres: string | null };

const dialects = (text: Text) => (typeof text === 'string' ? { sqlite: text, postgres: text } : text);

export function* rows<R>(text: Text, params: readonly unknown[] = []): Program<R[]> {
  return (yield { ...dialects(text), params, want: 'rows' }) as R[];
}

export function* changes(text: Text, params: readonly unknown[] = []): Program<number> {
  return (yield { ...dialects(text), params, want: 'changes' }) as number;
}

export function* exec(text: Text): Program<void> {
  yield { ...dialects(text), params: [], want: 'exec' };
}
