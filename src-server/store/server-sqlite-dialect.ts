import { CompiledQuery, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, SqliteDialectConfig } from 'kysely';
import { registerDirectConnection } from './direct-sqlite.ts';
import type { CountingSqliteDatabase } from './statement-cache.ts';

/**
 * Kysely's SQLite dialect with the server's way of opening a transaction:
 * - `BEGIN IMMEDIATE` rather than a plain (deferred) BEGIN: the write lock is taken at once (waiting up to
 *   busy_timeout for another process, e.g. the admin CLI) rather than at the first write, where a deferred
 *   transaction that has read in the meantime can only fail; and the group commit relies on it, knowing no
 *   other connection commits until it does (see events/memory-seqs.ts);
 * - `beforeBegin` first: the WAL checkpointer may need one checkpoint to let the log restart
 *   (wal-checkpointer.ts); awaited, so the event loop goes on meanwhile.
 */
export class ServerSqliteDialect extends SqliteDialect {
  readonly #connection: CountingSqliteDatabase;
  readonly #beforeBegin: () => Promise<void>;

  constructor(connection: CountingSqliteDatabase, beforeBegin: () => Promise<void>) {
    super({ database: connection });
    this.#connection = connection;
    this.#beforeBegin = beforeBegin;
  }

  override createDriver(): Driver {
    return new ServerSqliteDriver({ database: this.#connection }, this.#beforeBegin);
  }

  /** Transactions may run compiled statements on the connection directly (see direct-sqlite.ts). */
  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    registerDirectConnection(adapter, this.#connection);
    return adapter;
  }
}

class ServerSqliteDriver extends SqliteDriver {
  readonly #beforeBegin: () => Promise<void>;

  constructor(config: SqliteDialectConfig, beforeBegin: () => Promise<void>) {
    super(config);
    this.#beforeBegin = beforeBegin;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await this.#beforeBegin();
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
