import type { Migration } from './types.ts';

/**
 * Users, conversations with their participants and the viewer's read state, messages, and a key/value
 * table for sync bookkeeping (last applied event seq, the signed-in account).
 *
 * `messages.sort_key` is the rowid: `created_at * 1000 + n` (n counts messages within one millisecond).
 * Ordering by rowid is therefore ordering by server time, which lets the FTS index (keyed by rowid) return
 * matches newest first without sorting them.
 */
export const migration: Migration = {
  version: 1,
  name: 'core-tables',
  up(db) {
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('user', 'producer', 'moderator')),
        producer_page_id TEXT,
        producer_name TEXT
      ) STRICT;

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'team')),
        title TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
        requester_id TEXT,
        team_id TEXT,
        disabled_reason TEXT,
        last_activity_at INTEGER NOT NULL,
        last_seq INTEGER NOT NULL CHECK (last_seq >= 0),
        created_at INTEGER NOT NULL,
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        lm_id TEXT,
        lm_seq INTEGER,
        lm_author_id TEXT,
        lm_client_id TEXT,
        lm_body TEXT,
        lm_created_at INTEGER
      ) STRICT;
      CREATE INDEX conversations_by_activity ON conversations (hidden, last_activity_at DESC);

      CREATE TABLE participants (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (conversation_id, user_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE read_state (
        conversation_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
        last_read_seq INTEGER NOT NULL DEFAULT 0,
        marked_unread INTEGER NOT NULL DEFAULT 0 CHECK (marked_unread IN (0, 1)),
        unread_count INTEGER NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
        others_read_seq INTEGER NOT NULL DEFAULT 0,
        others_delivered_seq INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE messages (
        sort_key INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        author_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (conversation_id, seq),
        UNIQUE (author_id, client_id)
      ) STRICT;
    `);
  },
};
