import { describe, expect, it } from 'vitest';
import { migration } from '../../../../../src-main/core/cache/migrations/0004-invited-people.ts';
import { databaseAt } from './helpers.ts';

const addConversation =
  "INSERT INTO conversations (id, kind, status, last_activity_at, last_seq, created_at) VALUES ('c', 'group', 'accepted', 0, 0, 0)";

describe('migration 0004 invited people', () => {
  it('is version 4 and flags participants as invited, members by default (rows from before stay members)', () => {
    expect(migration.version).toBe(4);
    const db = databaseAt(3);
    db.prepare(addConversation).run();
    db.prepare("INSERT INTO participants (conversation_id, user_id, position) VALUES ('c', 'old', 0)").run();
    migration.up(db);
    db.prepare(
      "INSERT INTO participants (conversation_id, user_id, position, invited) VALUES ('c', 'new', 1, 1)",
    ).run();
    expect(db.prepare('SELECT user_id, invited FROM participants ORDER BY position').all()).toEqual([
      { user_id: 'old', invited: 0 },
      { user_id: 'new', invited: 1 },
    ]);
    // STRICT: the flag is an integer, nothing else.
    expect(() =>
      db
        .prepare(
          "INSERT INTO participants (conversation_id, user_id, position, invited) VALUES ('c', 'x', 2, 'yes')",
        )
        .run(),
    ).toThrow(/cannot store TEXT/);
  });
});
