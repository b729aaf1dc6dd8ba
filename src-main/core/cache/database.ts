import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { AppError } from '../../../src-shared/errors.ts';
import { privateDatabaseFile } from '../private-files.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations/index.ts';
import type { Migration } from './migrations/types.ts';

export interface OpenCacheOptions {
  /** File path, or ':memory:'. */
  path: string;
  /**
   * What to do with a cache written by a newer app version. The server is the record, so the cache is
   * disposable in principle, but it may hold unsent messages and drafts: by default the core refuses with
   * CACHE_TOO_NEW and the shell asks the user; `rebuild` (the user agreed, or the shell was started with
   * the disposable flag) deletes the file and starts an empty cache that resyncs from the server.
   */
  onNewerSchema?: 'refuse' | 'rebuild';
  /** Only for tests of the migrations themselves. */
  migrations?: readonly Migration[];
}

function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -32000');
  // Reads of a large cache go through the OS page cache without a copy per page (history pages, search).
  db.pragma('mmap_size = 268435456');
}

/** Runs the migrations the file has not seen yet, each in its own transaction with its version bump. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function schemaVersionOf(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function removeCacheFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** Opens (creating if needed) the cache file, checks its schema version and migrates it. */
export function openCacheDatabase(options: OpenCacheOptions): Db {
  const migrations = options.migrations ?? MIGRATIONS;
  const known = migrations.at(-1)?.version ?? 0;
  privateDatabaseFile(options.path);
  let db = new Database(options.path);
  const found = schemaVersionOf(db);
  if (found > known) {
    if (options.onNewerSchema !== 'rebuild' || options.path === ':memory:') {
      db.close();
      throw new AppError(
        'CACHE_TOO_NEW',
        `The local message cache at ${options.path} was written by a newer version of BeatPass Messenger ` +
          `(cache schema ${found}, this version knows up to ${known}). Update the app, or allow the cache to be ` +
          `rebuilt from the server (unsent messages and drafts on this computer will be lost).`,
      );
    }
    db.close();
    removeCacheFiles(options.path);
    privateDatabaseFile(options.path);
    db = new Database(options.path);
  }
  applyPragmas(db);
  migrate(db, migrations);
  return db;
}

export { SCHEMA_VERSION };
