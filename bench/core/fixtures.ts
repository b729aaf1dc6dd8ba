import type { Conversation, UserSummary } from '../../src-shared/domain.ts';

/** The world the core benches cache: 50 people (the viewer is the first) and their conversations. */
export const BENCH_T0 = 1_700_000_000_000;

export const benchPeople: UserSummary[] = Array.from({ length: 50 }, (_, i) => ({
  id: `user-${i}`,
  username: `user${i}`,
  displayName: `User ${i}`,
  role: 'user',
  producerPageId: null,
  producerName: null,
}));

/**
 * Conversation `i` of the bench, with the viewer and one other person. With `mixed`, every tenth is a
 * group of three and the rest have a few unread messages (the core bench's list); without, all are read
 * direct chats (the memory figure).
 */
export function benchConversation(i: number, lastSeq: number, mixed: boolean): Conversation {
  const me = benchPeople[0]!;
  const other = benchPeople[1 + (i % 49)] ?? benchPeople[1]!;
  const group = mixed && i % 10 === 0;
  const unread = mixed ? i % 7 : 0;
  return {
    id: `conv-${String(i).padStart(5, '0')}`,
    kind: group ? 'group' : 'direct',
    title: group ? `Group ${i}` : null,
    participants: group ? [me, other, benchPeople[(i + 7) % 50]!] : [me, other],
    status: 'accepted',
    requesterId: me.id,
    teamId: null,
    disabledReason: null,
    lastMessage: null,
    lastActivityAt: BENCH_T0 + i,
    lastSeq,
    unreadCount: unread,
    lastReadSeq: Math.max(0, lastSeq - unread),
    markedUnread: false,
    othersReadSeq: 0,
    othersDeliveredSeq: 0,
    createdAt: BENCH_T0,
  };
}
