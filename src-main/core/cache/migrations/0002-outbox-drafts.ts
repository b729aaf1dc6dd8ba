import type { Migration } from './types.ts';

/**
 * The outbox (messages written before they are sent, until the server acks them) and one draft per
 * conversation. An acked message moves from `outbox` to `messages` in one transaction, so its send state
 * after `sending` (sent, delivered, seen) is derived from the conversation's receipt watermarks and can
 * only move forward.
 */
export const migration: Migration = {
  version: 2,
  name: 'outbox-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        client_id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL,
        author_id TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at INTEGER NOT NULL,
        failure_code TEXT,
        failure_message TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_by_conversation ON outbox (conversation_id, position);

      CREATE TABLE drafts (
        conversation_id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
