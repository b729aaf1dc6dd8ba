import { CompiledQuery } from 'kysely';
import type { DialectAdapter, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.ts';
import type { MemoDependency, RowKeyedTable } from './read-memo.ts';
import type { CountingSqliteDatabase } from './statement-cache.ts';

/** The server's SQLite connection, by the adapter of the Kysely instance that owns it. */
const connections = new WeakMap<DialectAdapter, CountingSqliteDatabase>();

export function registerDirectConnection(adapter: DialectAdapter, connection: CountingSqliteDatabase): void {
  connections.set(adapter, connection);
}

/** `db`'s SQLite connection when `db` is one of its transactions; undefined anywhere else. */
function inTransactionOn(db: Kysely<Database>): CountingSqliteDatabase | undefined {
  return db.isTransaction ? connections.get(db.getExecutor().adapter) : undefined;
}

/**
 * Statements run for their effects on `db`'s SQLite connection so far (statement-cache.ts), or null when
 * `db` is not the server's SQLite store. Compared before and after a unit of work: equal means it changed
 * nothing.
 */
export function statementsRun(db: Kysely<Database>): number | null {
  return connections.get(db.getExecutor().adapter)?.runCount() ?? null;
}

/**
 * `load`'s value, remembered on `db`'s SQLite connection while nothing it depends on is written
 * (read-memo.ts); only inside a group commit's transaction. Anywhere else (PostgreSQL, outside a
 * transaction) it is `load()`.
 */
export function memoized<T>(
  db: Kysely<Database>,
  key: string,
  dependencies: readonly MemoDependency[],
  load: () => Promise<T>,
): Promise<T> {
  const connection = inTransactionOn(db);
  return connection ? connection.readMemo.read(key, dependencies, load) : load();
}

/**
 * Whether `memoized` and `memoizedRow` can answer from memory here (SQLite, inside a group commit):
 * where they cannot, every read is a statement of its own, a round trip on PostgreSQL, and a caller
 * that needs several may do better with one query.
 */
export function readsAreMemoized(db: Kysely<Database>): boolean {
  return inTransactionOn(db) !== undefined;
}

/**
 * `load`'s value for the rows of `table` (one of read-memo.ts's `ROW_KEYS`) keyed `rowKey`, remembered on
 * `db`'s SQLite connection until a write reaches those rows, and only inside a group commit's transaction;
 * `load()` anywhere else.
 */
export function memoizedRow<T>(
  db: Kysely<Database>,
  table: RowKeyedTable,
  rowKey: string,
  load: () => Promise<T>,
): Promise<T> {
  const connection = inTransactionOn(db);
  return connection ? connection.readMemo.readRow(table, rowKey, load) : load();
}

/**
 * Written through: what `memoizedRow(db, table, rowKey)` would load now, told by the caller that has
 * just changed those rows in this transaction. Nothing off SQLite or outside a group commit.
 */
export function rememberRow(
  db: Kysely<Database>,
  table: RowKeyedTable,
  rowKey: string,
  value: unknown,
): void {
  inTransactionOn(db)?.readMemo.putRow(table, rowKey, value);
}

/**
 * Inside a group commit's transaction on SQLite: an UPDATE of one row of `conversations` or `participants`
 * (`column = ?` values, pinned to the row's key), held until a statement could see it and then run once
 * for all the holds on the same row (deferred-writes.ts). Run at once anywhere else. Through
 * `preparedHeld` (prepared.ts).
 */
export async function deferWrite(db: Kysely<Database>, query: CompiledQuery): Promise<void> {
  const connection = inTransactionOn(db);
  if (connection?.inTransaction()) connection.defer(query.sql, query.parameters);
  else await execute(db, query);
}

/**
 * The group commit holds the write lock and has read `PRAGMA data_version`: the memo of `db`'s connection
 * may answer until the transaction ends (`foreignCommit`: another connection committed since, so it forgets).
 */
export function verifyReadMemo(db: Kysely<Database>, foreignCommit: boolean): void {
  connections.get(db.getExecutor().adapter)?.readMemo.verify(foreignCommit);
}

/** Reads the memo of `db`'s connection answered from memory and loaded so far; null off SQLite. */
export function readMemoCounts(db: Kysely<Database>): { hits: number; misses: number } | null {
  const memo = connections.get(db.getExecutor().adapter)?.readMemo;
  return memo ? { hits: memo.hits, misses: memo.misses } : null;
}

/** Whether `db`'s SQLite connection is inside a transaction; false when it is not the server's store. */
export function inTransaction(db: Kysely<Database>): boolean {
  return connections.get(db.getExecutor().adapter)?.inTransaction() ?? false;
}

/**
 * Runs a compiled query straight on SQLite when `db` is a transaction, through Kysely otherwise.
 *
 * A transaction holds SQLite's one connection alone until it ends (Kysely hands it out under a mutex), so
 * nothing else can run on it meanwhile, and Kysely's per-query machinery around it (a fresh executor, the
 * mutex, four or five promises) cost about as much as SQLite running a point query
 * (`npm run bench -- --profile`). Outside a transaction that mutex is what keeps a query from landing in
 * the middle of someone else's transaction, so there the query goes through Kysely.
 */
export async function execute<O>(db: Kysely<Database>, query: CompiledQuery<O>): Promise<QueryResult<O>> {
  const connection = inTransactionOn(db);
  if (!connection) return db.executeQuery(query);
  const statement = connection.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as O[] };
  const { changes } = statement.run(query.parameters);
  return { rows: [], numAffectedRows: BigInt(changes) };
}

/** Plain SQL with `?` placeholders (SQLite-only statements of the group commit). */
export function executeSql<O>(
  db: Kysely<Database>,
  sql: string,
  parameters: unknown[] = [],
): Promise<QueryResult<O>> {
  return execute<O>(db, CompiledQuery.raw(sql, parameters) as CompiledQuery<O>);
}
