import { beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../../../src-main/core/cache/cache.ts';
import { applyEvent } from '../../../../src-main/core/sync/apply-event.ts';
import type { UserEvent } from '../../../../src-shared/protocol.ts';
import { conversationFixture, messageFixture, T0 } from '../fixtures.ts';

let cache: Cache;
beforeEach(() => {
  cache = Cache.open({ path: ':memory:' });
  cache.conversations.upsert(conversationFixture('c'));
});

const apply = (event: UserEvent) => cache.transaction(() => applyEvent(cache, 'me', event));

describe('applying user events', () => {
  it('stores a new message once: applying it twice changes nothing the second time', () => {
    const event: UserEvent = { type: 'message.created', message: messageFixture('c', 1) };
    const first = apply(event);
    expect(first.map((e) => e.kind)).toEqual(['conversation.changed', 'message.stored']);
    const snapshot = cache.conversations.get('c');
    const second = apply(event);
    expect(second.map((e) => e.kind)).toEqual(['conversation.changed']);
    expect(cache.conversations.get('c')).toEqual(snapshot);
    expect(snapshot?.conversation.unreadCount).toBe(1);
  });

  it('settles an outbox message when its own event arrives before the ack', () => {
    cache.outbox.add({ clientId: 'mine-1', conversationId: 'c', authorId: 'me', body: 'hi', createdAt: T0 });
    const effects = apply({
      type: 'message.created',
      message: messageFixture('c', 1, { authorId: 'me', clientId: 'mine-1' }),
    });
    expect(effects.map((e) => e.kind)).toContain('outbox.settled');
    expect(cache.outbox.get('mine-1')).toBeNull();
    expect(cache.conversations.get('c')?.conversation.unreadCount).toBe(0);
  });

  it('asks for a conversation it does not know', () => {
    const effects = apply({ type: 'message.created', message: messageFixture('unknown', 1) });
    expect(effects).toContainEqual({ kind: 'conversation.missing', conversationId: 'unknown' });
    expect(cache.messages.byId('unknown-m1')).not.toBeNull();
  });

  it('applies read state and receipts, and removal by reason', () => {
    apply({
      type: 'readstate.updated',
      conversationId: 'c',
      lastReadSeq: 3,
      markedUnread: true,
      unreadCount: 0,
    });
    expect(cache.conversations.get('c')?.conversation).toMatchObject({ lastReadSeq: 3, markedUnread: true });
    apply({ type: 'receipts.updated', conversationId: 'c', othersDeliveredSeq: 4, othersReadSeq: 2 });
    apply({ type: 'receipts.updated', conversationId: 'c', othersDeliveredSeq: 1, othersReadSeq: 1 });
    expect(cache.conversations.watermarks('c')).toEqual({ othersDeliveredSeq: 4, othersReadSeq: 2 });
    apply({ type: 'conversation.removed', conversationId: 'c', reason: 'hidden' });
    expect(cache.conversations.get('c')?.hidden).toBe(true);
    apply({ type: 'conversation.removed', conversationId: 'c', reason: 'left' });
    expect(cache.conversations.get('c')).toBeNull();
  });

  it('keeps the latest prefs for the notification policy', () => {
    const prefs = {
      direct_messages: { email: true, desktop: false, in_app: true },
      playlist_invites: { email: true, desktop: true, in_app: true },
      new_follower: { email: true, desktop: true, in_app: true },
      new_uploads: { email: true, desktop: true, in_app: true },
    };
    expect(apply({ type: 'prefs.updated', prefs })).toEqual([{ kind: 'prefs.changed', prefs }]);
    expect(JSON.parse(cache.meta.get('prefs') ?? 'null')).toEqual(prefs);
  });
});
