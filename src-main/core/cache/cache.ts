import type { Database } from 'better-sqlite3';
import { ConversationStore } from './conversation-store.ts';
import { openCacheDatabase } from './database.ts';
import type { OpenCacheOptions } from './database.ts';
import { DraftStore, MetaStore } from './kv-stores.ts';
import { MessageStore } from './message-store.ts';
import { OutboxStore } from './outbox-store.ts';
import { MessageSearch } from './search.ts';

/** The local cache: one SQLite file, its stores, and transactions across them. */
export class Cache {
  readonly db: Database;
  readonly meta: MetaStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly outbox: OutboxStore;
  readonly drafts: DraftStore;
  readonly search: MessageSearch;

  constructor(db: Database) {
    this.db = db;
    this.meta = new MetaStore(db);
    this.conversations = new ConversationStore(db);
    this.messages = new MessageStore(db);
    this.outbox = new OutboxStore(db);
    this.drafts = new DraftStore(db);
    this.search = new MessageSearch(db);
  }

  static open(options: OpenCacheOptions): Cache {
    return new Cache(openCacheDatabase(options));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Forgets everything (another account signed in, or sign-out). */
  wipe(): void {
    this.transaction(() => {
      for (const table of [
        'messages',
        'participants',
        'read_state',
        'conversations',
        'users',
        'outbox',
        'drafts',
        'meta',
      ]) {
        this.db.exec(`DELETE FROM ${table}`);
      }
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
