import type { Conversation, Message, UserSummary } from '../../../src-shared/domain.ts';

export const T0 = 1_700_000_000_000;

export const user = (id: string): UserSummary => ({
  id,
  username: id,
  displayName: id.toUpperCase(),
  role: 'user',
  producerPageId: null,
  producerName: null,
});

export const conversationFixture = (id: string, patch: Partial<Conversation> = {}): Conversation => ({
  id,
  kind: 'direct',
  title: null,
  participants: [user('me'), user('dana')],
  status: 'accepted',
  requesterId: 'me',
  teamId: null,
  disabledReason: null,
  lastMessage: null,
  lastActivityAt: T0,
  lastSeq: 0,
  unreadCount: 0,
  lastReadSeq: 0,
  markedUnread: false,
  othersReadSeq: 0,
  othersDeliveredSeq: 0,
  createdAt: T0,
  ...patch,
});

export const messageFixture = (
  conversationId: string,
  seq: number,
  patch: Partial<Message> = {},
): Message => ({
  id: `${conversationId}-m${seq}`,
  conversationId,
  seq,
  authorId: 'dana',
  clientId: `${conversationId}-client-${seq}`,
  body: `message ${seq}`,
  createdAt: T0 + seq,
  ...patch,
});
