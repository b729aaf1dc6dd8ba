import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { ReadMemo, statementEffect } from './read-memo.ts';
import type { WriteEffect } from './read-memo.ts';

/** A connection that also counts the statements it has run for their effects (any that could write). */
export interface CountingSqliteDatabase extends SqliteDatabase {
  /**
   * Statements that completed and could write so far: every `run`, and an `all` of a statement that is
   * not read-only (`INSERT … RETURNING`). A statement that failed is not counted: SQLite undid it. The group commit uses it to tell a unit that failed before writing anything from one that wrote.
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
}

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
  const cache = new Map<string, SqliteStatement>();
  let runs = 0;
  let started = 0;
  const readMemo = new ReadMemo();
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
  return {
    runCount: () => runs,
    writeMark: () => started,
    readMemo,
    inTransaction: () => sqlite.inTransaction,
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      // Read off the SQL once, here, rather than on every run (read-memo.ts).
      const effect = statementEffect(sql);
      const facade: SqliteStatement = {
        reader: statement.reader,
        // A write with RETURNING is a reader: it runs through `all`, and is counted as a write all the same.
        all: statement.readonly
          ? (parameters) => {
              const rows = statement.all(parameters);
              afterStatement();
              return rows;
            }
          : (parameters) => write(effect, parameters, () => statement.all(parameters)),
        run: (parameters) => write(effect, parameters, () => statement.run(parameters)),
        iterate: (parameters) => {
          const rows = sqlite.prepare(sql).iterate(parameters);
          afterStatement();
          return rows;
        },
      };
      cache.set(sql, facade);
      if (cache.size > CAPACITY) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return facade;
    },
  };
}
