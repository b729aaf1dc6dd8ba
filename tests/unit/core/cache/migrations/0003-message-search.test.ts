import { describe, expect, it } from 'vitest';
import { migrate } from '../../../../../src-main/core/cache/database.ts';
import { MIGRATIONS } from '../../../../../src-main/core/cache/migrations/index.ts';
import { migration } from '../../../../../src-main/core/cache/migrations/0003-message-search.ts';
import { databaseAt, insertMessage } from './helpers.ts';

const match = (db: ReturnType<typeof databaseAt>, query: string) =>
  db
    .prepare<[string], { rowid: number }>(
      'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC',
    )
    .all(query)
    .map((r) => r.rowid);

describe('migration 0003 message search', () => {
  it('is version 3 and indexes messages that existed before it', () => {
    expect(migration.version).toBe(3);
    const db = databaseAt(2);
    insertMessage(db, 10, 'm1', 1, 'old snare sample');
    migrate(db, MIGRATIONS);
    expect(match(db, 'snare')).toEqual([10]);
  });

  it('keeps the index in step on insert, update and delete, and orders by sort key', () => {
    const db = databaseAt(3);
    insertMessage(db, 20, 'm1', 1, 'kick drum');
    insertMessage(db, 30, 'm2', 2, 'kick pattern');
    expect(match(db, 'kick')).toEqual([30, 20]);
    db.prepare("UPDATE messages SET body = 'hi-hat' WHERE id = 'm1'").run();
    expect(match(db, 'kick')).toEqual([30]);
    expect(match(db, 'hat')).toEqual([20]);
    db.prepare("DELETE FROM messages WHERE id = 'm2'").run();
    expect(match(db, 'kick')).toEqual([]);
  });

  it('answers two-letter prefixes and ignores accents', () => {
    const db = databaseAt(3);
    insertMessage(db, 1, 'm1', 1, 'Café remix');
    expect(match(db, '"re"*')).toEqual([1]);
    expect(match(db, 'cafe')).toEqual([1]);
  });
});
