import { beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../../src-main/core/cache/cache.ts';
import { toFtsQuery } from '../../../../src-main/core/cache/search.ts';
import { conversationFixture, messageFixture, T0, user } from '../fixtures.ts';

let cache: Cache;
beforeEach(() => {
  cache = Cache.open({ path: ':memory:' });
});

describe('message store', () => {
  it('stores a message once (idempotent on the server id)', () => {
    const m = messageFixture('c', 1);
    expect(cache.messages.insert(m)).toBe(true);
    expect(cache.messages.insert(m)).toBe(false);
    expect(cache.messages.byId(m.id)).toEqual(m);
    expect(cache.messages.byClientId('dana', m.clientId)).toEqual(m);
  });

  it('gives messages of the same millisecond distinct, time-ordered sort keys', () => {
    for (let seq = 1; seq <= 5; seq++) cache.messages.insert(messageFixture('c', seq, { createdAt: T0 }));
    const keys = cache.db
      .prepare<[], { sort_key: number }>('SELECT sort_key FROM messages ORDER BY seq')
      .all()
      .map((r) => r.sort_key);
    expect(keys).toEqual([0, 1, 2, 3, 4].map((n) => T0 * 1000 + n));
  });

  it('pages newest first, returns oldest first, and says whether the run has no gaps', () => {
    for (let seq = 1; seq <= 10; seq++) if (seq !== 4) cache.messages.insert(messageFixture('c', seq));
    const newest = cache.messages.page('c', null, 3, 10);
    expect(newest.messages.map((m) => m.seq)).toEqual([8, 9, 10]);
    expect(newest.complete).toBe(true);
    const gap = cache.messages.page('c', 6, 3, 10);
    expect(gap.messages.map((m) => m.seq)).toEqual([2, 3, 5]);
    expect(gap.complete).toBe(false);
    const start = cache.messages.page('c', 4, 10, 10);
    expect(start.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(start.complete).toBe(true);
    // Newer messages than the cache holds: incomplete, so the server is asked.
    expect(cache.messages.page('c', null, 3, 12).complete).toBe(false);
  });
});

describe('conversation store', () => {
  it('counts unread once per new message from others, never for a message a snapshot already counted', () => {
    cache.conversations.upsert(conversationFixture('c', { lastSeq: 1, unreadCount: 1 }));
    cache.conversations.noteMessage(messageFixture('c', 1), true);
    expect(cache.conversations.get('c')?.conversation.unreadCount).toBe(1);
    cache.conversations.noteMessage(messageFixture('c', 2), true);
    cache.conversations.noteMessage(messageFixture('c', 2), true);
    expect(cache.conversations.get('c')?.conversation.unreadCount).toBe(2);
    cache.conversations.noteMessage(messageFixture('c', 3, { authorId: 'me' }), false);
    const after = cache.conversations.get('c')?.conversation;
    expect(after?.unreadCount).toBe(2);
    expect(after?.lastMessage?.seq).toBe(3);
  });

  it('counts no unread for a message at or before the read watermark, and knows no unknown conversation', () => {
    cache.conversations.upsert(conversationFixture('c', { lastSeq: 4, lastReadSeq: 6, unreadCount: 0 }));
    expect(cache.conversations.noteMessage(messageFixture('c', 5), true)).toBe(true);
    expect(cache.conversations.noteMessage(messageFixture('c', 6), true)).toBe(true);
    expect(cache.conversations.get('c')?.conversation).toMatchObject({ unreadCount: 0, lastSeq: 6 });
    expect(cache.conversations.noteMessage(messageFixture('c', 6), true)).toBe(true); // not newer: known
    expect(cache.conversations.noteMessage(messageFixture('c', 7), true)).toBe(true);
    expect(cache.conversations.get('c')?.conversation).toMatchObject({ unreadCount: 1, lastSeq: 7 });
    expect(cache.conversations.noteMessage(messageFixture('elsewhere', 1), true)).toBe(false);
    expect(cache.conversations.has('elsewhere')).toBe(false);
  });

  it('never moves receipt watermarks back, and un-hides on a new message', () => {
    cache.conversations.upsert(conversationFixture('c', { othersReadSeq: 5, othersDeliveredSeq: 6 }));
    cache.conversations.setReceipts('c', 3, 4);
    expect(cache.conversations.watermarks('c')).toEqual({ othersReadSeq: 5, othersDeliveredSeq: 6 });
    cache.conversations.upsert(conversationFixture('c', { othersReadSeq: 2, othersDeliveredSeq: 2 }));
    expect(cache.conversations.watermarks('c')).toEqual({ othersReadSeq: 5, othersDeliveredSeq: 6 });
    cache.conversations.setHidden('c', true);
    expect(cache.conversations.listVisible()).toHaveLength(0);
    cache.conversations.noteMessage(messageFixture('c', 1), true);
    expect(cache.conversations.listVisible().map((s) => s.conversation.id)).toEqual(['c']);
  });

  it('lists visible conversations by latest activity with participants and drafts', () => {
    cache.conversations.upsert(conversationFixture('old', { lastActivityAt: T0 }));
    cache.conversations.upsert(conversationFixture('new', { lastActivityAt: T0 + 5 }));
    cache.drafts.set('old', 'half a thought', T0);
    const list = cache.conversations.listVisible();
    expect(list.map((s) => s.conversation.id)).toEqual(['new', 'old']);
    expect(list[1]?.draft).toBe('half a thought');
    expect(list[0]?.conversation.participants.map((p) => p.id)).toEqual(['me', 'dana']);
    cache.drafts.set('old', '   ', T0);
    expect(cache.drafts.get('old')).toBeNull();
  });

  it('pages the visible list in list order (ties too), each page with its own participants', () => {
    // Seven conversations, four of them at the same moment: a page boundary falls inside the tie.
    const at = [T0, T0 + 3, T0 + 3, T0 + 3, T0 + 3, T0 + 1, T0 + 9];
    at.forEach((lastActivityAt, i) =>
      cache.conversations.upsert(
        conversationFixture(`c${i}`, {
          lastActivityAt,
          participants: [user('me'), user(`p${i}`)],
          ...(i === 2 ? { invited: [user('guest')] } : {}),
        }),
      ),
    );
    cache.conversations.upsert(conversationFixture('gone', { lastActivityAt: T0 + 5 }));
    cache.conversations.setHidden('gone', true);
    const all = cache.conversations.listVisible();
    const walked: typeof all = [];
    let after: string | undefined;
    for (;;) {
      const page = cache.conversations.pageVisible(3, after);
      walked.push(...page.conversations);
      const last = page.conversations.at(-1);
      if (!page.more || !last) break;
      after = last.conversation.id;
    }
    expect(walked.map((s) => s.conversation.id)).toEqual(all.map((s) => s.conversation.id));
    expect(walked).toEqual(all);
    expect(walked.find((s) => s.conversation.id === 'c2')?.conversation.invited).toEqual([user('guest')]);
    expect(walked.find((s) => s.conversation.id === 'c5')?.conversation.participants).toEqual([
      user('me'),
      user('p5'),
    ]);
    // A cursor that left the list (hidden, or never there) starts over from the top.
    const top = cache.conversations.pageVisible(2, undefined);
    expect(top).toEqual({ conversations: all.slice(0, 2), more: true });
    expect(cache.conversations.pageVisible(2, 'gone')).toEqual(top);
    expect(cache.conversations.pageVisible(2, 'nobody')).toEqual(top);
    expect(cache.conversations.pageVisible(10, undefined).more).toBe(false);
  });
});

describe('outbox store', () => {
  it('hands out the oldest sending entry, and moves failed ones back to sending on retry', () => {
    cache.outbox.add({ clientId: 'a', conversationId: 'c', authorId: 'me', body: 'one', createdAt: T0 });
    cache.outbox.add({ clientId: 'b', conversationId: 'c', authorId: 'me', body: 'two', createdAt: T0 });
    expect(cache.outbox.head()?.clientId).toBe('a');
    cache.outbox.fail('a', 1, 'MESSAGE_TOO_LONG', 'too long');
    expect(cache.outbox.head()?.clientId).toBe('b');
    expect(cache.outbox.get('a')).toMatchObject({
      state: 'failed',
      failure: { code: 'MESSAGE_TOO_LONG', message: 'too long' },
    });
    expect(cache.outbox.resume('a', T0)).toBe(true);
    expect(cache.outbox.resume('b', T0)).toBe(false);
    expect(cache.outbox.head()?.clientId).toBe('a');
    expect(cache.outbox.get('a')).toMatchObject({ state: 'sending', attempts: 0, failure: null });
  });
});

describe('message search', () => {
  it('turns input into quoted prefix terms and refuses queries that are too short', () => {
    expect(toFtsQuery('kick drum', 2)).toBe('"kick"* "drum"*');
    expect(toFtsQuery('a', 2)).toBeNull();
    expect(toFtsQuery('a bc', 2)).toBe('"bc"*');
    expect(toFtsQuery('NEAR("x" OR y)*', 2)).toBe('"NEAR"* "OR"*');
  });

  it('finds by prefix, newest first, optionally in one conversation', () => {
    cache.messages.insert(messageFixture('a', 1, { body: 'first snare take', createdAt: T0 + 1 }));
    cache.messages.insert(messageFixture('b', 1, { body: 'snares are too loud', createdAt: T0 + 3 }));
    cache.messages.insert(messageFixture('a', 2, { body: 'no match here', createdAt: T0 + 2 }));
    const query = toFtsQuery('snar', 2) ?? '';
    expect(cache.search.search(query, 10).map((m) => m.id)).toEqual(['b-m1', 'a-m1']);
    expect(cache.search.search(query, 10, 'a').map((m) => m.id)).toEqual(['a-m1']);
  });
});
