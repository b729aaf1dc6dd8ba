import type { Migration } from './types.ts';

/**
 * Full-text search over message bodies: an external-content FTS5 table keyed by `messages.sort_key`, kept
 * in sync by triggers. Prefix indexes of 2 and 3 characters make short prefix queries cheap (the minimum
 * query length is 2). Existing rows are indexed by a rebuild.
 */
export const migration: Migration = {
  version: 3,
  name: 'message-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5 (
        body,
        content = 'messages',
        content_rowid = 'sort_key',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
      );

      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, body) VALUES (new.sort_key, new.body);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.sort_key, old.body);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF body, sort_key ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.sort_key, old.body);
        INSERT INTO messages_fts (rowid, body) VALUES (new.sort_key, new.body);
      END;

      INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
    `);
  },
};
