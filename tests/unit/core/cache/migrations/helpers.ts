import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { migrate } from '../../../../../src-main/core/cache/database.ts';
import { MIGRATIONS } from '../../../../../src-main/core/cache/migrations/index.ts';

/** An in-memory database migrated up to (and including) `version`. */
export function databaseAt(version: number): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= version),
  );
  return db;
}

export function tableNames(db: Db): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type IN ('table') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((r) => r.name);
}

export function isStrict(db: Db, table: string): boolean {
  const row = db
    .prepare<[string], { strict: number }>('SELECT strict FROM pragma_table_list WHERE name = ?')
    .get(table);
  return row?.strict === 1;
}

export const insertMessage = (
  db: Db,
  sortKey: number,
  id: string,
  seq: number,
  body = 'hello',
  clientId = `c-${id}`,
) =>
  db
    .prepare(
      'INSERT INTO messages (sort_key, id, conversation_id, seq, author_id, client_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(sortKey, id, 'conv', seq, 'author', clientId, body, 1);
