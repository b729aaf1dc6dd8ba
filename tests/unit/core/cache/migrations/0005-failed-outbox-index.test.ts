import { describe, expect, it } from 'vitest';
import { Cache } from '../../../../../src-main/core/cache/cache.ts';
import { SELECT_CONVERSATION } from '../../../../../src-main/core/cache/conversation-store.ts';
import { migration } from '../../../../../src-main/core/cache/migrations/0005-failed-outbox-index.ts';
import { conversationFixture, T0 } from '../../fixtures.ts';
import { databaseAt } from './helpers.ts';

describe('migration 0005 failed outbox index', () => {
  it('is version 5 and indexes only failed outbox rows', () => {
    expect(migration.version).toBe(5);
    const db = databaseAt(4);
    migration.up(db);
    const index = db
      .prepare<[], { sql: string }>(
        "SELECT sql FROM sqlite_schema WHERE name = 'outbox_failed_by_conversation'",
      )
      .get();
    expect(index?.sql).toMatch(/WHERE state = 'failed' OR failure_code IS NOT NULL/);
  });

  it('is what a conversation read uses to count failed sends, however many are queued', () => {
    const cache = Cache.open({ path: ':memory:' });
    cache.conversations.upsert(conversationFixture('c'));
    for (let i = 0; i < 300; i += 1)
      cache.outbox.add({
        clientId: `q${i}`,
        conversationId: 'c',
        authorId: 'me',
        body: `${i}`,
        createdAt: T0,
      });
    cache.outbox.fail('q7', 1, 'FORBIDDEN', 'no');
    expect(cache.conversations.get('c')?.failedMessages).toBe(1);
    const plan = cache.db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${SELECT_CONVERSATION} WHERE c.id = ?`)
      .all('c')
      .map((row) => row.detail);
    expect(plan).toContain('SEARCH o USING INDEX outbox_failed_by_conversation (conversation_id=?)');
    cache.close();
  });
});
