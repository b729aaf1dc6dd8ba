import type { Database, Statement } from 'better-sqlite3';
import type { Message } from '../../../src-shared/domain.ts';
import { messageFromRow } from './rows.ts';
import type { MessageRow } from './rows.ts';

/** Messages per millisecond that get distinct sort keys (see 0001-core-tables). */
const KEYS_PER_MS = 1000;

/** Stored (server-acked) messages. */
export class MessageStore {
  readonly #insert: Statement;
  readonly #pageNewest: Statement<[string, number], MessageRow>;
  readonly #pageBefore: Statement<[string, number, number], MessageRow>;
  readonly #byId: Statement<[string], MessageRow>;
  readonly #byClientId: Statement<[string, string], MessageRow>;
  readonly #deleteConversation: Statement;

  constructor(db: Database) {
    this.#insert = db.prepare(`
      INSERT INTO messages (sort_key, id, conversation_id, seq, author_id, client_id, body, created_at)
      VALUES ((SELECT coalesce(max(sort_key) + 1, @base) FROM messages WHERE sort_key >= @base AND sort_key < @base + ${KEYS_PER_MS}),
        @id, @conversationId, @seq, @authorId, @clientId, @body, @createdAt)
      ON CONFLICT (id) DO NOTHING`);
    this.#pageNewest = db.prepare(
      'SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?',
    );
    this.#pageBefore = db.prepare(
      'SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    );
    this.#byId = db.prepare('SELECT * FROM messages WHERE id = ?');
    this.#byClientId = db.prepare('SELECT * FROM messages WHERE author_id = ? AND client_id = ?');
    this.#deleteConversation = db.prepare('DELETE FROM messages WHERE conversation_id = ?');
  }

  /** Stores a message; true when it was new (idempotent on the server id). */
  insert(message: Message): boolean {
    return this.#insert.run({ ...message, base: message.createdAt * KEYS_PER_MS }).changes > 0;
  }

  /**
   * Up to `limit` messages before `beforeSeq` (or the newest), returned oldest first, with whether they
   * are a gap-free run: consecutive seqs that end right below `beforeSeq` (or at the conversation's last
   * seq) and either fill the page or reach seq 1. Only a complete run may be shown without asking the server.
   */
  page(
    conversationId: string,
    beforeSeq: number | null,
    limit: number,
    lastSeq: number,
  ): { messages: Message[]; complete: boolean } {
    const rows =
      beforeSeq === null
        ? this.#pageNewest.all(conversationId, limit)
        : this.#pageBefore.all(conversationId, beforeSeq, limit);
    let expected = beforeSeq === null ? lastSeq : beforeSeq - 1;
    let complete = true;
    for (const row of rows) {
      if (row.seq !== expected) {
        complete = false;
        break;
      }
      expected -= 1;
    }
    if (complete && rows.length < limit && expected !== 0) complete = false;
    return { messages: rows.reverse().map(messageFromRow), complete };
  }

  byId(id: string): Message | null {
    const row = this.#byId.get(id);
    return row ? messageFromRow(row) : null;
  }

  byClientId(authorId: string, clientId: string): Message | null {
    const row = this.#byClientId.get(authorId, clientId);
    return row ? messageFromRow(row) : null;
  }

  deleteConversation(conversationId: string): void {
    this.#deleteConversation.run(conversationId);
  }
}
