import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { DeferredWrites, deferralBarrier, heldRowsFrom } from './deferred-writes.ts';
import type { DeferralBarrier } from './deferred-writes.ts';
import { ROW_KEYED_TABLES, ReadMemo, statementEffect } from './read-memo.ts';
import type { WriteEffect } from './read-memo.ts';

/** A connection that also counts the statements it has run for their effects (any that could write). */
export interface CountingSqliteDatabase extends SqliteDatabase {
  /**
   * Statements that completed and could write so far: every `run`, and an `all` of a statement that is
   * not read-only (`INSERT … RETURNING`), and every write held by `defer`. A statement that failed is not
   * counted: SQLite undid it. The group commit uses it to tell a unit that failed before writing anything
   * from one that wrote.
   */
  runCount(): number;
  /**
   * Statements that could write and were started so far, failed ones included: counted before SQLite
   * runs one, so whoever reads it on another thread after seeing a commit's rows has a mark that covers
   * that commit (the WAL sync's marks, wal-sync.ts and store-thread/shared-durability.ts).
   */
  writeMark(): number;
  /** Whether a transaction is open (SQLite ends one by itself on some errors, e.g. a full disk). */
  inTransaction(): boolean;
  /** Reads remembered inside group commits, forgotten by the writes that change them (read-memo.ts). */
  readonly readMemo: ReadMemo;
  /**
   * Inside a transaction: holds an UPDATE of one row of a deferrable table until a statement could see it
   * (deferred-writes.ts), replacing the one held with the same SQL and the same WHERE values. The read
   * memo hears of it now, as if it had run; the caller puts what it wrote into the memo.
   */
  defer(sql: string, parameters: readonly unknown[]): void;
}

interface Prepared {
  readonly facade: SqliteStatement;
  readonly statement: BetterSqlite3.Statement;
  readonly effect: WriteEffect;
}

/** A held write when it finally runs: the memo heard of it when it was held. */
const HEARD: WriteEffect = { kind: 'none' };

/** Distinct SQL texts kept prepared; `in (…)` lists of varying length make more texts than the code has queries. */
const CAPACITY = 1_000;

/**
 * Kysely's SQLite driver prepares every query afresh, and on the send path preparing cost more than
 * running (a quarter of the server's CPU in `npm run bench`). This hands Kysely the same prepared
 * statement for the same SQL text, least recently used out first.
 *
 * Safe because better-sqlite3's `all` and `run` finish before returning, so a statement is never in use
 * twice at once; `iterate` (streaming, which keeps a statement busy) gets a fresh statement every time.
 * SQLite re-prepares a cached statement by itself if the schema changes under it. `hooks.afterWrite` is
 * told of every statement that could write (the WAL checkpointer's cue that there may be something to
 * copy, and the WAL sync's that there is something to sync), and `runCount` counts them;
 * `hooks.afterStatement` of every statement.
 */
export interface StatementHooks {
  /** Before every statement that could write, with the `writeMark` it takes. */
  beforeWrite(mark: number): void;
  /** After every statement that could write, whether it failed or not. */
  afterWrite(): void;
  /** After every statement, reads included (what a tracked answer has seen: store/wal-sync.ts). */
  afterStatement(): void;
}

export function withStatementCache(
  sqlite: BetterSqlite3.Database,
  hooks: Partial<StatementHooks> = {},
): CountingSqliteDatabase {
  const beforeWrite = hooks.beforeWrite ?? (() => {});
  const afterWrite = hooks.afterWrite ?? (() => {});
  const afterStatement = hooks.afterStatement ?? (() => {});
  const cache = new Map<string, Prepared>();
  let runs = 0;
  let started = 0;
  const readMemo = new ReadMemo();
  const deferred = new DeferredWrites();
  /** Runs a statement that could write: counted before it starts, and again once it has completed. */
  const write = <R>(effect: WriteEffect, parameters: readonly unknown[], execute: () => R): R => {
    started += 1;
    readMemo.noteWrite(effect, parameters);
    beforeWrite(started);
    try {
      const result = execute();
      runs += 1;
      return result;
    } finally {
      afterWrite();
      afterStatement();
    }
  };
  /** The prepared statement for `sql`, from the cache or prepared now; its effects read off the SQL once. */
  const lookup = (sql: string): Prepared => {
    const cached = cache.get(sql);
    if (cached) {
      cache.delete(sql);
      cache.set(sql, cached);
      return cached;
    }
    const statement = sqlite.prepare(sql);
    const effect = statementEffect(sql);
    const barrier: DeferralBarrier = deferralBarrier(sql);
    /** Held writes first, where this statement could see them (deferred-writes.ts). */
    const settle = (): void => {
      if (deferred.size > 0) deferred.settle(barrier);
    };
    const facade: SqliteStatement = {
      reader: statement.reader,
      // A write with RETURNING is a reader: it runs through `all`, and is counted as a write all the same.
      all: statement.readonly
        ? (parameters) => {
            settle();
            const rows = statement.all(parameters);
            afterStatement();
            return rows;
          }
        : (parameters) => {
            settle();
            return write(effect, parameters, () => statement.all(parameters));
          },
      run: (parameters) => {
        settle();
        return write(effect, parameters, () => statement.run(parameters));
      },
      iterate: (parameters) => {
        settle();
        const rows = sqlite.prepare(sql).iterate(parameters);
        afterStatement();
        return rows;
      },
    };
    const prepared: Prepared = { facade, statement, effect };
    cache.set(sql, prepared);
    if (cache.size > CAPACITY) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return prepared;
  };
  return {
    runCount: () => runs,
    writeMark: () => started,
    readMemo,
    inTransaction: () => sqlite.inTransaction,
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql) => lookup(sql).facade,
    defer(sql, parameters) {
      const { statement, effect } = lookup(sql);
      const rowsFrom = heldRowsFrom(effect);
      // `run` only: a statement that returns rows (RETURNING) has nobody to return them to.
      if (rowsFrom === null || statement.reader || !sqlite.inTransaction) {
        throw new Error(
          `statement cache: only an UPDATE of one row of ${ROW_KEYED_TABLES.join(' or ')}, in a transaction, can be held: ${sql}`,
        );
      }
      readMemo.noteWrite(effect, parameters);
      runs += 1;
      const key = [sql, ...parameters.slice(rowsFrom)].join('\u0000');
      deferred.hold(key, () => write(HEARD, parameters, () => statement.run(parameters)));
    },
  };
}
