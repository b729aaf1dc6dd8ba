import { Cache } from '../../src-main/core/cache/cache.ts';
import { META_ACCOUNT } from '../../src-main/core/sync/sync-engine.ts';
import type { Plan } from './plan.ts';

/**
 * Writes every message of the plan into the client's cache file through the core's own store (its
 * prepared insert, FTS trigger included) in one transaction, and marks the cache as the signed-in
 * account's. The conversations are not written here: on its first connection the core finds no event seq,
 * refetches the whole list from the server (its fresh-start resync) and keeps these messages, which is the
 * state of a client that has read its history and then reconnected.
 */
export function seedCache(file: string, plan: Plan): void {
  const cache = Cache.open({ path: file });
  try {
    cache.transaction(() => {
      cache.meta.set(META_ACCOUNT, plan.me.id);
      for (const conversation of plan.conversations)
        for (const message of conversation.messages) cache.messages.insert(message);
    });
    cache.db.pragma('optimize');
  } finally {
    cache.close();
  }
}
