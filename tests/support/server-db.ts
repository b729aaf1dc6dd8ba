import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ServerProcess } from './server-process.ts';

/**
 * Runs one SQL statement (`?` placeholders) on a running test server's store from outside, as an operator
 * editing the database by hand would: a second connection to its SQLite file (WAL lets it write while the
 * server runs) or to its PostgreSQL database.
 */
export async function runSqlOnStore(
  server: Pick<ServerProcess, 'dataDir' | 'database'>,
  sql: string,
  params: readonly unknown[] = [],
): Promise<void> {
  if (server.database === undefined) {
    const sqlite = new Database(join(server.dataDir, 'server.sqlite'));
    try {
      sqlite.prepare(sql).run(...params);
    } finally {
      sqlite.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: server.database });
  client.on('error', (error) => console.error(`runSqlOnStore: ${error.message}`));
  await client.connect();
  try {
    let n = 0;
    await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      [...params],
    );
  } finally {
    await client.end();
  }
}
