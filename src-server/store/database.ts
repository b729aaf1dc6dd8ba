import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Migration, MigrationProvider } from 'kysely/migration';
import pg from 'pg';
import type { Database } from './schema.ts';
import { initial } from './migrations/0001-initial.ts';
import { withNamedStatements } from './pg-named-statements.ts';
import { consent } from './migrations/0002-consent.ts';
import { ServerSqliteDialect } from './server-sqlite-dialect.ts';
import { withStatementCache } from './statement-cache.ts';
import type { CountingSqliteDatabase } from './statement-cache.ts';
import { WalCheckpointer } from './wal-checkpointer.ts';
import { durableOnCommit } from './durability.ts';
import type { Durability } from './durability.ts';
import { WalSync } from './wal-sync.ts';
import { JointDurability } from './joint-durability.ts';
import type { Fsync } from './wal-sync.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

/** Migrations in order. One file each under ./migrations; names sort by their number. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-consent': consent,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export interface OpenOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL: told when an idle pooled connection fails (the server restarted, the network dropped).
   * The pool replaces it on the next query; without a listener the error would end the process.
   */
  onIdleError?: (error: Error) => void;
  /**
   * SQLite (a file): commit without the fsync and sync the WAL off the event loop (wal-sync.ts); the
   * server's connection. Without it every COMMIT syncs before it returns (`synchronous=FULL`), which is
   * what the admin CLI and tests that open the store directly rely on.
   */
  syncOffLoop?: SyncOffLoop;
  /**
   * SQLite (a file): this connection is not the store's main writer. Another thread's connection (the
   * store thread, `store-thread/`) writes most, syncs the WAL off its loop and checkpoints it. This one
   * never checkpoints; whatever it reads waits for that thread's sync (`durability`, told of every
   * statement run here), and with `syncOffLoop` its own few writes are synced off this thread's loop too
   * (joint-durability.ts).
   */
  besideWriter?: { durability: Durability; noteStatement(): void };
  /** SQLite (a file): the WAL size in pages that makes a transaction wait for the log's rewind (wal-checkpointer.ts). */
  walRewindFrames?: number;
}

export interface SyncOffLoop {
  onFailure: (error: Error) => void;
  fsync?: Fsync;
  /** Before each statement that could write, its mark (statement-cache.ts `writeMark`). */
  onWriteStarting?: (mark: number) => void;
  /** Each time the writes up to `mark` are on disk. */
  onSynced?: (mark: number) => void;
}

/** The schema unqualified names resolve to (the first of search_path that exists; `public` by default). */
async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL: no schema in search_path exists; create it or fix search_path');
  return schema;
}

export function isPostgresUrl(location: string): boolean {
  return location.startsWith('postgres://') || location.startsWith('postgresql://');
}

export interface OpenedDatabase {
  db: Db;
  dialect: Dialect;
  /** When what was written or read is on disk, for whoever is about to show it (durability.ts). */
  durability: Durability;
  close(): Promise<void>;
}

/** An opened SQLite store, before its migrations have run. */
interface OpenedSqlite extends OpenedDatabase {
  /** Switches the connection to syncing off the event loop (after the migrations, which sync themselves). */
  syncOffLoop(options: SyncOffLoop): void;
}

/**
 * Opens the store: a SQLite file (no set-up) or PostgreSQL when given a postgres:// URL, and brings its
 * schema up to date.
 *
 * SQLite runs in WAL mode with synchronous=FULL, a transaction on disk when COMMIT returns; or, with
 * `syncOffLoop` (the server), commits that return at once and a WAL sync off the event loop that every
 * answer waits for (`durability`). Either way the server acks a message only once it is durably stored.
 */
export async function openDatabase(location: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const sqlite = isPostgresUrl(location) ? null : openSqlite(location, options);
  const opened = sqlite ?? openPostgres(location, options);
  const migrator = new Migrator({
    db: opened.db,
    provider,
    // PostgreSQL: Kysely looks for its migration tables in every schema unless told which; in a database
    // that holds several deployments (or test runs) by schema, another schema's tables would pass for ours.
    migrationTableSchema: opened.dialect === 'postgres' ? await currentSchema(opened.db) : undefined,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await opened.close();
    const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new Error(`Database migration failed: ${reason}`);
  }
  if (sqlite && options.syncOffLoop) sqlite.syncOffLoop(options.syncOffLoop);
  return opened;
}

function openSqlite(file: string, options: OpenOptions): OpenedSqlite {
  const { besideWriter } = options;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Each unit of a group commit runs in a savepoint, and SQLite saves a page's old content to a statement
  // journal the first time a savepoint changes it: a temp file by default, i.e. two write() calls per page,
  // about as many as the WAL itself gets. It only ever serves ROLLBACK TO within the open transaction, so
  // memory is enough; durability is the WAL's job and does not change.
  sqlite.pragma('temp_store = MEMORY');
  // Beside the writer its checkpointer does the checkpoints, and none may run on this thread's commits.
  if (besideWriter) sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer =
    file === ':memory:' || besideWriter ? null : new WalCheckpointer(file, sqlite, options.walRewindFrames);
  let walSync: WalSync | null = null;
  /** Beside the store thread, once this connection syncs its own writes too: both syncs. */
  let joint: Durability | null = null;
  let onWriteStarting: ((mark: number) => void) | undefined;
  const counting = withStatementCache(sqlite, {
    beforeWrite: (mark) => onWriteStarting?.(mark),
    afterWrite: () => {
      checkpointer?.noteWrite();
      walSync?.noteWrite();
    },
    // Beside the store thread an answer waits for both syncs: its own writes' and that thread's.
    afterStatement: () => {
      walSync?.noteStatement();
      besideWriter?.noteStatement();
    },
  });
  const connection: CountingSqliteDatabase = {
    ...counting,
    close: () => {
      // Copy the whole WAL into the database file and empty it, so a closed server leaves one file behind.
      // Busy when another process still has the database open; the last one to close checkpoints then.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
  const dialect = new ServerSqliteDialect(connection, async () => checkpointer?.beforeBegin());
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'sqlite',
    get durability(): Durability {
      // Beside the writer before `syncOffLoop`, this connection's commits sync themselves (FULL).
      return joint ?? besideWriter?.durability ?? walSync ?? durableOnCommit;
    },
    syncOffLoop: (options) => {
      if (file === ':memory:' || walSync) return;
      // Outside any transaction (the migrations are done): the setting applies to the commits after it.
      sqlite.pragma('synchronous = NORMAL');
      onWriteStarting = options.onWriteStarting;
      walSync = new WalSync({
        walFile: `${file}-wal`,
        writes: counting.writeMark,
        onFailure: options.onFailure,
        fsync: options.fsync,
        onSynced: options.onSynced,
      });
      if (besideWriter) joint = new JointDurability(walSync, besideWriter.durability);
    },
    close: async () => {
      await checkpointer?.close();
      await walSync?.close();
      await db.destroy();
    },
  };
}

function openPostgres(url: string, options: OpenOptions): OpenedDatabase {
  // bigint columns hold millisecond times and sequence numbers, all far below 2^53: read them as numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', (error) => {
    if (options.onIdleError) options.onIdleError(error);
    else console.error(`beatpass store: idle PostgreSQL connection failed: ${error.message}`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: withNamedStatements(pool) }) });
  return { db, dialect: 'postgres', durability: durableOnCommit, close: () => db.destroy() };
}
