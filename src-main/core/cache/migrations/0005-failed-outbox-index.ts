import type { Migration } from './types.ts';

/**
 * Every conversation read counts its failed outbox messages (the row's "Not sent" pill). With only the
 * outbox's (conversation_id, position) index that count walked every queued message of the conversation:
 * a conversation with 1,000 messages waiting to go out took ~230 µs per read instead of ~20, and a
 * flushing outbox reads it for every ack. A partial index holds only the failed rows; the count's WHERE
 * repeats its condition word for word, which is what lets SQLite use it (conversation-store.ts).
 */
export const migration: Migration = {
  version: 5,
  name: 'failed-outbox-index',
  up(db) {
    db.exec(`
      CREATE INDEX outbox_failed_by_conversation ON outbox (conversation_id)
        WHERE state = 'failed' OR failure_code IS NOT NULL`);
  },
};
