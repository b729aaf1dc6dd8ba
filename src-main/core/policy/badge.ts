import type { Conversation } from '../../../src-shared/domain.ts';

export type BadgeConversation = Pick<
  Conversation,
  'id' | 'status' | 'requesterId' | 'unreadCount' | 'markedUnread'
>;

/**
 * A conversation waiting for the viewer's answer: a message request, or an invitation to a group or team.
 * Pending with no known requester still waits for the viewer (the renderer's isRequestForMe is the same rule).
 */
export function isIncomingRequest(
  conversation: Pick<Conversation, 'status' | 'requesterId'>,
  meId: string,
): boolean {
  return conversation.status === 'pending' && conversation.requesterId !== meId;
}

/**
 * The number on the tray icon and dock badge:
 * - unread messages in conversations that are not muted;
 * - a conversation the user marked unread counts as one (when it has no unread messages of its own);
 * - an incoming message request or invitation counts as one, however many messages it holds.
 * Muted conversations count nothing. Do-not-disturb silences notifications, not the badge.
 */
export function unreadBadgeCount(
  conversations: readonly BadgeConversation[],
  meId: string,
  isMuted: (conversationId: string) => boolean,
): number {
  let count = 0;
  for (const conversation of conversations) {
    if (isMuted(conversation.id)) continue;
    if (isIncomingRequest(conversation, meId)) count += 1;
    else if (conversation.unreadCount > 0) count += conversation.unreadCount;
    else if (conversation.markedUnread) count += 1;
  }
  return count;
}
