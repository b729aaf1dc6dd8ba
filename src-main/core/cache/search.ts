import type { Database, Statement } from 'better-sqlite3';
import type { Message } from '../../../src-shared/domain.ts';
import { messageFromRow } from './rows.ts';
import type { MessageRow } from './rows.ts';

/**
 * Turns what the user typed into a safe FTS5 query: each word becomes a quoted prefix term (so FTS syntax
 * in the input is literal text), all words must match. Words shorter than `minChars` are dropped unless
 * nothing else is left; returns null when the query is too short to search.
 */
export function toFtsQuery(input: string, minChars: number): string | null {
  const words = input
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}_]+/u)
    .filter((w) => w.length > 0);
  const long = words.filter((w) => [...w].length >= minChars);
  if (long.length === 0) return null;
  return long.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' ');
}

/** Full-text search over cached message bodies, newest first (the FTS rowid is the time-ordered sort key). */
export class MessageSearch {
  readonly #all: Statement<[string, number], MessageRow>;
  readonly #inConversation: Statement<[string, string, number], MessageRow>;

  constructor(db: Database) {
    this.#all = db.prepare(`
      SELECT m.* FROM messages_fts f JOIN messages m ON m.sort_key = f.rowid
      WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?`);
    this.#inConversation = db.prepare(`
      SELECT m.* FROM messages_fts f JOIN messages m ON m.sort_key = f.rowid
      WHERE messages_fts MATCH ? AND m.conversation_id = ? ORDER BY f.rowid DESC LIMIT ?`);
  }

  search(ftsQuery: string, limit: number, conversationId?: string): Message[] {
    const rows =
      conversationId === undefined
        ? this.#all.all(ftsQuery, limit)
        : this.#inConversation.all(ftsQuery, conversationId, limit);
    return rows.map(messageFromRow);
  }
}
