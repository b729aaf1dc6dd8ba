import { describe, expect, it } from 'vitest';
import { migration } from '../../../../../src-main/core/cache/migrations/0001-core-tables.ts';
import { databaseAt, insertMessage, isStrict, tableNames } from './helpers.ts';

describe('migration 0001 core tables', () => {
  it('is version 1 and creates strict tables for users, conversations, participants, read state, messages, meta', () => {
    expect(migration.version).toBe(1);
    const db = databaseAt(1);
    expect(tableNames(db)).toEqual([
      'conversations',
      'messages',
      'meta',
      'participants',
      'read_state',
      'users',
    ]);
    for (const table of tableNames(db)) expect(isStrict(db, table), table).toBe(true);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('keeps server ids unique, seqs unique per conversation, and client ids unique per author', () => {
    const db = databaseAt(1);
    insertMessage(db, 1, 'm1', 1);
    expect(() => insertMessage(db, 2, 'm1', 2)).toThrow(/UNIQUE/);
    expect(() => insertMessage(db, 3, 'm3', 1)).toThrow(/UNIQUE/);
    expect(() => insertMessage(db, 4, 'm4', 4, 'x', 'c-m1')).toThrow(/UNIQUE/);
  });

  it('rejects values of the wrong type (STRICT) and out-of-range states (CHECK)', () => {
    const db = databaseAt(1);
    expect(() => insertMessage(db, 1, 'm1', 'one' as unknown as number)).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    expect(() =>
      db
        .prepare(
          "INSERT INTO conversations (id, kind, status, last_activity_at, last_seq, created_at) VALUES ('c', 'channel', 'accepted', 1, 0, 1)",
        )
        .run(),
    ).toThrow(/CHECK/);
  });

  it('drops participants and read state with their conversation', () => {
    const db = databaseAt(1);
    db.prepare(
      "INSERT INTO conversations (id, kind, status, last_activity_at, last_seq, created_at) VALUES ('c', 'group', 'accepted', 1, 0, 1)",
    ).run();
    db.prepare("INSERT INTO participants (conversation_id, user_id, position) VALUES ('c', 'u', 0)").run();
    db.prepare("INSERT INTO read_state (conversation_id) VALUES ('c')").run();
    db.prepare("DELETE FROM conversations WHERE id = 'c'").run();
    expect(db.prepare('SELECT count(*) AS n FROM participants').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM read_state').get()).toEqual({ n: 0 });
  });
});
