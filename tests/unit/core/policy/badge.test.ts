import { describe, expect, it } from 'vitest';
import { isIncomingRequest, unreadBadgeCount } from '../../../../src-main/core/policy/badge.ts';
import type { BadgeConversation } from '../../../../src-main/core/policy/badge.ts';

const me = 'me';
const conv = (id: string, patch: Partial<BadgeConversation> = {}): BadgeConversation => ({
  id,
  status: 'accepted',
  requesterId: null,
  unreadCount: 0,
  markedUnread: false,
  ...patch,
});
const notMuted = () => false;

describe('unread badge count', () => {
  it('sums unread messages across conversations', () => {
    expect(
      unreadBadgeCount(
        [conv('a', { unreadCount: 3 }), conv('b', { unreadCount: 2 }), conv('c')],
        me,
        notMuted,
      ),
    ).toBe(5);
  });

  it('leaves muted conversations out entirely', () => {
    const list = [
      conv('a', { unreadCount: 3 }),
      conv('b', { unreadCount: 2 }),
      conv('r', { status: 'pending', requesterId: 'x' }),
    ];
    expect(unreadBadgeCount(list, me, (id) => id !== 'b')).toBe(2);
  });

  it('counts a conversation marked unread as one, unless it has real unread messages', () => {
    expect(unreadBadgeCount([conv('a', { markedUnread: true })], me, notMuted)).toBe(1);
    expect(unreadBadgeCount([conv('a', { markedUnread: true, unreadCount: 4 })], me, notMuted)).toBe(4);
  });

  it('counts an incoming request as one however many messages it holds, and my own request as nothing', () => {
    const incoming = conv('r', { status: 'pending', requesterId: 'them', unreadCount: 7 });
    const outgoing = conv('o', { status: 'pending', requesterId: me, unreadCount: 0 });
    expect(unreadBadgeCount([incoming, outgoing], me, notMuted)).toBe(1);
    expect(isIncomingRequest(incoming, me)).toBe(true);
    expect(isIncomingRequest(outgoing, me)).toBe(false);
  });

  it('is zero for nothing unread', () => {
    expect(unreadBadgeCount([], me, notMuted)).toBe(0);
    expect(
      unreadBadgeCount([conv('a'), conv('b', { status: 'declined', requesterId: 'x' })], me, notMuted),
    ).toBe(0);
  });
});
