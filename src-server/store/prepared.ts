import { PostgresAdapter } from 'kysely';
import type { Compilable, CompiledQuery, Kysely, QueryResult, RootOperationNode } from 'kysely';
import { deferWrite, execute } from './direct-sqlite.ts';
import { nameStatement } from './pg-named-statements.ts';
import type { Database } from './schema.ts';

type Args = Record<string, unknown>;

interface Compiled {
  sql: string;
  query: RootOperationNode;
  queryId: CompiledQuery['queryId'];
  /** Per parameter: the argument it takes, or the constant it always is. */
  slots: ({ arg: string } | { value: unknown })[];
}

const MARK = '\u0000arg:';

/**
 * A query written with Kysely, built and compiled once per dialect, then run with new values: on the send
 * path building and compiling cost more than SQLite running the statement (`npm run bench -- --profile`).
 *
 * `build` gets each argument as a stand-in and must pass it straight into the query as a value (a where
 * operand, a set or insert value); it must not compute with it or branch on it, since it runs only once.
 * Queries whose shape varies (`in` lists of any length) do not fit. Checked at first use: an argument that
 * does not reach the query as a value is an error.
 */
export function prepared<A extends Args, O>(build: (db: Kysely<Database>, args: A) => Compilable<O>) {
  const compiledFor = compiler(build);
  return async (db: Kysely<Database>, args: A): Promise<QueryResult<O>> =>
    execute<O>(db, compiledFor(db, args));
}

/**
 * As `prepared`, for an UPDATE of one row of `conversations` or `participants` that sets nothing but
 * values: inside a group commit on SQLite it is held until a statement could see it (deferred-writes.ts);
 * it runs at once anywhere else. The caller puts what it wrote into the read memo.
 */
export function preparedHeld<A extends Args>(build: (db: Kysely<Database>, args: A) => Compilable<unknown>) {
  const compiledFor = compiler(build);
  return async (db: Kysely<Database>, args: A): Promise<void> => deferWrite(db, compiledFor(db, args));
}

/** `build`'s query for `db`'s dialect, compiled at its first use, with `args` in its parameters. */
function compiler<A extends Args, O>(build: (db: Kysely<Database>, args: A) => Compilable<O>) {
  // Keyed by the dialect adapter, which every transaction of a Kysely instance shares.
  const compiled = new WeakMap<object, Compiled>();
  return (db: Kysely<Database>, args: A): CompiledQuery<O> => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = compile(db, build, Object.keys(args));
      compiled.set(adapter, query);
      // On PostgreSQL a fixed text is worth preparing once per connection, as SQLite's statement cache does.
      if (adapter instanceof PostgresAdapter) nameStatement(query.sql);
    }
    const parameters = query.slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    return { sql: query.sql, query: query.query, queryId: query.queryId, parameters };
  };
}

/** One row or none, as `executeTakeFirst`. */
export async function first<O>(result: Promise<QueryResult<O>>): Promise<O | undefined> {
  return (await result).rows[0];
}

function compile<A extends Args, O>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, args: A) => Compilable<O>,
  keys: string[],
): Compiled {
  const standIns = Object.fromEntries(keys.map((key) => [key, `${MARK}${key}`])) as A;
  const { sql, query, queryId, parameters } = build(db, standIns).compile();
  const slots = parameters.map((value) =>
    typeof value === 'string' && value.startsWith(MARK) ? { arg: value.slice(MARK.length) } : { value },
  );
  const missing = keys.filter((key) => !slots.some((slot) => 'arg' in slot && slot.arg === key));
  if (missing.length > 0)
    throw new Error(`prepared query: ${missing.join(', ')} never reach the query as values`);
  return { sql, query, queryId, slots };
}
