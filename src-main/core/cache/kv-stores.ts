import type { Database, Statement } from 'better-sqlite3';

/** Sync bookkeeping: small values by key. */
export class MetaStore {
  readonly #get: Statement<[string], { value: string }>;
  readonly #set: Statement;
  readonly #delete: Statement;

  constructor(db: Database) {
    this.#get = db.prepare('SELECT value FROM meta WHERE key = ?');
    this.#set = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#delete = db.prepare('DELETE FROM meta WHERE key = ?');
  }

  get(key: string): string | null {
    return this.#get.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.#set.run(key, value);
  }

  delete(key: string): void {
    this.#delete.run(key);
  }

  /** The last user event seq applied to this cache, or null before the first sync. */
  lastSeq(): number | null {
    const value = this.get('last_seq');
    return value === null ? null : Number(value);
  }

  setLastSeq(seq: number): void {
    this.set('last_seq', String(seq));
  }
}

/** One unsent draft per conversation. */
export class DraftStore {
  readonly #get: Statement<[string], { body: string }>;
  readonly #set: Statement;
  readonly #delete: Statement;

  constructor(db: Database) {
    this.#get = db.prepare('SELECT body FROM drafts WHERE conversation_id = ?');
    this.#set = db.prepare(
      'INSERT INTO drafts (conversation_id, body, updated_at) VALUES (?, ?, ?) ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at',
    );
    this.#delete = db.prepare('DELETE FROM drafts WHERE conversation_id = ?');
  }

  get(conversationId: string): string | null {
    return this.#get.get(conversationId)?.body ?? null;
  }

  /** An empty (or blank) body removes the draft. */
  set(conversationId: string, body: string, now: number): void {
    if (body.trim() === '') this.#delete.run(conversationId);
    else this.#set.run(conversationId, body, now);
  }
}
