import { describe, expect, it } from 'vitest';
import { migration } from '../../../../../src-main/core/cache/migrations/0002-outbox-drafts.ts';
import { databaseAt, isStrict, tableNames } from './helpers.ts';

const add =
  "INSERT INTO outbox (client_id, conversation_id, author_id, body, state, next_attempt_at, created_at) VALUES (?, 'c', 'me', 'hi', ?, 0, 0)";

describe('migration 0002 outbox and drafts', () => {
  it('is version 2 and adds strict outbox and drafts tables to version 1', () => {
    expect(migration.version).toBe(2);
    const before = tableNames(databaseAt(1));
    const db = databaseAt(2);
    expect(tableNames(db).filter((t) => !before.includes(t))).toEqual(['drafts', 'outbox']);
    expect(isStrict(db, 'outbox') && isStrict(db, 'drafts')).toBe(true);
  });

  it('allows only the sending and failed states, one row per client id, kept in write order', () => {
    const db = databaseAt(2);
    db.prepare(add).run('b', 'sending');
    db.prepare(add).run('a', 'failed');
    expect(() => db.prepare(add).run('c', 'sent')).toThrow(/CHECK/);
    expect(() => db.prepare(add).run('a', 'sending')).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT client_id FROM outbox ORDER BY position').all()).toEqual([
      { client_id: 'b' },
      { client_id: 'a' },
    ]);
  });

  it('keeps one draft per conversation', () => {
    const db = databaseAt(2);
    db.prepare("INSERT INTO drafts (conversation_id, body, updated_at) VALUES ('c', 'x', 1)").run();
    expect(() =>
      db.prepare("INSERT INTO drafts (conversation_id, body, updated_at) VALUES ('c', 'y', 2)").run(),
    ).toThrow(/UNIQUE/);
  });
});
